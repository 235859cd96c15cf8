/**
 * The errors of JSON-RPC itself, with nothing of any particular server in them: an error answer
 * (and its standard -32700…-32603 kinds), a connection that ended, a request that got no answer
 * in time, and input that is not JSON-RPC. What a server's own codes mean is for the layer above
 * to say, through the peer's `errorFromWire` option.
 *
 * They extend the SDK's root {@link CodexError}, so one `instanceof CodexError` catches them too.
 *
 * @example
 * ```ts
 * import { jsonRpcErrorFromWire, MethodNotFoundError } from "@codex/sdk/rpc";
 *
 * const error = jsonRpcErrorFromWire({ code: -32601, message: "no such method" }, "echo");
 * console.log(error instanceof MethodNotFoundError, error.code); // true "method_not_found"
 * ```
 * @module
 */

import { CodexError } from "../util/errors.ts";

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

/** -32700: the server could not parse what we sent. A bug in the SDK or the transport. */
export class ParseError extends JsonRpcError {}

/** -32600: the server refused the request as invalid. */
export class InvalidRequestError extends JsonRpcError {}

/**
 * The method does not exist on this server (-32601; the Codex client also maps the pinned
 * server's -32600 "unknown variant …" here). Check the method name, or upgrade the server.
 */
export class MethodNotFoundError extends InvalidRequestError {}

/**
 * The params are wrong (-32602; the Codex client also maps the pinned server's -32600
 * "invalid type …", "missing field …" here). Fix the input; retrying will not help.
 */
export class InvalidParamsError extends InvalidRequestError {}

/** -32603: the server failed while handling the request. */
export class InternalRpcError extends JsonRpcError {}

/** Turns a wire error object into an error to throw; the peer's `errorFromWire` option. */
export type ErrorFromWire = (error: JsonRpcErrorObject, method?: string) => JsonRpcError;

/** Maps a wire error to its JSON-RPC 2.0 class by the standard codes alone. */
export function jsonRpcErrorFromWire(error: JsonRpcErrorObject, method?: string): JsonRpcError {
  switch (error.code) {
    case -32700:
      return new ParseError(error, method, "parse_error");
    case -32600:
      return new InvalidRequestError(error, method, "invalid_request");
    case -32601:
      return new MethodNotFoundError(error, method, "method_not_found");
    case -32602:
      return new InvalidParamsError(error, method, "invalid_params");
    case -32603:
      return new InternalRpcError(error, method, "internal_error");
  }
  return new JsonRpcError(error, method);
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
 * The connection is gone: the process exited or was killed, the socket dropped, or `close()`
 * was called. Every pending request (and, above, every running turn) fails with this error.
 * With `Codex`: start a new one (threads persist in `CODEX_HOME` and can be resumed).
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
  /** Who was on the other side, as the error's message names it (e.g. `"codex app-server"`). */
  readonly peer: string;

  /**
   * Builds the error from how the transport ended; `context` says what was going on, `peer`
   * names the other side (default: that of `info` when it is an error of this kind, else
   * `"JSON-RPC peer"`).
   */
  constructor(info: TransportCloseInfo, context?: string, peer?: string) {
    const name = peer ?? (info instanceof TransportClosedError ? info.peer : "JSON-RPC peer");
    super("transport_closed", describeClose(info, name, context));
    this.exitCode = info.exitCode;
    this.signal = info.signal;
    this.stderrTail = info.stderrTail;
    this.reason = info.reason;
    this.peer = name;
  }
}

function describeClose(info: TransportCloseInfo, peer: string, context?: string): string {
  const status = info.signal
    ? `killed by ${info.signal}`
    : info.exitCode !== null
    ? `exited with code ${info.exitCode}`
    : info.reason;
  // The line that says what went wrong ("Error: approval_policy = … is no longer supported") goes
  // into the headline, so that a one-line log of the error is enough.
  const fatal = [...info.stderrTail].reverse().find((line) => /^(Error|error|fatal)\b/.test(line));
  const head = `${peer} connection closed${context ? ` ${context}` : ""}: ${status}` +
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

  /**
   * Creates the error for `method` after `timeoutMs`; `peer` names the silent side. `message`
   * replaces the default one (a subclass that waits for something else than an answer says what).
   */
  constructor(method: string, timeoutMs: number, peer = "peer", message?: string) {
    super(
      "timeout",
      message ??
        `${method}: no answer from the ${peer} within ${timeoutMs} ms ` +
          `(raise requestTimeoutMs, or pass { timeoutMs } to this call)`,
    );
    this.method = method;
    this.timeoutMs = timeoutMs;
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

/** A line was longer than the configured maximum; it was skipped. */
export class LineTooLongError extends ProtocolError {
  /** The configured maximum, in characters. */
  readonly maxLineLength: number;

  /** Creates the error for the limit that was passed, with the start of the line. */
  constructor(maxLineLength: number, sample: string) {
    super(
      "line_too_long",
      `a message line exceeded the maximum of ${maxLineLength} characters and was skipped ` +
        `(raise maxLineLength if such messages are expected)`,
      sample,
    );
    this.maxLineLength = maxLineLength;
  }
}
