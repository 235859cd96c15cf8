/**
 * The low-level client: JSON-RPC to the app-server with nothing hidden, typed by method from the
 * pinned protocol. `request` any client method (params and response typed), answer the server's
 * requests with `onRequest`, and read notifications with `onNotification` or `notifications()`.
 * The high-level `Codex`/`Thread`/`TurnHandle` API is built on it; reach for it when you need a
 * method the high-level API does not wrap.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const models = await codex.client.request("model/list", {});
 * console.log(models.data.map((model) => model.id));
 * ```
 * @module
 */

import type { ClientRequestMapWithExperimental } from "../protocol/generated/experimental/methods.ts";
import { type CodexError, InvalidArgumentError } from "../util/errors.ts";
import { type TransportClosedError } from "../rpc/errors.ts";
import type {
  Notification,
  RequestArgs,
  RequestMethod,
  RequestResponse,
  ServerRequestMethod,
  ServerRequestParams,
  ServerRequestResponse,
} from "../protocol/messages.ts";
import type { MessageConnection } from "../rpc/connection.ts";
import { rpcErrorFromWire } from "./errors.ts";
import { type IncomingRequestContext, JsonRpcPeer, type NO_REPLY, type RequestOptions } from "../rpc/peer.ts";
import { AsyncQueue } from "../util/async_queue.ts";
import { ValidationError, type Validator } from "../protocol/validation.ts";
import { withServerVersion } from "./version_window.ts";

// The server's version per client, learned at the handshake (client/handshake.ts) and named in
// MethodNotFoundError messages. Kept outside the class so no setter is public.
const serverVersions = new WeakMap<CodexClient, string | null>();

/** Records the version the handshake read (`null` when unreadable). Not exported by any entry. */
export function recordServerVersion(client: CodexClient, version: string | null): void {
  serverVersions.set(client, version);
}

/** A handler for server request `M`: gets its typed params, returns its typed answer (or `NO_REPLY`). */
export type ServerRequestHandler<M extends ServerRequestMethod> = (
  params: ServerRequestParams<M>,
  context: IncomingRequestContext,
) => ServerRequestResponse<M> | typeof NO_REPLY | Promise<ServerRequestResponse<M> | typeof NO_REPLY>;

/** Options of {@link CodexClient}. */
export interface CodexClientOptions {
  /** Default timeout of every request, in ms; 0 disables. Default 300000. */
  requestTimeoutMs?: number;
  /** Called for every protocol fault (garbage line, unknown response id, failed validation). Never fatal. */
  onError?: (error: CodexError) => void;
  /** Checks incoming messages; default none (use `loadValidator`). */
  validator?: Validator;
  /** Hides secrets in text the server sent before it goes into an error message. */
  redact?: (text: string) => string;
  /** Whether the connection was initialized with `experimentalApi` (enables `requestExperimental`). */
  experimentalApi?: boolean;
  /**
   * Offered each notification after the `onNotification` listeners; returning true takes it, so
   * it does not reach `notifications()`. The high-level `Codex` takes each turn's events this way.
   */
  claim?: (notification: Notification) => boolean;
  /**
   * Extra envelope members for every request that passes no `envelope` of its own, asked for at
   * each send (the high-level `Codex` returns the `trace` of the context the request runs in,
   * when tracing is on). Undefined: nothing is added.
   */
  envelope?: () => Readonly<Record<string, unknown>> | undefined;
}

/** JSON-RPC to the app-server over any {@link MessageConnection}. */
export class CodexClient {
  readonly #peer: JsonRpcPeer;
  // Arrays replaced on change (copy on write), not Sets: iterating a Set allocates an iterator,
  // and these are walked once per notification.
  #listeners: readonly ((notification: Notification) => void)[] = [];
  #unclaimed: readonly ((notification: Notification) => void)[] = [];
  readonly #validator: Validator | undefined;
  readonly #onError: ((error: CodexError) => void) | undefined;
  readonly #experimental: boolean;
  readonly #claim: ((notification: Notification) => boolean) | undefined;
  readonly #envelope: (() => Readonly<Record<string, unknown>> | undefined) | undefined;

  /** Resolves (never rejects) with the close error once the connection has ended. */
  readonly closed: Promise<TransportClosedError>;

  /** Starts the client on `connection`. */
  constructor(connection: MessageConnection, options: CodexClientOptions = {}) {
    this.#validator = options.validator;
    this.#onError = options.onError;
    this.#experimental = options.experimentalApi ?? false;
    this.#claim = options.claim;
    this.#envelope = options.envelope;
    this.#peer = new JsonRpcPeer(connection, {
      requestTimeoutMs: options.requestTimeoutMs,
      onNotification: (method, params, message) => this.#dispatch(method, params, message),
      onError: options.onError,
      redact: options.redact,
      errorFromWire: rpcErrorFromWire,
      peerName: "codex app-server",
    });
    this.closed = this.#peer.closed;
  }

  /** Whether the connection has ended. */
  get isClosed(): boolean {
    return this.#peer.isClosed;
  }

  /** How many requests wait for an answer. */
  get pendingRequests(): number {
    return this.#peer.pendingCount;
  }

  /**
   * Sends a client request of the pinned protocol; resolves with its typed response, or rejects
   * with a typed error (`InvalidParamsError`, `ServerBusyError`, `TimeoutError`, …).
   */
  request<M extends RequestMethod>(method: M, ...args: RequestArgs<M, RequestOptions>): Promise<RequestResponse<M>> {
    const [params, options] = args;
    return this.#checked(method, this.#peer.request(method, params ?? undefined, this.#withEnvelope(options))) as Promise<RequestResponse<M>>;
  }

  /**
   * Sends a request of the experimental surface (needs `experimentalApi: true` at start).
   * Typed from the pinned binary's `--experimental` schema.
   */
  requestExperimental<M extends keyof ClientRequestMapWithExperimental>(
    method: M,
    params: ClientRequestMapWithExperimental[M] extends { params: infer P } ? P
      : ClientRequestMapWithExperimental[M] extends { params?: infer P } ? P | undefined
      : never,
    options?: RequestOptions,
  ): Promise<ClientRequestMapWithExperimental[M]["response"]> {
    if (!this.#experimental) {
      return Promise.reject(
        new InvalidArgumentError("method", `${method} is experimental: start with Codex.start({ experimentalApi: true })`),
      );
    }
    return this.#peer.request(method, params ?? undefined, this.#withEnvelope(options)).catch(this.#withVersion) as Promise<
      ClientRequestMapWithExperimental[M]["response"]
    >;
  }

  /**
   * Sends any request, untyped: for methods newer than the pinned protocol. Prefer `request`.
   */
  requestUntyped(method: string, params?: unknown, options?: RequestOptions): Promise<unknown> {
    return this.#peer.request(method, params, this.#withEnvelope(options)).catch(this.#withVersion);
  }

  /** Sends a notification. */
  notify(method: string, params?: unknown): void {
    this.#peer.notify(method, params);
  }

  /**
   * Answers the server's requests for `method` with a typed handler; what it returns is the
   * answer, what it throws becomes an error answer. Returns a function that removes it.
   * (The high-level `Codex` answers every server request safely by default; see `approvals`.)
   */
  onRequest<M extends ServerRequestMethod>(method: M, handler: ServerRequestHandler<M>): () => void {
    return this.#peer.onRequest(method, (params, context) => {
      const issue = this.#validator?.serverRequest(method, params);
      if (issue) this.#onError?.(new ValidationError("server request", method, issue));
      return handler(params as ServerRequestParams<M>, context);
    });
  }

  /**
   * Calls `listener` for every notification, synchronously, before any is claimed (by a turn,
   * under `Codex`). Returns a function that removes it.
   */
  onNotification(listener: (notification: Notification) => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /**
   * The notifications not claimed (see the `claim` option; with the raw client alone, every
   * notification), from now on, as an async iterator that ends when the connection closes.
   * Buffers while not consumed: stop iterating (`break`) when you are done. Under `Codex`, read
   * `codex.notifications()`, which adds the SDK's own events (connection gaps).
   */
  notifications(): AsyncIterableIterator<Notification> {
    const queue: AsyncQueue<Notification> = new AsyncQueue({
      onCancel: () => {
        this.#unclaimed = this.#unclaimed.filter((p) => p !== push);
      },
    });
    const push = (notification: Notification): void => queue.push(notification);
    this.#unclaimed = [...this.#unclaimed, push];
    this.closed.then(() => queue.end());
    return queue;
  }

  /** Closes the connection; pending requests fail with `TransportClosedError`. Idempotent. */
  close(): Promise<void> {
    return this.#peer.close();
  }

  /** The server's version, read from its `initialize` user agent; `null` before the handshake or when unreadable. */
  get serverVersion(): string | null {
    return serverVersions.get(this) ?? null;
  }

  // The `envelope` option's members (telemetry's `trace`), unless the request brings its own.
  #withEnvelope(options: RequestOptions | undefined): RequestOptions | undefined {
    if (this.#envelope === undefined || options?.envelope !== undefined) return options;
    const envelope = this.#envelope();
    return envelope === undefined ? options : { ...options, envelope };
  }

  // Arrow: passed to .catch as is.
  readonly #withVersion = (error: unknown): never => {
    throw withServerVersion(error, serverVersions.get(this));
  };

  async #checked(method: string, pending: Promise<unknown>): Promise<unknown> {
    const result = await pending.catch(this.#withVersion);
    const issue = this.#validator?.response(method, result);
    if (issue) {
      const error = new ValidationError("response", method, issue);
      if (this.#validator!.policy === "strict") throw error;
      this.#onError?.(error);
    }
    return result;
  }

  // The hot path: one call per notification. The parsed message itself is delivered (it has
  // `method` and `params`, plus the server's `emittedAtMs`): no copy is made per message.
  #dispatch(method: string, params: unknown, message: Record<string, unknown>): void {
    let notification = message as unknown as Notification;
    const validator = this.#validator;
    if (validator && !validator.knowsNotification(method)) {
      notification = { method: "unknown", params: { method, params } };
    } else if (validator) {
      const issue = validator.notification(method, params);
      if (issue) {
        this.#onError?.(new ValidationError("notification", method, issue));
        if (validator.policy === "strict") notification = { method: "unknown", params: { method, params, issue } };
      }
    }
    const listeners = this.#listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i](notification);
    if (this.#claim?.(notification)) return;
    const unclaimed = this.#unclaimed;
    for (let i = 0; i < unclaimed.length; i++) unclaimed[i](notification);
  }
}
