/**
 * What a turn changed and planned: the parts of a `TurnResult` that come from
 * `turn/diff/updated`, `turn/plan/updated` and the turn's `fileChange` items.
 *
 * - `diff`: the turn's last aggregated unified diff (each `turn/diff/updated` carries the whole
 *   diff of the turn so far, so the last one is the turn's), or null when the turn changed nothing.
 * - `plan`: the last `turn/plan/updated` (the model's `update_plan` tool), or null.
 * - `fileChanges`: one entry per file of every completed `fileChange` item, in order.
 *
 * @example
 * ```ts
 * import { fileChangesOf } from "@codex/sdk/client";
 *
 * const changes = fileChangesOf([{
 *   type: "fileChange",
 *   id: "call_1",
 *   status: "completed",
 *   changes: [{ path: "/work/hello.txt", kind: { type: "add" }, diff: "hello world\n" }],
 * } as never]);
 * console.log(changes[0].kind); // "add"
 * ```
 * @module
 */

import type { PatchApplyStatus, ThreadItem, TurnPlanStep } from "../../protocol/generated/types.ts";
import type { TurnEvent } from "./events.ts";

/** The plan of a turn, as the model last updated it. */
export interface TurnPlan {
  /** Why the plan is what it is (the model's explanation), or null. */
  explanation: string | null;
  /** The steps, each `pending`, `inProgress` or `completed`. */
  steps: TurnPlanStep[];
}

/** One file the turn added, deleted or updated (from its `fileChange` items). */
export interface TurnFileChange {
  /** The file's path, as the app-server reports it (absolute for a local workspace). */
  path: string;
  /** What happened to it. */
  kind: "add" | "delete" | "update";
  /** Where an update moved the file to, or null. */
  movePath: string | null;
  /** This file's part of the patch (for an add, the new content). */
  diff: string;
  /** Whether the patch was applied: only `completed` changes are on disk. */
  status: PatchApplyStatus;
}

/** What {@link TurnChangesCollector.snapshot} gives: the change-related fields of a `TurnResult`. */
export interface TurnChanges {
  /** The turn's last aggregated unified diff, or null when it changed nothing. */
  diff: string | null;
  /** The turn's last plan, or null when the model made none. */
  plan: TurnPlan | null;
}

type FileChangeItem = Extract<ThreadItem, { type: "fileChange" }>;

/** Every file change of the `fileChange` items among `items` (applied, failed or declined), in order. */
export function fileChangesOf(items: readonly ThreadItem[]): TurnFileChange[] {
  const out: TurnFileChange[] = [];
  for (const item of items) {
    if (typeof item !== "object" || item === null || item.type !== "fileChange") continue;
    const { changes, status } = item as FileChangeItem;
    if (!Array.isArray(changes)) continue;
    for (const change of changes) {
      const kind = change?.kind;
      if (typeof change?.path !== "string" || typeof kind !== "object" || kind === null) continue;
      out.push({
        path: change.path,
        kind: kind.type,
        movePath: kind.type === "update" ? kind.move_path ?? null : null,
        diff: typeof change.diff === "string" ? change.diff : "",
        status,
      });
    }
  }
  return out;
}

/** Collects the last diff and plan from a turn's events. */
export class TurnChangesCollector {
  #diff: string | null = null;
  #plan: TurnPlan | null = null;

  /** Looks at one event of the turn; ignores every event but the diff and plan updates. */
  observe(event: TurnEvent): void {
    if (event.method === "turn/diff/updated") {
      const diff = event.params?.diff;
      // An empty aggregated diff means the turn's changes cancel out: nothing changed.
      if (typeof diff === "string") this.#diff = diff === "" ? null : diff;
    } else if (event.method === "turn/plan/updated") {
      const params = event.params;
      if (params && Array.isArray(params.plan)) {
        this.#plan = { explanation: params.explanation ?? null, steps: params.plan.map((step) => ({ ...step })) };
      }
    }
  }

  /** The diff and plan as of now. */
  snapshot(): TurnChanges {
    return { diff: this.#diff, plan: this.#plan };
  }
}
