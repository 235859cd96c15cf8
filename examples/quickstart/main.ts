/**
 * Quick start: start the app-server, run one turn to its result, then stream a second turn on
 * the same thread as it happens.
 *
 *   deno run -A examples/quickstart/main.ts      (or: npm run demo)
 *   bun examples/quickstart/main.ts
 *   node npm/examples/quickstart/main.js         (after npm run build)
 *
 * @module
 */
import process from "node:process";
import { startCodexForExample } from "../_shared/model.ts";

await using example = await startCodexForExample((mock) => {
  mock.queueText(
    "- A TypeScript SDK for the Codex app-server, on Deno, Bun and Node.\n" +
      "- Threads and turns over one long-running `codex app-server` (JSON-RPC).\n" +
      "- Ships a scripted model (MockModel) so apps can be tested offline.",
    { usage: { inputTokens: 1200, outputTokens: 48 } },
  );
  mock.queueText("A parser test would feed it one line at a time and check every event it emits.", {
    deltas: 8,
  });
});
const { codex } = example;
console.log(`app-server: ${codex.metadata.userAgent}`);

// A thread is a conversation; each run() is one turn in it. read-only: the agent may look,
// not touch.
const thread = await codex.threadStart({ cwd: process.cwd(), sandbox: "read-only" });
const result = await thread.run("Summarize this repository in three bullets");
console.log(result.finalResponse);
console.log(`usage: ${result.usage?.last.inputTokens} in, ${result.usage?.last.outputTokens} out`);

// The same thread remembers the first turn. stream() yields every event of the turn, typed by
// its method, and ends after turn/completed.
const turn = await thread.turn("How would you test the parser? One sentence, no code changes.");
for await (const event of turn.stream()) {
  if (event.method === "item/agentMessage/delta") process.stdout.write(event.params.delta);
  if (event.method === "turn/completed") console.log(`\n[turn ${event.params.turn.status}]`);
}
