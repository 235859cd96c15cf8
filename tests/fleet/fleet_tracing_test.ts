// Tracing across machines (issue 21, item 4): a turn enqueued inside a traced request carries
// its trace context in the job, and the worker's turn span is a child of the enqueuing span, so
// one trace shows enqueue → worker → app-server. Real Postgres, real binary, MockModel.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { MockModel, OtlpReceiver } from "../../testing.ts";
import { FleetClient, FleetWorker } from "../../fleet.ts";
import { freshSchema, startPostgres, type TestPostgres } from "./_support.ts";

let server: Promise<TestPostgres> | undefined;
after(async () => {
  if (server) await (await server)[Symbol.asyncDispose]();
});

test("a turn enqueued in a traced request runs on the worker as a child of the enqueuing span, down to the app-server", async () => {
  const postgres = await (server ??= startPostgres());
  const base = { connectionString: postgres.connectionString, schema: freshSchema(), heartbeatSeconds: 10, pollIntervalMs: 200 };
  await using receiver = await OtlpReceiver.start();
  await using mock = await MockModel.start({ config: receiver.configToml });
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  trace.setGlobalTracerProvider(provider);
  const client = await FleetClient.connect({ ...base, pollIntervalMs: 100 });
  const worker = await FleetWorker.start({ ...base, codex: { env: mock.env } });
  try {
    mock.queueText("Reviewed.");
    const enqueuer = await provider.getTracer("app").startActiveSpan("POST /review", async (span) => {
      const job = await client.enqueueTurn({ input: "Review the diff", thread: {} });
      span.end();
      return { job, span: span.spanContext() };
    });
    const result = await client.result(enqueuer.job.id);
    assert.equal(result.status, "completed");
  } finally {
    await worker.stop({ timeoutMs: 0 });
    await client.close();
    trace.disable();
    context.disable();
    manager.disable();
  }
  const turn = exporter.getFinishedSpans().find((span) => span.name === "invoke_agent codex");
  assert.ok(turn, exporter.getFinishedSpans().map((s) => s.name).join(", "));
  const enqueueSpan = exporter.getFinishedSpans().find((span) => span.name === "POST /review")!;
  assert.equal(turn.spanContext().traceId, enqueueSpan.spanContext().traceId);
  assert.equal(turn.parentSpanContext?.spanId, enqueueSpan.spanContext().spanId, "the worker's turn span is a child of the enqueuing span");
  const [server_] = await receiver.waitForSpans((span) => span.name === "turn/start");
  assert.equal(server_.traceId, enqueueSpan.spanContext().traceId);
  assert.equal(server_.parentSpanId, turn.spanContext().spanId);
});
