/**
 * One Codex turn driven by AI SDK calls. A turn can span several `doGenerate`/`doStream` calls:
 * when the model calls an AI SDK tool, the step ends (`finishReason: "tool-calls"`) while the
 * turn waits in the app-server; the next call brings the result, which answers the waiting call,
 * and the turn goes on. The session merges the turn's events and the tool calls that reach the
 * provider's bridge tools into one ordered queue, read one step at a time.
 *
 * @module
 */

import type { TurnHandle } from "../api/turn/turn_handle.ts";
import type { TurnEvent } from "../api/turn/events.ts";
import type { TurnResult } from "../api/turn/result.ts";
import type { ToolReturn } from "../api/tools/tool.ts";
import { toolOutput } from "../api/tools/output.ts";

/** A call of an AI SDK tool the turn is waiting on. */
export interface PendingCall {
  /** The model's call id (also the AI SDK's `toolCallId`). */
  callId: string;
  /** The tool's name. */
  toolName: string;
  /** The arguments, JSON-encoded. */
  input: string;
  /** Whether it is answered (or withdrawn, or timed out). */
  settled: boolean;
  /** Answers the call. */
  answer(output: ToolReturn): void;
}

/** What a step reads next. */
export type Arrival =
  | { kind: "event"; event: TurnEvent }
  | { kind: "call"; call: PendingCall }
  | { kind: "end"; result: TurnResult | undefined; error: unknown };

/** One turn's merged events and calls. */
export class TurnSession {
  /** The thread. */
  readonly threadId: string;
  /** The model id the turn runs on (for response metadata). */
  readonly modelId: string;
  /** The turn, once started. */
  turn: TurnHandle | undefined;
  /** Calls handed to the caller and not answered yet. */
  readonly waiting: Map<string, PendingCall> = new Map();
  /** Whether the turn has ended. */
  ended = false;
  // `dynamicToolCall` items (their id is the call id) started whose call has neither reached the
  // bridge nor completed (a call with invalid arguments completes without reaching it).
  readonly #inFlight = new Set<string>();
  readonly #arrived = new Set<string>();
  readonly #queue: Arrival[] = [];
  #wake: (() => void) | undefined;

  readonly #onEnd: (() => void) | undefined;

  /** A session for a turn about to start on `threadId`; `onEnd` runs when the turn has ended. */
  constructor(threadId: string, modelId: string, onEnd?: () => void) {
    this.threadId = threadId;
    this.modelId = modelId;
    this.#onEnd = onEnd;
  }

  /** Reads the turn's events into the queue until it ends. */
  attach(turn: TurnHandle): void {
    this.turn = turn;
    void (async () => {
      try {
        for await (const event of turn.stream()) {
          if (event.method === "item/started" && event.params.item.type === "dynamicToolCall") {
            if (!this.#arrived.has(event.params.item.id)) this.#inFlight.add(event.params.item.id);
          } else if (event.method === "item/completed" && event.params.item.type === "dynamicToolCall") {
            this.#inFlight.delete(event.params.item.id);
          }
          this.#push({ kind: "event", event });
        }
        this.#end(await turn.result, undefined);
      } catch (error) {
        this.#end(await turn.result.catch(() => undefined), error);
      }
    })();
  }

  /** A bridge tool's call arrived: queue it and wait for its answer. */
  callArrived(callId: string, toolName: string, args: unknown, signal: AbortSignal): Promise<ToolReturn> {
    this.#arrived.add(callId);
    this.#inFlight.delete(callId);
    return new Promise<ToolReturn>((resolve) => {
      const call: PendingCall = {
        callId,
        toolName,
        input: JSON.stringify(args ?? {}),
        settled: false,
        answer: (output) => {
          if (call.settled) return;
          call.settled = true;
          this.waiting.delete(callId);
          resolve(output);
        },
      };
      // Timed out (toolResultTimeoutMs) or withdrawn: the SDK has answered the model already and
      // drops this answer; settling now lets the call's timer go.
      signal.addEventListener("abort", () => call.answer(toolOutput("The call was cancelled.", { success: false })), { once: true });
      this.waiting.set(callId, call);
      this.#push({ kind: "call", call });
    });
  }

  /** How many calls the app-server has started that have not reached the bridge yet. */
  get callsInFlight(): number {
    return this.#inFlight.size;
  }

  /** Answers every waiting call as failed, saying why (the model sees it). */
  failWaiting(reason: string): void {
    for (const call of [...this.waiting.values()]) call.answer(toolOutput(reason, { success: false }));
  }

  /** The next arrival; `undefined` when `timeoutMs` passes first. */
  async next(timeoutMs?: number): Promise<Arrival | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    while (this.#queue.length === 0) {
      const woken = new Promise<boolean>((resolve) => {
        this.#wake = () => resolve(true);
        if (timeoutMs !== undefined) timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const wokeUp = await woken;
      clearTimeout(timer);
      this.#wake = undefined;
      if (!wokeUp) return undefined;
    }
    return this.#queue.shift();
  }

  #push(arrival: Arrival): void {
    this.#queue.push(arrival);
    this.#wake?.();
  }

  #end(result: TurnResult | undefined, error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.#push({ kind: "end", result, error });
    this.#onEnd?.();
  }
}
