/**
 * The errors of `@codex/sdk/compat`: `CodexError` subclasses (with a `code`) whose messages are
 * the official SDK's where a program could match on them ("Codex Exec exited with code 1: …",
 * "outputSchema must be a plain JSON object", the config-override messages).
 *
 * @example
 * ```ts
 * import { Codex, ExecExitError } from "@codex/sdk/compat";
 *
 * const thread = new Codex().startThread();
 * try {
 *   await thread.run("Hello");
 * } catch (error) {
 *   if (error instanceof ExecExitError) console.error(error.message); // "Codex Exec exited with code 1: …"
 * }
 * ```
 * @module
 */

import { CodexError, InvalidArgumentError } from "../util/errors.ts";

/**
 * Where `@openai/codex-sdk` throws "Codex Exec exited with code 1: <stderr>" (its `codex exec`
 * process failed: the turn failed, the thread could not be started or resumed, the git check
 * refused), compat throws this, with the same prefix and the reason instead of the process's
 * stderr. The underlying error, if any, is the `cause`.
 */
export class ExecExitError extends CodexError {
  /** Creates the error with the reason (what exec would have printed last). */
  constructor(reason: string, options?: { cause?: unknown }) {
    super("exec_failed", `Codex Exec exited with code 1: ${reason}`, options);
  }
}

/** An option the official SDK refuses, with its message (no argument-name prefix). */
export class CompatArgumentError extends InvalidArgumentError {
  /** Creates the error for `argument` with the official SDK's `message`. */
  constructor(argument: string, message: string) {
    super(argument, message, { unprefixed: true });
  }
}

/** What `run()` throws for a failed turn: the turn's error message, as the official SDK throws it. */
export class TurnFailedCompatError extends CodexError {
  /** Creates the error with the turn's error message. */
  constructor(message: string) {
    super("turn_failed", message);
  }
}
