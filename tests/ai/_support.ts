/** A MockModel and a `createCodex` provider on it, closed in the right order. */
// The tests read warnings from results; the AI SDK need not also print them.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
import { createCodex, type CodexProvider } from "../../ai.ts";
import { MockModel } from "../../testing.ts";

export interface AiHarness {
  mock: MockModel;
  codex: CodexProvider;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function aiHarness(): Promise<AiHarness> {
  const mock = await MockModel.start();
  const codex = createCodex({ env: mock.env });
  return {
    mock,
    codex,
    async [Symbol.asyncDispose]() {
      await codex.close();
      await mock.close();
    },
  };
}

/** The texts of the user-side input items the model got in request `i`. */
export function userTexts(body: Record<string, unknown>): string[] {
  const input = body.input as { role?: string; content?: { type: string; text?: string }[] }[];
  return input.filter((m) => m.role === "user").flatMap((m) => (m.content ?? []).map((c) => c.text ?? ""));
}
