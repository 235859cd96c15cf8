/**
 * What `codex.notifications()` and `codex.client.notifications()` read: the notifications that
 * are no turn's, in wire order (early events that no turn took in their places), to every
 * reader from the moment it started reading; `codex.notifications()` also gets the SDK's own
 * events (a `connection/gap` after a reconnect).
 *
 * @module
 */

import type { Notification } from "../protocol/messages.ts";
import { FanOut } from "../util/fan_out.ts";
import type { ConnectionGapEvent } from "./turn/events.ts";

/** What `codex.notifications()` yields: every notification no turn took, and connection gaps. */
export type ClientEvent = Notification | ConnectionGapEvent;

/** Fans the notifications no turn took (and the SDK's events) out to both kinds of reader. */
export class NotificationFeed {
  readonly #events = new FanOut<ClientEvent>();
  readonly #notifications = new FanOut<Notification>();

  /** Hands a notification no turn took to every reader of either kind. */
  readonly notATurns = (notification: Notification): void => {
    this.#events.deliver(notification);
    this.#notifications.deliver(notification);
  };

  /** Hands `event` (a notification, or an SDK event) to `codex.notifications()` readers; notifications to the client's too. */
  deliver(event: ClientEvent): void {
    if (event.method === "connection/gap") this.#events.deliver(event);
    else this.notATurns(event as Notification);
  }

  /** A `codex.notifications()` reader: every event from now on, until the connection ends or the reader stops. */
  read(): AsyncIterableIterator<ClientEvent> {
    return this.#events.read();
  }

  /** A `client.notifications()` reader: the notifications alone. */
  readNotifications(): AsyncIterableIterator<Notification> {
    return this.#notifications.read();
  }

  /** The connection ended: every reader ends after what it has buffered. */
  end(): void {
    this.#events.end();
    this.#notifications.end();
  }
}
