/**
 * The idle timeout of a turn (`idleTimeoutMs` on `thread.turn`/`thread.run`, `run()`, `stream()`):
 * when no event of the turn arrives for that long, the wait ends with a
 * {@link TurnIdleTimeoutError}. The turn is not interrupted; the error carries the turn and a way
 * to keep waiting on it (`resume()`, or `error.stream` for a stream) without losing any event.
 *
 * @example
 * ```ts
 * import type { Thread } from "@codex/sdk";
 * import { TurnIdleTimeoutError } from "@codex/sdk/client";
 *
 * declare const thread: Thread;
 * try {
 *   await thread.run("Refactor the parser", { idleTimeoutMs: 60_000 });
 * } catch (error) {
 *   if (!(error instanceof TurnIdleTimeoutError)) throw error;
 *   console.warn(`quiet for ${error.timeoutMs} ms; waiting once more`);
 *   const result = await error.resume(); // or: await error.turn.interrupt()
 *   console.log(result.finalResponse);
 * }
 * ```
 * @module
 */

import { TimeoutError } from "../../rpc/errors.ts";
import { InvalidArgumentError } from "../../util/errors.ts";
import type { TurnEvent } from "./events.ts";
import type { TurnResult } from "./result.ts";

/** The turn an idle timeout was about: enough to wait on it further or to stop it. */
export interface IdleTurn {
  /** The turn id. */
  readonly id: string;
  /** The thread the turn runs on. */
  readonly threadId: string;
  /** Resolves with the result when the turn ends (the same promise as the handle's). */
  readonly result: Promise<TurnResult>;
  /** Asks the server to stop the turn. */
  interrupt(): Promise<void>;
}

/**
 * No event of a turn arrived within `idleTimeoutMs`. The turn goes on (call
 * `error.turn.interrupt()` to stop it). `resume()` waits again, with the same idle timeout, and
 * gives the turn's result; after a `stream()` timed out, `error.stream` continues that stream
 * from the first event not yet delivered. `code` is `"timeout"`, like every `TimeoutError`.
 */
export class TurnIdleTimeoutError<Result extends TurnResult = TurnResult> extends TimeoutError {
  /** The turn that went quiet. */
  readonly turn: IdleTurn;
  /** When the turn's last event arrived (ms since the epoch), or when the wait began if none came. */
  readonly lastEventAt: number;
  /** When a `stream()` timed out: the same stream, continued (no event lost). Null after `run()`. */
  readonly stream: AsyncIterableIterator<TurnEvent> | null;
  readonly #resume: () => Promise<Result>;

  /** Creates the error for `turn`, quiet for `timeoutMs`; `resume` waits again. */
  constructor(
    turn: IdleTurn,
    timeoutMs: number,
    lastEventAt: number,
    resume: () => Promise<Result>,
    stream: AsyncIterableIterator<TurnEvent> | null = null,
  ) {
    super(
      "turn/completed",
      timeoutMs,
      undefined,
      `turn ${turn.id}: no event for ${timeoutMs} ms (idleTimeoutMs). The turn goes on: ` +
        `error.resume() keeps waiting${stream ? " (error.stream continues the stream)" : ""}, ` +
        `error.turn.interrupt() stops it`,
    );
    this.turn = turn;
    this.lastEventAt = lastEventAt;
    this.stream = stream;
    this.#resume = resume;
  }

  /** Waits on the same turn again, with the same idle timeout and signal; no event is lost. */
  resume(): Promise<Result> {
    return this.#resume();
  }
}

/** Checks an `idleTimeoutMs` option: undefined, or a positive finite number of ms. */
export function checkIdleTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError("idleTimeoutMs", `must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

// The time, read once per synchronous run of event handling: a chunk from the pipe is split and
// dispatched in one run (hundreds of events), and reading the clock per event cost ~2% of the
// notification throughput. An event's time is thus the start of its run (off by that run's
// length, well under a millisecond), which is all an idle timeout needs.
let runTime = 0;
let runTimeValid = false;
const expireRunTime = (): void => {
  runTimeValid = false;
};

/** `Date.now()`, as of the start of the current synchronous run. */
function runNow(): number {
  if (!runTimeValid) {
    runTime = Date.now();
    runTimeValid = true;
    queueMicrotask(expireRunTime);
  }
  return runTime;
}

/** When the turn's last event came; the idle timers measure from it. */
export class ActivityClock {
  /** When the last event arrived (ms since the epoch). */
  lastEventAt: number = Date.now();

  /** Records that an event arrived now. */
  touch(): void {
    this.lastEventAt = runNow();
  }

  /**
   * Resolves once no event has come for `ms` (measured from the later of the last event and
   * now); `cancel()` stops the timer so nothing is left pending.
   */
  idle(ms: number): { promise: Promise<void>; cancel: () => void } {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const since = Date.now();
    const promise = new Promise<void>((resolve) => {
      const check = (): void => {
        const due = Math.max(this.lastEventAt, since) + ms;
        const left = due - Date.now();
        if (left <= 0) resolve();
        else timer = setTimeout(check, left);
      };
      timer = setTimeout(check, ms);
    });
    return { promise, cancel: () => clearTimeout(timer) };
  }
}

const IDLE = Symbol("idle");

/** Waits for `work`, or rejects with what `onIdle` makes when the clock goes idle first. */
export async function untilIdle<T>(work: Promise<T>, clock: ActivityClock, ms: number, onIdle: () => Error): Promise<T> {
  const idle = clock.idle(ms);
  try {
    const winner = await Promise.race([work, idle.promise.then(() => IDLE)]);
    if (winner === IDLE) throw onIdle();
    return winner as T;
  } finally {
    idle.cancel();
  }
}

/**
 * Wraps a turn's stream so a `next()` that waits longer than `ms` after the last event rejects
 * with what `onIdle` makes. The pending `next()` is kept and handed to the continuation that
 * `onIdle` receives, so the event it was waiting for is delivered there, not lost.
 */
export function idleStream(
  source: AsyncIterableIterator<TurnEvent>,
  clock: ActivityClock,
  ms: number,
  onIdle: (rest: AsyncIterableIterator<TurnEvent>) => Error,
  pending?: Promise<IteratorResult<TurnEvent>>,
): AsyncIterableIterator<TurnEvent> {
  let carried = pending;
  const iterator: AsyncIterableIterator<TurnEvent> = {
    async next(): Promise<IteratorResult<TurnEvent>> {
      const step = carried ?? source.next();
      carried = undefined;
      return await untilIdle(step, clock, ms, () => onIdle(idleStream(source, clock, ms, onIdle, step)));
    },
    async return(value?: unknown): Promise<IteratorResult<TurnEvent>> {
      return (await source.return?.(value)) ?? { value: undefined, done: true };
    },
    [Symbol.asyncIterator](): AsyncIterableIterator<TurnEvent> {
      return iterator;
    },
  };
  return iterator;
}
