/**
 * `codex.exec` and `codex.spawn`: run a command (an argv, no shell) in the app-server's sandbox,
 * without a thread or a turn (`command/exec`).
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const { exitCode, stdout } = await codex.exec(["git", "status", "--short"], { cwd: "." });
 * console.log(exitCode, stdout);
 * ```
 * @module
 */

import type { CodexClient } from "../../client/client.ts";
import { InvalidArgumentError } from "../../util/errors.ts";
import { AbortError } from "../turn/errors.ts";
import { checkSize, type CommandOptions, commandParams, type CommandResult, type CommandSpawnOptions } from "./options.ts";
import { CommandProcess } from "./process.ts";

/** Runs `command` to its end and resolves with its exit code and output (see `codex.exec`). */
export function execCommand(client: CodexClient, command: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const params = commandParams(command, options);
  checkNotAborted(command, options.signal);
  return new CommandProcess(client, { params, stream: false, timeoutMs: options.timeoutMs, signal: options.signal }).exited;
}

/** Starts `command` with its output streamed and its stdin open (see `codex.spawn`). */
export function spawnCommand(client: CodexClient, command: readonly string[], options: CommandSpawnOptions = {}): CommandProcess {
  const params = commandParams(command, options);
  const { tty } = options;
  if (tty !== undefined && typeof tty !== "boolean" && (typeof tty !== "object" || tty === null)) {
    throw new InvalidArgumentError("tty", "must be a boolean or { rows, cols }");
  }
  checkNotAborted(command, options.signal);
  if (tty) {
    params.tty = true;
    if (typeof tty === "object") params.size = checkSize(tty, "tty");
  }
  return new CommandProcess(client, { params, stream: true, timeoutMs: options.timeoutMs, signal: options.signal });
}

function checkNotAborted(command: readonly string[], signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new AbortError(`the signal was aborted before ${JSON.stringify(command)} started`, undefined, signal.reason);
  }
}
