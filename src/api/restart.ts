/**
 * `Codex.start({ restart })`: a local app-server that comes back. The client reconnects as after
 * `Codex.connect({ reconnect })` (`client/link.ts`), with a new app-server, started with the same
 * options, as its new connection: the same handshake (version check included), the same backoff
 * and give-up after `maxAttempts`. `Codex` then resyncs (`resync.ts`): threads resumed before any
 * waiting call goes out, a `connection/gap` event, turns that ended (or were lost with the
 * process) completed from `thread/read`. Requests the death cut off are sent again to the new
 * process: the old one is gone with whatever it was doing.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start({ restart: { maxAttempts: 5, initialDelayMs: 200 } });
 * ```
 * @module
 */

import { checkReconnectOption, type ClientReconnectOptions, type ReconnectOptions } from "../client/reconnect.ts";
import type { StartedAppServer } from "../client/start.ts";
import type { CodexStartOptions } from "./options.ts";

/** A started app-server that is restarted when it dies. */
export interface RestartableAppServer {
  /** How the client gets a new process when this one dies. */
  reconnect: ClientReconnectOptions;
  /** The current process's id. */
  pid: () => number;
}

/** Checks the `restart` option: `true`, or backoff numbers. */
export function checkRestartOption(restart: CodexStartOptions["restart"]): ReconnectOptions | undefined {
  return checkReconnectOption("restart", restart);
}

/** The reconnection of a started app-server: when it dies, `start` runs again with the same options. */
export function restartable(
  first: StartedAppServer,
  options: CodexStartOptions,
  backoff: ReconnectOptions,
  start: (options: CodexStartOptions) => Promise<StartedAppServer>,
): RestartableAppServer {
  let pid = first.pid;
  const reconnect: ClientReconnectOptions = {
    ...backoff,
    resendCutOff: true,
    open: async () => {
      const next = await start(options);
      pid = next.pid;
      return next.connection;
    },
  };
  return { reconnect, pid: () => pid };
}
