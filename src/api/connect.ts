/**
 * `connect`: a {@link Codex} for an app-server that is already running, over `ws://`, `wss://` or
 * a unix socket. The same object and API as `Codex.start`; `close()` closes the connection and
 * never stops the server, which this process did not start.
 *
 * - `ws://HOST:PORT`, `wss://HOST:PORT`: `codex app-server --listen ws://IP:PORT`. With
 *   `--ws-auth capability-token --ws-token-file FILE`, pass `{ token }` (the file's contents); it
 *   is sent as `Authorization: Bearer …` and never appears in an error or a log.
 * - `unix://PATH`: `codex app-server --listen unix://PATH`. `unix://` alone is the local daemon's
 *   control socket, `$CODEX_HOME/app-server-control/app-server-control.sock`.
 *
 * @example
 * ```ts
 * import { connect } from "@codex/sdk";
 *
 * await using codex = await connect("ws://127.0.0.1:4500", { token: "…" });
 * const { thread } = await codex.client.request("thread/start", {});
 * ```
 * @module
 */

import { Codex, initializeParams } from "./codex.ts";
import { type ConnectionGap, reconnectingConnection, type ReconnectOptions } from "../rpc/reconnecting_connection.ts";
import { InvalidArgumentError } from "../util/errors.ts";
import { TransportClosedError } from "../rpc/errors.ts";
import type { ConnectionOptions } from "../client/options.ts";
import { SecretRedactor } from "../util/redact.ts";
import type { MessageConnection } from "../rpc/connection.ts";
import type { RuntimeName } from "../runtime/types.ts";

/** Options of {@link connect} (and `Codex.connect`). */
export interface ConnectOptions extends ConnectionOptions {
  /**
   * The capability token of a server started with `--ws-auth capability-token`, sent as
   * `Authorization: Bearer <token>`. Kept out of every message and log.
   */
  token?: string;
  /** How long connecting (TCP or socket, then the WebSocket upgrade) may take, in ms. Default 10000. */
  connectTimeoutMs?: number;
  /** Whose WebSocket to use; default the running runtime's. `"node"` is the `ws` package. */
  runtime?: RuntimeName;
  /**
   * Reconnect when the connection drops (off by default): with backoff, then resubscribe to this
   * client's threads and report what was missed as a `connection/gap` event (in each running
   * turn's stream and in `notifications()`). Requests pending at the drop fail with
   * `TransportClosedError`; requests made while reconnecting wait for the new connection.
   */
  reconnect?: boolean | ReconnectOptions;
}

const SUPPORTED = "ws://HOST:PORT, wss://HOST:PORT, unix://PATH, or unix:// for the local daemon's control socket";

/**
 * Connects to a running app-server, runs the `initialize` handshake and resolves with a ready
 * {@link Codex}. Rejects with {@link AuthenticationError} when the server refuses the token
 * (HTTP 401), {@link ConnectionRefusedError} when nothing listens there, another
 * {@link ConnectionFailedError} for other failures, and {@link InvalidArgumentError} for a URL
 * of another scheme.
 */
export async function connect(url: string | URL, options: ConnectOptions = {}): Promise<Codex> {
  const href = checkConnectArguments(url, options);
  const redactor = new SecretRedactor();
  redactor.add(options.token);
  const headers: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};
  const open = async (): Promise<MessageConnection> => {
    if (href.startsWith("unix:")) {
      const { openUnixSocketConnection } = await import("../transport/unix_socket.ts");
      return openUnixSocketConnection({
        path: href.slice("unix://".length),
        headers,
        timeoutMs: options.connectTimeoutMs,
        runtime: options.runtime,
        redactor,
      });
    }
    const { openWebSocketConnection } = await import("../transport/websocket.ts");
    return openWebSocketConnection({
      url: href,
      headers,
      timeoutMs: options.connectTimeoutMs,
      runtime: options.runtime,
      redactor,
    });
  };
  if (!href.startsWith("unix:")) warnIfCleartext(href, options);
  let connection = await open();
  const reconnection: { onRestored?: (gap: ConnectionGap) => void } = {};
  if (options.reconnect) {
    const backoff = options.reconnect === true ? {} : options.reconnect;
    connection = reconnectingConnection(connection, {
      ...backoff,
      open,
      handshake: initializeParams(options),
      onRestored: (gap) => reconnection.onRestored?.(gap),
    });
  }
  try {
    const { token: _token, connectTimeoutMs: _timeout, runtime: _runtime, reconnect: _reconnect, ...connectionOptions } =
      options;
    // The same redactor: server messages quoting the token are scrubbed too.
    return await Codex.fromConnection(connection, {
      ...connectionOptions,
      redactor,
      ...(options.reconnect ? { reconnection } : {}),
    });
  } catch (error) {
    if (error instanceof TransportClosedError) throw new TransportClosedError(error, "during connect");
    throw error;
  }
}

function checkConnectArguments(url: string | URL, options: ConnectOptions): string {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options", "connect takes an options object");
  }
  const href = url instanceof URL ? url.href : url;
  if (typeof href !== "string" || href === "") {
    throw new InvalidArgumentError("url", `expected ${SUPPORTED}`);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  if (scheme === "unix") {
    if (!href.startsWith("unix://")) throw new InvalidArgumentError("url", `write unix://PATH (got ${JSON.stringify(href)})`);
  } else if (scheme === "ws" || scheme === "wss") {
    let parsed: URL;
    try {
      parsed = new URL(href);
    } catch {
      throw new InvalidArgumentError("url", `not a valid URL: ${JSON.stringify(withoutUserInfo(href))}`);
    }
    if (!parsed.hostname) throw new InvalidArgumentError("url", "a ws:// URL needs a host, e.g. ws://127.0.0.1:4500");
  } else {
    const shown = scheme ? `"${scheme}:"` : "no scheme";
    const hint = scheme === "http" || scheme === "https"
      ? " (the app-server's WebSocket listener is ws://, not http://)"
      : scheme === "stdio" || !scheme
      ? " (to run a local app-server over stdio, use Codex.start)"
      : "";
    throw new InvalidArgumentError("url", `unsupported URL (${shown})${hint}; connect takes ${SUPPORTED}`);
  }
  const token = options.token;
  if (token !== undefined) {
    // Checked without quoting the value: the message must not carry the secret.
    if (typeof token !== "string" || token.trim() === "") {
      throw new InvalidArgumentError("token", "must be a non-empty string (the contents of the server's --ws-token-file)");
    }
    if (!/^[\x21-\x7e]+$/.test(token)) {
      throw new InvalidArgumentError("token", "may hold only printable ASCII without spaces or line breaks (trim the token file's newline)");
    }
  }
  if (options.runtime !== undefined && !["deno", "bun", "node"].includes(options.runtime)) {
    throw new InvalidArgumentError("runtime", `must be "deno", "bun" or "node", got ${JSON.stringify(options.runtime)}`);
  }
  const timeout = options.connectTimeoutMs;
  if (timeout !== undefined && (typeof timeout !== "number" || !(timeout > 0))) {
    throw new InvalidArgumentError("connectTimeoutMs", `must be a number of milliseconds > 0, got ${String(timeout)}`);
  }
  return href;
}

// A token over plain ws:// to another machine travels in clear text.
function warnIfCleartext(href: string, options: ConnectOptions): void {
  if (!options.token || !href.toLowerCase().startsWith("ws:")) return;
  const host = new URL(href).hostname;
  const loopback = host === "localhost" || host === "[::1]" || /^127\./.test(host);
  if (!loopback) {
    options.logger?.warn?.(
      `sending the token to ${host} over unencrypted ws://; use wss:// (or an SSH tunnel) for remote servers`,
    );
  }
}

function withoutUserInfo(href: string): string {
  return href.replace(/\/\/[^/@]*@/, "//");
}
