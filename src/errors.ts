/**
 * The SDK's errors: a small hierarchy keyed by what the caller can do about each one.
 *
 * Every error has a stable string `code` to branch on, a message that says what went wrong and
 * what to do, and the fields needed to act on it (the JSON-RPC code and data, the exit status and
 * stderr of a dead process, the method that timed out, …).
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

import { CODEX_VERSION } from "./protocol/generated/methods.ts";
import type { TurnResult } from "./api/turn/result.ts";

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

/** The `error` object of a JSON-RPC error response, as it was on the wire. */
export interface JsonRpcErrorObject {
  /** The JSON-RPC error code, e.g. -32600. */
  code: number;
  /** The server's message. */
  message: string;
  /** Extra data the server attached, if any. */
  data?: unknown;
}

/** An error response from the other side of a JSON-RPC connection. */
export class JsonRpcError extends CodexError {
  /** The JSON-RPC error code. */
  readonly rpcCode: number;
  /** The `data` member of the error, if the server sent one. */
  readonly data: unknown;
  /** The method of the request that failed, when known. */
  readonly method: string | undefined;

  /** Wraps a wire error object; `method` names the request that failed. */
  constructor(error: JsonRpcErrorObject, method?: string, code = "rpc_error") {
    super(code, method ? `${method}: ${error.message}` : error.message);
    this.rpcCode = error.code;
    this.data = error.data;
    this.method = method;
  }
}

/** An error answered by the Codex app-server. The specific subclasses say what kind. */
export class CodexRpcError extends JsonRpcError {}

/** -32700: the server could not parse what we sent. A bug in the SDK or the transport. */
export class ParseError extends CodexRpcError {}

/** -32600: the server refused the request as invalid. */
export class InvalidRequestError extends CodexRpcError {}

/**
 * The method does not exist on this server (-32601, or the pinned server's -32600
 * "unknown variant …"). Check the method name, or upgrade the app-server.
 */
export class MethodNotFoundError extends InvalidRequestError {}

/**
 * The params are wrong (-32602, or the pinned server's -32600 "invalid type …", "missing field …").
 * Fix the input; retrying will not help.
 */
export class InvalidParamsError extends InvalidRequestError {}

/** -32603: the server failed while handling the request. */
export class InternalRpcError extends CodexRpcError {}

/**
 * The server is overloaded (-32001, or `server_overloaded` in the error data). Retry with backoff,
 * e.g. with {@link retryOnOverload}.
 */
export class ServerBusyError extends CodexRpcError {}

/** `retryOnOverload` gave up: the server stayed busy for every attempt. `cause` is the last error. */
export class RetryLimitExceededError extends ServerBusyError {
  /** How many attempts were made. */
  readonly attempts: number;

  /** Wraps the last busy error after `attempts` tries. */
  constructor(last: JsonRpcError, attempts: number) {
    super(
      { code: last.rpcCode, message: `${last.message} (gave up after ${attempts} attempts)`, data: last.data },
      undefined,
      "retry_limit_exceeded",
    );
    this.attempts = attempts;
    this.cause = last;
  }
}

/** How a transport ended: the process exit status and what it last wrote to stderr. */
export interface TransportCloseInfo {
  /** The exit code, when the process exited normally. */
  exitCode: number | null;
  /** The signal that ended the process (e.g. `"SIGKILL"`), if any. */
  signal: string | null;
  /** The last lines the process wrote to stderr (secrets redacted). */
  stderrTail: string[];
  /** Why the connection ended, in words (e.g. "closed by the client"). */
  reason: string;
}

/**
 * The connection to the app-server is gone: the process exited or was killed, the socket dropped,
 * or `close()` was called. Every pending request and every running turn fails with this error.
 * Start a new `Codex` (threads persist in `CODEX_HOME` and can be resumed).
 */
export class TransportClosedError extends CodexError implements TransportCloseInfo {
  /** The exit code, when the process exited normally. */
  readonly exitCode: number | null;
  /** The signal that ended the process, if any. */
  readonly signal: string | null;
  /** The last lines of the process's stderr (secrets redacted). */
  readonly stderrTail: string[];
  /** Why the connection ended. */
  readonly reason: string;

  /** Builds the error from how the transport ended; `context` says what was going on. */
  constructor(info: TransportCloseInfo, context?: string) {
    super("transport_closed", describeClose(info, context));
    this.exitCode = info.exitCode;
    this.signal = info.signal;
    this.stderrTail = info.stderrTail;
    this.reason = info.reason;
  }
}

function describeClose(info: TransportCloseInfo, context?: string): string {
  const status = info.signal
    ? `killed by ${info.signal}`
    : info.exitCode !== null
    ? `exited with code ${info.exitCode}`
    : info.reason;
  // The line that says what went wrong ("Error: approval_policy = … is no longer supported") goes
  // into the headline, so that a one-line log of the error is enough.
  const fatal = [...info.stderrTail].reverse().find((line) => /^(Error|error|fatal)\b/.test(line));
  const head = `codex app-server connection closed${context ? ` ${context}` : ""}: ${status}` +
    (fatal ? ` — ${fatal}` : "");
  const extra = info.signal || info.exitCode !== null ? ` (${info.reason})` : "";
  const tail = info.stderrTail.length > 0 ? `\nstderr:\n  ${info.stderrTail.join("\n  ")}` : "";
  return head + extra + tail;
}

/** A request got no answer in time. The late answer, if it ever comes, is discarded. */
export class TimeoutError extends CodexError {
  /** The method that timed out. */
  readonly method: string;
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  /** Creates the error for `method` after `timeoutMs`. */
  constructor(method: string, timeoutMs: number) {
    super(
      "timeout",
      `${method}: no answer from the app-server within ${timeoutMs} ms ` +
        `(raise requestTimeoutMs, or pass { timeoutMs } to this call)`,
    );
    this.method = method;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * No codex binary could be found. `tried` lists every place that was looked at; the message
 * names the npm package that holds this platform's binary and the other ways to give one.
 */
export class CodexNotFoundError extends CodexError {
  /** Each candidate that was tried, with why it was not used. */
  readonly tried: string[];
  /**
   * The npm package with this platform's binary (`@openai/codex-linux-x64`, …), an optional
   * dependency of `@openai/codex` that `npm install --omit=optional` leaves out; `undefined`
   * when the search did not get that far or the platform has no build.
   */
  readonly platformPackage: string | undefined;

  /** Creates the error from the list of candidates tried and, if known, the platform package. */
  constructor(tried: string[], platformPackage?: string) {
    const install = platformPackage
      ? `Install it: npm install @openai/codex@${CODEX_VERSION} --include=optional (the binary ` +
        `is in its platform package ${platformPackage}, an optional dependency that ` +
        "npm install --omit=optional leaves out)."
      : `Install it (npm install @openai/codex@${CODEX_VERSION}).`;
    super(
      "codex_not_found",
      `could not find the codex binary. Tried:\n  ${tried.join("\n  ")}\n${install} ` +
        "Or pass { codexBin }, or set CODEX_BIN, or put codex on PATH.",
    );
    this.tried = tried;
    this.platformPackage = platformPackage;
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

/**
 * The peer sent something that is not valid JSON-RPC (garbage, a line over the size limit, a
 * response to an unknown id, a message that fails validation). Reported through the `onError`
 * hook; the connection keeps serving valid traffic.
 */
export class ProtocolError extends CodexError {
  /** The start of the offending line or message, for diagnosis (at most 200 characters). */
  readonly sample: string;

  /** Creates the error with a code, what was wrong and a sample of the input. */
  constructor(code: string, message: string, sample = "") {
    super(code, message);
    this.sample = sample.length > 200 ? `${sample.slice(0, 200)}…` : sample;
  }
}

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

/** Maps a wire error to the most specific class, by code and, for -32600, by message. */
export function rpcErrorFromWire(error: JsonRpcErrorObject, method?: string): CodexRpcError {
  const { code, message } = error;
  if (code === -32001 || mentionsOverload(error.data)) return new ServerBusyError(error, method, "server_busy");
  switch (code) {
    case -32700:
      return new ParseError(error, method, "parse_error");
    case -32601:
      return new MethodNotFoundError(error, method, "method_not_found");
    case -32602:
      return new InvalidParamsError(error, method, "invalid_params");
    case -32603:
      return new InternalRpcError(error, method, "internal_error");
    case -32600:
      if (/unknown variant/.test(message)) return new MethodNotFoundError(error, method, "method_not_found");
      if (/invalid type|invalid value|missing field|unknown field|invalid length/.test(message)) {
        return new InvalidParamsError(error, method, "invalid_params");
      }
      return new InvalidRequestError(error, method, "invalid_request");
  }
  return new CodexRpcError(error, method);
}

function mentionsOverload(data: unknown, depth = 0): boolean {
  if (depth > 4 || data === null || data === undefined) return false;
  if (typeof data === "string") return data === "server_overloaded" || data === "serverOverloaded";
  if (typeof data !== "object") return false;
  for (const value of Object.values(data as Record<string, unknown>)) {
    if (mentionsOverload(value, depth + 1)) return true;
  }
  return false;
}
