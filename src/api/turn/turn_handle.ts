/**
 * `TurnHandle`: one running turn. Stream its events, wait for its result, steer it, interrupt it.
 *
 * Events are collected from the moment the turn exists (including any that arrived before the
 * `turn/start` response), so `stream()` may be called later without losing any. One consumer
 * reads the stream; `run()` waits for the result without needing one. The stream buffers up to
 * `maxBufferedEvents` events for a slow consumer; past that it ends with `StreamOverflowError`
 * while the turn and its result go on unaffected.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const thread = await codex.threadStart();
 * const turn = await thread.turn("Explain this repository");
 * for await (const event of turn.stream()) {
 *   if (event.method === "item/agentMessage/delta") console.log(event.params.delta);
 * }
 * console.log((await turn.run()).finalResponse);
 * ```
 * @module
 */

import { AbortError, StreamOverflowError, StreamTakenError, TurnFailedError } from "./errors.ts";
import type { ThreadItem, ThreadTokenUsage, Turn, TurnError } from "../../protocol/generated/types.ts";
import { type Input, toUserInputs } from "../inputs.ts";
import type { CodexClient } from "../../client/client.ts";
import type { TurnEvent } from "./events.ts";
import { buildTurnResult, type TurnResult } from "./result.ts";
import { TurnChangesCollector } from "./changes.ts";
import { ActivityClock, checkIdleTimeout, idleStream, TurnIdleTimeoutError, untilIdle } from "./idle_timeout.ts";
import type { TurnRouter } from "./router.ts";
import { textDeltas } from "./text_stream.ts";
import { AsyncQueue } from "../../util/async_queue.ts";
import type { Telemetry } from "../../telemetry/telemetry.ts";

/** What a turn needs from its `Codex`. */
export interface TurnContext {
  /** The client to send steer/interrupt on. */
  client: CodexClient;
  /** The router that feeds this turn. */
  router: TurnRouter<TurnHandle>;
  /** The stream buffer bound. */
  maxBufferedEvents: number;
  /** Called when a turn ends, before its stream closes (server requests still waiting are withdrawn). */
  turnEnding?: (turnId: string) => void;
  /** Per thread id: settles when the thread's last turn started by this client has ended. */
  threadTails: Map<string, Promise<void>>;
  /** Called for a thread the SDK opened on its own (a detached review's fork), so a reconnect resumes it too. */
  threadOpened?: (threadId: string) => void;
  /** Checks that a local file exists, when the app-server runs on this machine. */
  fileExists?: (path: string) => Promise<boolean>;
  /** The spans and metrics of turns, when tracing or metrics are on (issue 21). */
  telemetry?: Telemetry;
}

/** Options of `stream()` and `run()`. */
export interface TurnWaitOptions {
  /** Aborting interrupts the turn; the call then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** No event of the turn for this long ends the wait with `TurnIdleTimeoutError` (the turn goes on). */
  idleTimeoutMs?: number;
}

/** A running (or finished) turn. `Parsed` is the type of `result.parsed` with a zod `outputSchema`. */
export class TurnHandle<Parsed = unknown> {
  /** The turn id. */
  readonly id: string;
  /** The thread the turn runs on. */
  readonly threadId: string;
  /**
   * Resolves once the turn has ended, whatever its status: a `failed` or `interrupted` turn
   * resolves too (check `status`; `run()` throws for those). It never has `parsed`: the
   * structured output is parsed and validated by `run()`. Rejects only if the connection dies.
   *
   * @example
   * ```ts
   * import type { TurnHandle } from "@codex/sdk";
   *
   * declare const turn: TurnHandle;
   * const { status, error } = await turn.result; // no throw for a failed turn
   * if (status === "failed") console.error(error?.message);
   * ```
   */
  readonly result: Promise<TurnResult<never>>;

  readonly #context: TurnContext;
  readonly #parse: ((result: TurnResult) => unknown) | undefined;
  readonly #items: ThreadItem[] = [];
  #usage: ThreadTokenUsage | null = null;
  readonly #changes = new TurnChangesCollector();
  readonly #clock = new ActivityClock();
  readonly #idleTimeoutMs: number | undefined;
  #lastError: TurnError | null = null;
  #queue: AsyncQueue<TurnEvent> | undefined;
  #streamTaken = false;
  #aborted: unknown = undefined;
  #finished: TurnResult<never> | undefined;
  #resolve!: (result: TurnResult<never>) => void;
  #reject!: (error: unknown) => void;

  /**
   * Created by `Thread.turn`; registers with the router and takes any early events.
   * @ignore the SDK's own wiring: applications get turns from `thread.turn()`.
   */
  constructor(
    context: TurnContext,
    threadId: string,
    turn: Turn,
    options: { parse?: (result: TurnResult) => unknown; signal?: AbortSignal; idleTimeoutMs?: number } = {},
  ) {
    this.id = turn.id;
    this.threadId = threadId;
    this.#context = context;
    this.#parse = options.parse;
    this.#idleTimeoutMs = checkIdleTimeout(options.idleTimeoutMs);
    this.#queue = new AsyncQueue({ onCancel: () => (this.#queue = undefined) });
    this.result = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.result.catch(() => {}); // observed through run()/stream(); never an unhandled rejection
    // The router feeds the turn through this object, not through public methods of the handle.
    const sink = { handle: this as TurnHandle, push: (event: TurnEvent) => this.#push(event), fail: (error: unknown) => this.#fail(error) };
    for (const event of context.router.register(turn.id, sink)) this.#push(event);
    if (turn.status !== "inProgress" && !this.#finished) this.#complete(turn);
    if (options.signal) this.#watch(options.signal);
  }

  /**
   * This turn's events, ending with its `turn/completed`. One consumer only. Stopping early
   * (`break`) stops the buffering; the turn goes on. With `signal`, aborting interrupts the turn
   * and the iteration ends with an `AbortError`.
   */
  stream(options: TurnWaitOptions = {}): AsyncIterableIterator<TurnEvent> {
    if (this.#streamTaken) {
      throw new StreamTakenError(this.id);
    }
    const idleMs = checkIdleTimeout(options.idleTimeoutMs) ?? this.#idleTimeoutMs;
    this.#streamTaken = true;
    if (options.signal) this.#watch(options.signal);
    const events = this.#queue ?? new AsyncQueue<TurnEvent>({}).ended();
    if (idleMs === undefined) return events;
    const resume = (): Promise<TurnResult<Parsed>> => this.run({ idleTimeoutMs: idleMs });
    return idleStream(events, this.#clock, idleMs, (rest) => new TurnIdleTimeoutError(this, idleMs, this.#clock.lastEventAt, resume, rest));
  }

  /**
   * The same events as {@link stream}, as a `ReadableStream` (cancel it to stop). It takes the
   * turn's one stream, like `stream()`.
   *
   * @example
   * ```ts
   * import type { TurnHandle } from "@codex/sdk";
   *
   * declare const turn: TurnHandle;
   * const deltas = turn.toReadableStream().pipeThrough(
   *   new TransformStream({
   *     transform(event, controller) {
   *       if (event.method === "item/agentMessage/delta") controller.enqueue(event.params.delta);
   *     },
   *   }),
   * );
   * ```
   */
  toReadableStream(options: TurnWaitOptions = {}): ReadableStream<TurnEvent> {
    const iterator = this.stream(options);
    return new ReadableStream<TurnEvent>({
      async pull(controller) {
        try {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    });
  }

  /**
   * Only the agent's text deltas of this turn (`item/agentMessage/delta`), ending with the turn:
   * `stream()` without everything else.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const turn = await (await codex.threadStart()).turn("Write a haiku");
   * for await (const text of turn.textStream()) console.log(text);
   * ```
   */
  textStream(options: TurnWaitOptions = {}): AsyncGenerator<string, void, undefined> {
    return textDeltas(this.stream(options));
  }

  /**
   * @deprecated Use {@link toReadableStream}: reading this property consumes the turn's one
   * stream, which a getter should not do.
   */
  get readable(): ReadableStream<TurnEvent> {
    return this.toReadableStream();
  }

  /**
   * Waits for the turn to end and returns its result. Rejects with `TurnFailedError` when it
   * failed, `AbortError` when `signal` (here or at `thread.turn`) interrupted it,
   * `StructuredOutputError` when the answer does not match a zod `outputSchema`, and
   * `TransportClosedError` when the connection died. With a zod `outputSchema`, a `completed`
   * result has `parsed` (an `interrupted` one, without a signal, has none).
   */
  async run(options: TurnWaitOptions = {}): Promise<TurnResult<Parsed>> {
    if (!this.#streamTaken) {
      // Nobody will read the stream now: stop buffering it.
      this.#streamTaken = true;
      this.#queue = undefined;
    }
    const idleMs = checkIdleTimeout(options.idleTimeoutMs) ?? this.#idleTimeoutMs;
    if (options.signal) this.#watch(options.signal);
    const result = idleMs === undefined ? await this.result : await untilIdle(this.result, this.#clock, idleMs, () =>
      new TurnIdleTimeoutError(this, idleMs, this.#clock.lastEventAt, () => this.run({ idleTimeoutMs: idleMs })));
    if (this.#aborted !== undefined && result.status === "interrupted") {
      throw new AbortError(`turn ${this.id} was interrupted because the signal was aborted`, result, this.#aborted);
    }
    if (result.status === "failed") throw new TurnFailedError(result);
    if (this.#parse && result.status === "completed") {
      return { ...result, parsed: this.#parse(result) as Parsed };
    }
    return result;
  }

  /** Adds input to the running turn (`turn/steer`); the model sees it in this same turn. */
  async steer(input: Input): Promise<void> {
    await this.#context.client.request("turn/steer", {
      threadId: this.threadId,
      expectedTurnId: this.id,
      input: toUserInputs(input),
    });
  }

  /** Asks the server to stop the turn (`turn/interrupt`); it then ends with status `interrupted`. */
  async interrupt(): Promise<void> {
    if (this.#finished) return;
    await this.#context.client.request("turn/interrupt", { threadId: this.threadId, turnId: this.id });
  }

  #push(event: TurnEvent): void {
    if (this.#finished) return;
    this.#clock.touch();
    switch (event.method) {
      case "turn/diff/updated":
      case "turn/plan/updated":
        this.#changes.observe(event);
        break;
      case "item/completed":
        // A malformed item (reported by validation) is not collected: the result stays well-typed.
        if (typeof event.params?.item === "object" && event.params.item !== null) this.#items.push(event.params.item);
        break;
      case "thread/tokenUsage/updated":
        this.#usage = event.params?.tokenUsage ?? this.#usage;
        break;
      case "error":
        if (event.params && !event.params.willRetry) this.#lastError = event.params.error;
        break;
    }
    const queue = this.#queue;
    if (queue) {
      if (queue.size >= this.#context.maxBufferedEvents) {
        // Drop what is buffered so memory stays bounded; the consumer gets the error next.
        queue.fail(new StreamOverflowError(this.id, this.#context.maxBufferedEvents), { discardBuffered: true });
      } else {
        queue.push(event);
      }
    }
    if (event.method === "turn/completed" && typeof event.params?.turn === "object" && event.params.turn !== null) {
      this.#complete(event.params.turn);
    }
  }

  #fail(error: unknown): void {
    if (this.#finished) return;
    this.#queue?.fail(error);
    this.#reject(error);
  }

  #complete(turn: Turn): void {
    this.#context.turnEnding?.(this.id);
    const result: TurnResult<never> = buildTurnResult(this.threadId, turn, this.#items, this.#usage, this.#lastError, this.#changes.snapshot());
    this.#finished = result;
    this.#context.router.unregister(this.id);
    if (this.#aborted !== undefined && result.status === "interrupted") {
      this.#queue?.fail(new AbortError(`turn ${this.id} was interrupted because the signal was aborted`, result, this.#aborted));
    } else {
      this.#queue?.end();
    }
    this.#resolve(result);
  }

  #watch(signal: AbortSignal): void {
    const onAbort = (): void => {
      if (this.#finished) return;
      this.#aborted = signal.reason ?? true;
      this.interrupt().catch(() => {
        // The connection is going away; the turn fails with TransportClosedError instead.
      });
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    this.result.finally(() => signal.removeEventListener("abort", onAbort)).catch(() => {});
  }
}
