/**
 * Retrying what the app-server turned away while busy: exponential backoff with jitter, only for
 * the errors where trying again can succeed ({@link isRetryableError}), abortable, and never
 * silent (`onRetry` sees every retry).
 *
 * @example
 * ```ts
 * import { type Codex, retryOnOverload } from "@codex/sdk";
 *
 * declare const codex: Codex;
 * const started = await retryOnOverload(() => codex.client.request("thread/start", {}), {
 *   onRetry: ({ attempt, delayMs, error }) =>
 *     console.warn(`attempt ${attempt}: ${error.message}; retrying in ${delayMs} ms`),
 * });
 * console.log(started.thread.id);
 * ```
 * @module
 */

import { InvalidArgumentError } from "../util/errors.ts";
import { JsonRpcError } from "../rpc/errors.ts";
import { RetryLimitExceededError, ServerBusyError } from "../client/errors.ts";
import { backoffDelay } from "../util/backoff.ts";
import { recordRetryEvent } from "../telemetry/otel.ts";

/**
 * Whether `error` says "not now" rather than "no": trying again later can succeed.
 *
 * True for:
 * - {@link ServerBusyError}: the server is overloaded (-32001, or `server_overloaded` in the
 *   data). Retry the same call on the same client after a backoff.
 * - the draining error: any {@link JsonRpcError} whose `data.reason` is `"serverShuttingDown"`
 *   (the app-server's "Server is draining; retry after reconnecting", an
 *   `InvalidRequestError`). The server is going away, so retrying on the same client will
 *   not help: the retried function must reconnect (e.g. start a new `Codex`) first.
 *
 * False for everything else: invalid params, unknown methods, a closed transport, a timeout, plain
 * errors, and {@link RetryLimitExceededError} (its retries are already spent; retrying it again
 * would multiply the attempts of nested retry loops).
 *
 * @example
 * ```ts
 * import { InvalidParamsError, isRetryableError, ServerBusyError } from "@codex/sdk";
 *
 * isRetryableError(new ServerBusyError({ code: -32001, message: "Server overloaded; retry later." })); // true
 * isRetryableError(new InvalidParamsError({ code: -32600, message: "Invalid request: invalid type: …" })); // false
 * ```
 */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof RetryLimitExceededError) return false;
  if (error instanceof ServerBusyError) return true;
  return error instanceof JsonRpcError && isDraining(error.data);
}

function isDraining(data: unknown): boolean {
  return typeof data === "object" && data !== null &&
    (data as { reason?: unknown }).reason === "serverShuttingDown";
}

/** What {@link RetryOptions.onRetry} is told before each wait. */
export interface RetryInfo {
  /** The attempt that just failed, counting from 1. The next one is `attempt + 1`. */
  attempt: number;
  /** How long the wait before the next attempt is, in ms (jitter included). */
  delayMs: number;
  /** The retryable error the attempt failed with. */
  error: JsonRpcError;
}

/** Options of {@link retryOnOverload}. */
export interface RetryOptions {
  /** How many attempts in all, the first included; an integer ≥ 1. Default 3. */
  maxAttempts?: number;
  /** The wait after the first failure, in ms; it doubles after each further one. Default 250. */
  initialDelayMs?: number;
  /** The longest wait (before jitter), in ms; ≥ `initialDelayMs`. Default 2000, or `initialDelayMs` if larger. */
  maxDelayMs?: number;
  /**
   * How far each wait is moved at random, as a fraction of it, up or down: 0.2 makes a 1000 ms
   * wait anywhere in 800–1200 ms, so that clients turned away together do not return together.
   * In [0, 1]. Default 0.2.
   */
  jitterRatio?: number;
  /** Stops retrying: a wait in progress ends at once and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called before each wait, so retries are never silent. An exception from it ends the retrying. */
  onRetry?: (info: RetryInfo) => void;
}

/**
 * Calls `fn` until it succeeds, retrying with exponential backoff while it fails with a retryable
 * error ({@link isRetryableError}). Any other error is thrown at once, unchanged.
 *
 * The wait before attempt `n + 1` is `initialDelayMs · 2^(n−1)`, capped at `maxDelayMs`, then
 * moved by up to ± `jitterRatio` of itself. When the last attempt fails retryably, rejects with
 * {@link RetryLimitExceededError} (`attempts`, and the last error as `cause`). `fn` gets the
 * attempt number (from 1), e.g. to reconnect before retrying after the draining error. An invalid
 * option rejects with {@link InvalidArgumentError} naming it.
 *
 * `signal` is not passed to `fn`; hand it to the request too, to abort an attempt in flight.
 *
 * @example
 * ```ts
 * import { type Codex, retryOnOverload } from "@codex/sdk";
 *
 * declare const codex: Codex;
 * const signal = AbortSignal.timeout(30_000);
 * const models = await retryOnOverload(
 *   () => codex.client.request("model/list", {}, { signal }),
 *   { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 8000, signal },
 * );
 * ```
 */
export async function retryOnOverload<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { maxAttempts, initialDelayMs, maxDelayMs, jitterRatio, signal, onRetry } = checkOptions(fn, options);
  signal?.throwIfAborted();
  for (let attempt = 1;; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!isRetryableError(error)) throw error;
      const busy = error as JsonRpcError;
      if (attempt >= maxAttempts) throw new RetryLimitExceededError(busy, attempt);
      signal?.throwIfAborted();
      const delayMs = backoffDelay(attempt, { initialDelayMs, maxDelayMs, jitterRatio });
      onRetry?.({ attempt, delayMs, error: busy });
      recordRetryEvent({ attempt, delayMs, error: busy }); // telemetry (issue 21)
      await sleep(delayMs, signal);
    }
  }
}

type CheckedOptions = Required<Omit<RetryOptions, "signal" | "onRetry">> & Pick<RetryOptions, "signal" | "onRetry">;

function checkOptions(fn: unknown, options: RetryOptions): CheckedOptions {
  if (typeof fn !== "function") throw new InvalidArgumentError("fn", "must be a function returning a promise");
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options", "must be an object");
  }
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new InvalidArgumentError("maxAttempts", `must be an integer ≥ 1, got ${String(maxAttempts)}`);
  }
  const initialDelayMs = checkDelay("initialDelayMs", options.initialDelayMs ?? 250);
  const maxDelayMs = checkDelay("maxDelayMs", options.maxDelayMs ?? Math.max(2000, initialDelayMs));
  if (maxDelayMs < initialDelayMs) {
    throw new InvalidArgumentError("maxDelayMs", `must be ≥ initialDelayMs (${initialDelayMs}), got ${maxDelayMs}`);
  }
  const jitterRatio = options.jitterRatio ?? 0.2;
  if (typeof jitterRatio !== "number" || !(jitterRatio >= 0 && jitterRatio <= 1)) {
    throw new InvalidArgumentError("jitterRatio", `must be a number in [0, 1], got ${String(jitterRatio)}`);
  }
  if (options.onRetry !== undefined && typeof options.onRetry !== "function") {
    throw new InvalidArgumentError("onRetry", "must be a function");
  }
  return { maxAttempts, initialDelayMs, maxDelayMs, jitterRatio, signal: options.signal, onRetry: options.onRetry };
}

function checkDelay(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(name, `must be a finite number of ms ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** Waits `ms`; an abort ends the wait at once (the timer is cleared) with the signal's reason. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    // `onRetry` may have aborted the signal already; its abort event is then in the past.
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
