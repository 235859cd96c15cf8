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
 * import { connect } from "@codex/sdk/client";
 *
 * await using codex = await connect("ws://127.0.0.1:4500", { token: "…" });
 * const { thread } = await codex.client.request("thread/start", {});
 * ```
 * @module
 */

import { Codex } from "./codex.ts";
import type { ConnectOptions } from "./options.ts";

export type { ConnectOptions } from "./options.ts";

/**
 * Connects to a running app-server, runs the `initialize` handshake and resolves with a ready
 * {@link Codex} (the same as `Codex.connect`). Rejects with {@link AuthenticationError} when the
 * server refuses the token (HTTP 401), {@link ConnectionRefusedError} when nothing listens there,
 * another {@link ConnectionFailedError} for other failures, and {@link InvalidArgumentError} for
 * a URL of another scheme.
 */
export function connect(url: string | URL, options: ConnectOptions = {}): Promise<Codex> {
  return Codex.connect(url, options);
}
