// Tracing end to end (issue 21), on the real codex binary with MockModel: the SDK's spans
// (@opentelemetry/sdk-trace's in-memory exporter) and the app-server's own spans (exported to the
// testing kit's OtlpReceiver) form one trace. Each test passes its own tracer provider, except
// the one about the global provider, which registers one and removes it at the end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import process from "node:process";
import { Codex, InvalidArgumentError, retryOnOverload, ServerBusyError } from "../mod.ts";
import { MockModel, OtlpReceiver } from "../testing.ts";
import { recordedCodex } from "./_support/wire_log.ts";
import { weatherTool } from "./_support/tools.ts";
import { connectCodex, FakeAppServer } from "./_support/fake_app_server.ts";

function tracing(): { provider: TracerProvider; exporter: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  return { exporter, provider: new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }) };
}

function only(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  assert.equal(found.length, 1, `one ${name} span, got: ${spans.map((s) => s.name).join(", ")}`);
  return found[0];
}

test("the app-server's turn/start span is a child of the SDK's turn span, in the caller's trace", async () => {
  await using receiver = await OtlpReceiver.start();
  await using mock = await MockModel.start({ config: receiver.configToml });
  const { provider, exporter } = tracing();
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  try {
    const codex = await Codex.start({ env: mock.env, tracerProvider: provider });
    mock.queueText("Hello.", { usage: { inputTokens: 12, outputTokens: 3 } });
    const app = provider.getTracer("app");
    let threadId = "";
    const caller = await app.startActiveSpan("handle request", async (span) => {
      const thread = await codex.threadStart();
      threadId = thread.id;
      await thread.run("Say hello");
      span.end();
      return span.spanContext();
    });
    await codex.close(); // the app-server exports what it still holds on shutdown

    const turn = only(exporter.getFinishedSpans(), "invoke_agent codex");
    assert.equal(turn.spanContext().traceId, caller.traceId);
    assert.equal(turn.parentSpanContext?.spanId, caller.spanId, "the turn span is a child of the caller's span");
    assert.equal(turn.attributes["gen_ai.operation.name"], "invoke_agent");
    assert.equal(turn.attributes["gen_ai.conversation.id"], threadId);
    assert.equal(turn.attributes["gen_ai.usage.input_tokens"], 12);
    assert.equal(turn.attributes["gen_ai.usage.output_tokens"], 3);
    assert.equal(turn.attributes["codex.turn.status"], "completed");
    assert.equal(typeof turn.attributes["codex.turn.id"], "string");

    const [server] = await receiver.waitForSpans((span) => span.name === "turn/start");
    assert.equal(server.traceId, caller.traceId, "the app-server's span is in the caller's trace");
    assert.equal(server.parentSpanId, turn.spanContext().spanId, "…as a child of the SDK's turn span");
  } finally {
    context.disable();
    manager.disable();
  }
});

test("without a context manager each turn is still one trace: the SDK passes the turn span to turn/start itself", async () => {
  await using receiver = await OtlpReceiver.start();
  await using mock = await MockModel.start({ config: receiver.configToml });
  const { provider, exporter } = tracing();
  const codex = await Codex.start({ env: mock.env, tracerProvider: provider });
  mock.queueText("Hi.");
  await (await codex.threadStart()).run("hi");
  await codex.close();
  const turn = only(exporter.getFinishedSpans(), "invoke_agent codex");
  assert.equal(turn.parentSpanContext, undefined, "no active span: the turn span is a root");
  const [server] = await receiver.waitForSpans((span) => span.name === "turn/start");
  assert.equal(server.traceId, turn.spanContext().traceId);
  assert.equal(server.parentSpanId, turn.spanContext().spanId);
});

test("a globally registered tracer provider is used with nothing else to configure, and Codex.start is a span", async () => {
  await using mock = await MockModel.start();
  const { provider, exporter } = tracing();
  assert.ok(trace.setGlobalTracerProvider(provider));
  try {
    const codex = await Codex.start({ env: mock.env });
    mock.queueText("Hi.");
    await (await codex.threadStart()).run("hi");
    await codex.close();
  } finally {
    trace.disable();
  }
  const names = exporter.getFinishedSpans().map((span) => span.name);
  assert.ok(names.includes("codex.start"), names.join(", "));
  assert.ok(names.includes("invoke_agent codex"), names.join(", "));
  const start = only(exporter.getFinishedSpans(), "codex.start");
  assert.equal(start.attributes["codex.server.version"], "0.171.0");
});

test("with tracing off no request carries a trace field", async () => {
  await using mock = await MockModel.start();
  const { codex, wire } = await recordedCodex(mock);
  try {
    mock.queueText("Hi.");
    await (await codex.threadStart()).run("hi");
  } finally {
    await codex.close();
  }
  const requests = wire.sent.filter((message) => message.method !== undefined);
  assert.ok(requests.some((message) => message.method === "turn/start"));
  assert.deepEqual(requests.filter((message) => "trace" in message).map((m) => m.method), []);
});

test("a client-side tool call is an execute_tool span, child of its turn's span, without its arguments by default", async () => {
  await using mock = await MockModel.start();
  const { provider, exporter } = tracing();
  await using codex = await Codex.start({ env: mock.env, tracerProvider: provider, experimentalApi: true });
  const thread = await codex.threadStart({ tools: [weatherTool()] });
  mock.queueToolCall("lookup_weather", { city: "Paris" }, { callId: "call_paris" });
  mock.queueText("Sunny.");
  await thread.run("Weather in Paris?");
  const turn = only(exporter.getFinishedSpans(), "invoke_agent codex");
  const tool = only(exporter.getFinishedSpans(), "execute_tool lookup_weather");
  assert.equal(tool.parentSpanContext?.spanId, turn.spanContext().spanId);
  assert.equal(tool.attributes["gen_ai.tool.call.id"], "call_paris");
  assert.equal(tool.attributes["gen_ai.tool.name"], "lookup_weather");
  assert.equal(tool.attributes["gen_ai.tool.call.arguments"], undefined, "no argument is recorded unless traceContent");
});

test("traceContent records the prompt, tool arguments and the answer, with secrets redacted", async () => {
  await using mock = await MockModel.start();
  const { provider, exporter } = tracing();
  await using codex = await Codex.start({ env: mock.env, tracerProvider: provider, experimentalApi: true, traceContent: true });
  await codex.loginApiKey("sk-planted-secret-123456").catch(() => {}); // registers the secret with the redactor
  const thread = await codex.threadStart({ tools: [weatherTool()] });
  mock.queueToolCall("lookup_weather", { city: "sk-planted-secret-123456" }, { callId: "call_1" });
  mock.queueText("Done.");
  await thread.run("Weather for sk-planted-secret-123456?");
  const spans = exporter.getFinishedSpans();
  const turn = only(spans, "invoke_agent codex");
  const tool = only(spans, "execute_tool lookup_weather");
  const text = JSON.stringify([turn.attributes, tool.attributes]);
  assert.ok(String(turn.attributes["gen_ai.input.messages"]).includes("Weather for"), text);
  assert.ok(String(turn.attributes["gen_ai.output.messages"]).includes("Done."), text);
  assert.ok(String(tool.attributes["gen_ai.tool.call.arguments"]).includes("city"), text);
  assert.ok(!text.includes("sk-planted-secret-123456"), `the secret leaked: ${text}`);
});

test("a failed turn's span has status ERROR and error.type", async () => {
  await using mock = await MockModel.start();
  const { provider, exporter } = tracing();
  await using codex = await Codex.start({ env: mock.env, tracerProvider: provider });
  mock.queueFailure({ code: "server_error", message: "the model broke" });
  await (await codex.threadStart()).run("hi").catch(() => {});
  const turn = only(exporter.getFinishedSpans(), "invoke_agent codex");
  assert.equal(turn.status.code, 2);
  assert.equal(turn.attributes["error.type"], "turn_failed");
  assert.equal(turn.attributes["codex.turn.status"], "failed");
});

test("an approval request is a span with the decision taken and whether it was the safe default", async () => {
  await using mock = await MockModel.start({ approvalPolicy: "on-request" });
  const { provider, exporter } = tracing();
  await using codex = await Codex.start({ env: mock.env, tracerProvider: provider });
  mock.queueExecCommand({ cmd: "touch x.txt", escalated: true, justification: "make a file", yieldTimeMs: 30_000 });
  mock.queueText("done");
  await (await codex.threadStart()).run("make a file");
  const spans = exporter.getFinishedSpans();
  const turn = only(spans, "invoke_agent codex");
  const approval = only(spans, "item/commandExecution/requestApproval");
  assert.equal(approval.parentSpanContext?.spanId, turn.spanContext().spanId);
  assert.equal(approval.attributes["codex.server_request.outcome"], "default");
  assert.equal(approval.attributes["codex.server_request.decision"], "decline");
  assert.equal(approval.attributes["codex.server_request.safe_default"], true);
});

test("traceContext joins a turn to a trace carried from elsewhere, and a bad one is refused before turn/start", async () => {
  await using mock = await MockModel.start();
  const { provider, exporter } = tracing();
  await using codex = await Codex.start({ env: mock.env, tracerProvider: provider });
  const thread = await codex.threadStart();
  await assert.rejects(thread.turn("hi", { traceContext: { traceparent: "garbage" } }), InvalidArgumentError);
  mock.queueText("Hi.");
  const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  await thread.run("hi", { traceContext: { traceparent } });
  const turn = only(exporter.getFinishedSpans(), "invoke_agent codex");
  assert.equal(turn.spanContext().traceId, "0af7651916cd43dd8448eb211c80319c");
  assert.equal(turn.parentSpanContext?.spanId, "b7ad6b7169203331");
  assert.equal(mock.requests.length, 1, "the refused turn never started");
});

test("with a meter provider, each turn records gen_ai.client.operation.duration and gen_ai.client.token.usage", async () => {
  const { MeterProvider, MetricReader } = await import("@opentelemetry/sdk-metrics");
  class Reader extends MetricReader {
    protected onShutdown(): Promise<void> {
      return Promise.resolve();
    }
    protected onForceFlush(): Promise<void> {
      return Promise.resolve();
    }
  }
  const reader = new Reader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  await using mock = await MockModel.start();
  await using codex = await Codex.start({ env: mock.env, meterProvider });
  mock.queueText("Hi.", { usage: { inputTokens: 20, outputTokens: 4 } });
  await (await codex.threadStart()).run("hi");
  const { resourceMetrics } = await reader.collect();
  const metrics = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  const duration = metrics.find((m) => m.descriptor.name === "gen_ai.client.operation.duration");
  const tokens = metrics.find((m) => m.descriptor.name === "gen_ai.client.token.usage");
  assert.equal(duration?.descriptor.unit, "s");
  assert.equal(duration?.dataPoints.length, 1);
  assert.equal(duration?.dataPoints[0].attributes["gen_ai.operation.name"], "invoke_agent");
  const byType = Object.fromEntries(
    (tokens?.dataPoints ?? []).map((point) => [point.attributes["gen_ai.token.type"], (point.value as { sum?: number }).sum]),
  );
  assert.deepEqual(byType, { input: 20, output: 4 });
});

test("a restart of the app-server is a codex.restart event on the running turn's span", async () => {
  await using mock = await MockModel.start();
  const { provider, exporter } = tracing();
  await using codex = await Codex.start({ env: mock.env, tracerProvider: provider, restart: { initialDelayMs: 50 } });
  const thread = await codex.threadStart();
  const held = mock.queueHeld();
  const turn = await thread.turn("Long work");
  await held.started;
  process.kill(codex.pid!, "SIGKILL");
  await turn.result;
  const span = only(exporter.getFinishedSpans(), "invoke_agent codex");
  const event = span.events.find((e) => e.name === "codex.restart");
  assert.ok(event, `events: ${span.events.map((e) => e.name).join(", ")}`);
  assert.equal(typeof event.attributes?.["codex.gap_ms"], "number");
});

test("a retry of retryOnOverload is a codex.retry event on the active span", async () => {
  await using mock = await MockModel.start();
  const { provider, exporter } = tracing();
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  try {
    await using _codex = await Codex.start({ env: mock.env, tracerProvider: provider }); // loads OpenTelemetry
    let calls = 0;
    await provider.getTracer("app").startActiveSpan("batch", async (span) => {
      await retryOnOverload(() => {
        if (calls++ === 0) throw new ServerBusyError({ code: -32001, message: "Server overloaded; retry later." });
        return Promise.resolve("ok");
      }, { initialDelayMs: 1 });
      span.end();
    });
  } finally {
    context.disable();
    manager.disable();
  }
  const batch = only(exporter.getFinishedSpans(), "batch");
  assert.deepEqual(batch.events.map((e) => [e.name, e.attributes?.["codex.attempt"]]), [["codex.retry", 1]]);
});

// A fake app-server: codex 0.171.0 sends no `trace` on its own requests, so the rule for one
// that does is checked by playing the server by hand.
test("a server request that carries a trace field is answered in a span that is its child", async () => {
  const server = new FakeAppServer();
  const { provider, exporter } = tracing();
  const codex = await connectCodex(Codex, server, { tracerProvider: provider });
  try {
    const trace = { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" };
    await server.send({
      id: 7,
      method: "item/commandExecution/requestApproval",
      params: { threadId: "t", turnId: "u", itemId: "i", command: "ls" },
      trace,
    });
    const answer = await server.nextMessage();
    assert.equal(answer.id, 7);
  } finally {
    await codex.close();
  }
  const span = only(exporter.getFinishedSpans(), "item/commandExecution/requestApproval");
  assert.equal(span.spanContext().traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
  assert.equal(span.parentSpanContext?.spanId, "00f067aa0ba902b7");
  assert.equal(span.attributes["codex.server_request.safe_default"], true);
});
