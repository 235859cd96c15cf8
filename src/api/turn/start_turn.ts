/**
 * Starts a turn-shaped request on a thread (`turn/start` for `thread.turn`, `review/start` for
 * `thread.review`): after the thread's previous turn has ended (the app-server folds a request on a
 * busy thread into the running turn), with the router holding the turn's early events until its
 * handle registers, so the handle sees every event.
 *
 * @example
 * ```ts
 * import { startTurnOn } from "./start_turn.ts";
 * import type { TurnContext } from "./turn_handle.ts";
 *
 * declare const context: TurnContext;
 * const handle = await startTurnOn(context, "thread-id", async () => {
 *   const { turn } = await context.client.request("review/start", { threadId: "thread-id", target: { type: "uncommittedChanges" } });
 *   return turn;
 * });
 * console.log(handle.id);
 * ```
 * @module
 */

import type { Turn } from "../../protocol/generated/types.ts";
import type { TurnResult } from "./result.ts";
import { AbortError } from "./errors.ts";
import { type TurnContext, TurnHandle } from "./turn_handle.ts";

/** Options of {@link startTurnOn}: what the new handle gets. */
export interface StartTurnOptions {
  /** Aborting interrupts the turn (and abandons the wait for the previous one). */
  signal?: AbortSignal;
  /** The handle's default idle timeout. */
  idleTimeoutMs?: number;
  /** Parses the final response into `result.parsed` (structured output). */
  parse?: (result: TurnResult) => unknown;
}

function waitOrAbort(previous: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return previous;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new AbortError("the signal was aborted while waiting for the thread's previous turn", undefined, signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });
    previous.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}

/** Sends `request` (which answers with the new turn) in the thread's turn order and returns the turn's handle. */
export async function startTurnOn<T = unknown>(
  context: TurnContext,
  threadId: string,
  request: () => Promise<Turn>,
  options: StartTurnOptions = {},
): Promise<TurnHandle<T>> {
  const { signal, idleTimeoutMs, parse } = options;
  if (signal?.aborted) throw new AbortError("the signal was aborted before the turn started", undefined, signal.reason);
  const previous = context.threadTails.get(threadId);
  let release!: () => void;
  const tail = new Promise<void>((resolve) => (release = resolve));
  context.threadTails.set(threadId, tail);
  const done = (): void => {
    release();
    if (context.threadTails.get(threadId) === tail) context.threadTails.delete(threadId);
  };
  try {
    if (previous) await waitOrAbort(previous, signal);
    context.router.startPending(threadId);
    let handle: TurnHandle<T>;
    try {
      const turn = await request();
      // Started elsewhere on this thread (another client): the input joined that running turn.
      handle = (context.router.turn(turn.id) as TurnHandle<T> | undefined) ??
        new TurnHandle<T>(context, threadId, turn, { parse, signal, idleTimeoutMs });
    } finally {
      context.router.startSettled(threadId);
    }
    handle.result.then(done, done);
    return handle;
  } catch (error) {
    done();
    throw error;
  }
}
