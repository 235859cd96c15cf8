/**
 * Code review (`review/start`): the app-server asks the model to review a change (uncommitted
 * changes, the diff against a base branch, a commit, or custom instructions) as a turn, and
 * reports the review as an `exitedReviewMode` item. `thread.review` starts one and returns a
 * {@link ReviewHandle}: `stream()` its events, `run()` it for a {@link ReviewResult}.
 *
 * Delivery: `"inline"` (default) runs the review as a turn of the thread itself; `"detached"`
 * forks the thread first (`thread/fork`) and reviews on the fork, so the original thread's
 * history stays free of the review (the app-server no longer offers a detached delivery itself).
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const thread = await codex.threadStart({ cwd: "/path/to/repo" });
 * const review = await thread.review("uncommittedChanges");
 * const { text, findings } = await review.run();
 * console.log(text);
 * for (const f of findings) console.log(`${f.path}:${f.startLine} ${f.title}`);
 * ```
 * @module
 */

import type { ReviewTarget as WireReviewTarget } from "../../protocol/generated/types.ts";
import { InvalidArgumentError } from "../../util/errors.ts";
import type { TurnEvent } from "../turn/events.ts";
import type { TurnResult } from "../turn/result.ts";
import type { TurnHandle, TurnWaitOptions } from "../turn/turn_handle.ts";
import { type ReviewFinding, reviewFindingsOf } from "./findings.ts";

/**
 * What to review: `"uncommittedChanges"` (staged, unstaged and untracked), or the wire targets
 * `{ type: "baseBranch", branch }`, `{ type: "commit", sha, title? }`, `{ type: "custom", instructions }`.
 */
export type ReviewTargetInput =
  | "uncommittedChanges"
  | { type: "uncommittedChanges" }
  | { type: "baseBranch"; branch: string }
  | { type: "commit"; sha: string; title?: string | null }
  | { type: "custom"; instructions: string };

/** Options of `thread.review`. */
export interface ReviewOptions {
  /** `"inline"` (default): a turn of this thread. `"detached"`: a turn of a fork of this thread. */
  delivery?: "inline" | "detached";
  /** Aborting interrupts the review; `run()` then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** The default idle timeout of `run()`/`stream()` (see `TurnIdleTimeoutError`). */
  idleTimeoutMs?: number;
}

/** What a finished review produced. */
export interface ReviewResult {
  /** The review as the app-server rendered it (the `exitedReviewMode` item), or null if none came. */
  text: string | null;
  /** The findings listed in `text` (see `reviewFindingsOf`). */
  findings: ReviewFinding[];
  /** The thread the review ran on (the fork, when detached). */
  reviewThreadId: string;
  /** The review turn's full result. */
  turn: TurnResult;
}

/** Turns the SDK's target into the wire's, checking the fields a caller supplies. */
export function toWireReviewTarget(target: ReviewTargetInput): WireReviewTarget {
  const value = target === "uncommittedChanges" ? { type: "uncommittedChanges" as const } : target;
  const need = (field: string, v: unknown): string => {
    if (typeof v !== "string" || v.trim() === "") throw new InvalidArgumentError(`target.${field}`, "must be a non-empty string");
    return v;
  };
  switch (value?.type) {
    case "uncommittedChanges":
      return { type: "uncommittedChanges" };
    case "baseBranch":
      return { type: "baseBranch", branch: need("branch", value.branch) };
    case "commit":
      return { type: "commit", sha: need("sha", value.sha), title: value.title ?? null };
    case "custom":
      return { type: "custom", instructions: need("instructions", value.instructions) };
    default:
      throw new InvalidArgumentError(
        "target",
        `must be "uncommittedChanges" or { type: "baseBranch" | "commit" | "custom", … }, got ${JSON.stringify(target)}`,
      );
  }
}

/** Builds a review's result from its turn's result. */
export function buildReviewResult(reviewThreadId: string, turn: TurnResult): ReviewResult {
  let text: string | null = null;
  for (const item of turn.items) {
    if (typeof item === "object" && item !== null && item.type === "exitedReviewMode") text = item.review;
  }
  text ??= turn.finalResponse;
  return { text, findings: reviewFindingsOf(text), reviewThreadId, turn };
}

/** A running (or finished) review. `Thread` is the type of the thread it runs on. */
export class ReviewHandle<Thread extends { readonly id: string } = { readonly id: string }> {
  /** The thread the review runs on: this thread when inline, the fork when detached. */
  readonly thread: Thread;
  /** The review's turn (steer, interrupt, or its raw `result`). */
  readonly turn: TurnHandle;

  /** Wraps the review's turn on `thread`. */
  constructor(thread: Thread, turn: TurnHandle) {
    this.thread = thread;
    this.turn = turn;
  }

  /** The review turn's events (one consumer), as `TurnHandle.stream`. */
  stream(options: TurnWaitOptions = {}): AsyncIterableIterator<TurnEvent> {
    return this.turn.stream(options);
  }

  /**
   * Waits for the review to end and returns its result. Rejects like `TurnHandle.run`
   * (`TurnFailedError`, `AbortError`, `TurnIdleTimeoutError`, `TransportClosedError`).
   */
  async run(options: TurnWaitOptions = {}): Promise<ReviewResult> {
    return buildReviewResult(this.thread.id, await this.turn.run(options));
  }
}
