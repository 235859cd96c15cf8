/**
 * Type-level tests of `@codex/sdk/ai`: this file must type-check (`deno check tests/types/`).
 * The provider and its models implement the AI SDK specification (`@ai-sdk/provider` 4) and are
 * accepted by `ai` 7's functions. Nothing here runs.
 */

import type { LanguageModelV4, ProviderV4 } from "@ai-sdk/provider";
import type { generateText } from "ai";
import { createCodex } from "../../ai.ts";

declare const run: typeof generateText;
const codex = createCodex();
const provider: ProviderV4 = codex;
const model: LanguageModelV4 = codex("gpt-5.1-codex", { sandbox: "read-only" });
const same: LanguageModelV4 = provider.languageModel("default");
void run({ model: codex("default"), prompt: "hi", providerOptions: { codex: { threadId: "t" } } });
void [model, same];
