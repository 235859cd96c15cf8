/**
 * `FleetWorker`: takes turn jobs from PostgreSQL (pg-boss) and runs them on one `Codex`, at most
 * `concurrency` at a time.
 *
 * Over 300 lines on purpose: the slot loop, fetch, run, heartbeat and settle share the worker's
 * stop and wake state; the job codec, queues, store and signals are already files of their own.
 *
 * @example
 * ```ts
 * import { FleetWorker } from "@codex/sdk/fleet";
 *
 * const worker = await FleetWorker.start({
 *   connectionString: "postgres://codex:secret@db.internal:5432/agents",
 *   codex: { config: { model: "gpt-5.1-codex" } },
 *   concurrency: 4,
 *   heartbeatSeconds: 30,
 * });
 * // … on SIGTERM: finish what is running (up to 60 s), hand back the rest
 * await worker.stop({ timeoutMs: 60_000 });
 * ```
 * @module
 */
import { Codex } from "../api/codex.ts";
import type { CodexStartOptions } from "../api/options.ts";
import {
  type Boss,
  type BossAttempt,
  type BossJob,
  createBoss,
  DEFAULT_SCHEMA,
  delay,
  ensureQueue,
  type FleetConnectionOptions,
  isConnectionError,
} from "./boss.ts";
import {
  FleetAppServerRestartedError,
  FleetDatabaseError,
  FleetJobCancelledError,
  FleetJobLostError,
  FleetLeaseLostError,
  FleetWorkerStoppedError,
} from "./errors.ts";
import { CodexError, InvalidArgumentError } from "../util/errors.ts";
import type { CodexLogger } from "../client/options.ts";
import { decodeJobData, errorRecord, type FleetTurnResult } from "./job_codec.ts";
import {
  checkName,
  deadLetterQueue,
  type FleetQueueSettings,
  homeQueue,
  newThreadQueue,
  queueOptions,
  type ResolvedQueueSettings,
  resolveQueueSettings,
} from "./queues.ts";
import { listenForSignals } from "./signals.ts";
import { FleetStore } from "./store.ts";
import { checkWorkerOptions } from "./option_rules.ts";
import { runTurnJob } from "./turn_runner.ts";
import { type Backoff, backoffDelay } from "../util/backoff.ts";

// Waits between database retries: the SDK's one backoff, with jitter, so that the workers a
// database restart turned away do not all come back at the same moment.
const DATABASE_BACKOFF: Backoff = { initialDelayMs: 250, maxDelayMs: 5000, jitterRatio: 0.2 };

/** Options of {@link FleetWorker.start}. */
export interface FleetWorkerOptions extends FleetConnectionOptions, FleetQueueSettings {
  /** How to start this worker's app-server (`Codex.start` options). */
  codex?: CodexStartOptions;
  /** The most turns this worker runs at once. Default 1. */
  concurrency?: number;
  /**
   * The name of the CODEX_HOME this worker's app-server keeps its threads in. Workers that share
   * one CODEX_HOME (one machine, or shared storage) must give the same name: then any of them can
   * continue any of their threads. A worker with a named home runs each job on an app-server
   * process of its own (about 0.3 s to start), closed when the job ends, because the app-server
   * keeps a thread it loaded to itself until the thread has been idle 60 s. Default: a name of
   * this worker's own, so the turns of threads it starts come back to it alone, on one app-server.
   */
  home?: string;
  /** This worker's id (in results and errors). Default: a random UUID. */
  workerId?: string;
  /** How often an idle worker looks for jobs, in ms, besides being woken by a client. Default 1000. */
  pollIntervalMs?: number;
  /**
   * Where the worker reports the faults it recovers from (database unreachable, a claim lost, the
   * app-server restarted), each as a `CodexError` with its `code` (`warn`): the same logger
   * interface as `Codex.start`'s. Default: none.
   */
  logger?: CodexLogger;
  /**
   * Told about errors the worker recovers from.
   * @deprecated Use `logger: { warn(message, error) { … } }`; it gets the same errors.
   */
  onError?: (error: CodexError) => void;
}

/** Options of {@link FleetWorker.stop}. */
export interface FleetWorkerStopOptions {
  /**
   * How long to let running turns finish, in ms. When it is over, the turns still running are
   * interrupted and their jobs handed back (failed with `FleetWorkerStoppedError`, which uses one
   * of the job's retries) for another worker. Default 30000; 0 hands back at once.
   */
  timeoutMs?: number;
}

interface Running {
  queue: string;
  job: BossJob;
  abort: AbortController;
}

const HANDED_BACK = Symbol("handed back");
const LEASE_LOST = Symbol("lease lost");
/**
 * A claim not renewed for this share of the job's heartbeat is let go: the turn is interrupted
 * while the claim is still ours (pg-boss retries a job whose heartbeat is older than
 * heartbeatSeconds), so the retry can never overlap it. Heartbeats go every half heartbeat, so
 * one failed renewal is tolerated and the interruption has a quarter heartbeat (≥ 2.5 s) to end.
 */
const LEASE_FENCE_RATIO = 0.75;

/** A fleet worker: one app-server, a bounded number of turn jobs at a time. */
export class FleetWorker {
  /** This worker's id. */
  readonly id: string;
  /** The name of the CODEX_HOME it runs threads in. */
  readonly home: string;
  readonly #boss: Boss;
  readonly #store: FleetStore;
  readonly #settings: ResolvedQueueSettings;
  readonly #options: FleetWorkerOptions;
  /** Whether `home` was named (so other workers may share it): then each job runs on an app-server of its own. */
  readonly #sharedHome: boolean;
  readonly #queues: { home: string; fresh: string };
  readonly #running = new Map<string, Running>();
  readonly #slots: Promise<void>[] = [];
  readonly #stopping = new AbortController();
  /** Aborted when the grace period is over: database writes are then tried once more, not forever. */
  readonly #closing = new AbortController();
  #wake = new AbortController();
  readonly #codex: Codex;
  #unlisten: (() => Promise<void>) | undefined;
  #stopped: Promise<void> | undefined;
  /** Set when a claim lapsed unrenewed: take no job until the database answers again. */
  #fenced = false;

  private constructor(boss: Boss, codex: Codex, options: FleetWorkerOptions, settings: ResolvedQueueSettings, id: string, home: string) {
    this.#boss = boss;
    this.#codex = codex;
    this.#options = options;
    this.#sharedHome = options.home !== undefined;
    this.#settings = settings;
    this.id = id;
    this.home = home;
    this.#store = new FleetStore(boss.getDb(), options.schema ?? DEFAULT_SCHEMA);
    this.#queues = { home: homeQueue(settings.queue, home), fresh: newThreadQueue(settings.queue) };
  }

  /**
   * Connects to PostgreSQL (creating the queues and tables if missing), starts the app-server and
   * begins taking jobs. Rejects if either cannot start; nothing is left running then.
   */
  static async start(options: FleetWorkerOptions): Promise<FleetWorker> {
    checkWorkerOptions(options);
    const settings = resolveQueueSettings(options);
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new InvalidArgumentError("concurrency", `must be a whole number ≥ 1, got ${String(concurrency)}`);
    }
    const id = options.workerId ?? crypto.randomUUID();
    const home = options.home ?? `worker-${id}`;
    checkName("home", home);
    // The supervisor (which retries the jobs of silent workers) runs on every worker, twice per
    // heartbeat, so a dead worker's job is retried within about heartbeatSeconds.
    const every = Math.max(1, Math.floor(settings.heartbeatSeconds / 2));
    const boss = await createBoss(options, { superviseIntervalSeconds: every, monitorIntervalSeconds: every });
    boss.on("error", (error) => report(options, error));
    let codex: Codex | undefined;
    try {
      await boss.start();
      const store = new FleetStore(boss.getDb(), options.schema ?? DEFAULT_SCHEMA);
      await store.install();
      const options_ = queueOptions(settings);
      await ensureQueue(boss, deadLetterQueue(settings.queue), {});
      for (const name of [newThreadQueue(settings.queue), homeQueue(settings.queue, home)]) {
        await ensureQueue(boss, name, options_);
        // Workers are where the fleet is configured: their settings win over a client's defaults.
        await boss.updateQueue(name, options_);
      }
      // The SDK's restart brings the app-server back if it dies (a crash fails only the turns it
      // was running); `codex: { restart: false }` turns it off.
      codex = await Codex.start({ ...options.codex, restart: options.codex?.restart ?? true });
    } catch (error) {
      await boss.stop({ graceful: false, close: true }).catch(() => {});
      throw error;
    }
    const worker = new FleetWorker(boss, codex, options, settings, id, home);
    worker.#watchCodex();
    await worker.#listen();
    for (let i = 0; i < concurrency; i++) worker.#slots.push(worker.#slot());
    return worker;
  }

  /**
   * The app-server this worker started with, on which it runs its turns (restarted if it dies).
   * A worker with a named home starts it only to check the setup and keeps it idle: each of its
   * jobs runs on an app-server of its own.
   */
  get codex(): Codex {
    return this.#codex;
  }

  /** The ids of the jobs running now. */
  get runningJobs(): string[] {
    return [...this.#running.keys()];
  }

  /**
   * Stops taking jobs, lets running turns finish for up to `timeoutMs`, hands back the rest,
   * then closes the app-server and the database connections. Idempotent.
   */
  stop(options: FleetWorkerStopOptions = {}): Promise<void> {
    return this.#stopped ??= this.#stop(options.timeoutMs ?? 30_000);
  }

  /** Stops with the default grace period (`await using worker = …`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  async #stop(timeoutMs: number): Promise<void> {
    this.#stopping.abort();
    this.#wake.abort();
    const slots = Promise.all(this.#slots);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([slots, graceOver]);
    clearTimeout(timer);
    this.#closing.abort();
    for (const running of this.#running.values()) running.abort.abort(HANDED_BACK);
    await slots;
    await this.#unlisten?.().catch(() => {});
    await this.#codex.close();
    await this.#boss.stop({ graceful: false, close: true }).catch(() => {});
  }

  async #listen(): Promise<void> {
    try {
      this.#unlisten = await listenForSignals(this.#boss.getDb(), this.#options.schema ?? DEFAULT_SCHEMA, (signal) => {
        if (signal.type === "sent") this.#wake.abort();
        else this.#running.get(signal.jobId)?.abort.abort(new FleetJobCancelledError(signal.jobId));
      }, () => {
        // Missed wake-ups cost one poll; missed cancellations are caught by the next heartbeat.
        this.#wake.abort();
      });
    } catch (error) {
      // Polling and heartbeats still do the job, only slower.
      this.#report(error);
    }
  }

  async #slot(): Promise<void> {
    const pollMs = this.#options.pollIntervalMs ?? 1000;
    let failures = 0;
    while (!this.#stopping.signal.aborted) {
      let next: { queue: string; job: BossJob } | undefined;
      try {
        if (this.#fenced) {
          // A claim lapsed: take nothing until the database answers (the lapsed job is retried).
          await this.#boss.getDb().executeSql("select 1");
          this.#fenced = false;
        }
        next = await this.#fetch();
        failures = 0;
      } catch (error) {
        this.#report(error);
        await delay(backoffDelay(++failures, DATABASE_BACKOFF), this.#stopping.signal);
        continue;
      }
      if (!next) {
        if (this.#wake.signal.aborted) this.#wake = new AbortController();
        await delay(pollMs, AbortSignal.any([this.#wake.signal, this.#stopping.signal]));
        continue;
      }
      if (this.#stopping.signal.aborted) {
        await this.#settle(() => this.#boss.fail(next.queue, [attempt(next.job)], errorRecord(new FleetWorkerStoppedError(this.id), { workerId: this.id, attempt: next.job.retryCount, threadId: null })));
        break;
      }
      await this.#run(next.queue, next.job);
    }
  }

  /** A job of this home's threads first (a conversation waiting), else a new thread's. */
  async #fetch(): Promise<{ queue: string; job: BossJob } | undefined> {
    // One turn at a time per thread across the whole fleet: thread jobs are grouped by thread id.
    const [own] = await this.#boss.fetch(this.#queues.home, { batchSize: 1, groupConcurrency: 1 });
    if (own) return { queue: this.#queues.home, job: own };
    const [fresh] = await this.#boss.fetch(this.#queues.fresh, { batchSize: 1 });
    return fresh ? { queue: this.#queues.fresh, job: fresh } : undefined;
  }

  async #run(queue: string, job: BossJob): Promise<void> {
    const abort = new AbortController();
    this.#running.set(job.id, { queue, job, abort });
    const lease = this.#lease(job, abort);
    const heartbeat = setInterval(() => void this.#heartbeat(queue, job, abort, lease.renewed), heartbeatMs(job, this.#settings));
    let threadId: string | null = null;
    // A home that other workers may share: this job gets an app-server of its own, closed when
    // the job ends. codex 0.171 gives a thread's writer lock (CODEX_HOME/thread-writer-locks) to
    // the process that loaded it and keeps it there until the thread has been idle 60 s
    // (`thread/unsubscribe` does not release it); another process's `thread/resume` fails with
    // "already has an active writer" until then. A process that exits releases it at once.
    let own: Codex | undefined;
    try {
      if (this.#sharedHome) own = await Codex.start(this.#options.codex);
      const codex = own ?? this.#codex;
      const outcome = await runTurnJob(codex, decodeJobData(job.data), {
        jobId: job.id,
        home: this.home,
        store: this.#store,
        signal: abort.signal,
        onThread: (id) => (threadId = id),
      });
      // The claim lapsed while the result was being recorded: the job is the retry's now, and the
      // retry reads the recorded result back. Completing it here could race that retry.
      if (abort.signal.reason === LEASE_LOST) return;
      const output: FleetTurnResult = { ...outcome.result, jobId: job.id, workerId: this.id, home: this.home, recovered: outcome.recovered };
      await this.#settle(() => this.#boss.complete(queue, [attempt(job)], output));
    } catch (error) {
      // Cancelled, or the claim was lost (another attempt owns the job now): nothing to store.
      if (abort.signal.aborted && abort.signal.reason !== HANDED_BACK) return;
      const cause = abort.signal.reason === HANDED_BACK ? new FleetWorkerStoppedError(this.id) : error;
      if (cause !== error) this.#report(error);
      await this.#settle(() => this.#boss.fail(queue, [attempt(job)], errorRecord(cause, { workerId: this.id, attempt: job.retryCount, threadId })), abort.signal);
    } finally {
      clearInterval(heartbeat);
      lease.stop();
      await own?.close().catch((error) => this.#report(error));
      this.#running.delete(job.id);
    }
  }

  /**
   * The claim's own clock: unless renewed, it interrupts the turn (LEASE_LOST) and fences the
   * worker at LEASE_FENCE_RATIO of the heartbeat after the last renewal was sent, before pg-boss
   * could hand the job to another worker.
   */
  #lease(job: BossJob, abort: AbortController): { renewed: (sentAt: number) => void; stop: () => void } {
    const leaseMs = (job.heartbeatSeconds ?? this.#settings.heartbeatSeconds) * 1000;
    let lastSentAt = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        if (abort.signal.aborted) return;
        this.#fenced = true;
        // Let go now, even if a database call of this run is still hanging: the job is not ours.
        this.#running.delete(job.id);
        this.#report(new FleetLeaseLostError(job.id, this.id, Date.now() - lastSentAt));
        abort.abort(LEASE_LOST);
      }, Math.max(0, lastSentAt + leaseMs * LEASE_FENCE_RATIO - Date.now()));
    };
    arm();
    return {
      renewed: (sentAt) => {
        lastSentAt = Math.max(lastSentAt, sentAt);
        arm();
      },
      stop: () => clearTimeout(timer),
    };
  }

  /** Keeps the claim alive; a claim found gone (cancelled, or retried elsewhere) interrupts the turn. */
  async #heartbeat(queue: string, job: BossJob, abort: AbortController, renewed: (sentAt: number) => void): Promise<void> {
    const sentAt = Date.now();
    try {
      const touched = await this.#boss.touch(queue, [attempt(job)]);
      // Counted from when it was sent: the database may have stamped it any time after.
      if (!touched.settled || touched.settled.includes(job.id)) renewed(sentAt);
      if (touched.settled && !touched.settled.includes(job.id)) {
        abort.abort(new FleetJobLostError(job.id, this.id));
      }
    } catch (error) {
      // The database is unreachable: the turn goes on until the claim's clock (#lease) runs out.
      this.#report(error);
    }
  }

  /**
   * Runs a completion or failure until the database takes it: a turn's result must not be lost
   * to a database restart. Gives up only when it is refused for another reason.
   */
  async #settle(write: () => Promise<unknown>, claim?: AbortSignal): Promise<void> {
    for (let failures = 1;; failures++) {
      // A claim let go (#lease) is the retry's to settle.
      if (claim?.reason === LEASE_LOST) return;
      try {
        await write();
        return;
      } catch (error) {
        this.#report(error);
        // Given up when stopping: the job's heartbeat then lapses and another worker retries it.
        if (!isConnectionError(error) || this.#closing.signal.aborted) return;
        await delay(backoffDelay(failures, DATABASE_BACKOFF));
      }
    }
  }

  /**
   * Reports each restart of the app-server; when it is gone for good (the restart gave up, or is
   * off), stops taking jobs and hands back what it holds, rather than failing every job it takes.
   */
  #watchCodex(): void {
    void (async () => {
      for await (const event of this.#codex.notifications()) {
        if (event.method !== "connection/gap") continue;
        this.#report(new FleetAppServerRestartedError(this.id, event.params.reason));
      }
      if (this.#stopping.signal.aborted) return;
      // Gone for good: the restart gave up (its error says why), or was turned off.
      this.#report(await this.#codex.client.closed);
      void this.stop({ timeoutMs: 0 });
    })();
  }

  #report(error: unknown): void {
    report(this.#options, error);
  }
}

/** Reports a fault the worker survived, as a `CodexError` (what is not one came from the database). */
function report(options: FleetWorkerOptions, error: unknown): void {
  const reported = error instanceof CodexError
    ? error
    : new FleetDatabaseError(`fleet worker: ${error instanceof Error ? error.message : String(error)}`, error);
  options.logger?.warn?.(reported.message, reported);
  options.onError?.(reported);
}

function attempt(job: BossJob): BossAttempt {
  return { id: job.id, retryCount: job.retryCount };
}

function heartbeatMs(job: BossJob, settings: ResolvedQueueSettings): number {
  return ((job.heartbeatSeconds ?? settings.heartbeatSeconds) * 1000) / 2;
}
