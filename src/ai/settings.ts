/**
 * The options of `@codex/sdk/ai`: the provider's ({@linkcode CodexProviderOptions}), a model's
 * ({@linkcode CodexModelSettings}) and one call's (`providerOptions.codex`,
 * {@linkcode CodexCallOptions}).
 *
 * @module
 */

import type { Codex } from "../api/codex.ts";
import type { CodexStartOptions } from "../api/options.ts";
import type { ApprovalMode, SandboxPreset } from "../api/presets.ts";
import type { ReasoningEffort } from "../protocol/generated/types.ts";

/** How long a Codex turn waits for the result of an AI SDK tool call by default: 120 s (the SDK's tool timeout). */
export const DEFAULT_TOOL_RESULT_TIMEOUT_MS = 120_000;
/**
 * How long a step waits after a tool call for more calls of the same model reply before it ends
 * with `finishReason: "tool-calls"`: the app-server runs the calls of one reply in parallel and
 * does not say how many there are, so calls that arrive within this window share a step.
 */
export const DEFAULT_TOOL_CALL_SETTLE_MS = 100;

/** What {@linkcode createCodex} takes: `Codex.start`'s options, or an existing `Codex`. */
export type CodexProviderOptions = CodexStartOptions | { codex: Codex };

/** A model's settings: `codex(modelId, settings)`. Each also applies per call through `providerOptions.codex`. */
export interface CodexModelSettings {
  /** The sandbox of new threads (`"read-only"` when not given, the app-server's default). */
  sandbox?: SandboxPreset;
  /** How the agent's approval requests are handled on new threads (the SDK's safe default when not given). */
  approvalMode?: ApprovalMode;
  /** The working directory of new threads and their turns. */
  cwd?: string;
  /** Reasoning effort of the turns (else the AI SDK's `reasoning` option, else the model's default). */
  effort?: ReasoningEffort;
  /**
   * How long, in ms, a Codex turn waits for the result of an AI SDK tool call, counted from the
   * model's call. Past it the model gets a failed call ("timed out") and the turn goes on without
   * a result; a later result for that call is sent as new input instead. Default 120000.
   */
  toolResultTimeoutMs?: number;
  /** See {@linkcode DEFAULT_TOOL_CALL_SETTLE_MS}. Default 100. */
  toolCallSettleMs?: number;
}

/** `providerOptions.codex` of one `generateText`/`streamText` call. */
export interface CodexCallOptions extends CodexModelSettings {
  /**
   * Continue this thread: only what is new since the thread's last turn (the messages after the
   * prompt's last assistant or tool message) is sent. Without it, each call starts a new thread.
   */
  threadId?: string;
}
