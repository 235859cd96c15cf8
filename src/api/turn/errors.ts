/**
 * The errors of a turn: it failed, its answer does not match the output schema, the caller's
 * signal interrupted it, or a stream consumer fell too far behind. Each carries the turn's
 * result, so nothing the turn produced is lost with the error.
 *
 * @example
 * ```ts
 * import { type Thread, TurnFailedError } from "@codex/sdk";
 *
 * declare const thread: Thread;
 * try {
 *   await thread.run("Fix the failing test");
 * } catch (error) {
 *   if (error instanceof TurnFailedError) console.error(error.result.error?.message);
 *   else throw error;
 * }
 * ```
 * @module
 */

import { CodexError, InvalidStateError } from "../../util/errors.ts";
import type { TurnResult } from "./result.ts";

/** A turn ended with status `failed`. `result` has everything the turn produced, and its error. */
export class TurnFailedError extends CodexError {
  /** The failed turn's result. */
  readonly result: TurnResult;

  /** Creates the error from the turn's result. */
  constructor(result: TurnResult) {
    const info = result.error?.codexErrorInfo;
    super(
      "turn_failed",
      `turn ${result.id} failed: ${result.error?.message ?? "no error message"}` +
        (info ? ` (${typeof info === "string" ? info : Object.keys(info)[0]})` : ""),
    );
    this.result = result;
  }
}

/** The agent's final answer did not match the `outputSchema`. `text` is the raw answer. */
export class StructuredOutputError extends CodexError {
  /** The raw final response text (null when the turn gave none). */
  readonly text: string | null;
  /** The turn's result (without `parsed`). */
  readonly result: TurnResult;

  /** Creates the error with what was wrong, the raw text and the turn's result. */
  constructor(problem: string, result: TurnResult, cause?: unknown) {
    super("structured_output_invalid", `turn ${result.id}: the final response does not match the output schema: ${problem}`, {
      cause,
    });
    this.text = result.finalResponse;
    this.result = result;
  }
}

/**
 * The caller's `AbortSignal` fired: the turn was interrupted and has ended. Named `AbortError`
 * like the platform's, so `error.name === "AbortError"` checks work.
 */
export class AbortError extends CodexError {
  /** The interrupted turn's result, when the turn had started. */
  readonly result: TurnResult | undefined;

  /** Creates the error, with the turn's result when there is one. */
  constructor(message: string, result?: TurnResult, cause?: unknown) {
    super("aborted", message, { cause });
    this.result = result;
  }
}

/**
 * A turn's `stream()` consumer fell more than `maxBufferedEvents` behind; the buffered events
 * were dropped and the stream ended with this error. The turn itself goes on, and `run()` /
 * `turn.result` still give its full result.
 */
export class StreamOverflowError extends CodexError {
  /** The bound that was passed. */
  readonly maxBufferedEvents: number;

  /** Creates the error for the bound that was passed. */
  constructor(turnId: string, maxBufferedEvents: number) {
    super(
      "stream_overflow",
      `turn ${turnId}: the stream consumer fell more than ${maxBufferedEvents} events behind; ` +
        `consume faster, or raise maxBufferedEvents (run() and turn.result are unaffected)`,
    );
    this.maxBufferedEvents = maxBufferedEvents;
  }
}

/**
 * A turn's events have one consumer, and it was already taken: `stream()` or `run()` was called
 * before (`code` `"stream_taken"`). Keep the first iterator, or use `turn.result` (which any number
 * of callers may await) for the outcome.
 */
export class StreamTakenError extends InvalidStateError {
  /** Creates the error for turn `turnId`. */
  constructor(turnId: string) {
    super("stream_taken", `turn ${turnId}: stream() or run() was already called; a turn's events have one consumer`);
  }
}
