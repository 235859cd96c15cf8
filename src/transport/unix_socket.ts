/**
 * The unix-socket transport: `codex app-server --listen unix://PATH`, and the local daemon's
 * control socket (`$CODEX_HOME/app-server-control/app-server-control.sock`, what `--listen unix://`
 * and `codex app-server daemon start` use).
 *
 * Observed on 0.169.0: the socket does not speak JSONL. The client sends an HTTP WebSocket
 * upgrade (`GET /`, answered `101`), then each message is one WebSocket text frame, as on
 * `ws://`; a JSON line gets no answer and the server hangs up. There is no token: the socket
 * file's permissions (0600) are the access control. The path is usually a symlink into
 * `/tmp/codex-daemon-<uid>/`, which a killed server leaves behind.
 *
 * @example
 * ```ts
 * import { JsonRpcPeer } from "@codex/sdk/rpc";
 * import { openUnixSocketConnection } from "@codex/sdk/client";
 *
 * const connection = await openUnixSocketConnection({ path: "/run/user/1000/codex.sock" });
 * const peer = new JsonRpcPeer(connection);
 * ```
 * @module
 */

import type { SecretRedactor } from "../util/redact.ts";
import type { MessageConnection } from "../rpc/connection.ts";
import { runtimeAdapter } from "../runtime/detect.ts";
import type { FileKind, RuntimeName } from "../runtime/types.ts";
import { ConnectionFailedError, ConnectionRefusedError } from "./connect_errors.ts";
import { openWebSocketConnection } from "./websocket.ts";

/** Options of {@link openUnixSocketConnection}. */
export interface UnixSocketConnectionOptions {
  /** The socket's path; relative paths are taken from the working directory. Default: {@link defaultControlSocketPath}. */
  path?: string;
  /** Extra handshake headers. */
  headers?: Record<string, string>;
  /** How long connecting may take, in ms. Default 10000. */
  timeoutMs?: number;
  /** Which runtime's WebSocket to use; default the running one. `"node"` means the `ws` package. */
  webSocketRuntime?: RuntimeName;
  /**
   * The old name of `webSocketRuntime`.
   * @deprecated Use `webSocketRuntime` (`runtime` names the process adapter in `Codex.start`).
   */
  runtime?: RuntimeName;
  /** Hides secrets in messages built from what the runtime reported. */
  redactor?: SecretRedactor;
}

/**
 * The local daemon's control socket: `$CODEX_HOME/app-server-control/app-server-control.sock`,
 * with `CODEX_HOME` defaulting to `~/.codex`.
 */
export function defaultControlSocketPath(env: Record<string, string | undefined> = runtimeAdapter().environment()): string {
  const home = env.CODEX_HOME || `${env.HOME || env.USERPROFILE || "."}/.codex`;
  return `${home.replace(/\/+$/, "")}/app-server-control/app-server-control.sock`;
}

/** Connects to the socket; rejects with {@link ConnectionRefusedError} when no server is there. */
export async function openUnixSocketConnection(options: UnixSocketConnectionOptions = {}): Promise<MessageConnection> {
  const isDefault = !options.path;
  const runtime = runtimeAdapter(options.webSocketRuntime ?? options.runtime);
  let path = options.path || defaultControlSocketPath(runtime.environment());
  if (!path.startsWith("/")) path = `${runtime.host().cwd}/${path.replace(/^\.\//, "")}`;
  const display = `unix://${path}`;
  await checkSocketFile(await runtime.fileKind(path), path, display, isDefault);
  return await openWebSocketConnection({
    url: "ws://localhost/",
    socketPath: path,
    displayUrl: display,
    headers: options.headers,
    timeoutMs: options.timeoutMs,
    webSocketRuntime: options.webSocketRuntime ?? options.runtime,
    redactor: options.redactor,
  });
}

// Says "no such socket" plainly before the runtime's WebSocket reports it in its own words.
function checkSocketFile(kind: FileKind, path: string, display: string, isDefault: boolean): void {
  if (kind === "socket" || kind === "unreadable") return; // unreadable: let the connection attempt report it
  if (kind === "missing") {
    throw new ConnectionRefusedError(
      display,
      "no such socket",
      isDefault
        ? "start the local daemon (codex app-server daemon start), or pass the path of a running app-server"
        : "is the app-server running with --listen unix://PATH?",
    );
  }
  throw new ConnectionFailedError("not_a_socket", display, `${path} exists but is not a unix socket`);
}
