// How Codex items become AI SDK stream parts, for the items MockModel cannot make the binary
// produce offline (an MCP tool call needs an MCP server, a web search the hosted tool): fed
// with hand-made events of the generated protocol types. Commands and file changes are covered
// on the real binary in ai_tools_test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import type { ThreadItem, TurnEvent } from "../../mod.ts";
import { TurnTranslator } from "../../src/ai/items.ts";

function parts(...items: ThreadItem[]): LanguageModelV4StreamPart[] {
  const out: LanguageModelV4StreamPart[] = [];
  const translator = new TurnTranslator();
  for (const item of items) {
    for (const method of ["item/started", "item/completed"] as const) {
      translator.translate({ method, params: { threadId: "t", turnId: "u", item } } as unknown as TurnEvent, (p) => out.push(p));
    }
  }
  return out;
}

test("an MCP tool call is a provider-executed call named mcp__server__tool with its arguments and result", () => {
  const item = {
    type: "mcpToolCall", id: "m1", server: "docs", tool: "search", status: "completed", arguments: { q: "x" },
    result: { content: [{ type: "text", text: "found" }] }, error: null, durationMs: 3, environmentId: null,
    appContext: null, mcpAppUi: null, pluginId: null, readOnlyHint: null,
  } as unknown as ThreadItem;
  const [call, result] = parts(item);
  assert.deepEqual(call, {
    type: "tool-call", toolCallId: "m1", toolName: "mcp__docs__search",
    input: JSON.stringify({ server: "docs", tool: "search", arguments: { q: "x" } }), providerExecuted: true, dynamic: true,
  });
  assert.equal(result.type, "tool-result");
  assert.deepEqual(result.type === "tool-result" && result.result, { status: "completed", result: { content: [{ type: "text", text: "found" }] }, error: null });
  assert.equal(result.type === "tool-result" && result.isError, false);
});

test("a web search is a provider-executed codex_web_search call with its query", () => {
  const item = { type: "webSearch", id: "w1", query: "deno 2", action: null } as unknown as ThreadItem;
  const [call, result] = parts(item);
  assert.equal(call.type === "tool-call" && call.toolName, "codex_web_search");
  assert.equal(call.type === "tool-call" && call.input, JSON.stringify({ query: "deno 2" }));
  assert.equal(result.type === "tool-result" && result.toolCallId, "w1");
});

test("a failed command is a tool result with isError", () => {
  const item = {
    type: "commandExecution", id: "c1", command: "false", cwd: "/", status: "failed", exitCode: 1,
    aggregatedOutput: "", durationMs: 1, processId: null, source: "agent", commandActions: [], pluginId: null, scriptPath: null,
  } as unknown as ThreadItem;
  const [, result] = parts(item);
  assert.equal(result.type === "tool-result" && result.isError, true);
});
