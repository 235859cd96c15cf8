/**
 * What `codex.notifications()` reads: the notifications no turn took, and the SDK's own events
 * (a `connection/gap` after a reconnect), to every reader from the moment it started reading.
 *
 * @module
 */

import type { Notification } from "../protocol/messages.ts";
import { AsyncQueue } from "../util/async_queue.ts";
import type { ConnectionGapEvent } from "./turn/events.ts";

/** What `codex.notifications()` yields: every notification no turn took, and connection gaps. */
export type ClientEvent = Notification | ConnectionGapEvent;

/** Fans events out to every open reader; readers end when `closed` settles. */
export class NotificationFeed {
  // Replaced on change (copy on write), not a Set: it is walked once per notification.
  #readers: readonly ((event: ClientEvent) => void)[] = [];
  readonly #closed: Promise<unknown>;

  /** Readers end once `closed` settles (the connection ended). */
  constructor(closed: Promise<unknown>) {
    this.#closed = closed;
  }

  /** Hands `event` to every reader. */
  deliver(event: ClientEvent): void {
    const readers = this.#readers;
    for (let i = 0; i < readers.length; i++) readers[i](event);
  }

  /** A new reader: every event from now on, until the connection ends or the reader stops. */
  read(): AsyncIterableIterator<ClientEvent> {
    const queue: AsyncQueue<ClientEvent> = new AsyncQueue({
      onCancel: () => {
        this.#readers = this.#readers.filter((p) => p !== push);
      },
    });
    const push = (event: ClientEvent): void => queue.push(event);
    this.#readers = [...this.#readers, push];
    this.#closed.then(() => queue.end());
    return queue;
  }
}
