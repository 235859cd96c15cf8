/**
 * A thread's life: start, name, fork, list (one page, or every page with `threads()`),
 * archive and unarchive, compact, read, delete.
 *
 *   deno run -A examples/thread_lifecycle/main.ts
 *   bun examples/thread_lifecycle/main.ts
 *   node npm/examples/thread_lifecycle/main.js
 *
 * With your account this lists your threads started in this directory too (marked without *),
 * and deletes only the two it made.
 *
 * @module
 */
import process from "node:process";
import type { Codex, ThreadInfo } from "../../mod.ts";
import { inputTexts, type MockRequest } from "../../testing.ts";
import { startCodexForExample } from "../_shared/model.ts";

function scriptedAnswer(request: MockRequest): string {
  const texts = inputTexts(request).join("\n");
  // Compaction asks the model for a summary of the conversation so far.
  if (/summar/i.test(texts.split("\n").at(-1) ?? "")) return "Summary: we planned a parser refactor.";
  return texts.includes("rewrite") ? "Rewrite plan: start from the grammar." : "Refactor plan: split the tokenizer out.";
}

await using example = await startCodexForExample(undefined, { mock: { defaultReply: scriptedAnswer } });
const codex = example.codex;
const cwd = process.cwd();

// A thread is listed once it has a turn.
const original = await codex.threadStart({ cwd, sandbox: "read-only" });
await original.run("Plan a small refactor of the parser. Two lines, no code changes.");
await original.setName("Parser refactor");

// A fork starts from the same history and goes its own way.
const fork = await codex.threadFork(original.id, { sandbox: "read-only" });
console.log(`forked ${original.id} into ${fork.id}`);
console.log(`fork: ${(await fork.run("Now plan a full rewrite instead. Two lines, no code changes.")).finalResponse}`);
await fork.setName("Parser rewrite (fork)");
const mine = new Set([original.id, fork.id]);

// One page at a time: pass nextCursor back as cursor.
const page = await codex.threadList({ cwd, limit: 1 });
console.log(`threadList: a page of ${page.data.length}, ${page.nextCursor ? "more to come" : "no more pages"}`);
await show("threads() in this directory (every page)", codex, { cwd, limit: 1 });

await codex.threadArchive(fork.id);
await show("after archiving the fork", codex, { cwd });
await show("archived", codex, { cwd, archived: true });
await codex.threadUnarchive(fork.id);
await show("after unarchiving", codex, { cwd });

// Compaction runs as a turn of its own on the thread; its events are not a TurnHandle's, so
// they arrive on codex.notifications(). Listen before starting it.
const events = codex.notifications();
await original.compact();
for await (const event of events) {
  if (event.method === "item/completed" && event.params.item.type === "contextCompaction") {
    console.log(`compacted ${event.params.threadId}`);
  }
  if (event.method === "turn/completed" && event.params.threadId === original.id) break;
}

const info = await original.read({ includeTurns: true });
console.log(`read: "${info.name}", ${info.turns.length} turns, preview ${JSON.stringify(info.preview)}`);

await codex.threadDelete(fork.id);
await codex.threadDelete(original.id);
await show("after deleting both", codex, { cwd });

async function show(title: string, codex: Codex, filter: Parameters<Codex["threads"]>[0]): Promise<void> {
  const lines: string[] = [];
  for await (const thread of codex.threads(filter)) lines.push(line(thread));
  console.log(`${title}: ${lines.length === 0 ? "(none)" : ""}`);
  for (const text of lines) console.log(`  ${text}`);
}

function line(thread: ThreadInfo): string {
  return `${mine.has(thread.id) ? "*" : " "} ${thread.id} ${JSON.stringify(thread.name ?? thread.preview)}${
    thread.forkedFromId ? ` (fork of ${thread.forkedFromId})` : ""
  }`;
}
