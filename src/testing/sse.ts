/**
 * Server-sent events as the Responses API streams them: `event: <type>\ndata: <json>\n\n`.
 *
 * @example
 * ```ts
 * import { encodeSseEvent } from "./sse.ts";
 * encodeSseEvent({ type: "response.created", response: { id: "resp_1" } });
 * // 'event: response.created\ndata: {"type":"response.created","response":{"id":"resp_1"}}\n\n'
 * ```
 * @module
 */
import type { ReadonlyJsonValue } from "./requests.ts";

/** One Responses API stream event: a `type` and its fields, sent as the event's data. */
export interface ResponsesEvent {
  /** The event type, e.g. `"response.output_text.delta"`; also the SSE `event:` name. */
  readonly type: string;
  /** The event's other fields. */
  readonly [key: string]: ReadonlyJsonValue;
}

/**
 * Encodes one event as an SSE frame. A string is written as is, which lets tests send
 * malformed frames on purpose.
 *
 * @example
 * ```ts
 * encodeSseEvent("data: not json\n\n"); // "data: not json\n\n"
 * ```
 */
export function encodeSseEvent(event: ResponsesEvent | string): string {
  if (typeof event === "string") return event;
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
