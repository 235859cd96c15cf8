/**
 * The WebSocket transport: a {@link MessageConnection} where each JSON-RPC message is one text
 * frame (no line splitting), as the app-server speaks on `--listen ws://IP:PORT` and, after an
 * HTTP upgrade over the socket, on `--listen unix://PATH`.
 *
 * Opening resolves once the upgrade has succeeded. A failed upgrade is classified: HTTP 401 is an
 * {@link AuthenticationError}, no listener is a {@link ConnectionRefusedError}, anything else a
 * {@link ConnectionFailedError}. Once open, the end of the connection (the server died, the
 * network dropped, `close()`) reaches the sink as `closed`, so the peer fails every pending
 * request at once with `TransportClosedError`.
 *
 * @example
 * ```ts
 * import { JsonRpcPeer } from "@codex/sdk/rpc";
 * import { openWebSocketConnection } from "@codex/sdk/client";
 *
 * const connection = await openWebSocketConnection({
 *   url: "ws://127.0.0.1:4500",
 *   headers: { Authorization: "Bearer …" },
 * });
 * const peer = new JsonRpcPeer(connection);
 * ```
 * @module
 */

import { ProtocolError, type TransportCloseInfo } from "../rpc/errors.ts";
import { SecretRedactor } from "../util/redact.ts";
import { within } from "../util/deadline.ts";
import type { ConnectionSink, MessageConnection } from "../rpc/connection.ts";
import { runtimeAdapter } from "../runtime/detect.ts";
import type { RuntimeName, WebSocketLike } from "../runtime/types.ts";
import { AuthenticationError, ConnectionFailedError, ConnectionRefusedError } from "./connect_errors.ts";

/** Options of {@link openWebSocketConnection}. */
export interface WebSocketConnectionOptions {
  /** The `ws://` or `wss://` URL. Over a unix socket, only its path is used (default `/`). */
  url: string;
  /** Extra handshake headers, e.g. `{ Authorization: "Bearer …" }`. */
  headers?: Record<string, string>;
  /** Speak WebSocket over this unix socket (absolute path) instead of TCP. */
  socketPath?: string;
  /** How the address is named in errors and close reasons; default `url` without credentials. */
  displayUrl?: string;
  /** How long the connection and upgrade may take, in ms. Default 10000. */
  timeoutMs?: number;
  /** Which runtime's WebSocket to use; default the running one. `"node"` means the `ws` package. */
  webSocketRuntime?: RuntimeName;
  /**
   * The old name of `webSocketRuntime`.
   * @deprecated Use `webSocketRuntime` (`runtime` names the process adapter in `Codex.start`).
   */
  runtime?: RuntimeName;
  /** Hides secrets (the token) in every message built from what the runtime reported. */
  redactor?: SecretRedactor;
}

/** Default of {@link WebSocketConnectionOptions.timeoutMs}. */
export const DEFAULT_CONNECT_TIMEOUT_MS: number = 10_000;

// How long close() waits for the closing handshake before dropping the connection.
const CLOSE_GRACE_MS = 1000;

/** Opens the connection; rejects with a {@link ConnectionFailedError} (or a subclass) if it cannot. */
export async function openWebSocketConnection(options: WebSocketConnectionOptions): Promise<MessageConnection> {
  const redactor = options.redactor ?? new SecretRedactor();
  const display = options.displayUrl ?? withoutCredentials(options.url);
  const { socket, dispose } = await runtimeAdapter(options.webSocketRuntime ?? options.runtime).createWebSocket(options);
  socket.binaryType = "arraybuffer";
  const tokenGiven = Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === "authorization");

  await new Promise<void>((resolve, reject) => {
    let failure = "";
    const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const timer = setTimeout(() => {
      detach();
      drop(socket);
      dispose();
      reject(new ConnectionFailedError("connect_timeout", display, `could not connect to ${display} within ${timeoutMs} ms`));
    }, timeoutMs);
    const detach = (): void => {
      clearTimeout(timer);
      socket.onopen = socket.onclose = null;
      socket.onerror = ignore; // the ws package throws an error event nobody listens to
    };
    socket.onopen = () => {
      detach();
      resolve();
    };
    socket.onerror = (event) => {
      failure ||= describe(event);
    };
    socket.onclose = (event) => {
      detach();
      dispose();
      const detail = redactor.redact(failure || `closed with code ${event.code}${event.reason ? `: ${event.reason}` : ""}`);
      classifyFailure({ url: options.url, display, detail, tokenGiven, overUnix: !!options.socketPath }).then(reject);
    };
  });
  return messageConnection(socket, dispose, display);
}

function messageConnection(socket: WebSocketLike, dispose: () => void, display: string): MessageConnection {
  const decoder = new TextDecoder();
  let sink: ConnectionSink | undefined;
  const early: string[] = [];
  let ended: TransportCloseInfo | undefined;
  let closing: Promise<void> | undefined;
  let closedByUs = false;
  let markEnded!: () => void;
  const endedPromise = new Promise<void>((resolve) => (markEnded = resolve));

  const finish = (info: TransportCloseInfo): void => {
    if (ended) return;
    ended = info;
    socket.onmessage = socket.onclose = null;
    socket.onerror = ignore;
    dispose();
    markEnded();
    sink?.closed(info);
  };
  const deliver = (text: string): void => {
    if (sink) sink.message(text);
    else early.push(text);
  };

  socket.onmessage = (event) => {
    const data = event.data;
    if (typeof data === "string") deliver(data);
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) deliver(decoder.decode(data as ArrayBuffer));
    else sink?.error(new ProtocolError("invalid_frame", "received a WebSocket frame that is neither text nor binary"));
  };
  socket.onerror = ignore; // the close event that follows says how it ended
  socket.onclose = (event) => {
    const code = closeCode(event);
    const reason = closedByUs
      ? "closed by the client"
      : code
      ? `the app-server closed the WebSocket connection to ${display}${code}`
      : `the WebSocket connection to ${display} was lost`;
    finish({ exitCode: null, signal: null, stderrTail: [], reason });
  };

  return {
    start(target) {
      sink = target;
      for (const text of early.splice(0)) target.message(text);
      if (ended) target.closed(ended);
    },
    send(text) {
      if (ended || closing || socket.readyState !== 1) return;
      try {
        socket.send(text);
      } catch {
        // A send racing the connection's end: the close event reports it.
      }
    },
    close() {
      closing ??= (async () => {
        closedByUs = true;
        if (!ended) {
          try {
            socket.close(1000);
          } catch {
            // Already closing.
          }
          await within(endedPromise, CLOSE_GRACE_MS);
          if (!ended) drop(socket);
          finish({ exitCode: null, signal: null, stderrTail: [], reason: "closed by the client" });
        }
      })();
      return closing;
    },
  };
}

interface FailureFacts {
  url: string;
  display: string;
  detail: string;
  tokenGiven: boolean;
  overUnix: boolean;
}

// Deno: "… Invalid status code: 401"; Bun: "… Expected 101 status code: 401";
// ws (Node): "Unexpected server response: 401".
const HTTP_STATUS = /(?:status code|server response)\D{0,3}(\d{3})\b/i;

async function classifyFailure(facts: FailureFacts): Promise<ConnectionFailedError> {
  const { display, detail } = facts;
  const status = Number(HTTP_STATUS.exec(detail)?.[1] ?? NaN);
  if (status === 401) return new AuthenticationError(display, facts.tokenGiven);
  if (status === 403) {
    return new ConnectionFailedError(
      "forbidden",
      display,
      `the app-server at ${display} refused the WebSocket upgrade (HTTP 403); it refuses any request ` +
        `with an Origin header, e.g. from a browser; from a browser, connect through @codex/sdk/relay`,
      { status },
    );
  }
  if (Number.isInteger(status)) {
    return new ConnectionFailedError(
      "upgrade_refused",
      display,
      `${display} refused the WebSocket upgrade (HTTP ${status}); is it a codex app-server?`,
      { status },
    );
  }
  if (facts.overUnix || (await nothingListens(facts.url))) return new ConnectionRefusedError(display, detail);
  return new ConnectionFailedError(
    "connection_failed",
    display,
    `could not open a WebSocket to ${display}: ${detail || "the runtime gave no reason"}`,
  );
}

// The runtime's WebSocket error does not always say why it failed. An HTTP request to the
// app-server's /readyz tells "nothing there" from "something there that would not upgrade".
async function nothingListens(url: string): Promise<boolean> {
  const probe = new URL(url);
  probe.protocol = probe.protocol === "wss:" ? "https:" : "http:";
  probe.pathname = "/readyz";
  probe.search = probe.username = probe.password = "";
  try {
    const response = await fetch(probe, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return false;
  } catch {
    return true;
  }
}

function describe(event: { message?: string; error?: unknown }): string {
  const error = event.error as { message?: string; code?: unknown } | undefined;
  const message = event.message || error?.message || "";
  const code = error?.code; // "ECONNREFUSED", "ENOENT", … (Deno's DOMException has a number: skip it)
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}

// 1005 (no code) and 1006 (no close frame) say nothing; Deno reports 0 for the latter.
function closeCode(event: { code: number; reason: string }): string {
  if (event.code === 0 || event.code === 1005 || event.code === 1006) return "";
  return ` (close code ${event.code}${event.reason ? `: ${event.reason}` : ""})`;
}

function ignore(): void {}

function drop(socket: WebSocketLike): void {
  try {
    if (socket.terminate) socket.terminate();
    else socket.close();
  } catch {
    // Already closed.
  }
}

/** The URL as it may be shown: without user name or password. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    // A relay's own token travels as ?token=…: hide it like a password.
    const queryToken = parsed.searchParams.has("token");
    if (!parsed.username && !parsed.password && !queryToken) return url;
    parsed.username = parsed.password = "";
    if (queryToken) parsed.searchParams.set("token", "redacted");
    return parsed.href;
  } catch {
    return url;
  }
}
