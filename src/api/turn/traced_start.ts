/**
 * A turn's span around its start and its whole run (issue 21): starts the `invoke_agent` span
 * (when tracing is on), hands the `turn/start` request the span's `trace` envelope (or the
 * caller's `traceContext` as is, when tracing is off here), and ends the span with the turn's
 * result. Without telemetry and without `traceContext` it only calls `start`.
 *
 * @example
 * ```ts
 * import { tracedTurnStart } from "./traced_start.ts";
 * import type { TurnContext, TurnHandle } from "./turn_handle.ts";
 *
 * declare const context: TurnContext;
 * declare const start: (requestOptions: { envelope?: Record<string, unknown> }, started: (turnId: string) => void) => Promise<TurnHandle>;
 * const handle = await tracedTurnStart(context, { threadId: "thread-id" }, start);
 * ```
 * @module
 */

import { InvalidArgumentError } from "../../util/errors.ts";
import { parseTraceparent, type TraceContext } from "../../telemetry/traceparent.ts";
import type { UserInput } from "../../protocol/generated/types.ts";
import type { TurnContext, TurnHandle } from "./turn_handle.ts";

/** What the turn's span records. */
export interface TracedTurnInfo {
  threadId: string;
  model?: string | null;
  /** A trace context carried from elsewhere (the `traceContext` option): the span's parent. */
  traceContext?: TraceContext;
  input?: UserInput[];
}

/** Checks the `traceContext` turn option. */
export function checkTraceContext(value: unknown): TraceContext | undefined {
  if (value === undefined) return undefined;
  const { traceparent, tracestate } = (value ?? {}) as Record<string, unknown>;
  if (typeof value !== "object" || value === null || !parseTraceparent(traceparent)) {
    throw new InvalidArgumentError(
      "traceContext",
      `must be { traceparent: "00-<32 hex>-<16 hex>-<2 hex>", tracestate? } (W3C Trace Context), got ${JSON.stringify(value)?.slice(0, 120)}`,
    );
  }
  if (tracestate !== undefined && typeof tracestate !== "string") {
    throw new InvalidArgumentError("traceContext.tracestate", "must be a string when given");
  }
  return value as TraceContext;
}

/** Runs `start` inside the turn's span (see the module doc). */
export async function tracedTurnStart<T>(
  context: TurnContext,
  info: TracedTurnInfo,
  start: (requestOptions: { envelope?: Record<string, unknown> }, started: (turnId: string) => void) => Promise<TurnHandle<T>>,
): Promise<TurnHandle<T>> {
  const telemetry = context.telemetry;
  if (!telemetry) {
    return await start(info.traceContext ? { envelope: { trace: info.traceContext } } : {}, () => {});
  }
  const span = telemetry.startTurn({
    threadId: info.threadId,
    model: info.model,
    parent: info.traceContext,
    input: telemetry.recordsContent ? textOf(info.input) : undefined,
  });
  const envelope = span.envelope ?? (info.traceContext ? { trace: info.traceContext } : undefined);
  try {
    const handle = await start(envelope ? { envelope } : {}, (turnId) => span.started(turnId));
    handle.result.then((result) => span.ended(result), (error) => span.failed(error));
    return handle;
  } catch (error) {
    span.failed(error);
    throw error;
  }
}

function textOf(input: UserInput[] | undefined): string | undefined {
  const texts = (input ?? []).flatMap((item) => item.type === "text" ? [item.text] : []);
  return texts.length ? texts.join("\n") : undefined;
}
