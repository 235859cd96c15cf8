/**
 * `FleetClient`: enqueues turns for fleet workers, waits for or polls their results, cancels
 * them and lists them. Any number of clients, anywhere that reaches the database.
 *
 * @example
 * ```ts
 * import { FleetClient } from "@codex/sdk/fleet";
 *
 * await using fleet = await FleetClient.connect({ connectionString: "postgres://codex:secret@db.internal/agents" });
 * const job = await fleet.enqueueTurn({ input: "Review the diff", thread: { cwd: "/repo" } });
 * const result = await fleet.result(job.id);             // a TurnResult, plus threadId
 * const next = await fleet.enqueueTurn({ threadId: result.threadId, input: "Now fix it" });
 * console.log((await fleet.result(next.id)).finalResponse);
 * ```
 * @module
 */
import type { Input } from "../api/inputs.ts";
import type { ThreadResumeOptions, ThreadStartOptions } from "../api/codex.ts";
import { prepareOutputSchema } from "../api/structured_output.ts";
import { toUserInputs } from "../api/inputs.ts";
import type { JsonSchema, OutputSchema } from "../api/structured_output.ts";
import { type Boss, type BossQueueOptions, createBoss, DEFAULT_SCHEMA, delay, ensureQueue, type FleetConnectionOptions, isConnectionError } from "./boss.ts";
import {
  FleetDatabaseError,
  FleetJobCancelledError,
  FleetJobFailedError,
  FleetJobNotFoundError,
  FleetResultTimeoutError,
  FleetUnknownThreadError,
} from "./errors.ts";
import { decodeErrorRecord, type FleetErrorRecord, type FleetTurnOptions, type FleetTurnResult, type TurnJobData } from "./job_codec.ts";
import { checkName, deadLetterQueue, type FleetQueueSettings, homeQueue, newThreadQueue, queueOptions, type ResolvedQueueSettings, resolveQueueSettings } from "./queues.ts";
import { sendSignal } from "./signals.ts";
import { activeTraceContext } from "../telemetry/load.ts";
import { checkTraceContext } from "../api/turn/traced_start.ts";
import type { TraceContext } from "../telemetry/traceparent.ts";
import { FleetStore } from "./store.ts";
import { checkClientOptions } from "./option_rules.ts";

/** Options of {@link FleetClient.connect}. */
export interface FleetClientOptions extends FleetConnectionOptions, FleetQueueSettings {
  /** How often `result()` looks at a job, in ms. Default 250. */
  pollIntervalMs?: number;
}

/** A turn to run: on a new thread (`thread`: its options), or on an existing one (`threadId`). */
export type FleetTurnRequest =
  & ({ input: Input; thread?: ThreadStartOptions; threadId?: never } | {
    input: Input;
    threadId: string;
    /** Overrides for `thread/resume` when the worker opens the thread. */
    resume?: ThreadResumeOptions;
    /** Where the thread's history is, for a thread the fleet did not start (a worker's `home`). */
    home?: string;
    thread?: never;
  })
  & {
    /** Retries before the job is dead-lettered (default: the queue's, 2). */
    retryLimit?: number;
    /** Higher runs first. Default 0. */
    priority?: number;
  };

/** Turn options for a fleet job: every `turn/start` field, and an output schema (zod or JSON Schema). */
export type FleetEnqueueOptions = FleetTurnOptions & {
  /** The final answer's schema; a zod schema is sent as its JSON Schema (`result.parsed` is not filled in: parse `finalResponse`). */
  outputSchema?: OutputSchema;
  /**
   * The trace the job's turn joins (W3C Trace Context). Default: the active span's, when a tracer
   * provider is registered; the worker's turn span is then its child.
   */
  traceContext?: TraceContext;
};

/** An enqueued job. */
export interface FleetJob {
  /** The job id (pass it to `result`, `poll`, `cancel`). */
  id: string;
  /** The queue it went to. */
  queue: string;
}

/** A job's state, as pg-boss names it. */
export type FleetJobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

/** What the fleet knows about a job now. */
export interface FleetJobInfo {
  /** The job's id (pg-boss's). */
  id: string;
  /** The queue it is on (the shared queue, or a home's). */
  queue: string;
  /** Its state now. */
  state: FleetJobState;
  /** How many times it has been retried so far. */
  retries: number;
  /** How many retries it may have before it is dead-lettered. */
  retryLimit: number;
  /** When it was enqueued. */
  createdOn: Date;
  /** When its current (or last) attempt started. */
  startedOn: Date | null;
  /** When it ended (completed, failed for good, or cancelled). */
  completedOn: Date | null;
  /** The thread it continues (set for turns on an existing thread). */
  threadId: string | null;
  /** The result, once `state` is `completed`. */
  result: FleetTurnResult | null;
  /** The last attempt's error: the final one when `state` is `failed`, the last retried one when `retry`. */
  error: FleetErrorRecord | null;
}

/** Options of {@link FleetClient.result}. */
export interface FleetResultOptions {
  /** Stop waiting (the job goes on). */
  signal?: AbortSignal;
  /** Give up after this many ms with `FleetResultTimeoutError` (the job goes on). */
  timeoutMs?: number;
}

/** Options of {@link FleetClient.listJobs}. */
export interface FleetListOptions {
  /** Only jobs in this state (or these states). */
  state?: FleetJobState | FleetJobState[];
  /** The most to return, newest first. Default 100. */
  limit?: number;
  /** Include the dead-letter queue's copies. Default false. */
  deadLetters?: boolean;
}

/** A client of the fleet: enqueue turns, wait for results, cancel, list. */
export class FleetClient {
  readonly #boss: Boss;
  readonly #store: FleetStore;
  readonly #schema: string;
  readonly #settings: ResolvedQueueSettings;
  readonly #pollMs: number;
  #closed: Promise<void> | undefined;

  private constructor(boss: Boss, options: FleetClientOptions, settings: ResolvedQueueSettings) {
    this.#boss = boss;
    this.#schema = options.schema ?? DEFAULT_SCHEMA;
    this.#store = new FleetStore(boss.getDb(), this.#schema);
    this.#settings = settings;
    this.#pollMs = options.pollIntervalMs ?? 250;
  }

  /** Connects (creating the queues and tables if no worker has yet). */
  static async connect(options: FleetClientOptions): Promise<FleetClient> {
    checkClientOptions(options);
    const settings = resolveQueueSettings(options);
    // A client maintains nothing: the workers supervise the queues.
    const boss = await createBoss(options, { supervise: false, schedule: false });
    boss.on("error", () => {}); // pool errors surface as rejected calls; a dropped idle connection is not news
    try {
      await boss.start();
      await new FleetStore(boss.getDb(), options.schema ?? DEFAULT_SCHEMA).install();
      await ensureQueue(boss, deadLetterQueue(settings.queue), {});
      await ensureQueue(boss, newThreadQueue(settings.queue), queueOptions(settings));
    } catch (error) {
      await boss.stop({ graceful: false, close: true }).catch(() => {});
      throw error;
    }
    return new FleetClient(boss, options, settings);
  }

  /**
   * Enqueues a turn. A turn on an existing thread goes to the workers that hold the thread's
   * history; turns on one thread run one at a time, in order.
   */
  async enqueueTurn(request: FleetTurnRequest, options: FleetEnqueueOptions = {}): Promise<FleetJob> {
    const { outputSchema, traceContext, ...turn } = options;
    const data: TurnJobData = { v: 1, input: toUserInputs(request.input) };
    if (Object.keys(turn).length) data.turn = turn;
    // Telemetry (issue 21): the job carries the enqueuing span's trace context.
    const trace = checkTraceContext(traceContext) ?? await activeTraceContext();
    if (trace) data.trace = trace;
    if (outputSchema !== undefined) data.outputSchema = (await prepareOutputSchema(outputSchema)).wire as JsonSchema;
    let queue: string;
    const send: Record<string, unknown> = {};
    if (request.retryLimit !== undefined) send.retryLimit = request.retryLimit;
    if (request.priority !== undefined) send.priority = request.priority;
    if (request.threadId !== undefined) {
      const home = request.home ?? await this.#store.threadHome(request.threadId);
      if (home === undefined) throw new FleetUnknownThreadError(request.threadId);
      checkName("home", home);
      queue = homeQueue(this.#settings.queue, home);
      // Named by the caller: its workers may not have started yet.
      if (request.home !== undefined) await ensureQueue(this.#boss, queue, this.#queueOptions());
      data.threadId = request.threadId;
      if (request.resume) data.resume = request.resume;
      send.group = { id: request.threadId };
    } else {
      queue = newThreadQueue(this.#settings.queue);
      if (request.thread) data.thread = request.thread;
    }
    const id = await this.#boss.send(queue, data as unknown as object, send);
    if (!id) throw new FleetDatabaseError(`pg-boss did not create the job on queue ${queue}`);
    await sendSignal(this.#boss.getDb(), this.#schema, { type: "sent", queue }).catch(() => {});
    return { id, queue };
  }

  /**
   * Waits for the job's result. Rejects with `FleetJobFailedError` (the stored error) when its
   * last attempt failed, `FleetJobCancelledError` when it was cancelled. Keeps waiting through a
   * database restart.
   */
  async result(job: FleetJob | string, options: FleetResultOptions = {}): Promise<FleetTurnResult> {
    const id = typeof job === "string" ? job : job.id;
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    for (;;) {
      options.signal?.throwIfAborted();
      let info: FleetJobInfo | undefined;
      try {
        info = await this.poll(id);
      } catch (error) {
        if (!isConnectionError(error)) throw error;
      }
      if (info) {
        if (info.state === "completed") return info.result!;
        if (info.state === "failed") throw new FleetJobFailedError(id, info.retries, info.error ?? decodeErrorRecord(null));
        if (info.state === "cancelled") throw new FleetJobCancelledError(id);
      }
      if (Date.now() >= deadline) throw new FleetResultTimeoutError(id, options.timeoutMs!);
      await delay(Math.min(this.#pollMs, deadline - Date.now()), options.signal);
    }
  }

  /** The job as it is now (the poll form of `result`). Rejects with `FleetJobNotFoundError` for an unknown id. */
  async poll(job: FleetJob | string): Promise<FleetJobInfo> {
    const id = typeof job === "string" ? job : job.id;
    const [info] = await this.#select("id = $2::uuid", [id], 1, false);
    if (!info) throw new FleetJobNotFoundError(id);
    return info;
  }

  /**
   * Cancels a job: a waiting job never runs, a running turn is interrupted. Resolves with false
   * when the job had already ended (its result or error stays).
   */
  async cancel(job: FleetJob | string): Promise<boolean> {
    const info = await this.poll(job);
    const { affected } = await this.#boss.cancel(info.queue, info.id);
    if (affected > 0) await sendSignal(this.#boss.getDb(), this.#schema, { type: "cancelled", jobId: info.id }).catch(() => {});
    return affected > 0;
  }

  /** Lists the fleet's jobs, newest first, optionally by state. */
  async listJobs(options: FleetListOptions = {}): Promise<FleetJobInfo[]> {
    const states = options.state === undefined ? undefined : [options.state].flat();
    return await this.#select(states ? "state::text = ANY($2::text[])" : "TRUE", states ? [states] : [], options.limit ?? 100, options.deadLetters ?? false);
  }

  /** Closes the database connections. Idempotent. */
  close(): Promise<void> {
    return this.#closed ??= this.#boss.stop({ graceful: false, close: true });
  }

  /** Closes (`await using fleet = …`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #queueOptions(): BossQueueOptions {
    return queueOptions(this.#settings);
  }

  async #select(where: string, values: unknown[], limit: number, deadLetters: boolean): Promise<FleetJobInfo[]> {
    const prefix = this.#settings.queue;
    const names = deadLetters ? "(name = $1 OR name LIKE $1 || '.%')" : "(name = $1 OR name LIKE $1 || '.home.%')";
    const { rows } = await this.#boss.getDb().executeSql(
      `SELECT id, name, state::text AS state, data, output, retry_count, retry_limit, created_on, started_on, completed_on
         FROM ${this.#schema}.job WHERE ${names} AND ${where}
        ORDER BY created_on DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
      [prefix, ...values],
    );
    return rows.map(toInfo);
  }
}

function toInfo(row: Record<string, unknown>): FleetJobInfo {
  const state = row.state as FleetJobState;
  const output = row.output as unknown;
  const data = row.data as Partial<TurnJobData> | null;
  return {
    id: row.id as string,
    queue: row.name as string,
    state,
    retries: Number(row.retry_count),
    retryLimit: Number(row.retry_limit),
    createdOn: row.created_on as Date,
    startedOn: (row.started_on as Date | null) ?? null,
    completedOn: (row.completed_on as Date | null) ?? null,
    threadId: data?.threadId ?? null,
    result: state === "completed" ? output as FleetTurnResult : null,
    error: (state === "failed" || state === "retry") && output ? decodeErrorRecord(output) : null,
  };
}
