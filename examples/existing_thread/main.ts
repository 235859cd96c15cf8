/**
 * Continuing a conversation: `codex.thread(id)` binds to a thread this app-server has loaded
 * (no request); after a restart the thread must be loaded again with `codex.threadResume(id)`,
 * which can also override its settings. Threads live on disk under `CODEX_HOME`, so a new
 * process continues where the old one stopped.
 *
 *   deno run -A examples/existing_thread/main.ts
 *   bun examples/existing_thread/main.ts
 *   node npm/examples/existing_thread/main.js
 *
 * @module
 */
import process from "node:process";
import { InvalidRequestError } from "../../mod.ts";
import { inputTexts, lastUserText, type MockRequest } from "../../testing.ts";
import { startCodexForExample } from "../_shared/model.ts";

/** The scripted model answers from what the request carries: the history and the instructions. */
function scriptedAnswer(request: MockRequest): string {
  const question = lastUserText(request) ?? "";
  if (!question.includes("codeword?")) return "Noted.";
  const remembered = inputTexts(request).some((text) => text.includes("the codeword is pelican"));
  return remembered ? `The codeword is pelican (answered by ${request.body.model}).` : "I don't know any codeword.";
}

await using example = await startCodexForExample(undefined, { mock: { defaultReply: scriptedAnswer } });
let codex = example.codex;

const thread = await codex.threadStart({ cwd: process.cwd(), sandbox: "read-only" });
await thread.run("Remember this: the codeword is pelican. Just say noted.");
const threadId = thread.id;
console.log(`thread ${threadId} started`);

// Same process: bind by id. No request is made; the id is all a Thread needs.
const bound = codex.thread(threadId);
console.log(`bound:   ${(await bound.run("What is the codeword?")).finalResponse}`);

// A new app-server (your program restarted). The thread is on disk but not loaded in it.
codex = await example.restart();
try {
  await codex.thread(threadId).run("What is the codeword?");
} catch (error) {
  if (!(error instanceof InvalidRequestError)) throw error;
  console.log(`after restart, thread(id) alone: ${error.message}`);
}

// threadResume loads it (thread/resume) and may override settings for the turns to come:
// here the model (the default one of this app-server's list) and the sandbox.
const model = (await codex.models()).find((m) => m.isDefault)?.id;
const resumed = await codex.threadResume(threadId, { model, sandbox: "read-only" });
console.log(`resumed: ${(await resumed.run("What was the codeword?")).finalResponse}`);
const info = await resumed.read({ includeTurns: true });
console.log(`the thread now has ${info.turns.length} turns`);
