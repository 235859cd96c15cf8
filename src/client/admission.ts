/**
 * Admission control for a client's requests: at most `maxInFlightRequests` requests wait for the
 * app-server at once; the rest queue, in the order they were made, each honouring its own
 * `signal` and timeout (the timeout counts from the call, queueing included). An answer of
 * `-32001` (the server's ingress queue is full; it did none of the work) is retried with the one
 * backoff, holding the request's place, up to `overloadRetry.maxAttempts` attempts; then the call
 * rejects with `RetryLimitExceededError`.
 *
 * The app-server's ingress queue holds 128 requests; past that it answers `-32001`. The default
 * bound of 64 leaves half of it to other clients of the same server and to retries.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * // 300 thread starts at once: 64 go out, the rest wait their turn; none fails for overload.
 * await using codex = await Codex.start({ maxInFlightRequests: 64 });
 * const threads = await Promise.all(Array.from({ length: 300 }, () => codex.threadStart()));
 * ```
 * @module
 */

import { backoffDelay } from "../util/backoff.ts";
import { InvalidArgumentError } from "../util/errors.ts";
import { TimeoutError } from "../rpc/errors.ts";
import type { RequestOptions } from "../rpc/peer.ts";
import { RetryLimitExceededError, ServerBusyError } from "./errors.ts";

/** The default {@link AdmissionOptions.maxInFlightRequests}: 64, half the app-server's ingress queue. */
export const DEFAULT_MAX_IN_FLIGHT_REQUESTS: number = 64;

/** How `-32001` answers are retried (the one backoff: doubling, capped, with jitter). */
export interface OverloadRetryOptions {
  /** Attempts in all, the first included. Default 8. */
  maxAttempts?: number;
  /** The first wait, in ms. Default 50. */
  initialDelayMs?: number;
  /** The longest wait before jitter, in ms. Default 2000. */
  maxDelayMs?: number;
  /** How far each wait moves at random, up or down, as a fraction of it. Default 0.2. */
  jitterRatio?: number;
}

/** Options of admission control, on `Codex.start`, `Codex.connect` and `CodexClient`. */
export interface AdmissionOptions {
  /**
   * How many requests may wait for the app-server at once; the rest queue in order. Default
   * {@link DEFAULT_MAX_IN_FLIGHT_REQUESTS} (64); `Infinity` sends every request at once.
   */
  maxInFlightRequests?: number;
  /**
   * Retrying of requests the server turned away with `-32001` (busy; it did none of the work):
   * default up to 8 attempts with waits from 50 ms doubling to 2 s; `false` rejects at once with
   * `ServerBusyError`.
   */
  overloadRetry?: OverloadRetryOptions | false;
}

interface Waiter {
  admit: () => void;
}

/** Bounds the requests in flight, queues the rest, and retries overload answers. */
export class RequestAdmission {
  readonly #max: number;
  readonly #retry: Required<OverloadRetryOptions> | undefined;
  readonly #queue: Waiter[] = [];
  #inFlight = 0;

  /** Checks the options; throws {@link InvalidArgumentError} naming a bad one. */
  constructor(options: AdmissionOptions = {}) {
    const max = options.maxInFlightRequests ?? DEFAULT_MAX_IN_FLIGHT_REQUESTS;
    if (!(max === Infinity || (Number.isInteger(max) && max >= 1))) {
      throw new InvalidArgumentError("maxInFlightRequests", `must be a whole number ≥ 1 or Infinity, got ${String(max)}`);
    }
    this.#max = max;
    const retry = options.overloadRetry;
    if (retry === false) {
      this.#retry = undefined;
    } else {
      if (retry !== undefined && (typeof retry !== "object" || retry === null)) {
        throw new InvalidArgumentError("overloadRetry", "must be false or { maxAttempts, initialDelayMs, maxDelayMs, jitterRatio }");
      }
      this.#retry = {
        maxAttempts: retry?.maxAttempts ?? 8,
        initialDelayMs: retry?.initialDelayMs ?? 50,
        maxDelayMs: retry?.maxDelayMs ?? 2000,
        jitterRatio: retry?.jitterRatio ?? 0.2,
      };
      for (const [name, value] of Object.entries(this.#retry)) {
        const ok = typeof value === "number" && Number.isFinite(value) && value >= 0 &&
          (name !== "maxAttempts" || (Number.isInteger(value) && value >= 1)) && (name !== "jitterRatio" || value <= 1);
        if (!ok) throw new InvalidArgumentError(`overloadRetry.${name}`, `got ${String(value)}`);
      }
    }
  }

  /** Requests waiting for the server now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Requests waiting for their turn to be sent. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Runs `send` when a place is free, within the call's `timeoutMs` (else `defaultTimeoutMs`)
   * counted from now and its `signal`; `send` gets the call's options with what is left of the
   * timeout (its other options, such as the envelope, pass through unchanged).
   */
  async run<T>(
    method: string,
    options: RequestOptions | undefined,
    defaultTimeoutMs: number,
    send: (options: RequestOptions) => Promise<T>,
  ): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) throw signal.reason;
    const timeoutMs = options?.timeoutMs ?? defaultTimeoutMs;
    const bounded = timeoutMs > 0 && Number.isFinite(timeoutMs);
    const deadline = bounded ? Date.now() + timeoutMs : Infinity;
    const remaining = (): RequestOptions => ({
      ...options,
      timeoutMs: bounded ? Math.max(1, deadline - Date.now()) : 0,
    });
    const timedOut = () => new TimeoutError(method, timeoutMs, "codex app-server");

    await this.#enter(signal, bounded ? deadline : undefined, timedOut);
    try {
      for (let attempt = 1;; attempt++) {
        try {
          return await send(remaining());
        } catch (error) {
          // The peer timed out on what was left: say so with the caller's own timeout.
          if (error instanceof TimeoutError && bounded) throw timedOut();
          const retry = this.#retry;
          if (!retry || !(error instanceof ServerBusyError) || error instanceof RetryLimitExceededError) throw error;
          if (attempt >= retry.maxAttempts) throw new RetryLimitExceededError(error, attempt);
          const delay = backoffDelay(attempt, retry);
          if (Date.now() + delay >= deadline) throw timedOut();
          await wait(delay, signal);
        }
      }
    } finally {
      this.#leave();
    }
  }

  #enter(signal: AbortSignal | undefined, deadline: number | undefined, timedOut: () => Error): Promise<void> {
    if (this.#inFlight < this.#max && this.#queue.length === 0) {
      this.#inFlight++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => give(signal!.reason);
      const give = (reason: unknown) => {
        const index = this.#queue.indexOf(waiter);
        if (index !== -1) this.#queue.splice(index, 1);
        cleanup();
        reject(reason);
      };
      const cleanup = () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const waiter: Waiter = {
        admit: () => {
          cleanup();
          this.#inFlight++;
          resolve();
        },
      };
      this.#queue.push(waiter);
      if (deadline !== undefined) timer = setTimeout(() => give(timedOut()), Math.max(0, deadline - Date.now()));
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  #leave(): void {
    this.#inFlight--;
    while (this.#inFlight < this.#max && this.#queue.length > 0) this.#queue.shift()!.admit();
  }
}

/** Checks admission options up front (before a process is started); throws {@link InvalidArgumentError}. */
export function checkAdmissionOptions(options: AdmissionOptions): void {
  new RequestAdmission(options);
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
