/**
 * `thread.run()`: start a turn and wait for its `TurnResult` — status, final response, every
 * item the turn completed (here a shell command the agent ran), token usage and timing. Then a
 * second turn on the same thread, which remembers the first.
 *
 *   deno run -A examples/turn_run/main.ts
 *   bun examples/turn_run/main.ts
 *   node npm/examples/turn_run/main.js
 *
 * @module
 */
import process from "node:process";
import type { ThreadItem, TurnResult } from "../../mod.ts";
import { functionCallOutputs, inputTexts, textReply } from "../../testing.ts";
import { startCodexForExample } from "../_shared/model.ts";

await using example = await startCodexForExample((mock) => {
  // The model asks the agent to run `ls`; the real binary runs it (read-only sandbox) and sends
  // the output back with the next request, which the scripted model reads to answer.
  mock.queueExecCommand({ cmd: "ls" });
  mock.queue((request) => {
    const output = functionCallOutputs(request).at(-1)?.output ?? "";
    const mentions = ["README.md", "package.json", "src"].filter((name) => output.includes(name));
    return textReply(`\`ls\` ran; among the entries: ${mentions.join(", ") || "nothing I expected"}.`, {
      phase: "final_answer",
      usage: { inputTokens: 2400, cachedInputTokens: 1800, outputTokens: 20 },
    });
  });
  // The second turn's request carries the whole conversation, the first turn included.
  mock.queue((request) =>
    inputTexts(request).some((text) => text.startsWith("List the files"))
      ? "You asked me to list the files in the working directory."
      : "I do not remember."
  );
});
const thread = await example.codex.threadStart({ cwd: process.cwd(), sandbox: "read-only" });

const first = await thread.run("List the files in the working directory (run ls), then say so.");
report(first);

const second = await thread.run("What did I ask you to do a moment ago? One sentence.");
report(second);

function report(result: TurnResult): void {
  console.log(`turn ${result.id}: ${result.status} in ${result.durationMs} ms`);
  for (const item of result.items) console.log(`  item ${describe(item)}`);
  console.log(`  finalResponse: ${result.finalResponse}`);
  if (result.usage) {
    const { last, total } = result.usage;
    console.log(`  usage: ${last.inputTokens} in (${last.cachedInputTokens} cached), ${last.outputTokens} out; thread total ${total.totalTokens}`);
  }
  // run() rejects with TurnFailedError on a failed turn (see error_handling_and_retry), so a
  // result here is "completed" or "interrupted"; error is set when the server gave a reason.
  if (result.error) console.log(`  error: ${result.error.message}`);
}

function describe(item: ThreadItem): string {
  switch (item.type) {
    case "userMessage":
      return `userMessage: ${item.content.map((input) => (input.type === "text" ? input.text : `[${input.type}]`)).join(" ")}`;
    case "agentMessage":
      return `agentMessage (${item.phase ?? "no phase"}): ${item.text}`;
    case "commandExecution":
      return `commandExecution: \`${item.command}\` → exit ${item.exitCode}, ${item.aggregatedOutput?.split("\n").filter(Boolean).length ?? 0} lines of output`;
    default:
      return item.type;
  }
}
