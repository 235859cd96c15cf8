/**
 * The JSON-RPC peer: correlates our requests with their responses, dispatches the server's
 * notifications and requests, and fails everything pending, at once, when the connection ends.
 *
 * The app-server's dialect is JSON-RPC 2.0 without the `"jsonrpc"` member (tolerated on input,
 * never sent). Our request ids are integers counting from 1; the server's own requests use a
 * separate id space, so the two never collide.
 *
 * Over 300 lines on purpose: requests, incoming dispatch and the close path share one pending
 * table and must fail together; split apart, each part would reach into the other's state.
 *
 * @example
 * ```ts
 * import { JsonRpcPeer, streamConnection } from "@codex/sdk/rpc";
 *
 * declare const stdout: ReadableStream<Uint8Array>, stdin: WritableStream<Uint8Array>;
 * const peer = new JsonRpcPeer(streamConnection(stdout, stdin), {
 *   onNotification: (method, params) => console.log(method, params),
 * });
 * const echoed = await peer.request("echo", { text: "hi" });
 * ```
 * @module
 */

import type { CodexError } from "../util/errors.ts";
import {
  type ErrorFromWire,
  type JsonRpcErrorObject,
  jsonRpcErrorFromWire,
  LineTooLongError,
  ProtocolError,
  TimeoutError,
  TransportClosedError,
  type TransportCloseInfo,
} from "./errors.ts";
import type { ConnectionSink, MessageConnection } from "./connection.ts";
import { redactJson } from "../util/redact.ts";
import type { JsonRpcId } from "./messages.ts";

/** What a server-request handler gets besides the params. */
export interface IncomingRequestContext {
  /** The server's id for this request. */
  id: JsonRpcId;
  /** The method of the request. */
  method: string;
  /**
   * The whole request as received (`id`, `method`, `params` and any other envelope members the
   * sender added, e.g. the app-server's `trace`). Read-only. Always set by {@link JsonRpcPeer};
   * optional so that a context made by hand (e.g. in a test of a handler) stays valid.
   */
  message?: Readonly<Record<string, unknown>>;
}

/** Answers one server request. Return the `result`; throw a {@link JsonRpcError} to answer an error. */
export type IncomingRequestHandler = (
  params: unknown,
  context: IncomingRequestContext,
) => unknown | Promise<unknown>;

/** Options of one outgoing request. */
export interface RequestOptions {
  /** Fail with {@link TimeoutError} after this many ms (0 disables). Overrides the peer default. */
  timeoutMs?: number;
  /** Abort the wait: the promise rejects with the signal's reason; a late reply is discarded. */
  signal?: AbortSignal;
  /**
   * Extra members of the request envelope, sent beside `id`, `method` and `params` (e.g. the
   * app-server's `trace`). They cannot replace those three (or `jsonrpc`): such keys are ignored.
   */
  envelope?: Readonly<Record<string, unknown>>;
}

/** Options of {@link JsonRpcPeer}. */
export interface JsonRpcPeerOptions {
  /** Default timeout of every request, in ms; 0 disables. Default 300000 (5 minutes). */
  requestTimeoutMs?: number;
  /** Called for each notification, synchronously, in arrival order. */
  onNotification?: (method: string, params: unknown, message: Record<string, unknown>) => void;
  /** Called for each server request that has no handler of its own. Default: a -32601 error. */
  onUnhandledRequest?: IncomingRequestHandler;
  /** Called for every protocol fault (garbage line, unknown response id, …). Never fatal. */
  onError?: (error: CodexError) => void;
  /** Hides secrets in text the server sent before it goes into an error message. */
  redact?: (text: string) => string;
  /** Called once when the connection has ended, after every pending request was failed. */
  onClose?: (error: TransportClosedError) => void;
  /**
   * Turns an error response into the error its request rejects with. Default
   * {@link jsonRpcErrorFromWire} (the standard codes only); a client for a particular server
   * passes that server's rules (the Codex client passes `rpcErrorFromWire`).
   */
  errorFromWire?: ErrorFromWire;
  /** Names the other side in error messages ("no answer from the …"). Default `"peer"`. */
  peerName?: string;
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  cleanup?: () => void;
}

/**
 * Returned by a server-request handler to send no answer at all: for a request the server
 * withdrew while the handler was deciding (the server no longer waits for it).
 */
export const NO_REPLY: unique symbol = Symbol("no reply");

/** Default request timeout: generous, since some requests wait on work the server does. */
export const DEFAULT_REQUEST_TIMEOUT_MS: number = 300_000;

/** A JSON-RPC endpoint over a {@link MessageConnection}. */
export class JsonRpcPeer {
  readonly #connection: MessageConnection;
  readonly #options: JsonRpcPeerOptions;
  readonly #pending = new Map<number, Pending>();
  readonly #handlers = new Map<string, IncomingRequestHandler>();
  readonly #errorFromWire: ErrorFromWire;
  readonly #peerName: string | undefined;
  #nextId = 1;
  #closedError: TransportClosedError | undefined;
  #resolveClosed!: (error: TransportClosedError) => void;

  /** Resolves (never rejects) with the close error once the connection has ended. */
  readonly closed: Promise<TransportClosedError>;

  /** Starts reading from `connection` at once. */
  constructor(connection: MessageConnection, options: JsonRpcPeerOptions = {}) {
    this.#connection = connection;
    this.#options = options;
    this.#errorFromWire = options.errorFromWire ?? jsonRpcErrorFromWire;
    this.#peerName = options.peerName;
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    const sink: ConnectionSink = {
      message: (text) => {
        try {
          this.#receive(text);
        } catch (error) {
          // A listener or handler threw on this message: report it; the connection goes on.
          this.#report(
            this.#protocolError(
              "dispatch_failed",
              `handling a message failed: ${error instanceof Error ? error.message : String(error)}`,
              text,
            ),
          );
        }
      },
      error: (reported) => {
        const error = this.#redacted(reported);
        this.#report(error);
        // A response too long to read still names its request first ({"id":N,…}): fail that
        // request now rather than leave it waiting for its timeout.
        const id = /^\s*\{\s*"id"\s*:\s*(\d+)\s*,/.exec(error.sample)?.[1];
        if (id !== undefined && error.code === "line_too_long") this.#settle(Number(id))?.reject(error);
      },
      closed: (info) => this.#ended(info),
    };
    connection.start(sink);
  }

  /** Whether the connection has ended. */
  get isClosed(): boolean {
    return this.#closedError !== undefined;
  }

  /** How many of our requests are waiting for an answer. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Sends a request and resolves with its `result`, or rejects with a typed error. */
  request(method: string, params?: unknown, options: RequestOptions = {}): Promise<unknown> {
    if (this.#closedError) return Promise.reject(this.#closedError);
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const entry: Pending = { method, resolve, reject };
      const timeoutMs = options.timeoutMs ?? this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort: (() => void) | undefined;
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => this.#settle(id)?.reject(new TimeoutError(method, timeoutMs, this.#peerName)), timeoutMs);
      }
      if (signal) {
        onAbort = () => this.#settle(id)?.reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
      }
      if (timer !== undefined || onAbort) {
        entry.cleanup = () => {
          if (timer !== undefined) clearTimeout(timer);
          if (onAbort) signal!.removeEventListener("abort", onAbort);
        };
      }
      this.#pending.set(id, entry);
      const envelope = options.envelope;
      this.#connection.send(JSON.stringify(
        envelope === undefined
          ? (params === undefined ? { id, method } : { id, method, params })
          : withEnvelope({ id, method, ...(params === undefined ? {} : { params }) }, envelope),
      ));
    });
  }

  /** Sends a notification (no answer). Dropped silently once the connection has ended. */
  notify(method: string, params?: unknown): void {
    if (this.#closedError) return;
    this.#connection.send(JSON.stringify(params === undefined ? { method } : { method, params }));
  }

  /** Handles the server's requests for `method`. Returns a function that removes the handler. */
  onRequest(method: string, handler: IncomingRequestHandler): () => void {
    this.#handlers.set(method, handler);
    return () => {
      if (this.#handlers.get(method) === handler) this.#handlers.delete(method);
    };
  }

  /** Closes the connection; pending requests fail with {@link TransportClosedError}. Idempotent. */
  async close(): Promise<void> {
    await this.#connection.close();
    await this.closed;
  }

  #settle(id: number): Pending | undefined {
    const entry = this.#pending.get(id);
    if (!entry) return undefined;
    this.#pending.delete(id);
    entry.cleanup?.();
    return entry;
  }

  #receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.#report(this.#protocolError("invalid_json", "received a line that is not JSON; it was skipped", text));
      return;
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      this.#report(this.#protocolError("invalid_message", "received JSON that is not a JSON-RPC message object", text));
      return;
    }
    const record = message as Record<string, unknown>;
    const method = record.method;
    if (typeof method === "string") {
      if (record.id === undefined) {
        this.#options.onNotification?.(method, record.params, record);
      } else if (typeof record.id === "number" || typeof record.id === "string") {
        this.#answer(record.id, method, record.params, record);
      } else {
        this.#report(this.#protocolError("invalid_message", `request ${method} has an invalid id`, text));
      }
      return;
    }
    if ("result" in record || "error" in record) {
      this.#response(record, text);
      return;
    }
    this.#report(this.#protocolError("invalid_message", "message is neither a request, a notification nor a response", text));
  }

  #response(record: Record<string, unknown>, text: string): void {
    const entry = typeof record.id === "number" ? this.#settle(record.id) : undefined;
    if (!entry) {
      this.#report(
        this.#protocolError(
          "unknown_response_id",
          `received a response for id ${describeId(record.id)}, which no request is waiting for`,
          text,
        ),
      );
      return;
    }
    const error = record.error;
    if (error === undefined) {
      entry.resolve(record.result);
    } else if (isErrorObject(error)) {
      const redact = this.#options.redact;
      // `data` is the server's too: a secret it echoes there must not reach the caller's logs.
      entry.reject(this.#errorFromWire(redact ? { ...error, message: redact(error.message), ...(error.data === undefined ? {} : { data: redactJson(error.data, redact) }) } : error, entry.method));
    } else {
      entry.reject(this.#errorFromWire({ code: -32603, message: `malformed error response: ${text.slice(0, 200)}` }, entry.method));
    }
  }

  async #answer(id: JsonRpcId, method: string, params: unknown, message: Record<string, unknown>): Promise<void> {
    const handler = this.#handlers.get(method) ?? this.#options.onUnhandledRequest;
    let reply: string;
    try {
      if (!handler) throw jsonRpcErrorFromWire({ code: -32601, message: `no handler for ${method}` });
      const result = await handler(params, { id, method, message });
      if (result === NO_REPLY) return;
      reply = JSON.stringify({ id, result: result ?? null });
    } catch (error) {
      const wire = toErrorObject(error);
      reply = JSON.stringify({ id, error: wire });
    }
    if (!this.#closedError) this.#connection.send(reply);
  }

  #report(error: CodexError): void {
    this.#options.onError?.(error);
  }

  /** A protocol error about text the other side sent, made with that text's secrets hidden. */
  #protocolError(code: string, message: string, sample: string): ProtocolError {
    const redact = this.#options.redact ?? ((text: string) => text);
    return new ProtocolError(code, redact(message), redact(sample));
  }

  /**
   * An error the connection made (e.g. a line over the limit) without the redactor: the same
   * error when it holds no secret, else one made anew from the redacted text. Never changed in place.
   */
  #redacted(error: ProtocolError): ProtocolError {
    const redact = this.#options.redact;
    if (!redact || (redact(error.message) === error.message && redact(error.sample) === error.sample)) return error;
    if (error instanceof LineTooLongError) return new LineTooLongError(error.maxLineLength, redact(error.sample));
    return new ProtocolError(error.code, redact(error.message), redact(error.sample));
  }

  #ended(info: TransportCloseInfo): void {
    if (this.#closedError) return;
    const error = new TransportClosedError(info, undefined, this.#peerName);
    this.#closedError = error;
    for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(error);
    this.#resolveClosed(error);
    this.#options.onClose?.(error);
  }
}

const RESERVED = new Set(["id", "method", "params", "jsonrpc"]);

function withEnvelope(message: Record<string, unknown>, envelope: Readonly<Record<string, unknown>>): Record<string, unknown> {
  for (const [key, value] of Object.entries(envelope)) {
    if (!RESERVED.has(key) && value !== undefined) message[key] = value;
  }
  return message;
}

function describeId(id: unknown): string {
  if (typeof id === "number" || typeof id === "string") return JSON.stringify(id);
  return id === null ? "null" : `of type ${Array.isArray(id) ? "array" : typeof id}`;
}

function isErrorObject(value: unknown): value is JsonRpcErrorObject {
  return typeof value === "object" && value !== null &&
    typeof (value as JsonRpcErrorObject).code === "number" &&
    typeof (value as JsonRpcErrorObject).message === "string";
}

function toErrorObject(error: unknown): JsonRpcErrorObject {
  if (typeof error === "object" && error !== null && "rpcCode" in error) {
    const e = error as { rpcCode: number; message: string; data?: unknown };
    return { code: e.rpcCode, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) };
  }
  return { code: -32603, message: error instanceof Error ? error.message : String(error) };
}
