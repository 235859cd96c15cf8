/**
 * What a turn's `stream()` yields: the turn's notifications, typed by `method`, plus one event
 * the SDK adds for every server request the turn raised (an approval, a question for the user,
 * a tool call), so a UI can show what was asked and what was answered.
 *
 * @example
 * ```ts
 * import type { TurnEvent } from "@codex/sdk";
 *
 * function describe(event: TurnEvent): string | undefined {
 *   if (event.method === "serverRequest/handled") {
 *     return `${event.params.request.method}: ${event.params.outcome}`;
 *   }
 *   if (event.method === "item/agentMessage/delta") return event.params.delta;
 * }
 * ```
 * @module
 */

import type { ServerRequest } from "../../protocol/generated/methods.ts";
import type { Notification } from "../../protocol/messages.ts";
import type { JsonRpcId } from "../../rpc/messages.ts";

/** How a server request was settled. */
export type ServerRequestOutcome =
  /** A handler answered. */
  | "answered"
  /** No handler: the safe default answer was sent (decline, deny, no answers, tool failed). */
  | "default"
  /** A handler threw, timed out or returned a malformed answer: the safe answer was sent instead. */
  | "handlerFailed"
  /** The server withdrew the request before an answer (e.g. the turn was interrupted). */
  | "withdrawn";

/** A server request raised during a turn, with the answer the SDK sent. */
export interface ServerRequestEvent {
  /** Always `"serverRequest/handled"` (an SDK event, not a wire notification). */
  method: "serverRequest/handled";
  /** What was asked and how it was answered. */
  params: {
    /** The thread of the turn. */
    threadId: string;
    /** The turn that raised it. */
    turnId: string;
    /** The server's id of the request. */
    requestId: JsonRpcId;
    /** The request, typed by its method. */
    request: ServerRequest;
    /** How it was settled. */
    outcome: ServerRequestOutcome;
    /** The answer sent (absent when withdrawn). */
    response?: unknown;
    /** What went wrong with the handler, when `outcome` is `handlerFailed`. */
    error?: string;
  };
}

/**
 * The connection to a remote app-server dropped and came back (`reconnect` option of
 * `Codex.connect`): notifications sent while it was down are lost. Threads were resubscribed;
 * a turn that ended during the gap is completed from the server's record.
 */
export interface ConnectionGapEvent {
  /** Always `"connection/gap"` (an SDK event, not a wire notification). */
  method: "connection/gap";
  /** What was missed. */
  params: {
    /** When the connection dropped (ms since the epoch). */
    lostAt: number;
    /** When it was back. */
    restoredAt: number;
    /** How many reconnect attempts it took. */
    attempts: number;
    /** Why it dropped. */
    reason: string;
    /** The threads resubscribed with `thread/resume`. */
    threadIds: string[];
  };
}

/** One event of a turn's stream. */
export type TurnEvent = Notification | ServerRequestEvent | ConnectionGapEvent;
