/**
 * The one "wait for this, unless the signal aborts first" helper: a login's `wait({ signal })`,
 * a call waiting for a restored connection, … all give up the same way, with the signal's
 * reason, and leave no listener behind.
 *
 * @example
 * ```ts
 * import { abortable } from "./abortable.ts";
 *
 * const controller = new AbortController();
 * const waiting = abortable(new Promise<number>(() => {}), controller.signal);
 * controller.abort(new Error("stopped"));
 * await waiting.catch((reason) => console.log(reason.message)); // "stopped"
 * ```
 * @module
 */

/** `promise`'s outcome, or a rejection with the signal's reason once it aborts (at once if it has). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
