/**
 * Every `turn/start` option that makes sense in one turn: model, reasoning effort and summary,
 * working directory, sandbox and approval presets, personality, a JSON Schema for the answer,
 * and an AbortSignal. Settings given to a turn stay for the turns after it.
 *
 * With the scripted model, the example then shows what reached the model request.
 *
 *   deno run -A examples/turn_params_kitchen_sink/main.ts
 *   bun examples/turn_params_kitchen_sink/main.ts
 *   node npm/examples/turn_params_kitchen_sink/main.js
 *
 * @module
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JsonSchema, TurnOptions } from "../../mod.ts";
import { inputTexts } from "../../testing.ts";
import { startCodexForExample } from "../_shared/model.ts";

await using example = await startCodexForExample((mock) => {
  mock.queueText(JSON.stringify({ summary: "An empty scratch directory.", risk: "low" }));
});
const { codex } = example;
const workdir = await mkdtemp(join(tmpdir(), "codex-kitchen-sink-"));

// A plain JSON Schema: sent as is, the answer is not parsed (see structured_output_zod for the
// typed, validated form).
const outputSchema: JsonSchema = {
  type: "object",
  properties: {
    summary: { type: "string" },
    risk: { type: "string", enum: ["low", "medium", "high"] },
  },
  required: ["summary", "risk"],
  additionalProperties: false,
};

const models = await codex.models();
const model = models.find((m) => m.isDefault) ?? models[0];
const options: TurnOptions<JsonSchema> = {
  model: model.id,
  effort: model.supportedReasoningEfforts.some((o) => o.reasoningEffort === "high") ? "high" : model.defaultReasoningEffort,
  summary: "concise", // reasoning summary: "auto" | "concise" | "detailed" | "none"
  cwd: workdir,
  sandbox: "workspace-write", // preset → sandboxPolicy { type: "workspaceWrite", … }; or pass sandboxPolicy itself
  approvalMode: "deny-all", // preset → approvalPolicy "never": anything needing approval is refused
  personality: "none", // deprecated on the pinned server ("friendly"/"pragmatic" no longer select a style)
  outputSchema,
  signal: AbortSignal.timeout(120_000), // the turn is interrupted if it runs longer
};

const thread = await codex.threadStart({ sandbox: "read-only" });
try {
  const result = await thread.run("Describe the working directory and rate the risk of changing it.", options);
  console.log(`answer: ${result.finalResponse}`);
  const answer = JSON.parse(result.finalResponse ?? "{}") as { summary: string; risk: string };
  console.log(`risk: ${answer.risk}`);

  // The settings stay with the thread for the next turns.
  const info = await thread.read();
  console.log(`thread now: model ${info.model}, effort ${info.reasoningEffort}, cwd ${info.cwd === workdir ? "the temp dir" : info.cwd}`);

  const request = example.mock?.requests.at(-1);
  if (request) {
    const body = request.body as {
      model: string;
      reasoning: { effort: string; summary: string };
      text: { format: { type: string; name: string; schema: { required: string[] } } };
    };
    console.log("the model request carried:");
    console.log(`  model ${body.model}, reasoning ${JSON.stringify(body.reasoning)}`);
    console.log(`  text.format ${body.text.format.type} "${body.text.format.name}" requiring ${body.text.format.schema.required.join(", ")}`);
    const context = inputTexts(request).find((text) => text.startsWith("<environment_context>")) ?? "";
    console.log(`  environment_context cwd ${context.includes(`<cwd>${workdir}</cwd>`) ? "= the temp dir" : "?"}, writable ${context.includes(`<path>${workdir}</path>`) ? "= the temp dir" : "?"}`);
  }
} finally {
  await rm(workdir, { recursive: true, force: true });
}
