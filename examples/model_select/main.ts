/**
 * Choosing a model: `codex.models()` lists what this app-server offers (every page), with each
 * model's reasoning efforts; pick one and pass it, with an effort, to a thread or a turn.
 *
 *   deno run -A examples/model_select/main.ts [model-id]
 *   bun examples/model_select/main.ts [model-id]
 *   node npm/examples/model_select/main.js [model-id]
 *
 * @module
 */
import process from "node:process";
import { startCodexForExample } from "../_shared/model.ts";

await using example = await startCodexForExample(undefined, {
  // The scripted model reports what the request asked of it.
  mock: {
    defaultReply: (request) => {
      const reasoning = request.body.reasoning as { effort?: string } | null | undefined;
      return `This answer was requested from ${request.body.model} with ${reasoning?.effort ?? "default"} effort.`;
    },
  },
});
const { codex } = example;

const models = await codex.models();
console.log(`${models.length} models:`);
for (const model of models) {
  const efforts = model.supportedReasoningEfforts.map((option) => option.reasoningEffort).join("/");
  console.log(`  ${model.isDefault ? "*" : " "} ${model.id.padEnd(16)} ${model.displayName.padEnd(16)} efforts ${efforts} (default ${model.defaultReasoningEffort})`);
}
const hidden = await codex.models({ includeHidden: true });
console.log(`(${hidden.length - models.length} more with includeHidden)`);

// The one asked for on the command line, else the server's default, else the first.
const wanted = process.argv[2];
const chosen = models.find((model) => model.id === wanted) ?? models.find((model) => model.isDefault) ?? models[0];
if (wanted && chosen.id !== wanted) console.log(`no model ${wanted}; using ${chosen.id}`);
// The highest effort it supports, short of the extreme ones.
const efforts = chosen.supportedReasoningEfforts.map((option) => option.reasoningEffort);
const effort = ["high", "medium", "low"].find((name) => efforts.includes(name)) ?? chosen.defaultReasoningEffort;
console.log(`chosen: ${chosen.id}, effort ${effort}`);

// On the thread (every turn), or per turn (this turn and the next ones).
const thread = await codex.threadStart({ model: chosen.id, cwd: process.cwd(), sandbox: "read-only" });
const result = await thread.run("Which model are you? One sentence.", { model: chosen.id, effort });
console.log(`answer: ${result.finalResponse}`);
