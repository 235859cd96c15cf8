/**
 * `turn.stream()`: every event of a turn as it happens, typed by `method` — reasoning summary,
 * a progress note, a shell command starting and finishing, the answer streaming in word by
 * word, token usage, and `turn/completed` last. Then the same events through `turn.toReadableStream()`,
 * the Web Streams form, piped through a TransformStream.
 *
 *   deno run -A examples/stream_events/main.ts
 *   bun examples/stream_events/main.ts
 *   node npm/examples/stream_events/main.js
 *
 * @module
 */
import process from "node:process";
import type { TurnEvent } from "../../mod.ts";
import { execCommandItem, functionCallOutputs, messageItem, reasoningItem, textReply } from "../../testing.ts";
import { startCodexForExample } from "../_shared/model.ts";

await using example = await startCodexForExample((mock) => {
  mock.queueItems([
    reasoningItem("Checking which files are here"),
    messageItem("Let me look at the directory first.", { phase: "commentary" }),
    execCommandItem({ cmd: "ls -1 | wc -l" }),
  ]);
  // The answer uses the command's real output, which the binary sent with the next request.
  mock.queue((request) => {
    const count = functionCallOutputs(request).at(-1)?.output.match(/(\d+)\s*$/)?.[1] ?? "some";
    return textReply(`This directory has ${count} entries.`, {
      phase: "final_answer",
      deltas: ["This directory ", `has ${count} `, "entries."],
    });
  });
  mock.queueText("one two three four five", { deltas: ["one ", "two ", "three ", "four ", "five"] });
});
const thread = await example.codex.threadStart({ cwd: process.cwd(), sandbox: "read-only" });

// 1. Async iteration. Narrowing on event.method types event.params.
const turn = await thread.turn("How many entries does this directory have? Use a command.");
let streaming = false;
for await (const event of turn.stream()) {
  if (event.method === "item/agentMessage/delta") {
    if (!streaming) process.stdout.write("  agent says: ");
    streaming = true;
    process.stdout.write(event.params.delta);
    continue;
  }
  if (streaming) process.stdout.write("\n");
  streaming = false;
  const line = describe(event);
  if (line) console.log(`  ${line}`);
}

// The result is still available after streaming: stream() and run() see the same turn.
const result = await turn.run();
console.log(`finalResponse: ${result.finalResponse}`);

// 2. The same events as a ReadableStream: compose with pipeThrough, read with a reader.
const second = await thread.turn("Count to five.");
const deltas = second.toReadableStream().pipeThrough(
  new TransformStream<TurnEvent, string>({
    transform(event, controller) {
      if (event.method === "item/agentMessage/delta") controller.enqueue(event.params.delta.trim());
    },
  }),
);
const words: string[] = [];
for await (const word of deltas) words.push(word);
console.log(`readable deltas: ${JSON.stringify(words)}`);

/** One line for the events worth showing; undefined for the rest. */
function describe(event: TurnEvent): string | undefined {
  switch (event.method) {
    case "turn/started":
      return `turn/started ${event.params.turn.id}`;
    case "item/started":
    case "item/completed": {
      const item = event.params.item;
      const what = item.type === "commandExecution"
        ? `commandExecution \`${item.command}\`${item.exitCode === null ? "" : ` → exit ${item.exitCode}, last line ${JSON.stringify(item.aggregatedOutput?.trim().split("\n").at(-1))}`}`
        : item.type === "agentMessage"
        ? `agentMessage (${item.phase ?? "no phase"}) ${JSON.stringify(item.text)}`
        : item.type === "reasoning"
        ? `reasoning ${JSON.stringify(item.summary)}`
        : item.type;
      return `${event.method} ${what}`;
    }
    case "item/reasoning/summaryTextDelta":
      return `reasoning summary: ${event.params.delta}`;
    case "thread/tokenUsage/updated":
      return `tokens so far: ${event.params.tokenUsage.total.totalTokens}`;
    case "turn/completed":
      return `turn/completed: ${event.params.turn.status}`;
    case "serverRequest/handled":
      return `server request ${event.params.request.method}: ${event.params.outcome}`;
    default:
      return undefined; // e.g. item/commandExecution/outputDelta, account/rateLimits/updated
  }
}
