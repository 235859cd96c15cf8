/**
 * MCP servers for one thread: start a thread with its own MCP server (`mcpServers`), see its
 * status, tools and resources, call a tool and read a resource directly, let the agent use the
 * tool in a turn, and check that another thread does not have the server.
 *
 *   deno run -A examples/mcp/main.ts
 *   bun examples/mcp/main.ts
 *   node npm/examples/mcp/main.js
 *
 * @module
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { functionCallItem } from "../../testing.ts";
import type { Thread } from "../../mod.ts";
import { startCodexForExample } from "../_shared/model.ts";

// The server's file sits beside this one (from npm/examples/mcp/, it is the repository's).
const beside = fileURLToPath(new URL("./notes_server.mjs", import.meta.url));
const SERVER = existsSync(beside) ? beside : fileURLToPath(new URL("../../../examples/mcp/notes_server.mjs", import.meta.url));

await using example = await startCodexForExample((mock) => {
  // The agent calls the MCP tool (the model sees it as tool `add` in namespace `mcp__notes`), then answers.
  mock.queueItems([functionCallItem("add", { a: 20, b: 22 }, { namespace: "mcp__notes" })]);
  mock.queueText("20 + 22 = 42, says the notes server.");
});
const { codex } = example;

const notifications = codex.notifications();
const thread = await codex.threadStart({ mcpServers: { notes: { command: "node", args: [SERVER] } } });
for await (const event of notifications) {
  if (event.method !== "mcpServer/startupStatus/updated") continue;
  console.log(`startup: ${event.params.name} ${event.params.status}`);
  if (event.params.status === "ready" || event.params.status === "failed") break;
}

const [notes] = (await thread.mcpServers()).filter((server) => server.name === "notes");
console.log(`server: ${notes.serverInfo?.name} ${notes.serverInfo?.version}, auth ${notes.authStatus}`);
console.log(`tools: ${Object.keys(notes.tools).sort().join(", ")}`);
console.log(`resources: ${notes.resources.map((r) => r.uri).join(", ")}`);

const sum = await thread.callMcpTool("notes", "add", { a: 2, b: 3 });
console.log(`callMcpTool add(2, 3): ${JSON.stringify(sum.structuredContent)}`);
const { contents } = await thread.readMcpResource("notes", "note://greeting");
console.log(`readMcpResource: ${JSON.stringify(contents[0])}`);

const result = await thread.run("What is 20 + 22? Use the notes server.");
const call = result.items.find((item) => item.type === "mcpToolCall");
// `add` is annotated readOnlyHint: the app-server runs it without asking. A tool that is not
// needs an approval (`mcpServer/elicitation/request`, declined by the SDK's safe default; with
// approval_policy = "never" it fails at once).
if (call?.type === "mcpToolCall") console.log(`the agent called ${call.server}.${call.tool}: ${call.status} → ${JSON.stringify(call.result?.structuredContent)}`);
console.log(`answer: ${result.finalResponse}`);

// The server belongs to that thread alone.
async function tryCall(other: Thread): Promise<string> {
  try {
    await other.callMcpTool("notes", "echo", { text: "hi" });
    return "called";
  } catch (error) {
    return (error as Error).message;
  }
}
console.log(`another thread: ${await tryCall(await codex.threadStart())}`);
