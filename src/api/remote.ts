/**
 * Opening a connection to an app-server that is already running, for `Codex.connect`: the URL
 * and option checks, the token (sent as `Authorization: Bearer`, redacted everywhere), the
 * transport (loaded on first use), and how to open it again for `reconnect`. No `Codex` here:
 * the client runs the handshake on what this opens (again after each reconnect).
 *
 * @module
 */

import { checkReconnectOption, type ClientReconnectOptions } from "../client/reconnect.ts";
import { InvalidArgumentError } from "../util/errors.ts";
import { isLoopbackHost, isTokenText } from "../util/arguments.ts";
import { checkOptions } from "../util/option_checks.ts";
import { CONNECT_RULES } from "./option_rules.ts";
import { SecretRedactor } from "../util/redact.ts";
import type { MessageConnection } from "../rpc/connection.ts";
import type { ConnectOptions } from "./options.ts";
import { CleartextTokenWarning } from "./errors.ts";

const SUPPORTED = "ws://HOST:PORT, wss://HOST:PORT, unix://PATH, or unix:// for the local daemon's control socket";

/** An opened remote connection, before the handshake, and what `Codex` needs to go with it. */
export interface RemoteConnection {
  /** The connection. */
  connection: MessageConnection;
  /** Hides the token in every message and log. */
  redactor: SecretRedactor;
  /** How the client opens it again when it drops (undefined without `reconnect`). */
  reconnect: ClientReconnectOptions | undefined;
}

/**
 * Checks the arguments of `connect`, then opens the connection (a WebSocket, or one over a unix
 * socket), and says how to open another when `reconnect` asks for it. The handshake is the client's.
 */
export async function openRemote(url: string | URL, options: ConnectOptions): Promise<RemoteConnection> {
  const href = checkConnectArguments(url, options);
  const backoff = checkReconnectOption("reconnect", options.reconnect);
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
        webSocketRuntime: options.webSocketRuntime ?? options.runtime,
        redactor,
      });
    }
    const { openWebSocketConnection } = await import("../transport/websocket.ts");
    return openWebSocketConnection({
      url: href,
      headers,
      timeoutMs: options.connectTimeoutMs,
      webSocketRuntime: options.webSocketRuntime ?? options.runtime,
      redactor,
    });
  };
  if (!href.startsWith("unix:")) warnIfCleartext(href, options);
  const connection = await open();
  // Across a network drop the server may have carried out what it was asked: what the drop cut
  // off is not sent again (resendCutOff), it fails.
  return { connection, redactor, reconnect: backoff && { ...backoff, open } };
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
    if (!isTokenText(token)) {
      throw new InvalidArgumentError("token", "may hold only printable ASCII without spaces or line breaks (trim the token file's newline)");
    }
  }
  checkOptions(options, CONNECT_RULES, "Codex.connect");
  return href;
}

// A token over plain ws:// to another machine travels in clear text.
function warnIfCleartext(href: string, options: ConnectOptions): void {
  if (!options.token || !href.toLowerCase().startsWith("ws:")) return;
  const host = new URL(href).hostname;
  if (!isLoopbackHost(host)) {
    const warning = new CleartextTokenWarning(host);
    options.logger?.warn?.(warning.message, warning);
  }
}

function withoutUserInfo(href: string): string {
  return href.replace(/\/\/[^/@]*@/, "//");
}
