/**
 * The low-level client: JSON-RPC to the app-server with nothing hidden, typed by method from the
 * pinned protocol. `request` any client method (params and response typed), answer the server's
 * requests with `onRequest`, and read notifications with `onNotification` or `notifications()`.
 * The high-level `Codex`/`Thread`/`TurnHandle` API is built on it; reach for it when you need a
 * method the high-level API does not wrap.
 *
 * On a connection of your own, run the handshake first with `initialize` (the same one `Codex`
 * runs: the app-server's version is checked against the supported window, and `serverVersion`
 * is set).
 *
 * @example
 * ```ts
 * import { CodexClient, startAppServer } from "@codex/sdk/client";
 *
 * const { connection } = await startAppServer();
 * const client = new CodexClient(connection);
 * await client.initialize({ clientInfo: { name: "my_tool", title: "My tool", version: "1.0.0" } });
 * console.log(client.serverVersion);
 * const models = await client.request("model/list", {});
 * console.log(models.data.map((model) => model.id));
 * await client.close();
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
import type { IncomingRequestContext, NO_REPLY, RequestOptions } from "../rpc/peer.ts";
import { FanOut } from "../util/fan_out.ts";
import { ValidationError, type Validator } from "../protocol/validation.ts";
import { canonicalNotificationMethod } from "../protocol/method_names.ts";
import {
  type AnyServerRequestHandler,
  type ServerRequestPolicy,
  type ServerRequestRouteOptions,
  ServerRequestRouter,
} from "./server_request_router.ts";
import { withServerVersion } from "./version_window.ts";
import type { CodexMetadata, InitializeOptions } from "./handshake.ts";
import { ClientLink } from "./link.ts";
import type { ClientReconnectOptions, ConnectionGap } from "./reconnect.ts";
import { checkOptions } from "../util/option_checks.ts";
import { CLIENT_RULES } from "./option_rules.ts";
import type { CodexLogger } from "./options.ts";
import { type AdmissionOptions, RequestAdmission } from "./admission.ts";
import { DEFAULT_REQUEST_TIMEOUT_MS } from "../rpc/peer.ts";

/**
 * A restored connection's direct line, given to {@link CodexClient.onRestored} hooks: requests
 * sent on it go out at once, while the client's other calls still wait for the restore.
 */
export interface RestoredConnection {
  /** Sends a client request of the pinned protocol on the restored connection, now. */
  request<M extends RequestMethod>(method: M, ...args: RequestArgs<M, RequestOptions>): Promise<RequestResponse<M>>;
}

/** A handler for server request `M`: gets its typed params, returns its typed answer (or `NO_REPLY`). */
export type ServerRequestHandler<M extends ServerRequestMethod> = (
  params: ServerRequestParams<M>,
  context: IncomingRequestContext,
) => ServerRequestResponse<M> | typeof NO_REPLY | Promise<ServerRequestResponse<M> | typeof NO_REPLY>;

/** Options of {@link CodexClient} (with admission control: `maxInFlightRequests`, `overloadRetry`). */
export interface CodexClientOptions extends AdmissionOptions {
  /** Default timeout of every request, in ms; 0 disables. Default 300000. */
  requestTimeoutMs?: number;
  /**
   * Where protocol faults (garbage line, unknown response id, failed validation) are reported, at
   * `warn` with the error. Never fatal.
   */
  logger?: CodexLogger;
  /**
   * Called for every protocol fault.
   * @deprecated Use `logger: { warn(message, error) { … } }`; it gets the same errors.
   */
  onError?: (error: CodexError) => void;
  /** Checks incoming messages; default none (use `loadValidator`). */
  validator?: Validator;
  /** Hides secrets in text the server sent before it goes into an error message. */
  redact?: (text: string) => string;
  /** Whether the connection was initialized with `experimentalApi` (enables `requestExperimental`). */
  experimentalApi?: boolean;
  /**
   * Where notifications go after the `onNotification` listeners, in place of the client's own
   * fan-out to `notifications()` readers: `dispatch` gets each one (validated, in wire order) and
   * `read` is what `notifications()` returns. The high-level `Codex` passes its dispatcher, which
   * routes each turn's events to its handle and the rest, in wire order, to `read`'s readers.
   */
  dispatcher?: NotificationDispatcher;
  /**
   * @deprecated Use `dispatcher`. Offered each notification after the `onNotification`
   * listeners; returning true keeps it from `notifications()`. Must have no side effects.
   */
  claim?: (notification: Notification) => boolean;
  /**
   * Reconnect when the connection drops (off by default): `open` makes a new connection, with
   * backoff; the client runs its handshake on it again (as `initialize` did, version check
   * included), then its {@link CodexClient.onRestored} hooks, and only then sends the calls made
   * meanwhile. Takes effect once `initialize` has succeeded.
   */
  reconnect?: ClientReconnectOptions;
  /**
   * Extra envelope members for every request that passes no `envelope` of its own, asked for at
   * each send (the high-level `Codex` returns the `trace` of the context the request runs in,
   * when tracing is on). Undefined: nothing is added.
   */
  envelope?: () => Readonly<Record<string, unknown>> | undefined;
  /**
   * How each server request is answered, given the handler `onRequest` registered for it (or
   * none). Default: the handler's answer (what it throws is sent as an error answer); without
   * one, `safeAnswer`'s for a method of the protocol, `-32601` only for a method it lacks.
   * `Codex` passes its own (timeouts, the safe answer when a handler fails, the turn's
   * `serverRequest/handled` event).
   */
  serverRequestPolicy?: ServerRequestPolicy;
}

/** Takes the client's notifications (see {@link CodexClientOptions.dispatcher}). */
export interface NotificationDispatcher {
  /** Gets every notification, validated, in wire order, after the `onNotification` listeners. */
  dispatch(notification: Notification): void;
  /** What `client.notifications()` returns: a reader from now on, ending when the connection does. */
  read(): AsyncIterableIterator<Notification>;
}

/** JSON-RPC to the app-server over any {@link MessageConnection}. */
export class CodexClient {
  readonly #link: ClientLink;
  readonly #listeners = new FanOut<Notification>();
  readonly #dispatcher: NotificationDispatcher;
  readonly #requests: ServerRequestRouter;
  readonly #validator: Validator | undefined;
  readonly #onError: ((error: CodexError) => void) | undefined;
  #experimental: boolean;
  readonly #admission: RequestAdmission;
  readonly #timeoutMs: number;
  readonly #envelope: (() => Readonly<Record<string, unknown>> | undefined) | undefined;

  /** Resolves (never rejects) with the close error once the connection has ended. */
  readonly closed: Promise<TransportClosedError>;

  /** Starts the client on `connection`. */
  constructor(connection: MessageConnection, options: CodexClientOptions = {}) {
    checkOptions(options, CLIENT_RULES, "new CodexClient");
    const { logger, onError } = options;
    this.#validator = options.validator;
    this.#onError = logger?.warn || onError
      ? (error) => {
        logger?.warn?.(error.message, error);
        onError?.(error);
      }
      : undefined;
    this.#experimental = options.experimentalApi ?? false;
    this.#envelope = options.envelope;
    this.#admission = new RequestAdmission(options);
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#requests = new ServerRequestRouter(options.serverRequestPolicy);
    this.#dispatcher = options.dispatcher ?? ownDispatcher(options.claim);
    this.#link = new ClientLink(connection, {
      peer: {
        requestTimeoutMs: options.requestTimeoutMs,
        onNotification: (method, params, message) => this.#dispatch(method, params, message),
        onError: this.#onError,
        redact: options.redact,
        errorFromWire: rpcErrorFromWire,
        peerName: "codex app-server",
      },
      // Every server request goes through the one router.
      answer: (params, context) => {
        const issue = this.#validator?.serverRequest(context.method, params);
        if (issue) this.#onError?.(new ValidationError("server request", context.method, issue));
        return this.#requests.answer(params, context);
      },
      reconnect: options.reconnect,
    });
    this.closed = this.#link.closed;
    if (!options.dispatcher) this.closed.then(() => (this.#dispatcher as OwnDispatcher).end());
  }

  /** Whether the connection has ended. */
  get isClosed(): boolean {
    return this.#link.isClosed;
  }

  /** How many requests wait for an answer. */
  get pendingRequests(): number {
    return this.#link.pendingCount;
  }

  /**
   * Runs the `initialize` handshake (once, before any other request): sends who is calling,
   * checks the server's answer and its version against the supported window (rejecting with
   * `IncompatibleAppServerError` for one too old, unless `allowVersionMismatch`; close the client
   * then), sends `initialized`, and resolves with what the server said about itself. Sets
   * {@link CodexClient.serverVersion}; `experimentalApi: true` also enables `requestExperimental`.
   * A reconnect runs it again with the same options.
   *
   * @example
   * ```ts
   * import { CodexClient, openWebSocketConnection } from "@codex/sdk/client";
   * import { IncompatibleAppServerError } from "@codex/sdk";
   *
   * const client = new CodexClient(await openWebSocketConnection({ url: "ws://127.0.0.1:4500" }));
   * try {
   *   const { userAgent } = await client.initialize({ clientInfo: { name: "ops", title: "Ops", version: "1" } });
   *   console.log(userAgent, client.serverVersion);
   * } catch (error) {
   *   await client.close();
   *   if (error instanceof IncompatibleAppServerError) console.error(`upgrade codex to ${error.pinnedVersion}`);
   *   throw error;
   * }
   * ```
   */
  async initialize(options: InitializeOptions = {}): Promise<CodexMetadata> {
    const metadata = await this.#link.initialize(options);
    if (options.experimentalApi) this.#experimental = true;
    return metadata;
  }

  /** The `initialize` answer (of the current connection, after a reconnect); `null` before. */
  get metadata(): CodexMetadata | null {
    return this.#link.metadata;
  }

  /**
   * Calls `hook` each time a dropped connection is back (see the `reconnect` option), after the
   * handshake and before the calls that waited are sent: requests made through its `connection`
   * go out at once (e.g. `thread/resume` of the threads in use), the client's other calls wait
   * for every hook to finish. Returns a function that removes it.
   *
   * @example
   * ```ts
   * import type { CodexClient } from "@codex/sdk/client";
   *
   * declare const client: CodexClient; // made with the `reconnect` option
   * const threadIds = ["…"];
   * client.onRestored(async (gap, connection) => {
   *   console.warn(`back after ${gap.restoredAt - gap.lostAt} ms (${gap.reason})`);
   *   for (const threadId of threadIds) await connection.request("thread/resume", { threadId });
   * });
   * ```
   */
  onRestored(hook: (gap: ConnectionGap, connection: RestoredConnection) => void | Promise<void>): () => void {
    return this.#link.onRestored((gap, channel) =>
      hook(gap, {
        request: (method, ...args) => {
          const [params, options] = args;
          return this.#checked(method, channel.request(method, params ?? undefined, options)) as never;
        },
      })
    );
  }

  /**
   * Sends a client request of the pinned protocol; resolves with its typed response, or rejects
   * with a typed error (`InvalidParamsError`, `ServerBusyError`, `TimeoutError`, …).
   */
  request<M extends RequestMethod>(method: M, ...args: RequestArgs<M, RequestOptions>): Promise<RequestResponse<M>> {
    const [params, options] = args;
    return this.#checked(method, this.#send(method, params ?? undefined, options)) as Promise<RequestResponse<M>>;
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
    return this.#send(method, params ?? undefined, options).catch(this.#withVersion) as Promise<
      ClientRequestMapWithExperimental[M]["response"]
    >;
  }

  /**
   * Sends any request, untyped: for methods newer than the pinned protocol. Prefer `request`.
   */
  requestUntyped(method: string, params?: unknown, options?: RequestOptions): Promise<unknown> {
    return this.#send(method, params, options).catch(this.#withVersion);
  }

  /** Requests in flight and queued under admission control (`maxInFlightRequests`). */
  get admission(): { readonly inFlight: number; readonly queued: number } {
    return this.#admission;
  }

  // Every request goes out through admission control (src/client/admission.ts).
  #send(method: string, params: unknown, options: RequestOptions | undefined): Promise<unknown> {
    // Envelope members are those of the context the call was made in, not where it is sent.
    return this.#admission.run(method, this.#withEnvelope(options), this.#timeoutMs, (admitted) =>
      this.#link.request(method, params, admitted));
  }

  /** Sends a notification. */
  notify(method: string, params?: unknown): void {
    this.#link.notify(method, params);
  }

  /**
   * Answers the server's requests for `method` with a typed handler, through the client's one
   * server-request router: what it returns is the answer, what it throws becomes an error
   * answer. It goes above the handlers already registered for `method`; the returned function
   * removes it and restores the one below, else the safe answer (`safeAnswer`). With `when`, it
   * takes only the requests it accepts, and is asked before the handlers for the whole method.
   *
   * Under `Codex` (`codex.client`), it is one more handler of the same router as the `approvals`
   * option and `codex.onServerRequest`: it runs like them (a timeout, the safe answer when it
   * throws, the turn's `serverRequest/handled` event, and a context with `signal` and `turn`).
   *
   * @example
   * ```ts
   * import type { CodexClient } from "@codex/sdk/client";
   *
   * declare const client: CodexClient;
   * const remove = client.onRequest("item/fileChange/requestApproval", () => ({ decision: "accept" }));
   * remove(); // back to the answer before it (by default the safe one: decline)
   * ```
   */
  onRequest<M extends ServerRequestMethod>(
    method: M,
    handler: ServerRequestHandler<M>,
    options: ServerRequestRouteOptions<M> = {},
  ): () => void {
    return this.#requests.add(method, handler as AnyServerRequestHandler, options as { when?: (params: unknown) => boolean });
  }

  /**
   * Calls `listener` for every notification, synchronously, in wire order, before it is routed
   * (to a turn, under `Codex`). Returns a function that removes it.
   */
  onNotification(listener: (notification: Notification) => void): () => void {
    return this.#listeners.add(listener);
  }

  /**
   * The notifications from now on, as an async iterator that ends when the connection closes:
   * with the raw client every notification; under `Codex` those that belong to no turn (early
   * events that no turn took included), in wire order — the same as `codex.notifications()`
   * without the SDK's own events (connection gaps). Buffers while not consumed: stop iterating
   * (`break`) when you are done.
   */
  notifications(): AsyncIterableIterator<Notification> {
    return this.#dispatcher.read();
  }

  /** Closes the connection; pending requests fail with `TransportClosedError`. Idempotent. */
  close(): Promise<void> {
    return this.#link.close();
  }

  /** The server's version, read from its `initialize` user agent; `null` before the handshake or when unreadable. */
  get serverVersion(): string | null {
    return this.#link.metadata?.serverVersion ?? null;
  }

  // The `envelope` option's members (telemetry's `trace`), unless the request brings its own.
  #withEnvelope(options: RequestOptions | undefined): RequestOptions | undefined {
    if (this.#envelope === undefined || options?.envelope !== undefined) return options;
    const envelope = this.#envelope();
    return envelope === undefined ? options : { ...options, envelope };
  }

  // Arrow: passed to .catch as is.
  readonly #withVersion = (error: unknown): never => {
    throw withServerVersion(error, this.#link.metadata?.serverVersion);
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
    // The method's shared string (same text): each later comparison of it is by reference.
    method = message.method = canonicalNotificationMethod(method);
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
    if (!this.#listeners.empty) this.#listeners.deliver(notification);
    this.#dispatcher.dispatch(notification);
  }
}

type OwnDispatcher = NotificationDispatcher & { end(): void };

/** The raw client's dispatcher: every notification (not claimed, with the deprecated `claim`) to every reader. */
function ownDispatcher(claim: ((notification: Notification) => boolean) | undefined): OwnDispatcher {
  const readers = new FanOut<Notification>();
  return {
    dispatch: claim ? (n) => void (claim(n) || readers.deliver(n)) : (n) => readers.deliver(n),
    read: () => readers.read(),
    end: () => readers.end(),
  };
}
