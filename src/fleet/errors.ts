/**
 * The fleet's errors. Each has a stable `code`; the ones about a job carry its id.
 *
 * @module
 */
import { CodexError, DependencyMissingError } from "../util/errors.ts";
import type { FleetErrorRecord } from "./job_codec.ts";

/** `pg-boss` is not installed: the fleet entry needs it (an optional peer dependency of the SDK). */
export class FleetDependencyError extends DependencyMissingError {
  /** Creates the error around the failed import. */
  constructor(cause: unknown) {
    super(
      "pg-boss",
      "@codex/sdk/fleet needs the pg-boss package (12.x): install it next to @codex/sdk " +
        "(npm install pg-boss@12), or on Deno add it to your import map as npm:pg-boss@^12",
      { cause, code: "fleet_dependency_missing" },
    );
  }
}

/** The job ended in state `failed` after its last attempt; `error` is what the last attempt threw. */
export class FleetJobFailedError extends CodexError {
  /** The failed job. */
  readonly jobId: string;
  /** How many times the job was retried (0: it failed on its only attempt). */
  readonly retries: number;
  /** The stored error of the last attempt: its class name, code and message, and the turn's result if the turn ran. */
  readonly error: FleetErrorRecord;

  /** Creates the error from the job's stored error. */
  constructor(jobId: string, retries: number, error: FleetErrorRecord) {
    super(
      "fleet_job_failed",
      `fleet job ${jobId} failed after ${retries + 1} attempt(s): ${error.name}` +
        `${error.code ? ` (${error.code})` : ""}: ${error.message}`,
    );
    this.jobId = jobId;
    this.retries = retries;
    this.error = error;
  }
}

/** The job was cancelled (`fleet.cancel`) before it produced a result. */
export class FleetJobCancelledError extends CodexError {
  /** The cancelled job. */
  readonly jobId: string;

  /** Creates the error for job `jobId`. */
  constructor(jobId: string) {
    super("fleet_job_cancelled", `fleet job ${jobId} was cancelled; a turn it had started was interrupted`);
    this.jobId = jobId;
  }
}

/** No job with this id exists in the fleet's queues (never sent, or deleted after its retention). */
export class FleetJobNotFoundError extends CodexError {
  /** The id asked for. */
  readonly jobId: string;

  /** Creates the error for job `jobId`. */
  constructor(jobId: string) {
    super(
      "fleet_job_not_found",
      `no fleet job ${jobId}: check the id, and that the client uses the same database and schema as ` +
        "the workers (completed jobs are deleted after the queue's retention)",
    );
    this.jobId = jobId;
  }
}

/** A turn was enqueued for a thread the fleet did not start, so it does not know where its history is. */
export class FleetUnknownThreadError extends CodexError {
  /** The thread id. */
  readonly threadId: string;

  /** Creates the error for thread `threadId`. */
  constructor(threadId: string) {
    super(
      "fleet_unknown_thread",
      `the fleet has no record of thread ${threadId}: only threads started by a fleet job can be ` +
        "continued by id, unless you pass `home` (the name of the CODEX_HOME that holds it)",
    );
    this.threadId = threadId;
  }
}

/** Waiting for a job's result took longer than the `timeoutMs` given to `result()`. */
export class FleetResultTimeoutError extends CodexError {
  /** The job waited for; it goes on running. */
  readonly jobId: string;

  /** Creates the error for job `jobId`. */
  constructor(jobId: string, timeoutMs: number) {
    super("fleet_result_timeout", `fleet job ${jobId} has no result after ${timeoutMs} ms; it goes on, ask again later`);
    this.jobId = jobId;
  }
}

/** Stored as a job's error when a worker stopping gracefully hands the job back for another attempt. */
export class FleetWorkerStoppedError extends CodexError {
  /** Creates the error for worker `workerId`. */
  constructor(workerId: string) {
    super("fleet_worker_stopped", `worker ${workerId} stopped before the turn ended; the job was handed back`);
  }
}

/**
 * The worker no longer holds the job's claim (it was cancelled, or its heartbeat lapsed and the
 * job was retried elsewhere): the turn it was running is interrupted, and nothing is stored.
 * Seen as the reason of the job's abort signal and in the worker's logger.
 */
export class FleetJobLostError extends CodexError {
  /** The job whose claim was lost. */
  readonly jobId: string;

  /** Creates the error for job `jobId`, lost by worker `workerId`. */
  constructor(jobId: string, workerId: string) {
    super("fleet_job_lost", `job ${jobId} is no longer held by worker ${workerId} (cancelled, or retried elsewhere)`);
    this.jobId = jobId;
  }
}

/**
 * PostgreSQL (or pg-boss on it) failed: unreachable, or it refused a write. A worker reports it
 * to its logger and goes on (polling, heartbeats and result writes are retried); a client call
 * rejects with it. `cause` is the database driver's error.
 */
export class FleetDatabaseError extends CodexError {
  /** Creates the error with what was being done; `cause` is the driver's error, if any. */
  constructor(message: string, cause?: unknown) {
    super("fleet_database_error", message, cause === undefined ? undefined : { cause });
  }
}

/**
 * A fleet worker found its app-server gone and started a new one (`code`
 * `"fleet_app_server_restarted"`): reported to the worker's logger; the turns the old process was
 * running failed, their jobs are retried.
 */
export class FleetAppServerRestartedError extends CodexError {
  /** Creates the notice for worker `workerId`; `reason` is why the old app-server went away. */
  constructor(workerId: string, reason?: string) {
    const why = reason ? ` (${reason})` : "";
    super("fleet_app_server_restarted", `worker ${workerId}: its app-server exited${why} and was restarted`);
  }
}

/**
 * The worker could not renew its claim on a job (PostgreSQL unreachable) for most of the job's
 * heartbeat, so it interrupted the turn and let the job go before the claim could lapse and the
 * job be handed to another worker: one turn never runs twice at once. Reported to `onError`; the
 * job's retry reads back the turn's outcome (a completed turn is not run again).
 */
export class FleetLeaseLostError extends CodexError {
  /** The job let go. */
  readonly jobId: string;
  /** The worker that let it go. */
  readonly workerId: string;

  /** Creates the error for job `jobId` on worker `workerId`, silent for `silentMs`. */
  constructor(jobId: string, workerId: string, silentMs: number) {
    super(
      "fleet_lease_lost",
      `worker ${workerId} could not renew its claim on job ${jobId} for ${silentMs} ms (PostgreSQL unreachable): ` +
        "it interrupted the turn and stopped taking jobs until the database answers again; the job's retry reads back the turn's outcome",
    );
    this.jobId = jobId;
    this.workerId = workerId;
  }
}
