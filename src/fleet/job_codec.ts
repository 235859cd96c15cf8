/**
 * What a fleet job stores: its request (the job's data), its result (the job's output when it
 * completed) and its error (the output when an attempt failed). All plain JSON, so any client
 * in any language can read them from the database.
 *
 * @module
 */
import type { JsonSchema } from "../api/structured_output.ts";
import type { ThreadResumeOptions, ThreadStartOptions } from "../api/codex.ts";
import type { TurnOptions } from "../api/thread.ts";
import type { TurnResult } from "../api/turn/result.ts";
import type { UserInput } from "../protocol/generated/types.ts";
import { CodexError } from "../util/errors.ts";
import { readTraceContext, type TraceContext } from "../telemetry/traceparent.ts";

/** The turn options a fleet job can carry: every `turn/start` field and preset, as JSON. */
export type FleetTurnOptions = Omit<TurnOptions, "signal" | "outputSchema" | "traceContext">;

/** A fleet job's data (version 1). */
export interface TurnJobData {
  /** The format version. */
  v: 1;
  /** The user input, as wire items. */
  input: UserInput[];
  /** Start a thread with these options (a turn on a new thread). */
  thread?: ThreadStartOptions;
  /** Continue this thread (a turn on an existing thread). */
  threadId?: string;
  /** Overrides for `thread/resume` when continuing a thread. */
  resume?: ThreadResumeOptions;
  /** The turn's options. */
  turn?: FleetTurnOptions;
  /** A JSON Schema the final answer must follow. */
  outputSchema?: JsonSchema;
  /**
   * The W3C trace context of the span that enqueued the job (when the enqueuer traced): the
   * worker's turn span is its child, so one trace shows enqueue → worker → app-server.
   */
  trace?: TraceContext;
}

/** A job's stored result: the turn's `TurnResult` (with `threadId`) plus where and how it ran. */
export interface FleetTurnResult extends TurnResult {
  /** The job that ran the turn. */
  jobId: string;
  /** The worker that ran it. */
  workerId: string;
  /** The CODEX_HOME (by name) that holds the thread's history. */
  home: string;
  /**
   * True when the turn had already ended in an earlier attempt whose worker died before storing
   * the result; the result was then read back from the thread (`thread/read`) instead of running
   * the turn again. Such a result has no `usage` (the server keeps none per turn).
   */
  recovered: boolean;
}

/** An attempt's error as stored: enough to act on without the original class. */
export interface FleetErrorRecord {
  /** The error's class name, e.g. `"TurnFailedError"`. */
  name: string;
  /** Its `code` when it had one (every SDK error has), else null. */
  code: string | null;
  /** Its message. */
  message: string;
  /** The thread the attempt used, when it got that far. */
  threadId: string | null;
  /** The failed turn's result, when the turn ran and failed (`TurnFailedError`). */
  result: TurnResult | null;
  /** The worker of the attempt. */
  workerId: string;
  /** Which attempt this was (0 = the first). */
  attempt: number;
}

/** Makes the stored form of an attempt's error. */
export function errorRecord(
  error: unknown,
  context: { workerId: string; attempt: number; threadId: string | null },
): FleetErrorRecord {
  // What a job's turn threw may be anything (a tool's `run` can throw a string): stored as is.
  const e: { name: string; message: string; code?: unknown; result?: unknown } = error instanceof Error
    ? error
    : { name: "Error", message: String(error) };
  const code = e.code;
  const result = e.result;
  return {
    name: e.name,
    code: typeof code === "string" ? code : null,
    message: e.message,
    threadId: context.threadId,
    result: isTurnResult(result) ? result : null,
    workerId: context.workerId,
    attempt: context.attempt,
  };
}

/** Reads a job's data, refusing what this version does not understand. */
export function decodeJobData(data: unknown): TurnJobData {
  const job = data as Partial<TurnJobData> | null;
  if (!job || job.v !== 1 || !Array.isArray(job.input)) {
    throw new FleetInvalidJobError(String(JSON.stringify(data)?.slice(0, 200)));
  }
  // A malformed stored trace context is dropped (the turn starts a new trace), never fatal.
  if (job.trace !== undefined && !readTraceContext(job.trace)) delete job.trace;
  return job as TurnJobData;
}

/** Reads a stored error, tolerating one written by pg-boss itself (a timeout has only a message). */
export function decodeErrorRecord(output: unknown): FleetErrorRecord {
  const o = (typeof output === "object" && output !== null ? output : {}) as Record<string, unknown>;
  const value = (o.value ?? {}) as Record<string, unknown>;
  const message = typeof o.message === "string" ? o.message : typeof value.message === "string" ? value.message : JSON.stringify(output);
  return {
    name: typeof o.name === "string" ? o.name : "Error",
    code: typeof o.code === "string" ? o.code : null,
    message,
    threadId: typeof o.threadId === "string" ? o.threadId : null,
    result: isTurnResult(o.result) ? o.result : null,
    workerId: typeof o.workerId === "string" ? o.workerId : "unknown",
    attempt: typeof o.attempt === "number" ? o.attempt : 0,
  };
}

function isTurnResult(value: unknown): value is TurnResult {
  return typeof value === "object" && value !== null && typeof (value as TurnResult).id === "string" &&
    typeof (value as TurnResult).status === "string";
}

/** The job's data is not a fleet turn job this SDK can read (written by hand, or by another version). */
export class FleetInvalidJobError extends CodexError {
  /** Creates the error with the start of the data that was found. */
  constructor(sample: string) {
    super(
      "fleet_invalid_job",
      `not a fleet turn job (version 1): ${sample}; enqueue jobs with FleetClient.enqueueTurn, ` +
        "and run workers and clients of the same SDK version",
    );
  }
}
