/**
 * The errors of `codex.exec` and `codex.spawn`: a command that outlived its `timeoutMs` (it has
 * been terminated). An aborted command rejects with the SDK's `AbortError`, as an aborted turn does.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 * import { CommandTimeoutError } from "@codex/sdk/client";
 *
 * await using codex = await Codex.start();
 * try {
 *   await codex.exec(["sleep", "60"], { timeoutMs: 1000 });
 * } catch (error) {
 *   if (error instanceof CommandTimeoutError) console.log(`killed after ${error.timeoutMs} ms`);
 * }
 * ```
 * @module
 */

import { CodexError } from "../../util/errors.ts";

/** A command ran longer than its `timeoutMs`; it was terminated. */
export class CommandTimeoutError extends CodexError {
  /** The command's argv. */
  readonly command: readonly string[];
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  /** Creates the error for `command` after `timeoutMs`. */
  constructor(command: readonly string[], timeoutMs: number) {
    super(
      "command_timeout",
      `${JSON.stringify(command)} ran longer than ${timeoutMs} ms and was terminated (raise timeoutMs, or leave it out)`,
    );
    this.command = command;
    this.timeoutMs = timeoutMs;
  }
}
