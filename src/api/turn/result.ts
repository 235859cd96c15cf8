/**
 * `TurnResult`: what a finished turn produced, collected from its notifications.
 *
 * - `items`: every `item/completed` of the turn, in order (the `turn/completed` payload's own
 *   `items` are not filled in by the server).
 * - `finalResponse`: the text of the last agent message whose phase is `final_answer`; else of
 *   the last agent message without a phase; else null.
 * - `usage`: the turn's last `thread/tokenUsage/updated`.
 *
 * @example
 * ```ts
 * import { finalResponseOf } from "@codex/sdk/client";
 *
 * finalResponseOf([{ type: "agentMessage", id: "m", text: "Done.", phase: null } as never]); // "Done."
 * ```
 * @module
 */

import type { ThreadItem, ThreadTokenUsage, Turn, TurnError } from "../../protocol/generated/types.ts";
import { type TurnFileChange, fileChangesOf, type TurnChanges, type TurnPlan } from "./changes.ts";

/**
 * The outcome of one turn. `Parsed` is the type of `parsed` when a zod `outputSchema` was given;
 * `TurnResult<never>` (what `turn.result` resolves to) never has `parsed`.
 */
export interface TurnResult<Parsed = unknown> {
  /** The turn id. */
  id: string;
  /** The thread the turn ran on. */
  threadId: string;
  /** How it ended. */
  status: "completed" | "interrupted" | "failed";
  /** Why it failed (`turn.error`, else the last `error` notification), or null. */
  error: TurnError | null;
  /** Every item the turn completed, in order. */
  items: ThreadItem[];
  /** The agent's final answer text, or null (see the module doc for the rule). */
  finalResponse: string | null;
  /** Token usage as of the turn's last usage update, or null if none came. */
  usage: ThreadTokenUsage | null;
  /** When the turn started (Unix seconds, as the server reports), or null. */
  startedAt: number | null;
  /** When it completed (Unix seconds), or null. */
  completedAt: number | null;
  /** How long it took, in ms, or null. */
  durationMs: number | null;
  /** The turn's aggregated unified diff (its last `turn/diff/updated`), or null when it changed nothing. */
  diff: string | null;
  /** The turn's last plan (`turn/plan/updated`), or null when the model made none. */
  plan: TurnPlan | null;
  /** Every file change of the turn's `fileChange` items (check `status`: only `completed` ones were applied). */
  fileChanges: TurnFileChange[];
  /**
   * The final response parsed and validated by the zod `outputSchema`: set by `run()` (and
   * `thread.run()`) on a `completed` turn when one was given; never on `turn.result`.
   */
  parsed?: Parsed;
}

type AgentMessage = Extract<ThreadItem, { type: "agentMessage" }>;

/** Applies the final-response rule to a turn's items. */
export function finalResponseOf(items: readonly ThreadItem[]): string | null {
  let unphased: AgentMessage | undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (typeof item !== "object" || item === null || item.type !== "agentMessage") continue;
    if (item.phase === "final_answer") return item.text;
    if (!item.phase && !unphased) unphased = item;
  }
  return unphased?.text ?? null;
}

/** Builds the result of a completed turn from what was collected. */
export function buildTurnResult(
  threadId: string,
  turn: Turn,
  items: ThreadItem[],
  usage: ThreadTokenUsage | null,
  lastError: TurnError | null,
  changes: TurnChanges = { diff: null, plan: null },
): TurnResult<never> {
  const status = turn.status === "inProgress" ? "failed" : turn.status;
  return {
    id: turn.id,
    threadId,
    status,
    error: turn.error ?? (status === "completed" ? null : lastError),
    items,
    finalResponse: finalResponseOf(items),
    usage,
    startedAt: turn.startedAt,
    completedAt: turn.completedAt,
    durationMs: turn.durationMs,
    diff: changes.diff,
    plan: changes.plan,
    fileChanges: fileChangesOf(items),
  };
}
