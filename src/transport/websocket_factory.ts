/**
 * Makes a client WebSocket on the running runtime, with handshake headers (for
 * `Authorization: Bearer …`) and optionally over a unix socket instead of TCP:
 *
 * | runtime | TCP (`ws://`, `wss://`) | unix socket |
 * |---|---|---|
 * | Deno | global `WebSocket(url, { headers })` | the same, with `client: Deno.createHttpClient({ proxy: { transport: "unix", path } })` |
 * | Bun | global `WebSocket(url, { headers })` | `ws+unix://PATH` |
 * | Node | the `ws` package (Node 20 has no global `WebSocket`), imported only here | `ws+unix://PATH:/` |
 * | other (a browser) | global `WebSocket(url)`: no headers, so no token | not possible |
 *
 * Every one of them is driven through the standard event-handler properties (`onopen`,
 * `onmessage`, …), which the `ws` package implements too.
 *
 * @example
 * ```ts
 * import { createWebSocket } from "./websocket_factory.ts";
 *
 * const { socket, dispose } = await createWebSocket({ url: "ws://127.0.0.1:4500" });
 * socket.onopen = () => socket.close();
 * socket.onclose = () => dispose();
 * ```
 * @module
 */

import { CodexError, InvalidArgumentError } from "../util/errors.ts";
import { detectRuntime } from "../runtime/detect.ts";
import type { RuntimeName } from "../runtime/types.ts";

/** The part of the standard `WebSocket` API the transport uses (the `ws` package has it too). */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** How binary frames are delivered; the transport asks for `"arraybuffer"`. */
  binaryType: string;
  /** The upgrade succeeded. */
  onopen: ((event: unknown) => void) | null;
  /** One frame (a string for text frames). */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** Something failed; before `onopen`, the event's message says what (e.g. the HTTP status). */
  onerror: ((event: { message?: string; error?: unknown }) => void) | null;
  /** The connection ended (always the last event). */
  onclose: ((event: { code: number; reason: string }) => void) | null;
  /** Sends one text frame. */
  send(data: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Drops the connection at once (the `ws` package only). */
  terminate?(): void;
}

/** What {@link createWebSocket} connects to. */
export interface WebSocketTarget {
  /** `ws://` or `wss://` URL; with `socketPath`, only its path is used. */
  url: string;
  /** Extra handshake headers. */
  headers?: Record<string, string>;
  /** Connect over this unix socket (absolute path) instead of TCP. */
  socketPath?: string;
  /** Which runtime's WebSocket to use; default the running one. `"node"` means the `ws` package. */
  runtime?: RuntimeName;
}

/** A new, connecting WebSocket and what to release once it has closed. */
export interface CreatedWebSocket {
  /** The socket, already connecting. */
  socket: WebSocketLike;
  /** Releases what the socket needed besides itself (Deno's unix-socket HTTP client). */
  dispose(): void;
}

interface DenoHttpClient {
  close(): void;
}

interface DenoApi {
  createHttpClient(options: { proxy: { transport: "unix"; path: string } }): DenoHttpClient;
}

type WebSocketConstructor = new (url: string, options?: Record<string, unknown>) => WebSocketLike;

/** Creates the socket; throws {@link InvalidArgumentError} when this runtime cannot do what is asked. */
export async function createWebSocket(target: WebSocketTarget): Promise<CreatedWebSocket> {
  const runtime = target.runtime ?? detectRuntime();
  const headers = target.headers ?? {};
  const socketPath = target.socketPath;
  const global = globalThis as { Deno?: DenoApi; Bun?: unknown };
  if ((runtime === "deno" && !global.Deno) || (runtime === "bun" && !global.Bun)) {
    throw new InvalidArgumentError("runtime", `"${runtime}" was asked for, but this is not ${runtime === "deno" ? "Deno" : "Bun"}`);
  }
  switch (runtime) {
    case "deno": {
      const deno = global.Deno!;
      const client = socketPath ? deno.createHttpClient({ proxy: { transport: "unix", path: socketPath } }) : undefined;
      const url = socketPath ? `ws://localhost${new URL(target.url).pathname}` : target.url;
      try {
        const socket = new (globalWebSocket())(url, { headers, ...(client ? { client } : {}) });
        return { socket, dispose: () => client?.close() };
      } catch (error) {
        client?.close();
        throw error;
      }
    }
    case "bun": {
      const url = socketPath ? `ws+unix://${socketPath}` : target.url;
      return { socket: new (globalWebSocket())(url, { headers }), dispose() {} };
    }
    case "node": {
      // Node 20 has no global WebSocket. `ws` is small, has no dependencies, and is what Node's
      // own ecosystem uses; it is loaded only here, so other runtimes never import it.
      const { WebSocket } = await import("ws").catch((error) => {
        throw new CodexError(
          "missing_dependency",
          `WebSockets on Node need the ws package, which could not be loaded (${error?.message ?? error}): npm install ws`,
          { cause: error },
        );
      });
      const url = socketPath ? `ws+unix://${socketPath}:${new URL(target.url).pathname}` : target.url;
      return { socket: new WebSocket(url, { headers }) as unknown as WebSocketLike, dispose() {} };
    }
    default: {
      if (socketPath) {
        throw new InvalidArgumentError("url", "unix sockets need Deno, Bun or Node; this runtime has no way to reach one");
      }
      if (Object.keys(headers).length > 0) {
        throw new InvalidArgumentError(
          "token",
          "this runtime's WebSocket cannot send an Authorization header (a browser's cannot), and the " +
            "app-server takes the token only there; connect from Deno, Bun or Node, or, from a browser, through the relay in @codex/sdk/relay (the page needs no token)",
        );
      }
      return { socket: new (globalWebSocket())(target.url), dispose() {} };
    }
  }
}

function globalWebSocket(): WebSocketConstructor {
  const constructor = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (typeof constructor !== "function") {
    throw new InvalidArgumentError("runtime", "this runtime has no global WebSocket; pass { runtime: \"node\" } to use the ws package");
  }
  return constructor as WebSocketConstructor;
}
