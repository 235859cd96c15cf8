/**
 * What a mock model received, with a way to wait for it: the model requests in order, every
 * HTTP exchange, and promises that resolve once enough requests have arrived.
 *
 * @example
 * ```ts
 * import { RequestLog } from "./request_log.ts";
 * const log = new RequestLog();
 * const arrived = log.waitFor(1);
 * log.record({ index: 0, method: "POST", path: "/v1/responses", receivedAt: 0, body: {} });
 * (await arrived).length; // 1
 * ```
 * @module
 */
import type { MockRequest } from "./requests.ts";
import { MockModelError } from "./errors.ts";

/** Options of {@linkcode MockModel.waitForRequests}. */
export interface WaitForRequestsOptions {
  /** Give up after this many milliseconds (default 10 000). */
  readonly timeoutMs?: number;
}

/** One HTTP request the mock served, whatever its route. */
export interface MockHttpLogEntry {
  /** HTTP method. */
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  /** The status answered (200 for event streams). */
  readonly status: number;
}

interface Waiter {
  readonly count: number;
  readonly resolve: (requests: readonly MockRequest[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * The mock's record of requests and the waiters on it.
 *
 * @example
 * ```ts
 * const log = new RequestLog();
 * log.logHttp({ method: "GET", path: "/x", status: 404 });
 * log.httpLog.length; // 1
 * ```
 */
export class RequestLog {
  readonly #requests: MockRequest[] = [];
  readonly #httpLog: MockHttpLogEntry[] = [];
  readonly #waiters = new Set<Waiter>();
  #closed = false;

  /** Model requests, oldest first. */
  get requests(): readonly MockRequest[] {
    return this.#requests;
  }

  /** Every HTTP exchange, oldest first. */
  get httpLog(): readonly MockHttpLogEntry[] {
    return this.#httpLog;
  }

  /** Appends a model request and wakes the waiters it satisfies. */
  record(request: MockRequest): void {
    this.#requests.push(request);
    for (const waiter of this.#waiters) {
      if (this.#requests.length < waiter.count) continue;
      clearTimeout(waiter.timer);
      this.#waiters.delete(waiter);
      waiter.resolve(this.#requests.slice());
    }
  }

  /** Appends an HTTP exchange. */
  logHttp(entry: MockHttpLogEntry): void {
    this.#httpLog.push(entry);
  }

  /** Resolves with a snapshot once `count` model requests have arrived. */
  waitFor(count: number, options: WaitForRequestsOptions = {}): Promise<readonly MockRequest[]> {
    const got = (): string => `${count} model requests (got ${this.#requests.length})`;
    if (this.#requests.length >= count) return Promise.resolve(this.#requests.slice());
    if (this.#closed) return Promise.reject(new MockModelError("mock_closed", `MockModel is closed; wanted ${got()}`));
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new MockModelError("mock_wait_timeout", `MockModel: waited ${timeoutMs} ms for ${got()}`));
      }, timeoutMs);
      const waiter: Waiter = { count, resolve, reject, timer };
      this.#waiters.add(waiter);
    });
  }

  /** Rejects every pending waiter (the mock is closing) and refuses new ones. */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(
        new MockModelError(
          "mock_closed",
          `MockModel closed while waiting for ${waiter.count} model requests (got ${this.#requests.length})`,
        ),
      );
    }
    this.#waiters.clear();
  }
}
