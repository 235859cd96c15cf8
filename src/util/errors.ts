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

  /**
   * Creates the error for `argument`, with what was wrong; the message is `argument: message`
   * unless `options.unprefixed` (a message that must read exactly as another package's).
   */
  constructor(argument: string, message: string, options?: { unprefixed?: boolean }) {
    super("invalid_argument", options?.unprefixed ? message : `${argument}: ${message}`);
    this.argument = argument;
  }
}

/**
 * A method was called when its object cannot do it: started twice, used after it was closed, or
 * a single-consumer stream asked for a second time. A bug in the calling code; `code` says which
 * (`"already_started"`, `"closed"`, …, and `"stream_taken"` for {@link InvalidStateError}'s
 * subclass of a turn's stream).
 */
export class InvalidStateError extends CodexError {
  /** Creates the error with its code and what was wrong. */
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/**
 * An optional package the feature needs could not be loaded (`code` `"missing_dependency"`; the
 * fleet's is `"fleet_dependency_missing"`). The message names the package and how to install it.
 */
export class DependencyMissingError extends CodexError {
  /** The npm name of the package. */
  readonly packageName: string;

  /** Creates the error for `packageName`; `message` says what needs it and how to install it. */
  constructor(packageName: string, message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? "missing_dependency", message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.packageName = packageName;
  }
}
