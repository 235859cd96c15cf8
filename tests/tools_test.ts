// Client-side tools on the real binary: the scripted model calls a tool the app passed as
// threadStart({ tools }); the app-server sends item/tool/call; the SDK checks the arguments,
// runs the tool and answers; the model sees the answer as the call's output. Timeouts, aborts
// and tools across fork/resume are in tools_lifecycle_test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import {
  type CodexError,
  type DynamicToolCallResponse,
  namespace,
  type ServerRequestEvent,
  tool,
  type ToolCallContext,
  toolImage,
  toolOutput,
} from "../mod.ts";
import { functionCallItem } from "../testing.ts";
import { harness } from "./_support/harness.ts";
import { collect, outputOf, PNG, toolItems, weatherTool } from "./_support/tools.ts";

test("a zod-typed tool gets its parsed arguments and ids; the model gets its text; stream and items show the call", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  const seen: { city: string; context: ToolCallContext }[] = [];
  const thread = await h.codex.threadStart({ tools: [weatherTool(seen)] });
  h.mock.queueToolCall("lookup_weather", { city: "Paris" }, { callId: "call_paris" });
  h.mock.queueText("It is sunny in Paris.");
  const turn = await thread.turn("What's the weather in Paris?");
  const events = await collect(turn);
  const result = await turn.run();

  assert.equal(seen.length, 1);
  assert.equal(seen[0].city, "Paris");
  assert.deepEqual(
    { threadId: seen[0].context.threadId, turnId: seen[0].context.turnId, callId: seen[0].context.callId, namespace: seen[0].context.namespace },
    { threadId: thread.id, turnId: turn.id, callId: "call_paris", namespace: null },
  );
  assert.equal(seen[0].context.turn, turn, "the context carries this client's turn handle");
  assert.equal(outputOf(h.mock.requests, "call_paris"), "sunny in Paris");
  assert.equal(result.finalResponse, "It is sunny in Paris.");

  const [item] = toolItems(result.items);
  assert.equal(item?.tool, "lookup_weather");
  assert.equal(item?.success, true);
  assert.deepEqual(item?.contentItems, [{ type: "inputText", text: "sunny in Paris" }]);
  const itemEvents = events.filter((e) =>
    (e.method === "item/started" || e.method === "item/completed") && e.params.item.type === "dynamicToolCall"
  ).map((e) => e.method);
  assert.deepEqual(itemEvents, ["item/started", "item/completed"]);
  const handled = events.filter((e): e is ServerRequestEvent => e.method === "serverRequest/handled");
  assert.equal(handled.length, 1);
  assert.equal(handled[0].params.request.method, "item/tool/call");
  assert.equal(handled[0].params.outcome, "answered");
  assert.deepEqual((handled[0].params.response as DynamicToolCallResponse).success, true);
});

test("the model is offered the tool with the JSON Schema of its zod input", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  h.mock.queueText("ok");
  await (await h.codex.threadStart({ tools: [weatherTool()] })).run("hi");
  const offered = (h.mock.requests[0].body.tools as { name?: string }[]).find((t) => t.name === "lookup_weather");
  assert.deepEqual(offered, {
    type: "function",
    name: "lookup_weather",
    description: "Current weather for a city",
    strict: false,
    // The input side of the zod schema (`io: "input"`): what the model may send.
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  });
});

test("invalid arguments are not passed to run: the model gets success false naming the field", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  const seen: { city: string; context: ToolCallContext }[] = [];
  const thread = await h.codex.threadStart({ tools: [weatherTool(seen)] });
  h.mock.queueToolCall("lookup_weather", { city: 42 }, { callId: "call_bad" });
  h.mock.queueText("sorry");
  const result = await thread.run("weather?");
  assert.equal(seen.length, 0, "run was not called");
  const output = outputOf(h.mock.requests, "call_bad") ?? "";
  assert.match(output, /^Invalid arguments for lookup_weather: city: /);
  assert.equal(toolItems(result.items)[0]?.success, false);
});

test("a JSON Schema tool: arguments are checked by the built-in checker (a missing required field is named)", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  const calls: unknown[] = [];
  const lookup = tool({
    name: "find_ticket",
    description: "Finds a ticket",
    input: { type: "object", properties: { id: { type: "string", pattern: "^T-\\d+$" } }, required: ["id"] },
    run: (args) => {
      calls.push(args);
      return { id: args.id, state: "open" };
    },
  });
  const thread = await h.codex.threadStart({ tools: [lookup] });
  h.mock.queueToolCall("find_ticket", {}, { callId: "c1" });
  h.mock.queueToolCall("find_ticket", { id: "nope" }, { callId: "c2" });
  h.mock.queueToolCall("find_ticket", { id: "T-7" }, { callId: "c3" });
  h.mock.queueText("done");
  await thread.run("find it");
  assert.match(outputOf(h.mock.requests, "c1") ?? "", /id: required, missing/);
  assert.match(outputOf(h.mock.requests, "c2") ?? "", /id: must match/);
  assert.equal(outputOf(h.mock.requests, "c3"), '{"id":"T-7","state":"open"}', "a JSON value is sent as JSON text");
  assert.deepEqual(calls, [{ id: "T-7" }]);
});

test("a tool that throws: the model gets success false with the message, secrets redacted; the turn completes", async () => {
  const warnings: CodexError[] = [];
  await using h = await harness({
    codex: { experimentalApi: true, logger: { warn: (_m, error) => error && warnings.push(error) } },
  });
  const failing = tool({
    name: "query_db",
    description: "Runs a query",
    input: z.object({ sql: z.string() }),
    run: () => {
      throw new Error("connection refused with key sk-test-0123456789abcdef");
    },
  });
  const thread = await h.codex.threadStart({ tools: [failing] });
  h.mock.queueToolCall("query_db", { sql: "select 1" }, { callId: "c_db" });
  h.mock.queueText("The database is down.");
  const result = await thread.run("query");
  assert.equal(result.status, "completed");
  const output = outputOf(h.mock.requests, "c_db") ?? "";
  assert.match(output, /^Tool query_db failed: connection refused with key \[redacted\]$/);
  assert.equal(toolItems(result.items)[0]?.success, false);
  assert.ok(warnings.some((w) => w.code === "tool_failed" && !w.message.includes("sk-test")));
});

test("two calls in one model reply run concurrently", async () => {
  await using h = await harness({ codex: { experimentalApi: true, toolTimeoutMs: 20_000 } });
  // Each call waits until both have started: run one after the other, the first would time out.
  let arrivals = 0;
  let bothStarted!: () => void;
  const barrier = new Promise<void>((resolve) => (bothStarted = resolve));
  const rendezvous = tool({
    name: "rendezvous",
    description: "Waits for the other call",
    input: z.object({ who: z.string() }),
    run: async ({ who }) => {
      if (++arrivals === 2) bothStarted();
      await barrier;
      return `${who} met`;
    },
  });
  const thread = await h.codex.threadStart({ tools: [rendezvous] });
  h.mock.queueItems([
    functionCallItem("rendezvous", { who: "a" }, { callId: "c_a" }),
    functionCallItem("rendezvous", { who: "b" }, { callId: "c_b" }),
  ]);
  h.mock.queueText("Both met.");
  const result = await thread.run("meet");
  assert.equal(outputOf(h.mock.requests, "c_a"), "a met");
  assert.equal(outputOf(h.mock.requests, "c_b"), "b met");
  assert.deepEqual(toolItems(result.items).map((i) => i.success), [true, true]);
});

test("a full output: several content items, an image, and the success flag", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  const chart = tool({
    name: "chart",
    description: "Draws a chart",
    input: z.object({ ok: z.boolean() }),
    run: ({ ok }) => ok ? toolOutput(["Here it is:", toolImage(PNG)]) : toolOutput("no data for that range", { success: false }),
  });
  const thread = await h.codex.threadStart({ tools: [chart] });
  h.mock.queueToolCall("chart", { ok: true }, { callId: "c_img" });
  h.mock.queueToolCall("chart", { ok: false }, { callId: "c_no" });
  h.mock.queueText("done");
  const result = await thread.run("draw");
  const [drawn, refused] = toolItems(result.items);
  assert.deepEqual(drawn.contentItems, [{ type: "inputText", text: "Here it is:" }, { type: "inputImage", imageUrl: PNG }]);
  assert.equal(drawn.success, true);
  assert.equal(refused.success, false);
  const sent = JSON.parse(outputOf(h.mock.requests, "c_img") ?? "null");
  assert.deepEqual(sent.map((part: { type: string }) => part.type), ["input_text", "input_image"], "the image reached the model");
});

test("namespaced tools: a call reaches the tool of its namespace, even when another has the same name", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  const calls: string[] = [];
  const find = (ns: string) =>
    tool({
      name: "find",
      description: `Finds in ${ns}`,
      input: z.object({ id: z.string() }),
      run: ({ id }, { namespace }) => {
        calls.push(`${namespace}:${id}`);
        return `${ns} ${id}`;
      },
    });
  const thread = await h.codex.threadStart({
    tools: [
      namespace({ name: "tickets", description: "The issue tracker", tools: [find("tickets")] }),
      namespace({ name: "wiki", description: "The wiki", tools: [find("wiki")] }),
    ],
  });
  h.mock.queueToolCall({ name: "find", namespace: "wiki" }, { id: "Home" }, { callId: "c_wiki" });
  h.mock.queueText("found");
  await thread.run("find");
  assert.deepEqual(calls, ["wiki:Home"]);
  assert.equal(outputOf(h.mock.requests, "c_wiki"), "wiki Home");
  const offered = (h.mock.requests[0].body.tools as { name?: string; type?: string }[]).filter((t) => t.type === "namespace")
    .map((t) => t.name);
  assert.ok(offered.includes("tickets") && offered.includes("wiki"), JSON.stringify(offered));
});

test("calls of hand-wired dynamic tools still reach onServerRequest; tool() calls do not", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  const byHand: string[] = [];
  h.codex.onServerRequest("item/tool/call", (params) => {
    byHand.push(params.tool);
    return { success: true, contentItems: [{ type: "inputText", text: "by hand" }] };
  });
  const spec = { type: "function" as const, name: "legacy", description: "Wired by hand", inputSchema: { type: "object", properties: {} } };
  const { thread: raw } = await h.codex.client.requestExperimental("thread/start", { dynamicTools: [spec] });
  h.mock.queueToolCall("legacy", {}, { callId: "c_legacy" });
  h.mock.queueText("ok");
  await h.codex.thread(raw.id).run("go");
  const typed = await h.codex.threadStart({ tools: [weatherTool()] });
  h.mock.queueToolCall("lookup_weather", { city: "Lima" }, { callId: "c_typed" });
  h.mock.queueText("ok");
  await typed.run("go");
  assert.deepEqual(byHand, ["legacy"]);
  assert.equal(outputOf(h.mock.requests, "c_legacy"), "by hand");
  assert.equal(outputOf(h.mock.requests, "c_typed"), "sunny in Lima");
});
