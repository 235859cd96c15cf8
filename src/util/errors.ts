/**
 * The root of every error this package throws, and the one every layer shares for a bad
 * argument. It lives at the bottom (`util/`) so that each layer — the generic JSON-RPC peer
 * included — can extend it: `error instanceof CodexError` catches everything the SDK throws,
 * whichever entry point it came through.
 *
 * @example
 * ```ts
 * import { CodexError, ServerBusyError } from "@codex/sdk";
 *
 * function explain(error: unknown): string {
 *   if (error instanceof ServerBusyError) return "busy: retry later";
 *   if (error instanceof CodexError) return `${error.code}: ${error.message}`;
 *   return String(error);
 * }
 * ```
 * @module
 */

/** The base of every error this SDK throws. */
export class CodexError extends Error {
  /** A stable, machine-readable code (`"transport_closed"`, `"timeout"`, …). */
  readonly code: string;

  /** Creates an error with a code and a message; `cause` is kept as the standard `cause`. */
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** An option or argument given to the SDK is not valid. The message names it and says why. */
export class InvalidArgumentError extends CodexError {
  /** The name of the option or argument. */
  readonly argument: string;

  /** Creates the error for `argument`, with what was wrong. */
  constructor(argument: string, message: string) {
    super("invalid_argument", `${argument}: ${message}`);
    this.argument = argument;
  }
}
