/**
 * The errors `Codex` reports to its logger rather than throws (a server-request handler or a
 * client-side tool that failed, a thread that could not be resubscribed after a reconnect) and
 * the reasons a handler's `signal` gives when it fires. Each has its own `code`; a logger can
 * branch on either the class or the code.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 * import { ToolFailedError } from "@codex/sdk/client";
 *
 * await using codex = await Codex.start({
 *   logger: {
 *     warn(message, error) {
 *       if (error instanceof ToolFailedError) console.error(`tool ${error.tool}: ${message}`);
 *       else console.warn(message);
 *     },
 *   },
 * });
 * ```
 * @module
 */

import { CodexError } from "../util/errors.ts";

/**
 * A server-request handler (an approval, a question, …) threw, timed out or gave a malformed
 * answer (`code` `"handler_failed"`): the safe answer was sent instead, and the turn's stream
 * has a `serverRequest/handled` event with outcome `handlerFailed`.
 */
export class HandlerFailedError extends CodexError {
  /** The server request's method, e.g. `"item/commandExecution/requestApproval"`. */
  readonly method: string;

  /** Creates the error for `method`, saying what went wrong. */
  constructor(method: string, problem: string) {
    super("handler_failed", `${method}: ${problem}; the safe answer was sent instead`);
    this.method = method;
  }
}

/**
 * The reason a server-request handler's `signal` fires when the server withdrew the request
 * (`serverRequest/resolved` before an answer, or the turn ended): `code` `"request_withdrawn"`.
 * Whatever the handler answers after this is dropped.
 */
export class RequestWithdrawnError extends CodexError {
  /** Creates the reason, saying why the request was withdrawn. */
  constructor(reason: string) {
    super("request_withdrawn", reason);
  }
}

/**
 * The reason a server-request handler's `signal` fires once its request was answered (by this
 * handler, or with the safe answer after a timeout): `code` `"request_settled"`. Lets work the
 * handler started stop.
 */
export class RequestSettledError extends CodexError {
  /** Creates the reason. */
  constructor() {
    super("request_settled", "the request was answered");
  }
}

/**
 * After a reconnect or restart, resuming one of this client's threads failed (`code`
 * `"resubscribe_failed"`; `cause` is the server's error): reported to the logger. The thread's
 * events do not come until it is resumed (`codex.threadResume(id)`).
 */
export class ResubscribeFailedError extends CodexError {
  /** The thread that could not be resumed. */
  readonly threadId: string;

  /** Creates the error for `threadId` around the request's error. */
  constructor(threadId: string, cause: Error) {
    super("resubscribe_failed", `thread ${threadId}: resubscribing after the reconnect failed: ${cause.message}`, { cause });
    this.threadId = threadId;
  }
}

/**
 * A client-side tool's `run` threw (`code` `"tool_failed"`; `cause` is what it threw): the model
 * got a failed call with the (redacted) message, and the turn went on.
 */
export class ToolFailedError extends CodexError {
  /** The tool's name (with its namespace, when it has one). */
  readonly tool: string;
  /** The call's id. */
  readonly callId: string;

  /** Creates the error for the call; `message` is what the tool threw, secrets redacted. */
  constructor(tool: string, callId: string, message: string, cause: unknown) {
    super("tool_failed", `tool ${tool} (call ${callId}) threw: ${message}`, { cause });
    this.tool = tool;
    this.callId = callId;
  }
}

/**
 * A client-side tool's `run` took longer than its `timeoutMs` (`code` `"tool_timeout"`): the
 * model got a failed call, and the tool's `signal` fired with this error as its reason.
 */
export class ToolTimeoutError extends CodexError {
  /** The tool's name (with its namespace, when it has one). */
  readonly tool: string;
  /** The call's id. */
  readonly callId: string;
  /** The timeout that passed, in ms. */
  readonly timeoutMs: number;

  /** Creates the error for the call that passed `timeoutMs`. */
  constructor(tool: string, callId: string, timeoutMs: number) {
    super("tool_timeout", `tool ${tool} (call ${callId}) did not finish within ${timeoutMs} ms`);
    this.tool = tool;
    this.callId = callId;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * `Codex.connect` is sending its token over plain `ws://` to a host beyond loopback, where anyone
 * on the path can read it (`code` `"cleartext_token"`): given to `logger.warn`, the connection
 * goes on. Use `wss://` (or an SSH tunnel).
 */
export class CleartextTokenWarning extends CodexError {
  /** The host the token goes to. */
  readonly host: string;

  /** Creates the warning for `host`. */
  constructor(host: string) {
    super("cleartext_token", `sending the token to ${host} over unencrypted ws://; use wss:// (or an SSH tunnel) for remote servers`);
    this.host = host;
  }
}
