// MCP through the real codex binary, with a small stdio MCP server the test starts
// (examples/mcp/notes_server.mjs, the MCP example's own server, run with `node`): per-thread servers, status and tools,
// tool calls and resources, reload, login refusal, startup status in codex.notifications().
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InternalRpcError, InvalidArgumentError, InvalidRequestError, type Thread } from "../mod.ts";
import { harness } from "./_support/harness.ts";

// From tests/ (source) or npm/tests/ (the compiled copy Node runs): the repository's examples/.
const SERVER = ["../examples/mcp/notes_server.mjs", "../../examples/mcp/notes_server.mjs"]
  .map((path) => fileURLToPath(new URL(path, import.meta.url)))
  .find((path) => existsSync(path))!;
const NOTES = { notes: { command: "node", args: [SERVER] } };

/** Waits until `thread`'s server `name` is listed as connected. */
async function ready(thread: Thread, name: string): Promise<void> {
  for (;;) {
    const servers = await thread.mcpServers();
    if (servers.some((s) => s.name === name && s.runtimeStatus === "connected")) return;
  }
}

test("a thread's mcpServers are started for it: listed with their tools and resources", async () => {
  await using h = await harness();
  const thread = await h.codex.threadStart({ mcpServers: NOTES });
  await ready(thread, "notes");
  const [notes] = (await thread.mcpServers()).filter((s) => s.name === "notes");
  assert.equal(notes.serverInfo?.name, "notes");
  assert.deepEqual(Object.keys(notes.tools).sort(), ["add", "echo"]);
  assert.deepEqual(notes.resources.map((r) => r.uri), ["note://greeting"]);
  assert.equal(notes.authStatus, "unsupported");
  assert.ok(!(await h.codex.mcpServers()).some((s) => s.name === "notes"), "not among the configured servers");
});

test("callMcpTool calls a tool of the thread's server and returns the MCP result", async () => {
  await using h = await harness();
  const thread = await h.codex.threadStart({ mcpServers: NOTES });
  await ready(thread, "notes");
  const sum = await thread.callMcpTool("notes", "add", { a: 2, b: 3 });
  assert.deepEqual(sum.content, [{ type: "text", text: "5" }]);
  assert.deepEqual(sum.structuredContent, { sum: 5 });
  const echo = await thread.callMcpTool("notes", "echo", { text: "hi" });
  assert.deepEqual(echo.content, [{ type: "text", text: "hi" }]);
});

test("another thread does not have a thread's own MCP server", async () => {
  await using h = await harness();
  const owner = await h.codex.threadStart({ mcpServers: NOTES });
  await ready(owner, "notes");
  const other = await h.codex.threadStart();
  await assert.rejects(other.callMcpTool("notes", "add", { a: 1, b: 1 }), (error) => {
    assert.ok(error instanceof InternalRpcError);
    assert.match(error.message, /unknown MCP server 'notes'/);
    return true;
  });
});

test("readMcpResource reads a resource of the thread's server", async () => {
  await using h = await harness();
  const thread = await h.codex.threadStart({ mcpServers: NOTES });
  await ready(thread, "notes");
  const { contents } = await thread.readMcpResource("notes", "note://greeting");
  assert.deepEqual(contents, [{ uri: "note://greeting", mimeType: "text/plain", text: "hello from notes" }]);
});

test("mcpServers works on resume and fork too", async () => {
  await using h = await harness();
  h.mock.queueText("ok");
  const thread = await h.codex.threadStart();
  await thread.run("hello"); // a thread is resumable once it has a turn
  const fork = await h.codex.threadFork(thread.id, { mcpServers: NOTES });
  await ready(fork, "notes");
  assert.deepEqual((await fork.callMcpTool("notes", "echo", { text: "fork" })).content, [{ type: "text", text: "fork" }]);
});

test("startup status changes reach codex.notifications(), typed", async () => {
  await using h = await harness();
  const events = h.codex.notifications();
  const thread = await h.codex.threadStart({ mcpServers: NOTES });
  const states: string[] = [];
  for await (const event of events) {
    if (event.method !== "mcpServer/startupStatus/updated") continue;
    assert.equal(event.params.threadId, thread.id);
    assert.equal(event.params.name, "notes");
    states.push(event.params.status);
    if (event.params.status === "ready") break;
  }
  assert.deepEqual(states, ["starting", "ready"]);
});

test("an HTTP server in mcpServers reaches the app-server: it tries it and reports the failure", async () => {
  await using h = await harness();
  const events = h.codex.notifications();
  await h.codex.threadStart({ mcpServers: { remote: { url: "http://127.0.0.1:9/mcp", bearerTokenEnvVar: "REMOTE_TOKEN" } } });
  const states: string[] = [];
  for await (const event of events) {
    if (event.method !== "mcpServer/startupStatus/updated" || event.params.name !== "remote") continue;
    states.push(event.params.status);
    if (event.params.status !== "starting") break;
  }
  assert.deepEqual(states, ["starting", "failed"]);
});

test("reloadMcpServers reloads; mcpLogin of a stdio server is refused with the server's reason", async () => {
  await using h = await harness();
  const thread = await h.codex.threadStart({ mcpServers: NOTES });
  await ready(thread, "notes");
  await h.codex.reloadMcpServers();
  await assert.rejects(h.codex.mcpLogin("notes", { threadId: thread.id }), (error) => {
    assert.ok(error instanceof InvalidRequestError);
    assert.match(error.message, /only supported for streamable HTTP servers/);
    return true;
  });
  await assert.rejects(h.codex.mcpLogin("nobody"), /No MCP server named 'nobody'/);
});

test("bad mcpServers are refused before the thread starts, naming the server", async () => {
  await using h = await harness();
  await assert.rejects(h.codex.threadStart({ mcpServers: { x: { command: "" } } }), /mcpServers\.x\.command/);
  await assert.rejects(h.codex.threadStart({ mcpServers: { x: { url: "ftp://a" } } }), /mcpServers\.x\.url/);
  await assert.rejects(h.codex.threadStart({ mcpServers: { "a b": { command: "node" } } }), InvalidArgumentError);
  const thread = await h.codex.threadStart();
  await assert.rejects(thread.callMcpTool("", "t"), /server: must be a non-empty string/);
});
