/**
 * The errors of `Codex.connect`: opening a connection to an app-server that is already running
 * failed, before any JSON-RPC was spoken. Each says what the caller can do: fix the token, start
 * the server (or fix the address), or look at what the server answered.
 *
 * Messages name the address without credentials and never contain the token.
 *
 * @example
 * ```ts
 * import { AuthenticationError, ConnectionRefusedError } from "@codex/sdk";
 * import { connect } from "@codex/sdk/client";
 *
 * try {
 *   await connect("ws://127.0.0.1:4500", { token: "…" });
 * } catch (error) {
 *   if (error instanceof AuthenticationError) console.error("wrong token");
 *   else if (error instanceof ConnectionRefusedError) console.error("is the app-server running?");
 *   else throw error;
 * }
 * ```
 * @module
 */

import { CodexError } from "../util/errors.ts";

/** Options of {@link ConnectionFailedError}. */
export interface ConnectionFailedErrorOptions {
  /** The HTTP status of a refused WebSocket upgrade, when there was one. */
  status?: number;
  /** The underlying error, when it is safe to keep (it must not hold the token). */
  cause?: unknown;
}

/**
 * Opening the connection failed. The subclasses {@link AuthenticationError} and
 * {@link ConnectionRefusedError} are the two cases a caller usually handles; this class itself
 * covers the rest (a timeout, an upgrade refused with another HTTP status, a TLS failure, …).
 */
export class ConnectionFailedError extends CodexError {
  /** The address that was tried, without credentials. */
  readonly url: string;
  /** The HTTP status the server answered the WebSocket upgrade with, if it answered one. */
  readonly status: number | undefined;

  /** Creates the error; `code` is e.g. `"connect_timeout"`, `message` says what happened. */
  constructor(code: string, url: string, message: string, options: ConnectionFailedErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.url = url;
    this.status = options.status;
  }
}

/**
 * The app-server refused the credentials: it answered the WebSocket upgrade with HTTP 401
 * (a wrong token, or none where one is required). Check the token; retrying will not help.
 */
export class AuthenticationError extends ConnectionFailedError {
  /** Creates the error for `url`; `tokenGiven` says whether a token was sent at all. */
  constructor(url: string, tokenGiven: boolean, detail = "") {
    super(
      "unauthorized",
      url,
      `the app-server at ${url} refused the credentials (HTTP 401${detail ? `: ${detail}` : ""}): ` +
        (tokenGiven
          ? "check the token (it must match the server's --ws-token-file)"
          : "it requires a token; pass { token } (the contents of the server's --ws-token-file)"),
      { status: 401 },
    );
  }
}

/**
 * Nothing is listening at the address: no server on that host and port, no socket at that path,
 * or a stale socket file left by a server that is gone. Start the app-server, or fix the address.
 */
export class ConnectionRefusedError extends ConnectionFailedError {
  /** Creates the error for `url`; `detail` is what the runtime said, if anything. */
  constructor(url: string, detail = "", hint = "") {
    super(
      "connection_refused",
      url,
      `nothing is listening at ${url}${detail ? ` (${detail})` : ""}: ` +
        (hint || "is the app-server running (codex app-server --listen …)?"),
    );
  }
}
