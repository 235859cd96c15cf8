/**
 * A chat page on the AI SDK with Codex as the model (`@codex/sdk/ai`): the page streams each
 * answer and shows Codex's commands with their output; every message of one chat goes to the
 * same Codex thread.
 *
 *   deno run -A examples/ai_chat/main.ts           # offline: a scripted model answers
 *   deno run -A examples/ai_chat/main.ts --real    # your Codex login and model
 *
 * Open the printed URL. Ctrl-C stops it.
 *
 * @module
 */
import process from "node:process";
import { createCodex } from "../../ai.ts";
import { MockModel } from "../../testing.ts";
import { startChatServer } from "./server.ts";

const real = process.argv.includes("--real");
const mock = real ? undefined : await MockModel.start();
// Offline, the scripted model runs a command, then answers; then answers the next message.
mock?.queueExecCommand({ cmd: "echo hello from codex" }).queueText("I ran `echo`; it printed: hello from codex", { deltas: 6 });
mock?.queueText("Still the same thread, with everything said so far.", { deltas: 5 });
const codex = createCodex(mock ? { env: mock.env } : {});
const server = await startChatServer(codex);
console.log(`chat page: ${server.url}/`);
process.once("SIGINT", async () => {
  await server.close();
  await codex.close();
  await mock?.close();
  process.exit(0);
});
