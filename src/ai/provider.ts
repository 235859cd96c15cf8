/**
 * `createCodex()`: the AI SDK provider. Its models share one `Codex` — started on first use from
 * `Codex.start` options (with `experimentalApi` on, which AI SDK tools need), or one the
 * application passes as `{ codex }` (then `close()` leaves it running).
 *
 * @module
 */

import { Codex } from "../api/codex.ts";
import type { CodexStartOptions } from "../api/options.ts";
import { CodexError, InvalidArgumentError, InvalidStateError } from "../util/errors.ts";
import { Conversations } from "./conversations.ts";
import { CodexLanguageModel } from "./model.ts";
import type { CodexModelSettings, CodexProviderOptions } from "./settings.ts";

/**
 * The provider `createCodex` returns (it implements `ProviderV4` of `@ai-sdk/provider` 4): call
 * it (or `languageModel`) with a model id.
 */
export interface CodexProvider extends AsyncDisposable {
  /** The AI SDK provider specification this implements. */
  readonly specificationVersion: "v4";
  /** A model: `"default"` for the app-server's configured model, else a model name. */
  (modelId: string, settings?: CodexModelSettings): CodexLanguageModel;
  /** The same as calling the provider. */
  languageModel(modelId: string, settings?: CodexModelSettings): CodexLanguageModel;
  /** Codex has no embedding models: throws an `InvalidArgumentError` (code `invalid_argument`). */
  embeddingModel(modelId: string): never;
  /** Codex has no image models: throws an `InvalidArgumentError` (code `invalid_argument`). */
  imageModel(modelId: string): never;
  /** Stops the app-server the provider started (not a `Codex` passed in) and fails waiting tool calls. Idempotent. */
  close(): Promise<void>;
}

/**
 * Makes the AI SDK provider for Codex. `options` are `Codex.start`'s (the app-server starts on
 * the first call and is shared by the provider's models) or `{ codex }`, a `Codex` of yours.
 *
 * @example
 * ```ts
 * import { generateText, stepCountIs, tool } from "ai";
 * import { z } from "zod";
 * import { createCodex } from "@codex/sdk/ai";
 *
 * await using codex = createCodex();
 * const { text, providerMetadata } = await generateText({
 *   model: codex("gpt-5.1-codex", { sandbox: "read-only" }),
 *   prompt: "What is the weather in Paris?",
 *   tools: {
 *     weather: tool({
 *       description: "Current weather for a city",
 *       inputSchema: z.object({ city: z.string() }),
 *       execute: async ({ city }) => `sunny in ${city}`,
 *     }),
 *   },
 *   stopWhen: stepCountIs(5),
 * });
 * // Continue the same thread: only the new message is sent.
 * await generateText({
 *   model: codex("gpt-5.1-codex"),
 *   prompt: "And tomorrow?",
 *   providerOptions: { codex: { threadId: providerMetadata?.codex?.threadId as string } },
 * });
 * ```
 */
export function createCodex(options: CodexProviderOptions = {}): CodexProvider {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("createCodex", "takes Codex.start options or { codex } (an existing Codex)");
  }
  const given = "codex" in options && options.codex instanceof Codex ? options.codex : undefined;
  let starting: Promise<Codex> | undefined;
  let closed = false;
  const conversations = new Conversations();
  const backend = {
    conversations,
    codex(): Promise<Codex> {
      if (closed) return Promise.reject(new InvalidStateError("closed", "this Codex provider was closed; make a new one with createCodex()"));
      if (given) return Promise.resolve(given);
      starting ??= Codex.start({ experimentalApi: true, ...(options as CodexStartOptions) });
      return starting;
    },
  };
  const languageModel = (modelId: string, settings: CodexModelSettings = {}): CodexLanguageModel =>
    new CodexLanguageModel(modelId, settings, backend);
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    conversations.closeAll();
    if (starting) await (await starting.catch(() => undefined))?.close();
  };
  const noSuchModel = (kind: string) => (modelId: string): never => {
    throw new InvalidArgumentError("modelId", `Codex has no ${kind} models (asked for ${JSON.stringify(modelId)}); it provides language models only`);
  };
  const provider = Object.assign(languageModel, {
    specificationVersion: "v4" as const,
    languageModel,
    embeddingModel: noSuchModel("embedding"),
    imageModel: noSuchModel("image"),
    close,
    [Symbol.asyncDispose]: close,
  });
  return provider as CodexProvider;
}

