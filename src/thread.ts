/**
 * `Thread`: one conversation. Each `run` or `turn` is one model execution in it; the thread keeps
 * the context between them (and on disk, under `CODEX_HOME`, across processes).
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const thread = await codex.threadStart({ sandbox: "read-only" });
 * const first = await thread.run("List the files here");
 * const second = await thread.run("Which of them is the entry point?");
 * console.log(second.finalResponse);
 * ```
 * @module
 */

import { AbortError, InvalidArgumentError } from "./errors.ts";
import type {
  ThreadGoal,
  ThreadGoalSetParams,
  Thread as ThreadInfo,
  TurnStartParams,
} from "./generated/types.ts";
import { type Input, toUserInputs } from "./inputs.ts";
import { type PresetOptions, turnPresetParams } from "./presets.ts";
import { type OutputSchema, type ParsedOutput, prepareOutputSchema } from "./structured_output.ts";
import { type TurnContext, TurnHandle } from "./turn.ts";
import type { TurnResult } from "./turn_result.ts";

/** Options of `thread.turn` / `thread.run`: every `turn/start` field, the presets, a signal. */
export type TurnOptions<S extends OutputSchema | undefined = undefined> =
  & Omit<TurnStartParams, "threadId" | "input" | "outputSchema">
  & PresetOptions
  & {
    /** A zod schema (typed, validated `result.parsed`) or a plain JSON Schema for the final answer. */
    outputSchema?: S;
    /** Aborting interrupts the turn; `run()` then rejects with an `AbortError`. */
    signal?: AbortSignal;
  };

/** A conversation on the app-server. Get one from `codex.threadStart`, `thread(id)`, `threadResume` or `threadFork`. */
export class Thread {
  /** The thread id. */
  readonly id: string;
  readonly #context: TurnContext;

  /** Binds to thread `id` (no request is made). */
  constructor(context: TurnContext, id: string) {
    if (typeof id !== "string" || id === "") {
      throw new InvalidArgumentError("threadId", `must be a thread id string, got ${JSON.stringify(id)}`);
    }
    this.id = id;
    this.#context = context;
  }

  /** Starts a turn and returns its handle at once (the turn runs on; stream it or `run()` it). */
  async turn<S extends OutputSchema | undefined = undefined>(
    input: Input,
    options: TurnOptions<S> = {} as TurnOptions<S>,
  ): Promise<TurnHandle<ParsedOutput<S>>> {
    const { signal, outputSchema, approvalMode, sandbox, ...wire } = options;
    const userInput = toUserInputs(input);
    if (signal?.aborted) throw new AbortError("the signal was aborted before the turn started", undefined, signal.reason);
    const presets = turnPresetParams({
      approvalMode,
      sandbox,
      approvalPolicy: wire.approvalPolicy,
      sandboxPolicy: wire.sandboxPolicy,
    });
    const prepared = outputSchema === undefined ? undefined : await prepareOutputSchema(outputSchema);
    const { client, router } = this.#context;
    router.startPending(this.id);
    try {
      const { turn } = await client.request("turn/start", {
        ...wire,
        ...presets,
        threadId: this.id,
        input: userInput,
        ...(prepared ? { outputSchema: prepared.wire } : {}),
      });
      return new TurnHandle<ParsedOutput<S>>(this.#context, this.id, turn, { parse: prepared?.parse, signal });
    } finally {
      router.startSettled(this.id);
    }
  }

  /**
   * Runs a turn to its end and returns its result. Rejects with `TurnFailedError` when the turn
   * failed (the result is on the error), `AbortError` when `signal` interrupted it.
   */
  async run<S extends OutputSchema | undefined = undefined>(
    input: Input,
    options: TurnOptions<S> = {} as TurnOptions<S>,
  ): Promise<TurnResult<ParsedOutput<S>>> {
    const turn = await this.turn(input, options);
    return turn.run();
  }

  /** Reads the thread (`thread/read`); with `includeTurns`, its turns and their items too. */
  async read(options: { includeTurns?: boolean } = {}): Promise<ThreadInfo> {
    const { thread } = await this.#context.client.request("thread/read", {
      threadId: this.id,
      includeTurns: options.includeTurns ?? false,
    });
    return thread;
  }

  /** Names the thread. */
  async setName(name: string): Promise<void> {
    if (typeof name !== "string" || name.trim() === "") throw new InvalidArgumentError("name", "must be a non-empty string");
    await this.#context.client.request("thread/name/set", { threadId: this.id, name });
  }

  /** Starts compacting the thread's context (`thread/compact/start`); progress arrives as notifications. */
  async compact(): Promise<void> {
    await this.#context.client.request("thread/compact/start", { threadId: this.id });
  }

  /** Sets the thread's goal (an objective string, or the full `thread/goal/set` fields). */
  async goalSet(goal: string | Omit<ThreadGoalSetParams, "threadId">): Promise<ThreadGoal> {
    const fields = typeof goal === "string" ? { objective: goal } : goal;
    const { goal: set } = await this.#context.client.request("thread/goal/set", { ...fields, threadId: this.id });
    return set;
  }

  /** The thread's goal, or null. */
  async goalGet(): Promise<ThreadGoal | null> {
    const { goal } = await this.#context.client.request("thread/goal/get", { threadId: this.id });
    return goal;
  }

  /** Clears the thread's goal. */
  async goalClear(): Promise<void> {
    await this.#context.client.request("thread/goal/clear", { threadId: this.id });
  }
}
