/**
 * Goals as one logical run: `thread.startGoal(objective)` sets the thread's goal
 * (`thread/goal/set`); the runtime then starts turn after turn toward it on its own until the
 * goal leaves `active` (the model marks it `complete` or `blocked`, a budget or usage limit
 * stops it, or it is paused). The {@link GoalHandle} spans all those turns: `stream()` yields
 * every notification of the thread from the set to the end, `steer`/`interrupt` act on the
 * turn running now (`interrupt` pauses the goal first, so no new turn starts), and `run()`
 * resolves with the {@link GoalResult} once the goal has stopped and its last turn has ended.
 * `thread.runGoal` is `startGoal` + `run()`.
 *
 * Preconditions (as the Python SDK's): the thread must be idle and not ephemeral; otherwise the
 * call rejects with {@link GoalPreconditionError} before anything is set.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const thread = await codex.threadStart();
 * const result = await thread.runGoal("Make the test suite pass", { tokenBudget: 200_000 });
 * console.log(result.status, result.turnIds.length, result.finalResponse);
 * ```
 * @module
 */

import type { CodexClient } from "../../client/client.ts";
import type { Notification } from "../../protocol/messages.ts";
import type { ThreadGoal, ThreadGoalStatus, ThreadItem } from "../../protocol/generated/types.ts";
import { AsyncQueue } from "../../util/async_queue.ts";
import { CodexError, InvalidArgumentError, InvalidStateError } from "../../util/errors.ts";
import { type Input, toUserInputs } from "../inputs.ts";
import { finalResponseOf } from "../turn/result.ts";
import { textDeltas } from "../turn/text_stream.ts";
import { AbortError } from "../turn/errors.ts";

/** Options of `thread.startGoal` / `thread.runGoal`. */
export interface GoalOptions {
  /** Stop the goal (`budgetLimited`) once it has used this many tokens. */
  tokenBudget?: number;
  /** Aborting interrupts the goal (paused, the running turn interrupted); `run()` then rejects with `AbortError`. */
  signal?: AbortSignal;
}

/** How a goal run ended. */
export interface GoalResult {
  /** The goal as it stopped. */
  goal: ThreadGoal;
  /** Why it stopped: `"complete"`, `"paused"`, `"blocked"`, `"budgetLimited"`, `"usageLimited"`, or `"cleared"`. */
  status: ThreadGoalStatus | "cleared";
  /** The ids of the turns the goal ran, in order. */
  turnIds: string[];
  /** The last agent message of the last turn (its final answer), or null. */
  finalResponse: string | null;
}

/** A goal could not start: the thread is busy or ephemeral. */
export class GoalPreconditionError extends CodexError {
  /** The thread. */
  readonly threadId: string;

  /** Creates the error for `threadId` with what was wrong. */
  constructor(threadId: string, message: string) {
    super("goal_precondition", `thread ${threadId}: ${message}`);
    this.threadId = threadId;
  }
}

/** A goal running on a thread (see the module doc). Get one from `thread.startGoal`. */
export class GoalHandle {
  /** The thread the goal runs on. */
  readonly threadId: string;
  readonly #client: CodexClient;
  readonly #events = new AsyncQueue<Notification>();
  readonly #result: Promise<GoalResult>;
  #goal: ThreadGoal;
  #currentTurn: string | null = null;
  #turnIds: string[] = [];
  #lastItems: ThreadItem[] = [];
  #streamed = false;

  /**
   * Follows the goal `goal` on `client` (the listener must already see the thread's notifications).
   * @ignore the SDK's own wiring: applications call `thread.startGoal`.
   */
  constructor(client: CodexClient, goal: ThreadGoal, follow: GoalFollower, signal?: AbortSignal) {
    this.#client = client;
    this.threadId = goal.threadId;
    this.#goal = goal;
    this.#result = new Promise<GoalResult>((resolve, reject) => {
      let stopped: ThreadGoalStatus | "cleared" | null = goal.status === "active" ? null : goal.status;
      const finish = (): void => {
        follow.stop();
        signal?.removeEventListener("abort", onAbort);
        this.#events.end();
        const result: GoalResult = {
          goal: this.#goal,
          status: stopped!,
          turnIds: [...this.#turnIds],
          finalResponse: finalResponseOf(this.#lastItems),
        };
        if (signal?.aborted) reject(new AbortError("the goal was interrupted by its signal", undefined, signal.reason));
        else resolve(result);
      };
      follow.start((n) => {
        this.#events.push(n);
        switch (n.method) {
          case "turn/started":
            this.#currentTurn = n.params.turn.id;
            this.#turnIds.push(n.params.turn.id);
            this.#lastItems = [];
            break;
          case "item/completed":
            if (n.params.turnId === this.#currentTurn) this.#lastItems.push(n.params.item);
            break;
          case "turn/completed":
            this.#currentTurn = null;
            if (stopped) finish();
            break;
          case "thread/goal/updated":
            this.#goal = n.params.goal;
            if (n.params.goal.status !== "active") {
              stopped = n.params.goal.status;
              if (this.#currentTurn === null) finish();
            }
            break;
          case "thread/goal/cleared":
            stopped = "cleared";
            if (this.#currentTurn === null) finish();
            break;
        }
      });
      client.closed.then((error) => {
        follow.stop();
        this.#events.fail(error);
        reject(error);
      });
      const onAbort = (): void => void this.interrupt().catch(() => {});
      signal?.addEventListener("abort", onAbort, { once: true });
      if (signal?.aborted) onAbort();
    });
    this.#result.catch(() => {});
  }

  /** The goal as last reported. */
  get goal(): ThreadGoal {
    return this.#goal;
  }

  /** The id of the turn running now, or null between turns. */
  get currentTurnId(): string | null {
    return this.#currentTurn;
  }

  /**
   * Every notification of the thread from the goal's start to its end (read once).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const goal = await (await codex.threadStart()).startGoal("Tidy the README");
   * for await (const event of goal.stream()) console.log(event.method);
   * ```
   */
  stream(): AsyncIterableIterator<Notification> {
    if (this.#streamed) throw new InvalidStateError("stream_taken", `goal on thread ${this.threadId}: stream() or run() was already called; a goal's events have one consumer`);
    this.#streamed = true;
    return this.#events;
  }

  /**
   * Only the agent's text deltas, across every turn of the goal.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const goal = await (await codex.threadStart()).startGoal("Tidy the README");
   * for await (const text of goal.textStream()) console.log(text);
   * ```
   */
  textStream(): AsyncGenerator<string, void, undefined> {
    return textDeltas(this.stream());
  }

  /**
   * Resolves once the goal has stopped and its last turn has ended.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const goal = await (await codex.threadStart()).startGoal("Tidy the README");
   * const { status, turnIds } = await goal.run();
   * console.log(status, turnIds.length);
   * ```
   */
  run(): Promise<GoalResult> {
    return this.#result;
  }

  /**
   * Adds input to the turn running now (`turn/steer`); rejects when no turn is running.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const goal = await (await codex.threadStart()).startGoal("Tidy the README");
   * await goal.steer("Keep the install section as it is");
   * ```
   */
  async steer(input: Input): Promise<void> {
    const turnId = this.#currentTurn;
    if (!turnId) throw new InvalidStateError("no_running_turn", `goal on thread ${this.threadId}: no turn is running to steer`);
    await this.#client.request("turn/steer", { threadId: this.threadId, input: toUserInputs(input), expectedTurnId: turnId });
  }

  /**
   * Pauses the goal (no new turn starts), then interrupts the turn running now, if any.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const goal = await (await codex.threadStart()).startGoal("Tidy the README");
   * await goal.interrupt();
   * console.log((await goal.run()).status); // "paused"
   * ```
   */
  async interrupt(): Promise<void> {
    await this.#client.request("thread/goal/set", { threadId: this.threadId, status: "paused" });
    const turnId = this.#currentTurn;
    if (turnId) await this.#client.request("turn/interrupt", { threadId: this.threadId, turnId });
  }
}

/** Subscribes to one thread's notifications (started before the goal is set: its first turn can come fast). */
export class GoalFollower {
  readonly #buffer: Notification[] = [];
  #deliver: ((n: Notification) => void) | undefined;
  readonly stop: () => void;

  /** Listens to `threadId`'s notifications on `client`, buffering until `start`. */
  constructor(client: CodexClient, threadId: string) {
    this.stop = client.onNotification((n) => {
      const params = n.params as { threadId?: string } | undefined;
      if (params?.threadId !== threadId) return;
      if (this.#deliver) this.#deliver(n);
      else this.#buffer.push(n);
    });
  }

  /** Delivers the buffered notifications, then each new one, to `deliver`. */
  start(deliver: (n: Notification) => void): void {
    this.#deliver = deliver;
    for (const n of this.#buffer.splice(0)) deliver(n);
  }
}

/** Checks the preconditions, sets the goal and returns its handle (`thread.startGoal`). */
export async function startGoal(client: CodexClient, threadId: string, objective: string, options: GoalOptions = {}): Promise<GoalHandle> {
  if (typeof objective !== "string" || objective.trim() === "") throw new InvalidArgumentError("objective", "must be a non-empty string");
  const { tokenBudget, signal } = options;
  if (tokenBudget !== undefined && !(Number.isInteger(tokenBudget) && tokenBudget > 0)) {
    throw new InvalidArgumentError("tokenBudget", `must be a positive integer, got ${String(tokenBudget)}`);
  }
  if (signal?.aborted) throw new AbortError("the signal was aborted before the goal started", undefined, signal.reason);
  const { thread } = await client.request("thread/read", { threadId, includeTurns: false });
  if (thread.ephemeral) throw new GoalPreconditionError(threadId, "an ephemeral thread cannot run a goal (start it without ephemeral)");
  if (thread.status.type === "active") {
    throw new GoalPreconditionError(threadId, "a turn is running; wait for it to end (or interrupt it) before starting a goal");
  }
  const follow = new GoalFollower(client, threadId);
  try {
    const { goal } = await client.request("thread/goal/set", {
      threadId,
      objective,
      status: "active",
      ...(tokenBudget !== undefined ? { tokenBudget } : {}),
    });
    return new GoalHandle(client, goal, follow, signal);
  } catch (error) {
    follow.stop();
    throw error;
  }
}
