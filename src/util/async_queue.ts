/**
 * A single-consumer queue that turns pushed values into an async iterator: the bridge between
 * the connection's synchronous dispatch and a `for await` loop. Values pushed while nobody waits
 * are buffered; `end()` lets the consumer drain the buffer and stop; `fail()` throws to it.
 *
 * @example
 * ```ts
 * import { AsyncQueue } from "./async_queue.ts";
 *
 * const queue = new AsyncQueue<number>();
 * queue.push(1);
 * queue.end();
 * for await (const n of queue) console.log(n);
 * ```
 * @module
 */

/** Options of {@link AsyncQueue}. */
export interface AsyncQueueOptions {
  /** Called once when the consumer stops early (`break`, `return()`), so the producer can detach. */
  onCancel?: () => void;
}

/** A push/pull queue with one consumer. */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  #buffer: T[] = [];
  #head = 0;
  #waiter: ((result: IteratorResult<T>) => void) | undefined;
  #failWaiter: ((error: unknown) => void) | undefined;
  #ended = false;
  #error: unknown = undefined;
  #failed = false;
  readonly #onCancel?: () => void;

  /** Creates an empty queue. */
  constructor(options: AsyncQueueOptions = {}) {
    this.#onCancel = options.onCancel;
  }

  /** How many values wait to be consumed. */
  get size(): number {
    return this.#buffer.length - this.#head;
  }

  /** Whether `end()` or `fail()` was called (or the consumer cancelled). */
  get done(): boolean {
    return this.#ended;
  }

  /** Adds a value; ignored after the queue has ended. */
  push(value: T): void {
    if (this.#ended) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = this.#failWaiter = undefined;
      waiter({ value, done: false });
    } else {
      this.#buffer.push(value);
    }
  }

  /** Ends the queue: the consumer gets what is buffered, then stops. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#settleWaiter();
  }

  /**
   * Ends the queue with an error: the consumer gets what is buffered, then the error (or the
   * error at once, with `discardBuffered`).
   */
  fail(error: unknown, options: { discardBuffered?: boolean } = {}): void {
    if (this.#ended) return;
    if (options.discardBuffered) {
      this.#buffer = [];
      this.#head = 0;
    }
    this.#ended = true;
    this.#failed = true;
    this.#error = error;
    this.#settleWaiter();
  }

  /** Ends the queue and returns it: an iterator that yields nothing. */
  ended(): this {
    this.end();
    return this;
  }

  /** Takes the next value, waiting for one if needed. */
  next(): Promise<IteratorResult<T>> {
    if (this.#head < this.#buffer.length) {
      const buffer = this.#buffer;
      const value = buffer[this.#head];
      // Drop the reference at once: a consumed value must not live on in the buffer (and be
      // promoted to the old generation) until the next compaction.
      (buffer as (T | undefined)[])[this.#head++] = undefined;
      if (this.#head === buffer.length) {
        this.#buffer = [];
        this.#head = 0;
      } else if (this.#head > 1024 && this.#head * 2 > buffer.length) {
        this.#buffer = buffer.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ value: value as T, done: false });
    }
    if (this.#ended) {
      if (this.#failed) {
        this.#failed = false;
        return Promise.reject(this.#error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.#waiter = resolve;
      this.#failWaiter = reject;
    });
  }

  /** Stops consuming early: the buffer is dropped and the producer told. */
  return(): Promise<IteratorResult<T>> {
    const wasEnded = this.#ended;
    this.#ended = true;
    this.#failed = false;
    this.#buffer = [];
    this.#head = 0;
    if (!wasEnded) this.#onCancel?.();
    this.#settleWaiter();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Returns itself: a queue is its own iterator. */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  #settleWaiter(): void {
    const waiter = this.#waiter;
    const failWaiter = this.#failWaiter;
    this.#waiter = this.#failWaiter = undefined;
    if (!waiter) return;
    if (this.#failed) {
      this.#failed = false;
      failWaiter!(this.#error);
    } else {
      waiter({ value: undefined, done: true });
    }
  }
}
