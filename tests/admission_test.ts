import { test } from "node:test";
import assert from "node:assert/strict";
import { RetryLimitExceededError, ServerBusyError, TimeoutError } from "../mod.ts";
import { CodexClient, DEFAULT_MAX_IN_FLIGHT_REQUESTS } from "../client.ts";
import { lastUserText, textReply } from "../testing.ts";
import { FakeAppServer, type Message } from "./_support/fake_app_server.ts";
import { harness } from "./_support/harness.ts";

// Admission control: a client bounds its requests in flight and queues the rest in order. The
// bound and the queue are shown against a scripted server (it holds each answer on cue, which
// the real binary cannot be made to do); the fan-out runs on the real binary.

const OVERLOADED = { code: -32001, message: "Server overloaded; retry later." };

/** Takes the next `n` requests the client sent, in order. */
async function take(server: FakeAppServer, n: number): Promise<Message[]> {
  const out: Message[] = [];
  for (let i = 0; i < n; i++) out.push(await server.nextMessage());
  return out;
}

test("the default bound is 64 requests in flight, half the app-server's ingress queue of 128", () => {
  assert.equal(DEFAULT_MAX_IN_FLIGHT_REQUESTS, 64);
});

test("at most maxInFlightRequests requests are in flight; the rest queue and go out in the order they were made", async () => {
  // Scripted: answers held and released one at a time.
  const server = new FakeAppServer();
  const client = new CodexClient(server.connection, { maxInFlightRequests: 3 });
  const calls = Array.from({ length: 8 }, (_, i) => client.requestUntyped("x/echo", { i }));
  const first = await take(server, 3);
  assert.deepEqual(first.map((m) => (m.params as { i: number }).i), [0, 1, 2]);
  assert.deepEqual([client.admission.inFlight, client.admission.queued], [3, 5], "3 in flight, 5 queued");
  assert.equal(server.received.length, 3, "nothing beyond the bound was sent");
  const order: number[] = [];
  let pending = first;
  while (pending.length > 0) {
    const [next, ...rest] = pending;
    const i = (next.params as { i: number }).i;
    order.push(i);
    await server.send({ id: next.id, result: { i } });
    assert.ok(client.admission.inFlight <= 3);
    pending = rest.concat(order.length + 2 < 8 ? [await server.nextMessage()] : []);
  }
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7], "sent in call order");
  assert.deepEqual(await Promise.all(calls), Array.from({ length: 8 }, (_, i) => ({ i })));
  assert.deepEqual([client.admission.inFlight, client.admission.queued], [0, 0]);
  await server.end();
});

test("a queued call goes out with its own envelope (the caller's trace), only its timeout shortened by the wait", async () => {
  // Scripted: the one request in flight is held while the traced call waits its turn.
  const server = new FakeAppServer();
  const client = new CodexClient(server.connection, { maxInFlightRequests: 1 });
  const held = client.requestUntyped("x/held");
  const trace = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
  const traced = client.requestUntyped("x/traced", {}, { envelope: { trace }, timeoutMs: 60_000 });
  const [first] = await take(server, 1);
  assert.equal(client.admission.queued, 1);
  await server.send({ id: first.id, result: {} });
  const sent = await server.nextMessage();
  assert.equal(sent.method, "x/traced");
  assert.deepEqual((sent as Message & { trace?: unknown }).trace, trace, "the envelope survived the queue");
  await server.send({ id: sent.id, result: { ok: true } });
  assert.deepEqual(await traced, { ok: true });
  await held;
  await server.end();
});

test("a queued call whose signal aborts rejects with the signal's reason and is never sent; the queue moves on", async () => {
  // Scripted: the one request in flight is held.
  const server = new FakeAppServer();
  const client = new CodexClient(server.connection, { maxInFlightRequests: 1 });
  const held = client.requestUntyped("x/held");
  const controller = new AbortController();
  const aborted = client.requestUntyped("x/aborted", {}, { signal: controller.signal });
  const after = client.requestUntyped("x/after");
  const [request] = await take(server, 1);
  controller.abort(new Error("changed my mind"));
  await assert.rejects(aborted, /changed my mind/);
  await server.send({ id: request.id, result: "held" });
  assert.equal(await held, "held");
  const [next] = await take(server, 1);
  assert.equal(next.method, "x/after", "the aborted call was skipped");
  await server.send({ id: next.id, result: "after" });
  assert.equal(await after, "after");
  assert.ok(!server.received.some((m) => m.method === "x/aborted"));
  await server.end();
});

test("a call's timeout counts its time in the queue: it rejects with TimeoutError naming its own timeout, unsent", async () => {
  // Scripted: the one request in flight is never answered.
  const server = new FakeAppServer();
  const client = new CodexClient(server.connection, { maxInFlightRequests: 1 });
  const held = client.requestUntyped("x/held").catch(() => {});
  const late = client.requestUntyped("x/late", {}, { timeoutMs: 50 });
  await assert.rejects(late, (error: TimeoutError) => error instanceof TimeoutError && error.timeoutMs === 50);
  await take(server, 1);
  assert.ok(!server.received.some((m) => m.method === "x/late"));
  await server.end();
  await held;
});

test("a -32001 answer is retried with backoff, keeping its place, until it succeeds", async () => {
  // Scripted: -32001 comes from the binary only when its ingress queue (128) is full.
  const server = new FakeAppServer();
  const client = new CodexClient(server.connection, { overloadRetry: { initialDelayMs: 1, maxDelayMs: 4 } });
  const call = client.requestUntyped("thread/start", {});
  for (let i = 0; i < 2; i++) await server.send({ id: (await server.nextMessage()).id, error: OVERLOADED });
  await server.send({ id: (await server.nextMessage()).id, result: { ok: true } });
  assert.deepEqual(await call, { ok: true });
  assert.equal(server.received.length, 3, "two refusals, then the attempt that was served");
  await server.end();
});

test("past overloadRetry.maxAttempts the call rejects with RetryLimitExceededError; with overloadRetry false, at once with ServerBusyError", async () => {
  // Scripted: an overload that outlasts every retry.
  const server = new FakeAppServer();
  const client = new CodexClient(server.connection, { overloadRetry: { maxAttempts: 3, initialDelayMs: 1 } });
  const call = client.requestUntyped("thread/start", {});
  for (let i = 0; i < 3; i++) await server.send({ id: (await server.nextMessage()).id, error: OVERLOADED });
  await assert.rejects(call, (error: RetryLimitExceededError) => error instanceof RetryLimitExceededError && error.attempts === 3);
  const server2 = new FakeAppServer();
  const once = new CodexClient(server2.connection, { overloadRetry: false }).requestUntyped("thread/start", {});
  await server2.send({ id: (await server2.nextMessage()).id, error: OVERLOADED });
  await assert.rejects(once, (error) => error instanceof ServerBusyError && !(error instanceof RetryLimitExceededError));
  await Promise.all([server.end(), server2.end()]);
});

test("admission options out of range are refused with InvalidArgumentError naming them", () => {
  const server = new FakeAppServer();
  for (const options of [{ maxInFlightRequests: 0 }, { maxInFlightRequests: 2.5 }, { overloadRetry: { maxAttempts: 0 } }]) {
    assert.throws(() => new CodexClient(server.connection, options), /maxInFlightRequests|overloadRetry\.maxAttempts/);
  }
});

// Generous: thread/start on the binary waits on disk (its rollout files); 300 of them took 20 s to
// over 2 minutes on a loaded 2-core machine, with neither process busy.
test("on the real binary, 300 concurrent threadStart and then 100 concurrent turns on one app-server all complete", { timeout: 600_000 }, async () => {
  await using h = await harness({
    mock: { defaultReply: (request) => textReply(`echo:${lastUserText(request)}`) },
  });
  let peak = 0;
  const watch = setInterval(() => (peak = Math.max(peak, h.codex.client.admission.inFlight)), 1);
  try {
    const threads = await Promise.all(Array.from({ length: 300 }, () => h.codex.threadStart()));
    assert.equal(new Set(threads.map((t) => t.id)).size, 300);
    const results = await Promise.all(threads.slice(0, 100).map((thread, i) => thread.run(`turn ${i}`)));
    assert.deepEqual(results.map((r) => r.finalResponse), results.map((_, i) => `echo:turn ${i}`));
    assert.ok(results.every((r) => r.status === "completed"));
  } finally {
    clearInterval(watch);
  }
  assert.ok(peak <= DEFAULT_MAX_IN_FLIGHT_REQUESTS, `at most 64 in flight (peak seen ${peak})`);
});
