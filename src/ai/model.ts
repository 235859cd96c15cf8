/**
 * A Codex model as an AI SDK language model (`LanguageModelV4`): each `doStream`/`doGenerate`
 * call is one step of a Codex turn (see conversations.ts for which turn).
 *
 * @module
 */

import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from "@ai-sdk/provider";
import type { Codex } from "../api/codex.ts";
import { InvalidArgumentError } from "../util/errors.ts";
import type { Conversations } from "./conversations.ts";
import { TurnTranslator } from "./items.ts";
import { runStep, type StepEnd } from "./step.ts";
import { type CodexCallOptions, type CodexModelSettings, DEFAULT_TOOL_CALL_SETTLE_MS } from "./settings.ts";

/** What a model gets from its provider. */
export interface ModelBackend {
  /** The provider's `Codex` (started on first use). */
  codex(): Promise<Codex>;
  /** The provider's turns. */
  conversations: Conversations;
}

const UNSUPPORTED: readonly (keyof LanguageModelV4CallOptions)[] = [
  "temperature", "topP", "topK", "seed", "presencePenalty", "frequencyPenalty", "stopSequences", "maxOutputTokens",
];

/**
 * A Codex model for the AI SDK (it implements `LanguageModelV4` of `@ai-sdk/provider` 4), made
 * by `createCodex()(modelId, settings)`. Pass it as `model` to `generateText`, `streamText`, …
 *
 * @example
 * ```ts
 * import { generateText } from "ai";
 * import { createCodex } from "@codex/sdk/ai";
 *
 * await using codex = createCodex();
 * const { text } = await generateText({ model: codex("default"), prompt: "Hello" });
 * ```
 */
export class CodexLanguageModel {
  /** The AI SDK language model specification this implements. */
  readonly specificationVersion = "v4" as const;
  /** The provider id. */
  readonly provider: string = "codex";
  /** The model id (`"default"`: the app-server's configured model). */
  readonly modelId: string;
  /** Codex takes image URLs as they are. */
  readonly supportedUrls: Record<string, RegExp[]> = { "image/*": [/^https?:\/\//] };
  readonly #settings: CodexModelSettings;
  readonly #backend: ModelBackend;

  /** @ignore made by the provider. */
  constructor(modelId: string, settings: CodexModelSettings, backend: ModelBackend) {
    if (typeof modelId !== "string" || modelId === "") {
      throw new InvalidArgumentError("modelId", 'must be a model name such as "gpt-5.1-codex", or "default" for the app-server\'s configured model');
    }
    this.modelId = modelId;
    this.#settings = settings;
    this.#backend = backend;
  }

  /**
   * Runs a step and streams it (called by the AI SDK).
   * @ignore the AI SDK's side of the specification; applications call `streamText`.
   */
  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { warnings, settings } = this.#check(options);
    const codex = await this.#backend.codex();
    const { session } = await this.#backend.conversations.prepare(codex, this.modelId, options, settings, warnings);
    const translator = new TurnTranslator();
    const settleMs = settings.toolCallSettleMs ?? DEFAULT_TOOL_CALL_SETTLE_MS;
    let cancelled = false;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start: (controller) => {
        const emit = (part: LanguageModelV4StreamPart): void => {
          if (!cancelled) controller.enqueue(part);
        };
        emit({ type: "stream-start", warnings });
        emit({ type: "response-metadata", id: session.turn?.id, modelId: this.modelId, timestamp: new Date() });
        runStep(session, translator, emit, { settleMs, signal: options.abortSignal, onToolCalls: () => {} }).then(
          () => cancelled || controller.close(),
          (error) => cancelled || controller.error(error),
        );
      },
      // The reader went away (a chat client disconnected): nobody will see the rest of the turn.
      cancel: async () => {
        cancelled = true;
        await session.turn?.interrupt().catch(() => {});
        session.failWaiting("The application stopped reading.");
      },
    });
    return { stream, request: { body: { threadId: session.threadId, turnId: session.turn?.id } } };
  }

  /**
   * Runs a step to its end (called by the AI SDK).
   * @ignore the AI SDK's side of the specification; applications call `generateText`.
   */
  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { stream, request } = await this.doStream(options);
    const content: LanguageModelV4Content[] = [];
    const texts = new Map<string, { type: "text" | "reasoning"; text: string }>();
    let warnings: SharedV4Warning[] = [];
    let usage: LanguageModelV4Usage | undefined;
    let providerMetadata: SharedV4ProviderMetadata | undefined;
    let finish: StepEnd["finishReason"] = { unified: "other", raw: undefined };
    let responseId: string | undefined;
    let timestamp: Date | undefined;
    let error: unknown;
    const reader = stream.getReader();
    for (;;) {
      const { value: part, done } = await reader.read();
      if (done) break;
      switch (part.type) {
        case "stream-start":
          warnings = part.warnings;
          break;
        case "response-metadata":
          responseId = part.id;
          timestamp = part.timestamp;
          break;
        case "text-start":
        case "reasoning-start": {
          const entry = { type: part.type === "text-start" ? "text" as const : "reasoning" as const, text: "" };
          texts.set(part.id, entry);
          content.push(entry);
          break;
        }
        case "text-delta":
        case "reasoning-delta": {
          const entry = texts.get(part.id);
          if (entry) entry.text += part.delta;
          break;
        }
        case "tool-call":
        case "tool-result":
          content.push(part);
          break;
        case "error":
          error = part.error;
          break;
        case "finish":
          usage = part.usage;
          finish = part.finishReason;
          providerMetadata = part.providerMetadata;
          break;
      }
    }
    const emptyUsage: LanguageModelV4Usage = {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
    // A failed turn is a result (finishReason "error", the reason in providerMetadata.codex.error);
    // a lost connection is not: the call rejects with it.
    if (finish.raw === "connection-lost" && error !== undefined) throw error;
    const finalText = [...texts.values()].filter((t) => t.type === "text").at(-1)?.text;
    return {
      content,
      finishReason: finish,
      usage: usage ?? emptyUsage,
      ...(options.responseFormat?.type === "json" && finalText !== undefined ? { structuredOutputText: finalText } : {}),
      providerMetadata,
      request,
      response: { id: responseId, timestamp, modelId: this.modelId },
      warnings,
    };
  }

  #check(options: LanguageModelV4CallOptions): { warnings: SharedV4Warning[]; settings: CodexCallOptions } {
    const warnings: SharedV4Warning[] = [];
    for (const key of UNSUPPORTED) {
      if (options[key] !== undefined) {
        warnings.push({ type: "unsupported", feature: key, details: "the Codex app-server has no equivalent; the setting was ignored" });
      }
    }
    const fromCall = (options.providerOptions?.codex ?? {}) as CodexCallOptions;
    if (fromCall.threadId !== undefined && (typeof fromCall.threadId !== "string" || fromCall.threadId === "")) {
      throw new InvalidArgumentError("providerOptions.codex.threadId", "must be a thread id string (providerMetadata.codex.threadId of an earlier call)");
    }
    return { warnings, settings: { ...this.#settings, ...fromCall } };
  }
}
