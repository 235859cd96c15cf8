/**
 * The one deadline helper: wait for a promise, but no longer than a bound, and leave no timer
 * behind. Every "wait at most N ms" in the SDK (process exit, the WebSocket closing handshake,
 * the reconnect handshake, an approval handler) goes through it.
 *
 * @example
 * ```ts
 * import { within } from "./deadline.ts";
 *
 * const status = await within(new Promise<number>(() => {}), 10);
 * console.log(status); // undefined: the bound passed first
 * ```
 * @module
 */

/** Resolves with `promise`'s value, or with undefined once `ms` have passed; rejects as `promise` does. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}
