/**
 * One AI SDK step of a Codex turn: reads the session until the turn ends (`stop`, `error`,
 * `interrupted`) or the model has called AI SDK tools (`tool-calls`: the turn waits for the next
 * call to bring their results), emitting LanguageModelV4 stream parts on the way.
 *
 * @module
 */

import type { LanguageModelV4FinishReason, LanguageModelV4StreamPart, SharedV4ProviderMetadata } from "@ai-sdk/provider";
import { AbortError, TurnFailedError } from "../api/turn/errors.ts";
import type { TurnSession } from "./session.ts";
import type { TurnTranslator } from "./items.ts";

/** How a step ended, for `doGenerate`'s result. */
export interface StepEnd {
  /** The finish reason. */
  finishReason: LanguageModelV4FinishReason;
  /** The turn's final answer when the turn ended (for structured output), else undefined. */
  finalResponse: string | undefined;
}

/** The metadata every finished step carries: `providerMetadata.codex`. */
export function codexMetadata(session: TurnSession, extra: Record<string, string | null> = {}): SharedV4ProviderMetadata {
  return { codex: { threadId: session.threadId, turnId: session.turn?.id ?? null, ...extra } };
}

/** Runs one step, emitting its parts (ending with `finish`); rejects with `AbortError` when `signal` aborts. */
export async function runStep(
  session: TurnSession,
  translator: TurnTranslator,
  emit: (part: LanguageModelV4StreamPart) => void,
  options: { settleMs: number; signal: AbortSignal | undefined; onToolCalls: () => void },
): Promise<StepEnd> {
  const { signal } = options;
  const aborted = new Promise<"aborted">((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve("aborted");
    else signal.addEventListener("abort", () => resolve("aborted"), { once: true });
  });
  let calls = 0;
  const finish = (finishReason: LanguageModelV4FinishReason, finalResponse: string | undefined, extra: Record<string, string | null> = {}): StepEnd => {
    translator.closeAll(emit);
    emit({ type: "finish", finishReason, usage: translator.takeUsage(), providerMetadata: codexMetadata(session, extra) });
    return { finishReason, finalResponse };
  };
  for (;;) {
    const settle = calls > 0 && session.callsInFlight === 0 ? options.settleMs : undefined;
    const arrival = await Promise.race([session.next(settle), aborted]);
    if (arrival === "aborted") {
      session.failWaiting("The request was aborted.");
      await session.turn?.interrupt().catch(() => {});
      throw new AbortError(`turn ${session.turn?.id ?? "(not started)"} was interrupted because the signal was aborted`, undefined, signal?.reason);
    }
    if (arrival === undefined) {
      options.onToolCalls();
      return finish({ unified: "tool-calls", raw: "tool-calls" }, undefined);
    }
    if (arrival.kind === "call") {
      calls++;
      const { call } = arrival;
      emit({ type: "tool-input-start", id: call.callId, toolName: call.toolName });
      emit({ type: "tool-input-delta", id: call.callId, delta: call.input });
      emit({ type: "tool-input-end", id: call.callId });
      emit({ type: "tool-call", toolCallId: call.callId, toolName: call.toolName, input: call.input });
      continue;
    }
    if (arrival.kind === "event") {
      translator.translate(arrival.event, emit);
      continue;
    }
    const { result, error } = arrival;
    if (error !== undefined || !result) {
      emit({ type: "error", error });
      return finish({ unified: "error", raw: "connection-lost" }, undefined, { error: error instanceof Error ? error.message : String(error) });
    }
    if (result.status === "failed") {
      emit({ type: "error", error: new TurnFailedError(result) });
      return finish({ unified: "error", raw: "failed" }, result.finalResponse ?? undefined, { error: result.error?.message ?? null });
    }
    if (result.status === "interrupted") {
      if (signal?.aborted) throw new AbortError(`turn ${result.id} was interrupted because the signal was aborted`, result, signal.reason);
      return finish({ unified: "interrupted", raw: "interrupted" }, result.finalResponse ?? undefined);
    }
    return finish({ unified: "stop", raw: "completed" }, result.finalResponse ?? undefined);
  }
}
