/**
 * The low-level client: JSON-RPC to the app-server with nothing hidden. `request` any method,
 * `notify`, answer the server's requests with `onRequest`, and read every notification with
 * `onNotification` or `notifications()`. The high-level `Codex`/`Thread`/`TurnHandle` API is
 * built on it; reach for it when you need a method the high-level API does not wrap.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const config = await codex.client.request("config/read", {});
 * ```
 * @module
 */

import type { CodexError, TransportClosedError } from "./errors.ts";
import type { MessageConnection } from "./rpc/connection.ts";
import { type IncomingRequestHandler, JsonRpcPeer, type RequestOptions } from "./rpc/peer.ts";
import { AsyncQueue } from "./util/async_queue.ts";

/** A notification from the app-server. */
export interface RawNotification {
  /** The method, e.g. `"turn/completed"`. */
  method: string;
  /** Its params. */
  params: unknown;
}

/** Options of {@link CodexClient}. */
export interface CodexClientOptions {
  /** Default timeout of every request, in ms; 0 disables. Default 300000. */
  requestTimeoutMs?: number;
  /** Called for every protocol fault (garbage line, unknown response id, …). Never fatal. */
  onError?: (error: CodexError) => void;
}

/** JSON-RPC to the app-server over any {@link MessageConnection}. */
export class CodexClient {
  readonly #peer: JsonRpcPeer;
  readonly #listeners = new Set<(notification: RawNotification) => void>();

  /** Resolves (never rejects) with the close error once the connection has ended. */
  readonly closed: Promise<TransportClosedError>;

  /** Starts the client on `connection`. */
  constructor(connection: MessageConnection, options: CodexClientOptions = {}) {
    this.#peer = new JsonRpcPeer(connection, {
      requestTimeoutMs: options.requestTimeoutMs,
      onNotification: (method, params) => this.#dispatch({ method, params }),
      onError: options.onError,
    });
    this.closed = this.#peer.closed;
  }

  /** Whether the connection has ended. */
  get isClosed(): boolean {
    return this.#peer.isClosed;
  }

  /** Sends a request; resolves with its result or rejects with a typed error. */
  request(method: string, params?: unknown, options?: RequestOptions): Promise<unknown> {
    return this.#peer.request(method, params, options);
  }

  /** Sends a notification. */
  notify(method: string, params?: unknown): void {
    this.#peer.notify(method, params);
  }

  /** Answers the server's requests for `method`. Returns a function that removes the handler. */
  onRequest(method: string, handler: IncomingRequestHandler): () => void {
    return this.#peer.onRequest(method, handler);
  }

  /** Calls `listener` for every notification, synchronously. Returns a function that removes it. */
  onNotification(listener: (notification: RawNotification) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Every notification from now on, as an async iterator that ends when the connection closes.
   * Buffers without bound while not consumed: stop iterating (`break`) when you are done.
   */
  notifications(): AsyncIterableIterator<RawNotification> {
    const queue: AsyncQueue<RawNotification> = new AsyncQueue({ onCancel: () => remove() });
    const remove = this.onNotification((notification) => queue.push(notification));
    this.closed.then(() => queue.end());
    return queue;
  }

  /** Closes the connection; pending requests fail with `TransportClosedError`. Idempotent. */
  close(): Promise<void> {
    return this.#peer.close();
  }

  #dispatch(notification: RawNotification): void {
    for (const listener of this.#listeners) listener(notification);
  }
}
