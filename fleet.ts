/**
 * `@codex/sdk/fleet`: durable turn jobs across machines, on PostgreSQL through pg-boss.
 *
 * Workers ({@linkcode FleetWorker}) each hold one app-server and take turn jobs from the
 * database; clients ({@linkcode FleetClient}) enqueue turns and read their results. A worker that
 * dies has its job retried elsewhere within about `heartbeatSeconds`; results (and errors) are
 * kept in the database. Needs the `pg-boss` package (12.x), an optional peer dependency that only
 * this entry loads. See docs/scaling.md.
 *
 * @example
 * ```ts
 * import { FleetClient, FleetWorker } from "@codex/sdk/fleet";
 *
 * const connectionString = "postgres://codex:secret@db.internal:5432/agents";
 * // on each worker machine
 * const worker = await FleetWorker.start({ connectionString, codex: {}, concurrency: 4, heartbeatSeconds: 30 });
 * // anywhere
 * const fleet = await FleetClient.connect({ connectionString });
 * const job = await fleet.enqueueTurn({ input: "Review the diff", thread: { cwd: "/repo" } });
 * const result = await fleet.result(job.id); // TurnResult, plus threadId
 * await fleet.enqueueTurn({ threadId: result.threadId, input: "Now fix it" }); // same conversation
 * await fleet.close();
 * await worker.stop();
 * ```
 * @module
 */
export { FleetWorker, type FleetWorkerOptions, type FleetWorkerStopOptions } from "./src/fleet/worker.ts";
export {
  FleetClient,
  type FleetClientOptions,
  type FleetEnqueueOptions,
  type FleetJob,
  type FleetJobInfo,
  type FleetJobState,
  type FleetListOptions,
  type FleetResultOptions,
  type FleetTurnRequest,
} from "./src/fleet/client.ts";
export { type FleetErrorRecord, FleetInvalidJobError, type FleetTurnOptions, type FleetTurnResult } from "./src/fleet/job_codec.ts";
export type { FleetConnectionOptions } from "./src/fleet/boss.ts";
export type { FleetQueueSettings } from "./src/fleet/queues.ts";
export {
  FleetAppServerRestartedError,
  FleetDatabaseError,
  FleetDependencyError,
  FleetJobCancelledError,
  FleetJobFailedError,
  FleetJobLostError,
  FleetJobNotFoundError,
  FleetLeaseLostError,
  FleetResultTimeoutError,
  FleetUnknownThreadError,
  FleetWorkerStoppedError,
} from "./src/fleet/errors.ts";
