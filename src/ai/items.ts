/**
 * A Codex turn's events as AI SDK stream parts: agent messages as text, reasoning as reasoning,
 * and Codex's own work (command executions, file changes, MCP tool calls, web searches) as
 * provider-executed tool calls and results (`providerExecuted: true`, `dynamic: true`: they are
 * not tools of the application). Usage is summed over the turn's model responses.
 *
 * @module
 */

import type { JSONObject, JSONValue, LanguageModelV4StreamPart, LanguageModelV4Usage } from "@ai-sdk/provider";
import type { ThreadItem, TokenUsageBreakdown } from "../protocol/generated/types.ts";
import type { TurnEvent } from "../api/turn/events.ts";
import { jsonText } from "./jsonish.ts";

/** The names Codex's own work has as provider-executed tools. */
export const CODEX_TOOL_NAMES = {
  commandExecution: "codex_command",
  fileChange: "codex_file_change",
  webSearch: "codex_web_search",
} as const;

type Emit = (part: LanguageModelV4StreamPart) => void;

/** Translates one turn's events, keeping which text and reasoning parts are open. */
export class TurnTranslator {
  readonly #open = new Map<string, "text" | "reasoning">();
  readonly #called = new Set<string>();
  readonly #usage: TokenUsageBreakdown = { totalTokens: 0, inputTokens: 0, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0 };

  /** Emits the parts `event` stands for (none for events that have no AI SDK equivalent). */
  translate(event: TurnEvent, emit: Emit): void {
    switch (event.method) {
      case "item/started":
        this.#started(event.params.item, emit);
        break;
      case "item/agentMessage/delta":
        this.#delta("text", event.params.itemId, event.params.delta, emit);
        break;
      case "item/reasoning/summaryTextDelta":
      case "item/reasoning/textDelta":
        this.#delta("reasoning", event.params.itemId, event.params.delta, emit);
        break;
      case "item/completed":
        this.#completed(event.params.item, emit);
        break;
      case "thread/tokenUsage/updated":
        this.#add(event.params.tokenUsage.last);
        break;
    }
  }

  /** Closes whatever text or reasoning is still open (the step ends). */
  closeAll(emit: Emit): void {
    for (const [id, kind] of this.#open) emit({ type: kind === "text" ? "text-end" : "reasoning-end", id });
    this.#open.clear();
  }

  /** The usage added up since the last call, then reset. */
  takeUsage(): LanguageModelV4Usage {
    const u = { ...this.#usage };
    for (const key of Object.keys(this.#usage) as (keyof TokenUsageBreakdown)[]) this.#usage[key] = 0;
    return {
      inputTokens: { total: u.inputTokens, noCache: u.inputTokens - u.cachedInputTokens, cacheRead: u.cachedInputTokens, cacheWrite: u.cacheWriteInputTokens },
      outputTokens: { total: u.outputTokens, text: u.outputTokens - u.reasoningOutputTokens, reasoning: u.reasoningOutputTokens },
      raw: u as unknown as JSONObject,
    };
  }

  #add(last: TokenUsageBreakdown | undefined): void {
    if (!last) return;
    for (const key of Object.keys(this.#usage) as (keyof TokenUsageBreakdown)[]) this.#usage[key] += last[key] ?? 0;
  }

  #delta(kind: "text" | "reasoning", id: string, delta: string, emit: Emit): void {
    if (!this.#open.has(id)) {
      this.#open.set(id, kind);
      emit({ type: kind === "text" ? "text-start" : "reasoning-start", id });
    }
    emit({ type: kind === "text" ? "text-delta" : "reasoning-delta", id, delta });
  }

  #started(item: ThreadItem, emit: Emit): void {
    const call = providerCall(item);
    if (call && !this.#called.has(item.id)) {
      this.#called.add(item.id);
      emit({ type: "tool-call", toolCallId: item.id, toolName: call.toolName, input: jsonText(call.input), providerExecuted: true, dynamic: true });
    }
  }

  #completed(item: ThreadItem, emit: Emit): void {
    if (item.type === "agentMessage" || item.type === "reasoning") {
      const kind = item.type === "agentMessage" ? "text" : "reasoning";
      if (!this.#open.has(item.id)) {
        // Nothing was streamed for it: the whole item now.
        const whole = item.type === "agentMessage" ? item.text : [...item.summary, ...(item.summary.length ? [] : item.content)].join("\n");
        if (whole === "") return;
        this.#delta(kind, item.id, whole, emit);
      }
      this.#open.delete(item.id);
      emit({ type: kind === "text" ? "text-end" : "reasoning-end", id: item.id });
      return;
    }
    const call = providerCall(item);
    if (!call) return;
    if (!this.#called.has(item.id)) this.#started(item, emit);
    const result = providerResult(item);
    emit({ type: "tool-result", toolCallId: item.id, toolName: call.toolName, result: result.result, isError: result.isError, dynamic: true });
  }
}

/** The provider-executed tool call an item stands for, or undefined. */
function providerCall(item: ThreadItem): { toolName: string; input: unknown } | undefined {
  switch (item.type) {
    case "commandExecution":
      return { toolName: CODEX_TOOL_NAMES.commandExecution, input: { command: item.command, cwd: item.cwd } };
    case "fileChange":
      return { toolName: CODEX_TOOL_NAMES.fileChange, input: { files: item.changes.map((c) => ({ path: c.path, kind: c.kind.type })) } };
    case "mcpToolCall":
      return { toolName: `mcp__${item.server}__${item.tool}`, input: { server: item.server, tool: item.tool, arguments: item.arguments } };
    case "webSearch":
      return { toolName: CODEX_TOOL_NAMES.webSearch, input: { query: item.query } };
    default:
      return undefined;
  }
}

function providerResult(item: ThreadItem): { result: NonNullable<JSONValue>; isError: boolean } {
  const json = (value: unknown): NonNullable<JSONValue> => JSON.parse(jsonText(value ?? null)) ?? {};
  switch (item.type) {
    case "commandExecution":
      return {
        result: json({ status: item.status, exitCode: item.exitCode, output: item.aggregatedOutput ?? "", durationMs: item.durationMs }),
        isError: item.status !== "completed" || (item.exitCode ?? 0) !== 0,
      };
    case "fileChange":
      return { result: json({ status: item.status, changes: item.changes.map((c) => ({ path: c.path, kind: c.kind.type, diff: c.diff })) }), isError: item.status !== "completed" };
    case "mcpToolCall":
      return { result: json({ status: item.status, result: item.result, error: item.error }), isError: item.status !== "completed" };
    case "webSearch":
      return { result: json({ query: item.query, action: item.action }), isError: false };
    default:
      return { result: {}, isError: false };
  }
}
