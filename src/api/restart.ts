/**
 * `Codex.start({ restart })`: a local app-server that comes back. The process connection is
 * wrapped in the same reconnecting connection `Codex.connect({ reconnect })` uses, whose "open"
 * here starts a new app-server with the same options; the handshake replay, the waiting of
 * calls made meanwhile, the backoff and the give-up after `maxAttempts` are that machinery's.
 * `Codex` then resyncs as after a reconnect (`resync.ts`): threads resumed, a `connection/gap`
 * event, turns that ended (or were lost with the process) completed from `thread/read`.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start({ restart: { maxAttempts: 5, initialDelayMs: 200 } });
 * ```
 * @module
 */

import { type ConnectionGap, reconnectingConnection, type ReconnectOptions } from "../rpc/reconnecting_connection.ts";
import type { MessageConnection } from "../rpc/connection.ts";
import { InvalidArgumentError } from "../util/errors.ts";
import { initializeParams } from "../client/handshake.ts";
import type { StartedAppServer } from "../client/start.ts";
import type { CodexStartOptions } from "./options.ts";

/** A started app-server that is restarted when it dies. */
export interface RestartableAppServer {
  /** The connection: the current process's, across restarts. */
  connection: MessageConnection;
  /** The current process's id. */
  pid: () => number;
  /** The first start's redactor (every start hides the same secrets). */
  redactor: StartedAppServer["redactor"];
  /** Set by `Codex` to hear when a new process is up and initialized. */
  reconnection: { onRestored?: (gap: ConnectionGap) => void };
}

/** Checks the `restart` option: `true`, or backoff numbers. */
export function checkRestartOption(restart: CodexStartOptions["restart"]): ReconnectOptions | undefined {
  if (restart === undefined || restart === false) return undefined;
  if (restart === true) return {};
  if (typeof restart !== "object" || restart === null) {
    throw new InvalidArgumentError("restart", "must be true, false, or { maxAttempts, initialDelayMs, maxDelayMs, jitterRatio }");
  }
  for (const name of ["maxAttempts", "initialDelayMs", "maxDelayMs", "jitterRatio"] as const) {
    const value = restart[name];
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value) || value < 0)) {
      throw new InvalidArgumentError(`restart.${name}`, `must be a number ≥ 0, got ${String(value)}`);
    }
  }
  return restart;
}

/** Wraps a started app-server so that, when it dies, `start` runs again with the same options. */
export function restartable(
  first: StartedAppServer,
  options: CodexStartOptions,
  backoff: ReconnectOptions,
  start: (options: CodexStartOptions) => Promise<StartedAppServer>,
): RestartableAppServer {
  let pid = first.pid;
  const reconnection: RestartableAppServer["reconnection"] = {};
  const connection = reconnectingConnection(first.connection, {
    ...backoff,
    open: async () => {
      const next = await start(options);
      pid = next.pid;
      return next.connection;
    },
    handshake: initializeParams(options),
    onRestored: (gap) => reconnection.onRestored?.(gap),
  });
  return { connection, pid: () => pid, redactor: first.redactor, reconnection };
}
