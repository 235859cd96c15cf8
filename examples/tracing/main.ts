/**
 * Tracing: the application's span, the SDK's turn span and the app-server's own spans in one
 * trace. The application registers OpenTelemetry the standard way (a tracer provider and a
 * context manager); the SDK needs nothing else. The app-server exports its own spans over
 * OTLP/HTTP (here to the testing kit's local receiver, the way you would point it at your
 * collector with `[otel] trace_exporter = { otlp-http = { endpoint, protocol = "json" } }` in
 * its config.toml), and they join the same trace because every request carries `trace`.
 *
 *   deno run -A examples/tracing/main.ts
 *   bun examples/tracing/main.ts
 *   node npm/examples/tracing/main.js
 *
 * @module
 */
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { OtlpReceiver } from "../../testing.ts";
import { startCodexForExample } from "../_shared/model.ts";

// 1. The application's OpenTelemetry setup (use your exporter: OTLP, console, …).
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

// 2. Where the app-server sends its own spans: with the scripted model, a local receiver.
await using receiver = await OtlpReceiver.start();
const example = await startCodexForExample((mock) => mock.queueText("Traced hello.", { usage: { inputTokens: 12, outputTokens: 3 } }), {
  mock: { config: receiver.configToml },
});

// 3. A request of the application, with a turn inside it.
await trace.getTracer("my-app").startActiveSpan("handle request", async (span) => {
  const thread = await example.codex.threadStart();
  const result = await thread.run("Say hello");
  console.log(`finalResponse: ${result.finalResponse}`);
  span.end();
});
await example[Symbol.asyncDispose](); // the app-server exports what it holds when it shuts down

// 4. The trace, as a tree: the SDK's spans, then the app-server's under the turn.
const ours = exporter.getFinishedSpans();
const serverSpans = example.usingMock ? await receiver.waitForSpans((s) => s.name === "turn/start").then(() => receiver.spans) : [];
const nodes = [
  ...ours.map((s: ReadableSpan) => ({ id: s.spanContext().spanId, parent: s.parentSpanContext?.spanId ?? "", trace: s.spanContext().traceId, name: s.name, who: "sdk/app", attributes: s.attributes })),
  ...serverSpans.map((s) => ({ id: s.spanId, parent: s.parentSpanId, trace: s.traceId, name: s.name, who: "app-server", attributes: s.attributes })),
];
const root = nodes.find((n) => n.name === "handle request")!;
const print = (node: (typeof nodes)[number], depth: number): void => {
  const a = node.attributes as Record<string, unknown>;
  const detail = node.name === "invoke_agent codex"
    ? ` (thread ${a["gen_ai.conversation.id"]}, ${a["gen_ai.usage.input_tokens"]} in / ${a["gen_ai.usage.output_tokens"]} out)`
    : "";
  const children = nodes.filter((n) => n.parent === node.id && n.trace === node.trace);
  if (node.who === "app-server") {
    // The app-server traces its internals in detail: show its top span and a count.
    console.log(`${"  ".repeat(depth)}${node.name} [app-server] (+ ${descendants(node)} spans of its own below)`);
    return;
  }
  console.log(`${"  ".repeat(depth)}${node.name} [${node.who}]${detail}`);
  for (const child of children) print(child, depth + 1);
};
const descendants = (node: (typeof nodes)[number]): number =>
  nodes.filter((n) => n.parent === node.id && n.trace === node.trace).reduce((sum, child) => sum + 1 + descendants(child), 0);
console.log(`trace ${root.trace}:`);
print(root, 1);
await provider.shutdown();
