/**
 * Scripted replies: what the mock model answers to one `POST /responses`. Build them with
 * the functions here and queue them with {@linkcode MockModel.queue}, or use the matching
 * `mock.queue…` shortcuts.
 *
 * @example
 * ```ts
 * import { MockModel, execCommandReply, textReply } from "../../testing.ts";
 * await using mock = await MockModel.start();
 * mock.queue(execCommandReply({ cmd: "ls" }), textReply("Listed."));
 * ```
 * @module
 */
import {
  type ExecCommandArgs,
  execCommandItem,
  functionCallItem,
  type FunctionCallOptions,
  messageItem,
  type MessageOptions,
  type MockOutputItem,
} from "./output_items.ts";
import type { JsonObject, ReadonlyJsonValue } from "./requests.ts";
import type { ResponsesEvent } from "./sse.ts";

/** Token usage reported in `response.completed`; missing numbers default (10 in, 5 out). */
export interface MockUsage {
  /** Input tokens (default 10). */
  readonly inputTokens?: number;
  /** Cached input tokens (default 0). */
  readonly cachedInputTokens?: number;
  /** Output tokens (default 5). */
  readonly outputTokens?: number;
  /** Reasoning output tokens (default 0). */
  readonly reasoningOutputTokens?: number;
  /** Total tokens (default input + output). */
  readonly totalTokens?: number;
}

/** Options shared by every reply that completes normally. */
export interface ResponseOptions {
  /** The usage in `response.completed`. */
  readonly usage?: MockUsage;
  /** The response id; generated when omitted. */
  readonly responseId?: string;
}

/** A normal response: its output items stream in order, then `response.completed`. */
export interface ItemsReply extends ResponseOptions {
  /** Discriminator. */
  readonly kind: "items";
  /** The output items. */
  readonly items: readonly MockOutputItem[];
}

/** A `response.failed` event after `response.created`. */
export interface FailureReply {
  /** Discriminator. */
  readonly kind: "failure";
  /** The error code, e.g. `"server_error"`, `"context_length_exceeded"`. */
  readonly code: string;
  /** The error message. */
  readonly message: string;
  /** The response id; generated when omitted. */
  readonly responseId?: string;
}

/** Exactly these SSE events, nothing added. */
export interface RawReply {
  /** Discriminator. */
  readonly kind: "raw";
  /** Events, or verbatim strings for malformed frames. */
  readonly events: readonly (ResponsesEvent | string)[];
}

/** A non-200 HTTP answer instead of an event stream. */
export interface HttpErrorReply {
  /** Discriminator. */
  readonly kind: "httpError";
  /** The HTTP status, e.g. 401, 429, 500. */
  readonly status: number;
  /** The body: JSON (sent as `application/json`) or text. */
  readonly body: ReadonlyJsonValue;
}

/** One scripted answer to a model request. */
export type MockReply = ItemsReply | FailureReply | RawReply | HttpErrorReply;

/** Options of {@linkcode textReply}. */
export interface TextReplyOptions extends MessageOptions, ResponseOptions {}

/**
 * An assistant message (streamed as deltas, then completed).
 *
 * @example
 * ```ts
 * textReply("Hello there", { deltas: 3, phase: "final_answer", usage: { outputTokens: 3 } });
 * ```
 */
export function textReply(text: string, options: TextReplyOptions = {}): ItemsReply {
  const { usage, responseId, ...message } = options;
  return { kind: "items", items: [messageItem(text, message)], usage, responseId };
}

/**
 * A response made of several output items, e.g. reasoning + message, or text + tool call.
 *
 * @example
 * ```ts
 * import { messageItem, reasoningItem } from "./output_items.ts";
 * itemsReply([reasoningItem("thinking"), messageItem("Done.")]);
 * ```
 */
export function itemsReply(
  items: readonly MockOutputItem[],
  options: ResponseOptions = {},
): ItemsReply {
  return { kind: "items", items, ...options };
}

/**
 * A call to any tool by name (see {@linkcode functionCallItem}).
 *
 * @example
 * ```ts
 * functionCallReply("view_image", { path: "shot.png" });
 * ```
 */
export function functionCallReply(
  name: string,
  args: JsonObject | string = {},
  options: FunctionCallOptions & ResponseOptions = {},
): ItemsReply {
  const { usage, responseId, ...call } = options;
  return { kind: "items", items: [functionCallItem(name, args, call)], usage, responseId };
}

/**
 * A call of a client-side tool, by name or by the tool itself (its namespace, if any, is used).
 * Several calls in one reply: {@linkcode itemsReply} with {@linkcode functionCallItem}s.
 *
 * @example
 * ```ts
 * toolCallReply("lookup_weather", { city: "Paris" });
 * toolCallReply({ name: "find", namespace: "tickets" }, { id: "T-1" });
 * ```
 */
export function toolCallReply(
  tool: string | { readonly name: string; readonly namespace?: string | null },
  args: JsonObject | string = {},
  options: FunctionCallOptions & ResponseOptions = {},
): ItemsReply {
  const named = typeof tool === "string" ? { name: tool } : tool;
  const namespace = options.namespace ?? named.namespace ?? undefined;
  return functionCallReply(named.name, args, { ...options, ...(namespace === undefined ? {} : { namespace }) });
}

/**
 * A call to `exec_command` (see {@linkcode execCommandItem}); the binary runs it and sends
 * the output in the next request.
 *
 * @example
 * ```ts
 * execCommandReply({ cmd: "touch out.txt", escalated: true, justification: "needs write" });
 * ```
 */
export function execCommandReply(
  args: ExecCommandArgs,
  options: FunctionCallOptions & ResponseOptions = {},
): ItemsReply {
  const { usage, responseId, ...call } = options;
  return { kind: "items", items: [execCommandItem(args, call)], usage, responseId };
}

/** The error of a {@linkcode failureReply}. */
export interface MockFailure {
  /** Default `"server_error"`. Codes the binary maps: `context_length_exceeded`,
   * `insufficient_quota`, `rate_limit_exceeded`, `server_is_overloaded`, … */
  readonly code?: string;
  /** Default `"Mock model failure"`. */
  readonly message?: string;
  /** The response id; generated when omitted. */
  readonly responseId?: string;
}

/**
 * A failed response (`response.failed`). On 0.169.0 the turn fails at once (retries are off):
 * an `error` notification with `willRetry: false`, then `turn/completed` with status `failed`.
 *
 * @example
 * ```ts
 * failureReply({ code: "context_length_exceeded", message: "too long" });
 * ```
 */
export function failureReply(failure: MockFailure = {}): FailureReply {
  return {
    kind: "failure",
    code: failure.code ?? "server_error",
    message: failure.message ?? "Mock model failure",
    responseId: failure.responseId,
  };
}

/**
 * An HTTP error instead of a stream. The default body is an OpenAI-style error object.
 *
 * @example
 * ```ts
 * httpErrorReply(401); // the turn fails with codexErrorInfo httpConnectionFailed 401
 * ```
 */
export function httpErrorReply(status: number, body?: ReadonlyJsonValue): HttpErrorReply {
  const fallback = { error: { message: `Mock HTTP ${status}`, type: "mock_error", code: null } };
  return { kind: "httpError", status, body: body ?? fallback };
}

/**
 * Exactly these SSE events (no `response.created`/`completed` added); a string is written
 * verbatim.
 *
 * @example
 * ```ts
 * rawReply([{ type: "response.created", response: { id: "r" } }, "data: {broken\n\n"]);
 * ```
 */
export function rawReply(events: readonly (ResponsesEvent | string)[]): RawReply {
  return { kind: "raw", events };
}
