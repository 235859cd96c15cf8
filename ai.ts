/**
 * `@codex/sdk/ai`: Codex as a model of the AI SDK (`ai` 7): `generateText`, `streamText`,
 * `generateObject`, `Output.object` and chat UIs (`toUIMessageStreamResponse`) run Codex turns.
 * The application's AI SDK tools become client-side tools of the Codex turn (the step ends with
 * `finishReason: "tool-calls"` while the turn waits for the result); Codex's own work (commands,
 * file changes, MCP calls, web searches) shows as provider-executed tool calls; a conversation
 * goes on with `providerOptions: { codex: { threadId } }`. Needs `@ai-sdk/provider` 4 (an
 * optional peer dependency; `ai` brings it). See the README's "AI SDK" section.
 *
 * @example
 * ```ts
 * import { streamText } from "ai";
 * import { createCodex } from "@codex/sdk/ai";
 *
 * await using codex = createCodex({ cwd: "." });
 * const result = streamText({ model: codex("default"), prompt: "List the files here" });
 * for await (const delta of result.textStream) console.log(delta);
 * ```
 * @module
 */
export { type CodexProvider, createCodex } from "./src/ai/provider.ts";
export { CodexLanguageModel } from "./src/ai/model.ts";
export {
  type CodexCallOptions,
  type CodexModelSettings,
  type CodexProviderOptions,
  DEFAULT_TOOL_CALL_SETTLE_MS,
  DEFAULT_TOOL_RESULT_TIMEOUT_MS,
} from "./src/ai/settings.ts";
export { CODEX_TOOL_NAMES } from "./src/ai/items.ts";
export { CodexPromptError } from "./src/ai/jsonish.ts";
