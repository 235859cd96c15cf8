/**
 * Hands each value to every current subscriber, synchronously, in order: the one fan-out of the
 * SDK (the client's `onNotification` listeners and `notifications()` readers, and
 * `codex.notifications()`). A subscriber is a callback (`add`) or an async-iterator reader
 * (`read`) that ends when the fan-out does (`end`) or when its consumer stops.
 *
 * @example
 * ```ts
 * import { FanOut } from "./fan_out.ts";
 *
 * const numbers = new FanOut<number>();
 * const reader = numbers.read();
 * numbers.deliver(1);
 * numbers.end();
 * for await (const n of reader) console.log(n); // 1
 * ```
 * @module
 */

import { AsyncQueue } from "./async_queue.ts";

/** Delivers values to every subscriber. */
export class FanOut<T> {
  // Replaced on change (copy on write), not a Set: iterating a Set allocates an iterator, and
  // this array is walked once per value on the hot path.
  #targets: readonly ((value: T) => void)[] = [];
  #ended = false;
  readonly #readers = new Set<AsyncQueue<T>>();

  /** Whether there is no subscriber (`deliver` would do nothing). */
  get empty(): boolean {
    return this.#targets.length === 0;
  }

  /** Calls `target` with every value from now on; returns a function that removes it. */
  add(target: (value: T) => void): () => void {
    this.#targets = [...this.#targets, target];
    return () => {
      this.#targets = this.#targets.filter((t) => t !== target);
    };
  }

  /** Hands `value` to every subscriber, in the order they subscribed. */
  deliver(value: T): void {
    const targets = this.#targets;
    for (let i = 0; i < targets.length; i++) targets[i](value);
  }

  /**
   * A reader of every value from now on, until {@link end} (or at once ended, after it).
   * Buffers while not consumed; stopping the iteration (`break`) unsubscribes it.
   */
  read(): AsyncIterableIterator<T> {
    if (this.#ended) return new AsyncQueue<T>().ended();
    const queue: AsyncQueue<T> = new AsyncQueue({
      onCancel: () => {
        this.#readers.delete(queue);
        remove();
      },
    });
    const remove = this.add((value) => queue.push(value));
    this.#readers.add(queue);
    return queue;
  }

  /** Ends every reader (after what each has buffered); later readers end at once. Idempotent. */
  end(): void {
    this.#ended = true;
    for (const queue of this.#readers) queue.end();
    this.#readers.clear();
  }
}
