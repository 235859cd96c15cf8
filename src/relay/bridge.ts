/**
 * One browser connection through the relay: the browser's WebSocket on one side, a connection to
 * the app-server on the other, and every text frame passed across as it is, in order.
 *
 * The browser's upgrade is accepted before the app-server is reached; what the browser sends
 * meanwhile waits. If the app-server cannot be reached, or ends the connection, the browser's
 * socket is closed with code 1014 ("bad gateway") and a reason that says why, which the page sees
 * in its `CloseEvent` (a refused upgrade would show it nothing). When either side ends, so does
 * the other.
 *
 * @example
 * ```ts ignore
 * const bridge = new Bridge(browserSocket, () => openWebSocketConnection({ url, headers }));
 * await bridge.closed; // both sides have ended
 * ```
 * @module
 */

import type { CodexLogger } from "../client/options.ts";
import type { MessageConnection } from "../rpc/connection.ts";

/** The server side of a browser's WebSocket, as the `ws` package gives it. */
export interface BrowserSocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Sends one text frame. */
  send(text: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Drops the connection at once. */
  terminate(): void;
  /** A frame arrived (text unless `isBinary`). */
  on(event: "message", listener: (data: unknown, isBinary: boolean) => void): this;
  /** The connection ended. */
  on(event: "close", listener: () => void): this;
  /** Something failed; `close` follows. */
  on(event: "error", listener: (error: Error) => void): this;
}

/** Options of {@link Bridge}. */
export interface BridgeOptions {
  /** Close both sides after this many ms without a message either way; 0 (default) never. */
  idleTimeoutMs?: number;
}

/** The close code for "the app-server could not be reached or went away" (RFC 6455 registry: Bad Gateway). */
export const BAD_GATEWAY = 1014;
/** The close code for "the relay is shutting down". */
export const GOING_AWAY = 1001;

// How long a closing handshake may take before the socket is dropped.
const CLOSE_GRACE_MS = 1000;
// A close frame's reason is at most 123 bytes of UTF-8.
const MAX_REASON_BYTES = 123;

/** Pairs a browser's socket with a connection to the app-server. */
export class Bridge {
  /** Resolves when both sides have ended. */
  readonly closed: Promise<void>;

  readonly #browser: BrowserSocket;
  readonly #logger: CodexLogger | undefined;
  readonly #waiting: string[] = [];
  #upstream: MessageConnection | undefined;
  #ending = false;
  readonly #idleTimeoutMs: number;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Starts relaying; `openUpstream` connects to the app-server (and should reject with an error
   * whose message may be shown to the browser: no secrets in it).
   */
  constructor(
    browser: BrowserSocket,
    openUpstream: () => Promise<MessageConnection>,
    logger?: CodexLogger,
    options: BridgeOptions = {},
  ) {
    this.#browser = browser;
    this.#logger = logger;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 0;
    this.#touch();
    const browserDone = new Promise<void>((resolve) => browser.on("close", resolve));
    browser.on("error", () => {}); // the close event that follows is what counts
    browser.on("message", (data, isBinary) => this.#fromBrowser(data, isBinary));
    browserDone.then(() => this.#end());
    const upstreamDone = openUpstream().then(
      (upstream) => this.#attach(upstream),
      (error) => this.#end(BAD_GATEWAY, `cannot reach the app-server: ${messageOf(error)}`),
    );
    this.closed = Promise.all([browserDone, upstreamDone]).then(() => {});
  }

  /** Ends both sides; the browser gets `code` and `reason`. Resolves when both have ended. */
  close(code: number = GOING_AWAY, reason = "the relay is shutting down"): Promise<void> {
    this.#end(code, reason);
    return this.closed;
  }

  async #attach(upstream: MessageConnection): Promise<void> {
    if (this.#ending) return void (await upstream.close().catch(() => {}));
    this.#upstream = upstream;
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    upstream.start({
      message: (text) => {
        this.#touch();
        if (this.#browser.readyState === 1) this.#browser.send(text);
      },
      error: (error) => this.#logger?.warn?.(`relay: from the app-server: ${error.message}`, error),
      closed: (info) => {
        ended();
        this.#end(BAD_GATEWAY, info.reason);
      },
    });
    for (const text of this.#waiting.splice(0)) upstream.send(text);
    await done;
  }

  // Restarts the idle clock: any message either way counts as activity.
  #touch(): void {
    if (this.#idleTimeoutMs <= 0 || this.#ending) return;
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(
      () => this.#end(1000, `closed after ${this.#idleTimeoutMs} ms without a message (idleTimeoutMs)`),
      this.#idleTimeoutMs,
    );
  }

  #fromBrowser(data: unknown, isBinary: boolean): void {
    this.#touch();
    // The app-server reads text frames; a binary frame from the page is taken as UTF-8 text.
    const text = typeof data === "string"
      ? data
      : isBinary || data instanceof Uint8Array
      ? new TextDecoder().decode(data as Uint8Array)
      : String(data);
    if (this.#upstream) this.#upstream.send(text);
    else if (!this.#ending) this.#waiting.push(text);
  }

  #end(code = 1000, reason = ""): void {
    if (this.#ending) return;
    this.#ending = true;
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#waiting.length = 0;
    this.#upstream?.close().catch(() => {}); // its end is reported through `closed`
    const browser = this.#browser;
    if (browser.readyState === 0 || browser.readyState === 1) {
      try {
        browser.close(code, truncate(reason));
      } catch {
        browser.terminate();
      }
      const timer = setTimeout(() => browser.terminate(), CLOSE_GRACE_MS);
      this.closed.finally(() => clearTimeout(timer));
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function truncate(reason: string): string {
  const bytes = new TextEncoder().encode(reason);
  if (bytes.length <= MAX_REASON_BYTES) return reason;
  // Cut on a character boundary, with an ellipsis.
  let cut = reason.slice(0, MAX_REASON_BYTES - 3);
  while (new TextEncoder().encode(cut).length > MAX_REASON_BYTES - 3) cut = cut.slice(0, -1);
  return `${cut}…`;
}
