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

import { AbortError } from "./turn/errors.ts";
import { InvalidArgumentError } from "../util/errors.ts";
import type {
  ThreadGoal,
  ThreadGoalSetParams,
  Thread as ThreadInfo,
  TurnStartParams,
} from "../protocol/generated/types.ts";
import { type Input, toUserInputs } from "./inputs.ts";
import type { UserInput } from "../protocol/generated/types.ts";
import { type PresetOptions, turnPresetParams } from "./presets.ts";
import { checkCwd, checkThreadId } from "./checks.ts";
import { type OutputSchema, type ParsedOutput, prepareOutputSchema } from "./structured_output.ts";
import { type TurnContext, TurnHandle } from "./turn/turn_handle.ts";
import type { TurnResult } from "./turn/result.ts";
import { checkIdleTimeout } from "./turn/idle_timeout.ts";
import type { ReviewHandle, ReviewOptions, ReviewTargetInput } from "./review/review.ts";
import { startTurnOn } from "./turn/start_turn.ts";
import type { ItemsOptions, TurnsOptions } from "./history.ts";
import type { ThreadItemEntry, ThreadUnsubscribeStatus, Turn } from "../protocol/generated/types.ts";
import type { GoalHandle, GoalOptions, GoalResult } from "./goals/goal.ts";
import type { JsonValue, McpResourceReadResponse, McpServerStatus, McpServerToolCallResponse } from "../protocol/generated/types.ts";
import { checkTraceContext, tracedTurnStart } from "./turn/traced_start.ts";
import type { TraceContext } from "../telemetry/traceparent.ts";

/** Options of `thread.turn` / `thread.run`: every `turn/start` field, the presets, a signal. */
export type TurnOptions<S extends OutputSchema | undefined = undefined> =
  & Omit<TurnStartParams, "threadId" | "input" | "outputSchema">
  & PresetOptions
  & {
    /** A zod schema (typed, validated `result.parsed`) or a plain JSON Schema for the final answer. */
    outputSchema?: S;
    /** Aborting interrupts the turn; `run()` then rejects with an `AbortError`. */
    signal?: AbortSignal;
    /** The default idle timeout of the handle's `run()`/`stream()` (see `TurnIdleTimeoutError`). */
    idleTimeoutMs?: number;
    /**
     * Run the turn in this W3C trace context (e.g. carried from another process, as a fleet job
     * does): the turn's span is its child, and `turn/start` carries it to the app-server even
     * when this process does not trace. Default: the active span's context.
     */
    traceContext?: TraceContext;
  };

async function checkLocalImages(inputs: UserInput[], context: TurnContext): Promise<void> {
  const exists = context.fileExists;
  if (!exists) return; // a remote app-server: its files are not ours to check
  for (const [i, item] of inputs.entries()) {
    if (item.type === "localImage" && !(await exists(item.path))) {
      throw new InvalidArgumentError(
        inputs.length > 1 ? `input[${i}]` : "input",
        `the local image ${JSON.stringify(item.path)} does not exist (paths are read by the app-server, relative to its cwd)`,
      );
    }
  }
}

/** A conversation on the app-server. Get one from `codex.threadStart`, `thread(id)`, `threadResume` or `threadFork`. */
export class Thread {
  /** The thread id. */
  readonly id: string;
  readonly #context: TurnContext;

  /**
   * Binds to thread `id` (no request is made).
   * @ignore the SDK's own wiring: applications get threads from `codex.threadStart()` or `codex.thread(id)`.
   */
  constructor(context: TurnContext, id: string) {
    this.id = checkThreadId(id);
    this.#context = context;
  }

  /** Starts a turn and returns its handle at once (the turn runs on; stream it or `run()` it). */
  async turn<S extends OutputSchema | undefined = undefined>(
    input: Input,
    options: TurnOptions<S> = {} as TurnOptions<S>,
  ): Promise<TurnHandle<ParsedOutput<S>>> {
    const { signal, outputSchema, approvalMode, sandbox, idleTimeoutMs, traceContext, ...wire } = options;
    const userInput = toUserInputs(input);
    checkCwd(wire.cwd);
    checkIdleTimeout(idleTimeoutMs); // before turn/start: a bad option must not leave a turn running
    checkTraceContext(traceContext);
    if (signal?.aborted) throw new AbortError("the signal was aborted before the turn started", undefined, signal.reason);
    const presets = turnPresetParams({
      approvalMode,
      sandbox,
      approvalPolicy: wire.approvalPolicy,
      sandboxPolicy: wire.sandboxPolicy,
    });
    const context = this.#context;
    await checkLocalImages(userInput, context);
    const prepared = outputSchema === undefined ? undefined : await prepareOutputSchema(outputSchema);

    // A thread runs one turn at a time: the app-server folds a turn/start on a busy thread into
    // the running turn. So turns started here wait for this thread's previous turn to end.
    // Telemetry (issue 21): the turn's span, whose `trace` the turn/start request carries.
    const traced = { threadId: this.id, model: wire.model, traceContext, input: userInput };
    return tracedTurnStart(context, traced, (requestOptions, started) =>
      startTurnOn<ParsedOutput<S>>(context, this.id, async () => {
        const { turn } = await context.client.request("turn/start", {
          ...wire,
          ...presets,
          threadId: this.id,
          input: userInput,
          ...(prepared ? { outputSchema: prepared.wire } : {}),
        }, requestOptions);
        started(turn.id);
        return turn;
      }, { parse: prepared?.parse, signal, idleTimeoutMs }));
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

  /**
   * Starts a code review (`review/start`) of `target` and returns its handle; `run()` it for the
   * review text and findings. `delivery: "detached"` reviews on a fork of this thread
   * (`handle.thread`), leaving this thread's history as it was.
   */
  async review(target: ReviewTargetInput, options: ReviewOptions = {}): Promise<ReviewHandle<Thread>> {
    // The review, history, goal and MCP wrappers are loaded on first use (the root's import cost).
    const { ReviewHandle, toWireReviewTarget } = await import("./on_demand.ts");
    const wireTarget = toWireReviewTarget(target);
    checkIdleTimeout(options.idleTimeoutMs);
    const { client } = this.#context;
    let on: Thread = this;
    if (options.delivery === "detached") {
      const { thread } = await client.request("thread/fork", { threadId: this.id });
      this.#context.threadOpened?.(thread.id);
      on = new Thread(this.#context, thread.id);
    } else if (options.delivery !== undefined && options.delivery !== "inline") {
      throw new InvalidArgumentError("delivery", `must be "inline" or "detached", got ${JSON.stringify(options.delivery)}`);
    }
    // Telemetry (issue 21): a review is a turn too, with its own span.
    const turn = await tracedTurnStart(this.#context, { threadId: on.id }, (requestOptions, started) =>
      startTurnOn(this.#context, on.id, async () => {
        const { turn } = await client.request("review/start", { threadId: on.id, target: wireTarget, delivery: "inline" }, requestOptions);
        started(turn.id);
        return turn;
      }, options));
    return new ReviewHandle(on, turn);
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

  /**
   * Calls `tool` of this thread's MCP server `server` directly (no turn, no model) and returns
   * the MCP result (`content`, `structuredContent`, `isError`). A server this thread does not
   * have is an `InternalRpcError` ("unknown MCP server").
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const thread = await codex.threadStart({ mcpServers: { calc: { command: "node", args: ["calc.mjs"] } } });
   * const result = await thread.callMcpTool("calc", "add", { a: 2, b: 3 });
   * console.log(result.structuredContent);
   * ```
   */
  callMcpTool(server: string, tool: string, args: { [key: string]: JsonValue } = {}): Promise<McpServerToolCallResponse> {
    return import("./on_demand.ts").then(({ callMcpTool }) => callMcpTool(this.#context.client, this.id, server, tool, args));
  }

  /**
   * Reads resource `uri` of this thread's MCP server `server`.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const thread = await codex.threadStart({ mcpServers: { notes: { command: "node", args: ["notes.mjs"] } } });
   * const { contents } = await thread.readMcpResource("notes", "note://greeting");
   * console.log(contents);
   * ```
   */
  readMcpResource(server: string, uri: string): Promise<McpResourceReadResponse> {
    return import("./on_demand.ts").then(({ readMcpResource }) => readMcpResource(this.#context.client, this.id, server, uri));
  }

  /**
   * This thread's MCP servers (its own `mcpServers` and the configured ones) with their tools.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const thread = await codex.threadStart();
   * console.log((await thread.mcpServers()).map((server) => server.name));
   * ```
   */
  mcpServers(): Promise<McpServerStatus[]> {
    return import("./on_demand.ts").then(({ listMcpServers }) => listMcpServers(this.#context.client, { threadId: this.id }));
  }

  /**
   * Every turn of this thread, fetched page by page as you iterate (`thread/turns/list`); a
   * thread with no turn yet has none.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * for await (const turn of codex.thread("thr_123").turns({ itemsView: "full" })) console.log(turn.id, turn.items.length);
   * ```
   */
  turns(options: TurnsOptions = {}): AsyncGenerator<Turn, void, undefined> {
    const { client } = this.#context, id = this.id;
    return (async function* turns() {
      const { threadTurns } = await import("./on_demand.ts");
      yield* threadTurns(client, id, options);
    })();
  }

  /**
   * Every item of this thread (or of `turnId`), oldest first, with its turn id, page by page as
   * you iterate (`thread/items/list`, or the turns' items where the server does not serve it).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * for await (const { turnId, item } of codex.thread("thr_123").items()) console.log(turnId, item.type);
   * ```
   */
  items(options: ItemsOptions = {}): AsyncGenerator<ThreadItemEntry, void, undefined> {
    const { client } = this.#context, id = this.id;
    return (async function* items() {
      const { threadItems } = await import("./on_demand.ts");
      yield* threadItems(client, id, options);
    })();
  }

  /**
   * Stops this connection's subscription to the thread's events (`thread/unsubscribe`); the
   * server may then unload it. Resolves with the server's status: `"unsubscribed"`, `"notSubscribed"` or `"notLoaded"`.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * console.log(await codex.thread("thr_123").unsubscribe());
   * ```
   */
  async unsubscribe(): Promise<ThreadUnsubscribeStatus> {
    const { status } = await this.#context.client.request("thread/unsubscribe", { threadId: this.id });
    return status;
  }

  /**
   * Sets `objective` as this thread's goal and returns a handle spanning every turn the runtime
   * starts for it: `stream()`, `textStream()`, `steer()`, `interrupt()` (pauses the goal
   * first), `run()`. The thread must be idle and not ephemeral (else `GoalPreconditionError`).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const thread = await codex.threadStart();
   * const goal = await thread.startGoal("Improve the benchmark coverage");
   * for await (const text of goal.textStream()) console.log(text);
   * console.log((await goal.run()).status);
   * ```
   */
  startGoal(objective: string, options: GoalOptions = {}): Promise<GoalHandle> {
    return import("./on_demand.ts").then(({ startGoal }) => startGoal(this.#context.client, this.id, objective, options));
  }

  /**
   * Runs `objective` as a goal to its end (complete, paused, blocked or limited) and resolves
   * with the {@link GoalResult}: `startGoal(objective).run()`.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const result = await (await codex.threadStart()).runGoal("Make the test suite pass");
   * console.log(result.status, result.finalResponse);
   * ```
   */
  async runGoal(objective: string, options: GoalOptions = {}): Promise<GoalResult> {
    return await (await this.startGoal(objective, options)).run();
  }
}
