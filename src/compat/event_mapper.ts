/**
 * Turns one turn's app-server notifications into the events `codex exec --experimental-json`
 * prints for it (what `@openai/codex-sdk` yields): snake_case items with ids `item_0`,
 * `item_1`, … counted per turn (exec is one process per turn); agent messages and reasoning
 * only when completed; a started item keeps its id when it completes; the to-do list from plan
 * updates; `turn.completed` with the thread's running token totals; `turn.failed` with the
 * turn's error. Written from the behaviour observed on the pinned binary, and checked against
 * the official SDK by `tests/compat/differential_test.ts`.
 *
 * @example
 * ```ts
 * import { ExecEventMapper } from "./event_mapper.ts";
 *
 * const mapper = new ExecEventMapper();
 * const events = mapper.warning("Model metadata for `m` not found");
 * // events: [{ type: "item.completed", item: { id: "item_0", type: "error", message: "…" } }]
 * ```
 * @module
 */

import type { ThreadItem as WireItem, ThreadTokenUsage, TurnError, TurnPlanStep } from "../protocol/generated/types.ts";
import type { TurnEvent } from "../api/turn/events.ts";
import type { ThreadItem, TodoItem } from "./items.ts";
import type { ThreadEvent, Usage } from "./types.ts";

/** The turn's end, as the mapper saw it. */
export type TurnOutcome =
  | { status: "completed" }
  | { status: "failed"; message: string }
  | { status: "interrupted" }
  | { status: "running" };

/** Maps the notifications of one turn, in order; one mapper per turn. */
export class ExecEventMapper {
  #next = 0;
  readonly #started = new Map<string, string>();
  #todo: { id: string; items: TodoItem[] } | undefined;
  #usage: ThreadTokenUsage | undefined;
  #lastError: string | undefined;
  #outcome: TurnOutcome = { status: "running" };

  /** How the turn ended (`running` until its `turn/completed`). */
  get outcome(): TurnOutcome {
    return this.#outcome;
  }

  /** A warning of the thread, as exec prints it: a completed `error` item. */
  warning(message: string): ThreadEvent[] {
    return [{ type: "item.completed", item: { id: this.#newId(), type: "error", message } }];
  }

  /** The events for one notification of the turn (often none). */
  map(event: TurnEvent): ThreadEvent[] {
    switch (event.method) {
      case "turn/started":
        return [{ type: "turn.started" }];
      case "item/started": {
        const item = event.params.item;
        if (item.type === "agentMessage" || item.type === "reasoning") return [];
        const fileChangeAgain = item.type === "fileChange" && this.#started.has(item.id);
        const mapped = toExecItem(item, () => this.#startedId(item.id));
        if (!mapped) return [];
        return [{ type: fileChangeAgain ? "item.updated" : "item.started", item: mapped }];
      }
      case "item/completed": {
        const mapped = this.#completed(event.params.item);
        return mapped ? [{ type: "item.completed", item: mapped }] : [];
      }
      case "item/fileChange/patchUpdated": {
        const { itemId, changes } = event.params;
        const item = toExecItem(
          { type: "fileChange", id: itemId, changes, status: "inProgress" } as WireItem,
          () => this.#startedId(itemId),
        );
        return item ? [{ type: "item.updated", item }] : [];
      }
      case "turn/plan/updated":
        return this.#plan(event.params.plan);
      case "thread/tokenUsage/updated":
        this.#usage = event.params.tokenUsage;
        return [];
      case "model/rerouted": {
        const { fromModel, toModel, reason } = event.params;
        return this.warning(`model rerouted: ${fromModel} -> ${toModel} (${reason})`);
      }
      case "error": {
        const message = withDetails(event.params.error);
        this.#lastError = message;
        return [{ type: "error", message }];
      }
      case "turn/completed":
        return this.#turnCompleted(event.params.turn.status, event.params.turn.items, event.params.turn.error);
      default:
        return [];
    }
  }

  #turnCompleted(status: string, items: WireItem[], error: TurnError | null): ThreadEvent[] {
    const events: ThreadEvent[] = [];
    if (this.#todo) {
      events.push({ type: "item.completed", item: { id: this.#todo.id, type: "todo_list", items: this.#todo.items } });
      this.#todo = undefined;
    }
    // Items that started but never completed are completed with the turn.
    for (const item of items) {
      if (!this.#started.has(item.id)) continue;
      const mapped = this.#completed(item);
      if (mapped) events.push({ type: "item.completed", item: mapped });
    }
    if (status === "completed") {
      this.#outcome = { status: "completed" };
      events.push({ type: "turn.completed", usage: this.#totalUsage() });
    } else if (status === "failed") {
      const message = error ? withDetails(error) : this.#lastError ?? "turn failed";
      this.#outcome = { status: "failed", message };
      events.push({ type: "turn.failed", error: { message } });
    } else if (status === "interrupted") {
      this.#outcome = { status: "interrupted" };
    }
    return events;
  }

  #plan(plan: TurnPlanStep[]): ThreadEvent[] {
    const items = plan.map((step) => ({ text: step.step, completed: step.status === "completed" }));
    if (this.#todo) {
      this.#todo.items = items;
      return [{ type: "item.updated", item: { id: this.#todo.id, type: "todo_list", items } }];
    }
    this.#todo = { id: this.#newId(), items };
    return [{ type: "item.started", item: { id: this.#todo.id, type: "todo_list", items } }];
  }

  #completed(item: WireItem): ThreadItem | undefined {
    if (item.type === "reasoning" && item.summary.join("\n").trim() === "") return undefined;
    if (item.type === "agentMessage" || item.type === "reasoning") return toExecItem(item, () => this.#newId());
    return toExecItem(item, () => {
      const id = this.#started.get(item.id) ?? this.#newId();
      this.#started.delete(item.id);
      return id;
    });
  }

  #totalUsage(): Usage {
    const total = this.#usage?.total;
    return {
      input_tokens: total?.inputTokens ?? 0,
      cached_input_tokens: total?.cachedInputTokens ?? 0,
      cache_write_input_tokens: total?.cacheWriteInputTokens ?? 0,
      output_tokens: total?.outputTokens ?? 0,
      reasoning_output_tokens: total?.reasoningOutputTokens ?? 0,
    };
  }

  #startedId(rawId: string): string {
    let id = this.#started.get(rawId);
    if (id === undefined) this.#started.set(rawId, id = this.#newId());
    return id;
  }

  #newId(): string {
    return `item_${this.#next++}`;
  }
}

function withDetails(error: { message: string; additionalDetails?: string | null }): string {
  return error.additionalDetails ? `${error.message} (${error.additionalDetails})` : error.message;
}

/** One wire item as exec prints it, or undefined for the kinds exec does not print. */
function toExecItem(item: WireItem, id: () => string): ThreadItem | undefined {
  switch (item.type) {
    case "agentMessage":
      return { id: id(), type: "agent_message", text: item.text };
    case "reasoning": {
      const text = item.summary.join("\n");
      return text.trim() === "" ? undefined : { id: id(), type: "reasoning", text };
    }
    case "commandExecution":
      return {
        id: id(),
        type: "command_execution",
        command: item.command,
        aggregated_output: item.aggregatedOutput ?? "",
        // exec prints null while the command runs (the official type says "omitted").
        exit_code: item.exitCode as number,
        // "declined" (an approval said no) is not a status of the official type: it failed.
        status: item.status === "inProgress" ? "in_progress" : item.status === "completed" ? "completed" : "failed",
      };
    case "fileChange":
      return {
        id: id(),
        type: "file_change",
        changes: item.changes.map((change) => ({ path: change.path, kind: change.kind.type })),
        // In progress only in updates (the official type has no such status; exec prints it).
        status: (item.status === "inProgress" ? "in_progress" : item.status === "completed" ? "completed" : "failed") as
          "completed",
      };
    case "mcpToolCall":
      return {
        id: id(),
        type: "mcp_tool_call",
        server: item.server,
        tool: item.tool,
        arguments: item.arguments,
        // exec prints null for a result or error not (yet) there (the official type says "omitted").
        result: (item.result
          ? { content: item.result.content as never, structured_content: item.result.structuredContent }
          : null) as never,
        error: (item.error ? { message: item.error.message } : null) as never,
        status: item.status === "inProgress" ? "in_progress" : item.status === "completed" ? "completed" : "failed",
      };
    case "webSearch":
      return { id: id(), type: "web_search", query: item.query };
    default:
      return undefined;
  }
}
