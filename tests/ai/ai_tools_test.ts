// AI SDK tools as client-side tools of the Codex turn, and Codex's own work as provider-executed
// tool calls, with the real `ai` package on the real binary (MockModel).
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateText, stepCountIs, streamText, tool } from "ai";
import { z } from "zod";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functionCallItem, functionCallOutputs } from "../../testing.ts";
import { createCodex } from "../../ai.ts";
import { MockModel } from "../../testing.ts";
import { aiHarness } from "./_support.ts";

const weather = (seen: string[] = []) =>
  tool({
    description: "Current weather for a city",
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      seen.push(city);
      return `sunny in ${city}`;
    },
  });

test("a tool call ends the step with tool-calls; the next step answers it in the same turn", async () => {
  await using h = await aiHarness();
  h.mock.queueToolCall("weather", { city: "Paris" }, { callId: "call_1" }).queueText("Sunny in Paris.");
  const seen: string[] = [];
  const result = await generateText({ model: h.codex("default"), prompt: "Weather in Paris?", tools: { weather: weather(seen) }, stopWhen: stepCountIs(3) });
  assert.deepEqual(seen, ["Paris"]);
  assert.deepEqual(result.steps.map((s) => s.finishReason), ["tool-calls", "stop"]);
  assert.equal(result.steps[0].toolCalls[0].toolCallId, "call_1");
  assert.equal(result.text, "Sunny in Paris.");
  const [a, b] = result.steps.map((s) => s.providerMetadata?.codex as { threadId: string; turnId: string });
  assert.deepEqual(a, b, "both steps are one Codex turn");
  const outputs = h.mock.requests.flatMap((r) => functionCallOutputs(r));
  assert.deepEqual(outputs.map((o) => [o.callId, o.output]), [["call_1", "sunny in Paris"]]);
});

test("several calls in one model reply are one step", async () => {
  await using h = await aiHarness();
  h.mock.queueItems([
    functionCallItem("weather", { city: "Paris" }, { callId: "c_paris" }),
    functionCallItem("weather", { city: "Rome" }, { callId: "c_rome" }),
  ]).queueText("Both sunny.");
  const result = await generateText({ model: h.codex("default"), prompt: "Paris and Rome?", tools: { weather: weather() }, stopWhen: stepCountIs(3) });
  assert.deepEqual(result.steps[0].toolCalls.map((c) => c.toolCallId).sort(), ["c_paris", "c_rome"]);
  assert.equal(result.steps.length, 2);
  assert.equal(result.text, "Both sunny.");
  const outputs = Object.fromEntries(h.mock.requests.flatMap((r) => functionCallOutputs(r)).map((o) => [o.callId, o.output]));
  assert.deepEqual(outputs, { c_paris: "sunny in Paris", c_rome: "sunny in Rome" });
});

test("a call with invalid arguments goes back to the model at once; its sibling still ends the step", async () => {
  await using h = await aiHarness();
  h.mock.queueItems([
    functionCallItem("weather", { city: 42 }, { callId: "c_bad" }),
    functionCallItem("weather", { city: "Rome" }, { callId: "c_good" }),
  ]).queueText("Rome is sunny.");
  const result = await generateText({ model: h.codex("default"), prompt: "Weather?", tools: { weather: weather() }, stopWhen: stepCountIs(3) });
  assert.deepEqual(result.steps[0].toolCalls.map((c) => c.toolCallId), ["c_good"]);
  assert.equal(result.text, "Rome is sunny.");
  const outputs = Object.fromEntries(h.mock.requests.flatMap((r) => functionCallOutputs(r)).map((o) => [o.callId, o.output]));
  assert.match(outputs.c_bad, /Invalid arguments for weather: city/);
  assert.equal(outputs.c_good, "sunny in Rome");
});

test("multi-step: two rounds of calls in one turn, streamed", async () => {
  await using h = await aiHarness();
  h.mock.queueToolCall("weather", { city: "Paris" }, { callId: "r1" })
    .queueToolCall("weather", { city: "Oslo" }, { callId: "r2" })
    .queueText("Paris sunny, Oslo sunny.");
  const result = streamText({ model: h.codex("default"), prompt: "Weather?", tools: { weather: weather() }, stopWhen: stepCountIs(5) });
  assert.equal(await result.text, "Paris sunny, Oslo sunny.");
  assert.deepEqual((await result.steps).map((s) => s.finishReason), ["tool-calls", "tool-calls", "stop"]);
});

test("a tool the caller never answers ends as a failed call the model sees, not a hang", async () => {
  await using mock = await MockModel.start();
  await using codex = createCodex({ env: mock.env });
  mock.queueToolCall("weather", { city: "Paris" }, { callId: "c_lost" }).queueText("I could not get the weather.");
  // stepCountIs(1) (the default): the AI SDK runs the tool but never calls the model again.
  const result = await generateText({
    model: codex("default", { toolResultTimeoutMs: 300 }),
    prompt: "Weather?",
    tools: { weather: weather() },
  });
  assert.equal(result.finishReason, "tool-calls");
  while (!mock.requests.some((r) => functionCallOutputs(r).some((o) => o.callId === "c_lost"))) {
    await new Promise((resolve) => setTimeout(resolve, 50)); // polling the mock, not timing the provider
  }
  const output = mock.requests.flatMap((r) => functionCallOutputs(r)).find((o) => o.callId === "c_lost");
  assert.match(output?.output ?? "", /timed out/);
});

test("a new message on the thread interrupts the turn that waits on an unanswered call and starts a new one", async () => {
  await using h = await aiHarness();
  h.mock.queueToolCall("weather", { city: "Paris" }, { callId: "c_skip" });
  const first = await generateText({ model: h.codex("default"), prompt: "Weather?", tools: { weather: tool({ description: "w", inputSchema: z.object({ city: z.string() }) }) } });
  assert.equal(first.finishReason, "tool-calls");
  const threadId = (first.providerMetadata?.codex as { threadId: string }).threadId;
  h.mock.queueText("Never mind then.");
  assert.equal(h.mock.requests.length, 1, "the waiting turn made no further request");
  const second = await generateText({ model: h.codex("default"), prompt: "Forget it", providerOptions: { codex: { threadId } } });
  assert.equal(second.text, "Never mind then.");
  assert.notEqual((second.providerMetadata?.codex as { turnId: string }).turnId, (first.providerMetadata?.codex as { turnId: string }).turnId);
});

test("Codex's own command runs appear as provider-executed tool calls with the command and its output", async () => {
  await using h = await aiHarness();
  h.mock.queueExecCommand({ cmd: "echo provider-executed" }).queueText("It printed.");
  const result = await generateText({ model: h.codex("default"), prompt: "Run echo" });
  const call = result.steps[0].content.find((p) => p.type === "tool-call");
  const output = result.steps[0].content.find((p) => p.type === "tool-result");
  assert.equal(call?.providerExecuted, true);
  assert.equal(call?.toolName, "codex_command");
  assert.match(JSON.stringify(call?.input), /echo provider-executed/);
  assert.match(JSON.stringify(output?.output), /provider-executed/);
  assert.equal(result.text, "It printed.");
  assert.equal(result.finishReason, "stop");
});

test("Codex's file changes appear as provider-executed tool calls with the changed files", async () => {
  const dir = await mkdtemp(join(tmpdir(), "codex-ai-files-"));
  try {
    await using h = await aiHarness();
    const patch = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: hello.txt\n+hello world\n*** End Patch\nEOF\n";
    h.mock.queueExecCommand({ cmd: patch }).queueText("Wrote hello.txt.");
    const result = await generateText({ model: h.codex("default", { cwd: dir, sandbox: "workspace-write" }), prompt: "Write hello.txt" });
    assert.equal(await readFile(join(dir, "hello.txt"), "utf8"), "hello world\n");
    const parts = result.steps[0].content;
    const call = parts.find((p) => p.type === "tool-call" && p.toolName === "codex_file_change");
    assert.ok(call?.type === "tool-call");
    assert.equal(call.providerExecuted, true);
    const output = parts.find((p) => p.type === "tool-result" && p.toolCallId === call.toolCallId);
    assert.ok(output?.type === "tool-result");
    assert.deepEqual(
      (output.output as { changes: { path: string; kind: string; diff: string }[] }).changes.map((c) => [c.path.split("/").pop(), c.kind, c.diff]),
      [["hello.txt", "add", "hello world\n"]],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
