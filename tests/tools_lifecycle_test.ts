// Client-side tools over a tool call's and a thread's life, on the real binary: timeouts,
// interrupts and aborts reaching a running tool's signal, and a thread's tools following it
// through fork and resume. How calls are checked and answered is in tools_test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Codex, type ServerRequestEvent, tool, type ToolCallContext } from "../mod.ts";
import { harness } from "./_support/harness.ts";
import { collect, outputOf, weatherTool } from "./_support/tools.ts";

test("a tool that outlives toolTimeoutMs: the model is told it timed out and its signal aborts", async () => {
  await using h = await harness({ codex: { experimentalApi: true, toolTimeoutMs: 300 } });
  let aborted!: (reason: unknown) => void;
  const abortedPromise = new Promise<unknown>((resolve) => (aborted = resolve));
  const slow = tool({
    name: "slow",
    description: "Never finishes on its own",
    input: { type: "object", properties: {} },
    run: (_args, { signal }) =>
      new Promise<string>(() => {
        signal.addEventListener("abort", () => aborted(signal.reason));
      }),
  });
  const thread = await h.codex.threadStart({ tools: [slow] });
  h.mock.queueToolCall("slow", {}, { callId: "c_slow" });
  h.mock.queueText("It took too long.");
  const result = await thread.run("go");
  assert.equal(result.status, "completed");
  assert.match(outputOf(h.mock.requests, "c_slow") ?? "", /^Tool slow timed out after 300 ms/);
  assert.match(String((await abortedPromise as Error).message), /within 300 ms/);
});

test("a tool's own timeoutMs wins over the client's toolTimeoutMs", async () => {
  await using h = await harness({ codex: { experimentalApi: true, toolTimeoutMs: 60_000 } });
  const slow = tool({
    name: "slow",
    description: "Waits for its signal",
    input: { type: "object", properties: {} },
    timeoutMs: 200,
    run: (_args, { signal }) => new Promise<string>((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
  });
  const thread = await h.codex.threadStart({ tools: [slow] });
  h.mock.queueToolCall("slow", {}, { callId: "c_own" });
  h.mock.queueText("ok");
  await thread.run("go");
  assert.match(outputOf(h.mock.requests, "c_own") ?? "", /timed out after 200 ms/);
});

test("interrupting the turn while a tool runs aborts the tool's signal; the turn ends interrupted", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  let started!: () => void;
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  let signal: AbortSignal | undefined;
  const waiting = tool({
    name: "wait_for_human",
    description: "Waits",
    input: { type: "object", properties: {} },
    run: (_args, context) =>
      new Promise<string>((resolve) => {
        signal = context.signal;
        started();
        context.signal.addEventListener("abort", () => resolve("too late"));
      }),
  });
  const thread = await h.codex.threadStart({ tools: [waiting] });
  h.mock.queueToolCall("wait_for_human", {});
  const turn = await thread.turn("go");
  const events = collect(turn);
  await startedPromise;
  await turn.interrupt();
  const handled = (await events).filter((e): e is ServerRequestEvent => e.method === "serverRequest/handled");
  assert.equal((await turn.result).status, "interrupted");
  assert.equal(signal?.aborted, true);
  assert.equal(handled[0]?.params.outcome, "withdrawn");
});

test("aborting the turn's signal while a tool runs aborts the tool's signal too", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  const controller = new AbortController();
  let toolSignal: AbortSignal | undefined;
  const waiting = tool({
    name: "wait",
    description: "Waits",
    input: { type: "object", properties: {} },
    run: (_args, context) =>
      new Promise<string>((resolve) => {
        toolSignal = context.signal;
        controller.abort(new Error("user gave up"));
        context.signal.addEventListener("abort", () => resolve("stopped"));
      }),
  });
  const thread = await h.codex.threadStart({ tools: [waiting] });
  h.mock.queueToolCall("wait", {});
  await assert.rejects(thread.run("go", { signal: controller.signal }), { name: "AbortError" });
  assert.equal(toolSignal?.aborted, true);
});

test("a fork is offered its source's tools and their handlers follow it", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  const seen: { city: string; context: ToolCallContext }[] = [];
  const source = await h.codex.threadStart({ tools: [weatherTool(seen)] });
  h.mock.queueText("first");
  await source.run("hello");
  const fork = await h.codex.threadFork(source.id);
  h.mock.queueToolCall("lookup_weather", { city: "Rome" }, { callId: "c_fork" });
  h.mock.queueText("forked");
  await fork.run("weather in Rome?");
  assert.equal(outputOf(h.mock.requests, "c_fork"), "sunny in Rome");
  assert.equal(seen[0]?.context.threadId, fork.id);
});

test("after an app-server restart the thread keeps its tools: resume with tools registers the handlers", async () => {
  await using h = await harness({ codex: { experimentalApi: true } });
  const thread = await h.codex.threadStart({ tools: [weatherTool()] });
  h.mock.queueText("first");
  await thread.run("hello");
  await h.codex.close();

  await using restarted = await Codex.start({ env: h.mock.env, experimentalApi: true });
  // Without handlers: the server still offers the tool and sends the call; the safe default fails it.
  const bare = await restarted.threadResume(thread.id);
  h.mock.queueToolCall("lookup_weather", { city: "Oslo" }, { callId: "c_bare" });
  h.mock.queueText("no luck");
  const before = h.mock.requests.length;
  await bare.run("weather in Oslo?");
  assert.ok(
    (h.mock.requests[before].body.tools as { name?: string }[]).some((t) => t.name === "lookup_weather"),
    "the resumed thread is offered the tool it was started with",
  );
  assert.match(outputOf(h.mock.requests, "c_bare") ?? "", /no handler/);

  const seen: { city: string; context: ToolCallContext }[] = [];
  const resumed = await restarted.threadResume(thread.id, { tools: [weatherTool(seen)] });
  h.mock.queueToolCall("lookup_weather", { city: "Berlin" }, { callId: "c_resumed" });
  h.mock.queueText("sunny");
  await resumed.run("weather in Berlin?");
  assert.equal(outputOf(h.mock.requests, "c_resumed"), "sunny in Berlin");
  assert.equal(seen[0]?.context.threadId, thread.id);
});
