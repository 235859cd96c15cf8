/**
 * What keeps the program running while a compat turn is in progress. The compat app-server is
 * started with `keepAlive: false` (its process and pipes never hold the program), so an
 * official-SDK program that never calls `close()` still exits when its work is done; while it
 * awaits a turn, one timer holds the event loop instead (a pending promise alone would not).
 *
 * @example
 * ```ts
 * import { KeepAlive } from "./keep_alive.ts";
 *
 * const keepAlive = new KeepAlive();
 * const release = keepAlive.hold();
 * // … await the turn …
 * release();
 * ```
 * @module
 */

// Long enough never to fire in practice; a timer's delay must stay below 2^31 ms.
const HOLD_MS = 2 ** 30;

/** Counts the holders; one timer runs while there is any. */
export class KeepAlive {
  #holders = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Holds the program open until the returned function is called (once). */
  hold(): () => void {
    if (this.#holders++ === 0) this.#timer = setInterval(() => {}, HOLD_MS);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#holders === 0) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    };
  }
}
