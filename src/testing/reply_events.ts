/**
 * Turns a scripted reply into the Responses API events the codex binary parses, in the order
 * the real API sends them (`response.created`, per item `output_item.added` → deltas →
 * `output_item.done`, then `response.completed` or `response.failed`).
 *
 * @example
 * ```ts
 * import { replyEvents, IdSource } from "./reply_events.ts";
 * import { textReply } from "./replies.ts";
 * const events = replyEvents(textReply("Hi"), new IdSource());
 * events.map((e) => e.type);
 * // ["response.created", "response.output_item.added", "response.output_text.delta",
 * //  "response.output_item.done", "response.completed"]
 * ```
 * @module
 */
import type { MockOutputItem } from "./output_items.ts";
import type { FailureReply, ItemsReply, MockUsage } from "./replies.ts";
import type { JsonObject } from "./requests.ts";
import type { ResponsesEvent } from "./sse.ts";

/**
 * Makes ids unique within one mock: `msg_<tag>_1`, `call_<tag>_2`, … The random tag keeps
 * ids unique when a later mock reuses a `CODEX_HOME` (and so the thread history) of an
 * earlier one.
 *
 * @example
 * ```ts
 * const ids = new IdSource("t");
 * ids.next("msg"); // "msg_t_1"
 * ```
 */
export class IdSource {
  #count = 0;
  readonly #tag: string;

  /** @param tag the part shared by all ids of this source; random when omitted. */
  constructor(tag: string = Math.random().toString(36).slice(2, 8)) {
    this.#tag = tag;
  }

  /** The next id with this prefix. */
  next(prefix: string): string {
    this.#count += 1;
    return `${prefix}_${this.#tag}_${this.#count}`;
  }
}

/** Options of {@linkcode replyEvents}. */
export interface ReplyEventsOptions {
  /** Leave out `response.created` (a held reply has already sent it). */
  readonly skipCreated?: boolean;
  /** Use this response id (a held reply's, so both halves agree). */
  readonly responseId?: string;
}

/**
 * The events of a normal or failed response.
 *
 * @example
 * ```ts
 * import { failureReply } from "./replies.ts";
 * replyEvents(failureReply(), new IdSource()).at(-1)?.type; // "response.failed"
 * ```
 */
export function replyEvents(
  reply: ItemsReply | FailureReply,
  ids: IdSource,
  options: ReplyEventsOptions = {},
): ResponsesEvent[] {
  const responseId = options.responseId ?? reply.responseId ?? ids.next("resp");
  const events: ResponsesEvent[] = [];
  if (!options.skipCreated) events.push(responseCreated(responseId));
  if (reply.kind === "failure") {
    const error = { code: reply.code, message: reply.message };
    events.push({ type: "response.failed", response: { id: responseId, error } });
    return events;
  }
  reply.items.forEach((item, index) => events.push(...itemEvents(item, index, ids)));
  events.push({
    type: "response.completed",
    response: { id: responseId, usage: usageJson(reply.usage ?? {}) },
  });
  return events;
}

/**
 * The `response.created` event that opens every stream.
 *
 * @example
 * ```ts
 * responseCreated("resp_1"); // { type: "response.created", response: { id: "resp_1" } }
 * ```
 */
export function responseCreated(responseId: string): ResponsesEvent {
  return { type: "response.created", response: { id: responseId } };
}

function itemEvents(item: MockOutputItem, outputIndex: number, ids: IdSource): ResponsesEvent[] {
  const added = (wire: JsonObject): ResponsesEvent => ({
    type: "response.output_item.added",
    output_index: outputIndex,
    item: wire,
  });
  const done = (wire: JsonObject): ResponsesEvent => ({
    type: "response.output_item.done",
    output_index: outputIndex,
    item: wire,
  });
  switch (item.type) {
    case "message": {
      const id = item.id ?? ids.next("msg");
      const head = { type: "message", role: "assistant", id, ...phaseField(item.phase) };
      const deltas = splitDeltas(item.text, item.deltas ?? 1).map((delta): ResponsesEvent => ({
        type: "response.output_text.delta",
        output_index: outputIndex,
        content_index: 0,
        item_id: id,
        delta,
      }));
      const content = [{ type: "output_text", text: item.text, annotations: [] }];
      return [added({ ...head, content: [] }), ...deltas, done({ ...head, content })];
    }
    case "reasoning": {
      const id = item.id ?? ids.next("rs");
      const parts = item.summary.flatMap((text, summaryIndex): ResponsesEvent[] => [
        {
          type: "response.reasoning_summary_part.added",
          output_index: outputIndex,
          item_id: id,
          summary_index: summaryIndex,
          part: { type: "summary_text", text: "" },
        },
        {
          type: "response.reasoning_summary_text.delta",
          output_index: outputIndex,
          item_id: id,
          summary_index: summaryIndex,
          delta: text,
        },
      ]);
      const summary = item.summary.map((text) => ({ type: "summary_text", text }));
      const content = (item.content ?? []).map((text) => ({ type: "reasoning_text", text }));
      return [
        added({ type: "reasoning", id, summary: [] }),
        ...parts,
        done({ type: "reasoning", id, summary, content, encrypted_content: null }),
      ];
    }
    case "function_call": {
      const head = {
        type: "function_call",
        id: item.id ?? ids.next("fc"),
        call_id: item.callId ?? ids.next("call"),
        name: item.name,
        ...(item.namespace === undefined ? {} : { namespace: item.namespace }),
      };
      return [added({ ...head, arguments: "" }), done({ ...head, arguments: item.arguments })];
    }
    case "raw":
      return [done(item.item)];
  }
}

function phaseField(phase: string | undefined): JsonObject {
  return phase === undefined ? {} : { phase };
}

/**
 * Splits a text into exactly `pieces` near-equal deltas (fewer for a shorter text) (by code point, so no emoji is cut in
 * half), or returns the explicit pieces.
 *
 * @example
 * ```ts
 * splitDeltas("Hello", 2); // ["Hel", "lo"]
 * ```
 */
export function splitDeltas(text: string, pieces: number | readonly string[]): string[] {
  if (typeof pieces !== "number") return [...pieces];
  const chars = Array.from(text);
  const count = Math.min(Math.max(0, Math.floor(pieces)), chars.length);
  if (count === 0) return [];
  // Exactly `count` pieces: the first `extra` ones are one character longer.
  const base = Math.floor(chars.length / count);
  const extra = chars.length % count;
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = start + base + (i < extra ? 1 : 0);
    out.push(chars.slice(start, end).join(""));
    start = end;
  }
  return out;
}

function usageJson(usage: MockUsage): JsonObject {
  const input = usage.inputTokens ?? 10;
  const output = usage.outputTokens ?? 5;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningOutputTokens ?? 0 },
    total_tokens: usage.totalTokens ?? input + output,
  };
}
