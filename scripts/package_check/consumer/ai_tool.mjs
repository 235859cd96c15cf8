// A user's AI SDK program in plain JavaScript, as installed from npm with `ai`: generateText with
// a tool on @codex/sdk/ai, on the real codex binary against the scripted model. It prints one
// JSON line for scripts/package_check/package_test.mjs to check.
import { generateText, jsonSchema, stepCountIs, tool } from "ai";
import { createCodex } from "@codex/sdk/ai";
import { MockModel } from "@codex/sdk/testing";

const mock = await MockModel.start();
try {
  mock.queueToolCall("weather", { city: "Paris" }).queueText("It is sunny in Paris.");
  const codex = createCodex({ env: mock.env });
  try {
    const result = await generateText({
      model: codex("default"),
      prompt: "What is the weather in Paris?",
      tools: {
        weather: tool({
          description: "Current weather for a city",
          inputSchema: jsonSchema({ type: "object", properties: { city: { type: "string" } }, required: ["city"] }),
          execute: async ({ city }) => `sunny in ${city}`,
        }),
      },
      stopWhen: stepCountIs(3),
    });
    console.log(JSON.stringify({
      text: result.text,
      steps: result.steps.map((step) => step.finishReason),
      toolResults: result.steps.flatMap((step) => step.toolResults.map((r) => r.output)),
    }));
  } finally {
    await codex.close();
  }
} finally {
  await mock.close();
}
