/**
 * The browser relay: a small WebSocket server on loopback that lets a web page talk to a
 * `codex app-server`, which a browser cannot reach on its own.
 *
 * Why it exists: the app-server's WebSocket listener (`--listen ws://…`, codex 0.169.0) refuses
 * every upgrade request that carries an `Origin` header, with HTTP 403, so that no web page can
 * drive it; and with `--ws-auth capability-token` it takes the token only as an
 * `Authorization: Bearer` header. A browser always sends `Origin` and cannot set headers on a
 * WebSocket. The relay stands in between: it accepts pages whose origin is on the allowlist you
 * give it (plus, optionally, its own token as `?token=` in its URL), and for each page connection
 * opens one connection to the app-server, with the bearer token and without an `Origin`, and
 * passes every message across unchanged.
 *
 * Anyone the relay admits can do what the app-server can (run commands, edit files): list only
 * origins you trust, keep it on loopback, and give it a token when other local users or other
 * pages could reach it. Runs on Deno, Bun and Node (it uses `node:http` and the `ws` package).
 *
 * @example
 * ```ts
 * import { startRelay } from "@codex/sdk/relay";
 *
 * await using relay = await startRelay({
 *   appServerUrl: "ws://127.0.0.1:4500",
 *   appServerToken: "…contents of the --ws-token-file…",
 *   allowedOrigins: ["http://localhost:5173"],
 * });
 * console.log(`in the page: await Codex.connect("${relay.url}")`);
 * ```
 * @module
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Buffer } from "node:buffer";
import type { Duplex } from "node:stream";
import { InvalidArgumentError } from "../util/errors.ts";
import { checkOptions as checkOptionTypes, type OptionRules } from "../util/option_checks.ts";
import { isLoopbackHost, isTokenText } from "../util/arguments.ts";
import type { CodexLogger } from "../client/options.ts";
import { SecretRedactor } from "../util/redact.ts";
import { openWebSocketConnection } from "../transport/websocket.ts";
import { Admission } from "./admission.ts";
import { Bridge, type BrowserSocket, GOING_AWAY } from "./bridge.ts";

/** Options of {@link startRelay}. */
export interface RelayOptions {
  /** The app-server's WebSocket address (`codex app-server --listen ws://IP:PORT`). */
  appServerUrl: string;
  /**
   * The app-server's capability token (the contents of its `--ws-token-file`), sent to it as
   * `Authorization: Bearer …`; never sent to the browser, never in a message or log.
   */
  appServerToken?: string;
  /**
   * The page origins that may connect (`scheme://host[:port]`, e.g. `"http://localhost:5173"`).
   * Required; there is no wildcard. A request without an `Origin` header is refused too.
   */
  allowedOrigins: readonly string[];
  /**
   * The relay's own secret (at least 16 characters): when set, a page must connect to
   * `ws://HOST:PORT/?token=<token>`. Required when `hostname` is not a loopback address.
   */
  token?: string;
  /** Where to listen. Default `"127.0.0.1"`. */
  hostname?: string;
  /** The port; default 0 (any free port: read it from {@link Relay.url}). */
  port?: number;
  /** How long reaching the app-server may take for each page connection, in ms. Default 10000. */
  connectTimeoutMs?: number;
  /** Where to report refused requests (`debug`) and faults (`warn`). */
  logger?: CodexLogger;
  /**
   * The largest message a page may send, in bytes. A bigger one closes that page's connection
   * with code 1009 ("message too big") before any of it reaches the app-server. Default
   * {@link DEFAULT_RELAY_MAX_MESSAGE_BYTES} (16 MiB, the app-server's own line bound).
   */
  maxMessageBytes?: number;
  /**
   * How many page connections may be open at once; an upgrade beyond it is refused with HTTP 503
   * before the app-server is reached. Default {@link DEFAULT_RELAY_MAX_CONNECTIONS}.
   */
  maxConnections?: number;
  /**
   * A page connection with no message either way for this long is closed (code 1000, reason
   * says why) with its app-server connection, in ms; 0 keeps idle connections open. Default
   * {@link DEFAULT_RELAY_IDLE_TIMEOUT_MS} (30 minutes: an agent can think or run a command for
   * minutes without a message, but a forgotten tab should not hold an app-server connection).
   */
  idleTimeoutMs?: number;
}

/** Default {@link RelayOptions.maxMessageBytes}: 16 MiB. */
export const DEFAULT_RELAY_MAX_MESSAGE_BYTES: number = 16 * 1024 * 1024;
/** Default {@link RelayOptions.maxConnections}: 16 (a page uses one; a few tabs fit). */
export const DEFAULT_RELAY_MAX_CONNECTIONS: number = 16;
/** Default {@link RelayOptions.idleTimeoutMs}: 30 minutes. */
export const DEFAULT_RELAY_IDLE_TIMEOUT_MS: number = 30 * 60 * 1000;

/** A running relay. `close()` (or `await using`) ends every connection through it and stops it. */
export interface Relay extends AsyncDisposable {
  /** The address pages connect to, e.g. `ws://127.0.0.1:41234` (without the token). */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** How many page connections are open. */
  readonly connections: number;
  /** Stops listening, closes every page connection (code 1001) and its app-server connection. */
  close(): Promise<void>;
}


/** Starts the relay and resolves once it listens. */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  checkOptionTypes(options ?? null, RELAY_RULES, "startRelay");
  const { hostname = "127.0.0.1", port = 0, logger } = options;
  const upstreamUrl = checkOptions(options, hostname, port);
  const limits = checkLimits(options);
  const admission = new Admission({ allowedOrigins: options.allowedOrigins, token: options.token });
  const redactor = new SecretRedactor();
  redactor.add(options.appServerToken);
  redactor.add(options.token);
  const headers: Record<string, string> = options.appServerToken
    ? { Authorization: `Bearer ${options.appServerToken}` }
    : {};
  const openUpstream = () =>
    openWebSocketConnection({
      url: upstreamUrl,
      headers,
      timeoutMs: options.connectTimeoutMs,
      redactor,
    });

  // ws is a dependency of the SDK (Node has no WebSocket server); Deno and Bun serve it on node:http.
  const { WebSocketServer } = await import("ws");
  // ws enforces the size as frames arrive: an oversized message is never buffered whole and
  // never handed to the bridge (the page's socket closes with 1009).
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  const bridges = new Set<Bridge>();
  let upgrading = 0; // admitted, handshake under way: they count against maxConnections too
  let closing: Promise<void> | undefined;

  const server: Server = createServer(answerHttp);
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => {}); // a browser that hangs up mid-handshake is not our fault
    const refusal = closing
      ? { status: 503, message: "the relay is shutting down" }
      : admission.check({ origin: request.headers.origin, url: request.url ?? "/" }) ??
        (bridges.size + upgrading >= limits.maxConnections
          ? { status: 503, message: `the relay has its maximum of ${limits.maxConnections} connections open` }
          : undefined);
    if (refusal) {
      const from = request.headers.origin ?? "a client without an Origin";
      logger?.debug?.(`relay: refused ${from}: ${refusal.message}`);
      return refuseUpgrade(socket, refusal.status, refusal.message);
    }
    upgrading++;
    const abandoned = () => upgrading--;
    socket.once("close", abandoned);
    sockets.handleUpgrade(request, socket, head, (browser) => {
      upgrading--;
      socket.off("close", abandoned);
      if (closing) return browser.close(GOING_AWAY, "the relay is shutting down");
      const bridge = new Bridge(browser as unknown as BrowserSocket, openUpstream, logger, {
        idleTimeoutMs: limits.idleTimeoutMs,
      });
      bridges.add(bridge);
      bridge.closed.then(() => bridges.delete(bridge));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  const host = hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname;

  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...bridges].map((bridge) => bridge.close()));
      sockets.close();
      server.closeAllConnections?.();
      await stopped;
    })();
    return closing;
  };
  return {
    url: `ws://${host}:${boundPort}`,
    port: boundPort,
    get connections() {
      return bridges.size;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** What each option of {@link startRelay} accepts (the URL, the tokens and the port have checks below). */
const RELAY_RULES: OptionRules = {
  appServerUrl: "nonEmptyString",
  allowedOrigins: "strings",
  hostname: "nonEmptyString",
  connectTimeoutMs: "positiveMs",
  logger: "logger",
};

function checkLimits(options: RelayOptions): { maxMessageBytes: number; maxConnections: number; idleTimeoutMs: number } {
  const {
    maxMessageBytes = DEFAULT_RELAY_MAX_MESSAGE_BYTES,
    maxConnections = DEFAULT_RELAY_MAX_CONNECTIONS,
    idleTimeoutMs = DEFAULT_RELAY_IDLE_TIMEOUT_MS,
  } = options;
  for (const [name, value, min] of [["maxMessageBytes", maxMessageBytes, 1], ["maxConnections", maxConnections, 1], ["idleTimeoutMs", idleTimeoutMs, 0]] as const) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new InvalidArgumentError(name, `must be a whole number ≥ ${min}, got ${String(value)}`);
    }
  }
  return { maxMessageBytes, maxConnections, idleTimeoutMs };
}

function checkOptions(options: RelayOptions, hostname: string, port: number): string {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options", "startRelay takes an options object");
  }
  let url: URL;
  try {
    url = new URL(options.appServerUrl);
  } catch {
    throw new InvalidArgumentError(
      "appServerUrl",
      "expected the app-server's ws:// or wss:// URL, e.g. ws://127.0.0.1:4500",
    );
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw new InvalidArgumentError(
      "appServerUrl",
      `expected ws:// or wss://, got "${url.protocol}"`,
    );
  }
  const token = options.appServerToken;
  if (token !== undefined && !isTokenText(token)) {
    // Checked without quoting the value: the message must not carry the secret.
    throw new InvalidArgumentError(
      "appServerToken",
      "must be printable ASCII without spaces or line breaks (trim the token file's newline)",
    );
  }
  if (options.token === undefined && !isLoopbackHost(hostname)) {
    throw new InvalidArgumentError(
      "token",
      `the relay listens on ${hostname}, beyond loopback: set a token so that only your pages can use it`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError("port", `must be an integer 0–65535, got ${String(port)}`);
  }
  return options.appServerUrl;
}

// Plain HTTP: /readyz answers any page (it tells nothing but "something is here", which lets the
// SDK tell a refused upgrade from an empty port); everything else is told to upgrade.
function answerHttp(request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? "/", "http://relay.invalid").pathname;
  if (request.method === "GET" && path === "/readyz") {
    response.writeHead(200, { "Content-Type": "text/plain", "Access-Control-Allow-Origin": "*" })
      .end("ok\n");
  } else {
    response.writeHead(426, { "Content-Type": "text/plain", Upgrade: "websocket" })
      .end("a WebSocket relay to a codex app-server: connect with a WebSocket\n");
  }
}

const STATUS_TEXT: Record<number, string> = {
  401: "Unauthorized",
  403: "Forbidden",
  503: "Service Unavailable",
};

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${
      STATUS_TEXT[status]
    }\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`,
  );
}
