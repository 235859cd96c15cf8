/**
 * The browser adapter (and any other runtime without processes or files): a WebSocket is the
 * only way out, and the platform's cannot send headers, so no token and no unix socket. To drive
 * a local app-server from a page, run the relay of `@codex/sdk/relay` (the page needs no token).
 *
 * @example
 * ```ts
 * import { loadRuntime } from "./detect.ts";
 *
 * const runtime = await loadRuntime();
 * console.log(runtime.name); // "browser" in a page
 * ```
 * @module
 */

import { InvalidArgumentError } from "../util/errors.ts";
import { globalWebSocket } from "./global_websocket.ts";
import type { ChildProcess, CreatedWebSocket, FileKind, HostInfo, RuntimeAdapter, WebSocketTarget } from "./types.ts";

/** The adapter for a browser. */
export const browserRuntime: RuntimeAdapter = {
  name: "browser",
  spawn(): Promise<ChildProcess> {
    return Promise.reject(
      new InvalidArgumentError(
        "runtime",
        "no process adapter here: Codex.start needs Deno, Bun or Node (use Codex.connect with a WebSocket URL elsewhere)",
      ),
    );
  },
  environment(): Record<string, string> {
    return {};
  },
  host(): HostInfo {
    return { os: "browser", arch: "", cwd: "/" };
  },
  fileKind(): Promise<FileKind> {
    return Promise.resolve("unreadable");
  },
  createWebSocket(target: WebSocketTarget): Promise<CreatedWebSocket> {
    if (target.socketPath) {
      throw new InvalidArgumentError("url", "unix sockets need Deno, Bun or Node; this runtime has no way to reach one");
    }
    if (Object.keys(target.headers ?? {}).length > 0) {
      throw new InvalidArgumentError(
        "token",
        "this runtime's WebSocket cannot send an Authorization header (a browser's cannot), and the " +
          "app-server takes the token only there; connect from Deno, Bun or Node, or, from a browser, through the relay in @codex/sdk/relay (the page needs no token)",
      );
    }
    return Promise.resolve({ socket: new (globalWebSocket())(target.url), dispose() {} });
  },
};
