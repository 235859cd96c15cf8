/**
 * The client's hold on the app-server: one JSON-RPC peer per connection, the handshake, and,
 * when asked, reconnection — a layer above the peer, so the peer (and all of `rpc/`) stays plain
 * JSON-RPC. When a connection drops, the link opens a new one (`reconnect.ts`), runs the same
 * handshake as the first connect on it (version window included), runs the restore hooks (the
 * `Codex` resumes its threads there), and only then releases the calls that waited.
 *
 * @example
 * ```ts
 * import { ClientLink } from "./link.ts";
 * import { memoryPair } from "../rpc/memory_pair.ts";
 *
 * const [connection] = memoryPair();
 * const link = new ClientLink(connection, { peer: {} });
 * await link.close();
 * ```
 * @module
 */

import { abortable } from "../util/abortable.ts";
import { JsonRpcPeer, type JsonRpcPeerOptions, type RequestOptions } from "../rpc/peer.ts";
import { TransportClosedError } from "../rpc/errors.ts";
import type { MessageConnection } from "../rpc/connection.ts";
import type { IncomingRequestHandler } from "../rpc/peer.ts";
import { CodexError } from "../util/errors.ts";
import { type CodexMetadata, handshake, type HandshakeChannel, type InitializeOptions } from "./handshake.ts";
import { IncompatibleAppServerError, RestoreHookFailedError } from "./errors.ts";
import { type AttemptOutcome, type ClientReconnectOptions, type ConnectionGap, reopen } from "./reconnect.ts";

/** Options of {@link ClientLink}. */
export interface ClientLinkOptions {
  /** The options of each connection's peer (its close and request dispatch are the link's). */
  peer: Omit<JsonRpcPeerOptions, "onClose" | "onUnhandledRequest">;
  /** Answers every server request, on whichever connection it comes (the client's router). */
  answer?: IncomingRequestHandler;
  /** How to get a new connection when this one drops; none: a drop closes the link. */
  reconnect?: ClientReconnectOptions;
}

/** A connection's direct line, used while the link restores it (never held back). */
export interface DirectChannel extends HandshakeChannel {
  /** Sends a request on this connection now. */
  request(method: string, params?: unknown, options?: RequestOptions): Promise<unknown>;
}

/** Called once a dropped connection is back and initialized, before waiting calls are released. */
export type RestoreHook = (gap: ConnectionGap, channel: DirectChannel) => void | Promise<void>;

/** One client's connection to the app-server, across reconnects. */
export class ClientLink {
  readonly #options: ClientLinkOptions;
  readonly #stopping = new AbortController();
  #peer: JsonRpcPeer;
  #closedError: TransportClosedError | undefined;
  #resolveClosed!: (error: TransportClosedError) => void;
  /** Set while a dropped connection is being restored: calls wait for it. */
  #restoring: Promise<void> | undefined;
  #generation = 0;
  #handshake: InitializeOptions | undefined;
  #metadata: CodexMetadata | null = null;
  #restoreHooks: readonly RestoreHook[] = [];

  /** Resolves (never rejects) with the close error once the link has ended for good. */
  readonly closed: Promise<TransportClosedError>;

  /** Starts the link on `connection`. */
  constructor(connection: MessageConnection, options: ClientLinkOptions) {
    this.#options = options;
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#peer = this.#attach(connection);
  }

  /** Whether the link has ended for good. */
  get isClosed(): boolean {
    return this.#closedError !== undefined;
  }

  /** How many requests wait for an answer on the current connection. */
  get pendingCount(): number {
    return this.#peer.pendingCount;
  }

  /** The last handshake's answer (`null` before the first). */
  get metadata(): CodexMetadata | null {
    return this.#metadata;
  }

  /**
   * Runs the handshake on the current connection and remembers its options, to run it again on
   * each connection a reconnect opens.
   */
  async initialize(options: InitializeOptions): Promise<CodexMetadata> {
    const metadata = await handshake(this.#direct(this.#peer), options);
    this.#handshake = options;
    this.#metadata = metadata;
    return metadata;
  }

  /** Registers a restore hook; returns a function that removes it. */
  onRestored(hook: RestoreHook): () => void {
    this.#restoreHooks = [...this.#restoreHooks, hook];
    return () => {
      this.#restoreHooks = this.#restoreHooks.filter((h) => h !== hook);
    };
  }

  /**
   * Sends a request. While a dropped connection is being restored it waits, then goes out on
   * the new one. One the drop cut off is sent again (`resendCutOff`) or fails.
   */
  async request(method: string, params?: unknown, options?: RequestOptions): Promise<unknown> {
    for (;;) {
      while (this.#restoring) await abortable(this.#restoring, options?.signal);
      if (this.#closedError) throw this.#closedError;
      const peer = this.#peer;
      try {
        return await peer.request(method, params, options);
      } catch (error) {
        const cutOff = error instanceof TransportClosedError && !this.#closedError &&
          (peer !== this.#peer || this.#restoring !== undefined);
        if (!cutOff) throw error;
        if (!this.#options.reconnect?.resendCutOff) {
          throw new TransportClosedError(error, "(the connection dropped; reconnecting; this request was lost)");
        }
        if (options?.signal?.aborted) throw options.signal.reason;
      }
    }
  }

  /** Sends a notification (after the restore, while one is under way). */
  notify(method: string, params?: unknown): void {
    if (this.#restoring) void this.#restoring.then(() => this.notify(method, params));
    else this.#peer.notify(method, params);
  }

  /** Closes for good: stops reconnecting and closes the current connection. Idempotent. */
  async close(): Promise<void> {
    this.#stopping.abort();
    await this.#peer.close();
    await this.closed;
  }

  #attach(connection: MessageConnection): JsonRpcPeer {
    const peer: JsonRpcPeer = new JsonRpcPeer(connection, {
      ...this.#options.peer,
      // Without an answerer, the peer's own default: a -32601 error.
      ...(this.#options.answer ? { onUnhandledRequest: this.#options.answer } : {}),
      // Called as the peer ends, before the rejections of its pending requests are seen: a
      // request cut off by a drop then finds the restore under way.
      onClose: (error) => this.#dropped(peer, error),
    });
    return peer;
  }

  #direct(peer: JsonRpcPeer): DirectChannel {
    return {
      request: (method, params, options) => peer.request(method, params, options),
      notify: (method) => peer.notify(method),
    };
  }

  #dropped(peer: JsonRpcPeer, error: TransportClosedError): void {
    // A connection being tried, or one already replaced: not the link's to end.
    if (peer !== this.#peer) return;
    const reconnect = this.#options.reconnect;
    if (!reconnect || !this.#handshake || this.#stopping.signal.aborted) {
      this.#finish(error);
      return;
    }
    const generation = ++this.#generation;
    this.#restoring = this.#restore(reconnect, error).finally(() => {
      if (this.#generation === generation) this.#restoring = undefined;
    });
  }

  async #restore(reconnect: ClientReconnectOptions, lost: TransportClosedError): Promise<void> {
    const result = await reopen(reconnect, lost.reason, this.#stopping.signal, (connection) => this.#take(connection));
    if ("failed" in result) {
      this.#finish(new TransportClosedError({ ...lost, reason: result.failed }, undefined, lost.peer));
      return;
    }
    const channel = this.#direct(this.#peer);
    for (const hook of this.#restoreHooks) {
      try {
        await hook(result.gap, channel);
      } catch (error) {
        // A hook's failure must not keep the calls waiting: reported, and the restore goes on.
        this.#options.peer.onError?.(
          error instanceof CodexError
            ? error
            : new RestoreHookFailedError(error),
        );
      }
    }
  }

  /** Takes a newly opened connection over: the handshake on it, then it is the current one. */
  async #take(connection: MessageConnection): Promise<AttemptOutcome> {
    const peer = this.#attach(connection);
    const stop = (): void => void peer.close();
    this.#stopping.signal.addEventListener("abort", stop, { once: true });
    try {
      this.#metadata = await handshake(this.#direct(peer), this.#handshake!);
      this.#peer = peer;
      return "restored";
    } catch (error) {
      await peer.close().catch(() => {});
      // A server outside the version window stays outside it: trying again would not help.
      if (error instanceof IncompatibleAppServerError) return { stop: error.message };
      return "retry";
    } finally {
      this.#stopping.signal.removeEventListener("abort", stop);
    }
  }

  #finish(error: TransportClosedError): void {
    if (this.#closedError) return;
    this.#closedError = error;
    this.#resolveClosed(error);
  }
}

