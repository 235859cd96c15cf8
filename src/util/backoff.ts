/**
 * The one backoff: exponential, capped, with jitter so that many clients turned away at the same
 * moment do not come back at the same moment. `retryOnOverload` and the reconnecting connection
 * both wait by it.
 *
 * @example
 * ```ts
 * import { backoffDelay } from "./backoff.ts";
 *
 * backoffDelay(3, { initialDelayMs: 250, maxDelayMs: 5000, jitterRatio: 0 }); // 1000
 * ```
 * @module
 */

/** The shape of a backoff. */
export interface Backoff {
  /** The wait after the first failure, in ms; it doubles after each further one. */
  initialDelayMs: number;
  /** The longest wait before jitter, in ms. */
  maxDelayMs: number;
  /** How far each wait moves at random, as a fraction of it, up or down (0.2 → ±20 %). */
  jitterRatio: number;
}

/** The wait before attempt `attempt + 1`, after `attempt` (counting from 1) failed, in whole ms. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  // The exponent is bounded so that 0 · 2^n never becomes 0 · Infinity = NaN.
  const base = Math.min(backoff.initialDelayMs * 2 ** Math.min(attempt - 1, 30), backoff.maxDelayMs);
  return Math.max(0, Math.round(base * (1 + backoff.jitterRatio * (2 * random() - 1))));
}
