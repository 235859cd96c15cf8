import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CodexError,
  InvalidParamsError,
  InvalidRequestError,
  JsonRpcError,
  MethodNotFoundError,
  ServerBusyError,
  TimeoutError,
  TransportClosedError,
} from "../mod.ts";
import { JsonRpcPeer } from "../rpc.ts";
import { rpcErrorFromWire } from "../client.ts";
import { FakeAppServer } from "./_support/fake_app_server.ts";

// Unit tests of the JSON-RPC peer. The far side is the scripted fake app-server, not the real
// binary: each test needs the far side to do one exact thing on cue (answer out of order, reuse
// an id, send garbage, never answer, close at a given moment), which the real app-server cannot
// be made to do. Each test's first comment names its fault.

test("a request's response is matched to it by id, even when responses come out of order", async () => {
  // Scripted: the binary answers in order; out-of-order answers need a scripted peer.
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection);
  const a = peer.request("a/first", { n: 1 });
  const b = peer.request("b/second");
  const [ra, rb] = [await server.nextMessage(), await server.nextMessage()];
  assert.deepEqual(ra, { id: 1, method: "a/first", params: { n: 1 } });
  assert.deepEqual(rb, { id: 2, method: "b/second" }, "no params member when there are none, no jsonrpc member");
  await server.send({ id: rb.id, result: "second" });
  await server.send({ id: ra.id, result: { first: true } });
  assert.deepEqual(await a, { first: true });
  assert.equal(await b, "second");
  await server.end();
});

test("notifications reach the handler in order, with their params", async () => {
  // Scripted: exact notification bodies (an extra member, a jsonrpc member, no params) on cue.
  const server = new FakeAppServer();
  const seen: string[] = [];
  const peer = new JsonRpcPeer(server.connection, {
    onNotification: (method, params) => seen.push(`${method}:${JSON.stringify(params)}`),
  });
  await server.send({ method: "x/one", params: { a: 1 }, emittedAtMs: 1 });
  await server.send({ jsonrpc: "2.0", method: "x/two" });
  await server.end();
  await peer.closed; // every message before the end has been handled by then
  assert.deepEqual(seen, ['x/one:{"a":1}', "x/two:undefined"]);
});

test("the server's own requests use their own ids and get an answer from the handler for their method", async () => {
  // Scripted: a server request whose id collides with a pending client id, on cue.
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection);
  peer.onRequest("item/tool/call", (params) => ({ echoed: params }));
  const ours = peer.request("mine");
  const sent = await server.nextMessage();
  // The server's request id 1 must not be confused with our pending request id 1.
  await server.send({ id: 1, method: "item/tool/call", params: { q: 42 } });
  assert.deepEqual(await server.nextMessage(), { id: 1, result: { echoed: { q: 42 } } });
  await server.send({ id: sent.id, result: "ok" });
  assert.equal(await ours, "ok");
  await server.end();
});

test("a server request with no handler gets a method-not-found error answer", async () => {
  // Scripted: a server request for a method the binary never sends.
  const server = new FakeAppServer();
  new JsonRpcPeer(server.connection);
  await server.send({ id: "abc", method: "nobody/handles", params: {} });
  const reply = await server.nextMessage();
  assert.equal(reply.id, "abc");
  assert.equal((reply.error as { code: number }).code, -32601);
  await server.end();
});

test("a handler that throws answers with an error object, not a crash", async () => {
  // Scripted: a server request at a chosen moment, to a handler that throws.
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection);
  peer.onRequest("boom", () => {
    throw new Error("handler broke");
  });
  await server.send({ id: 7, method: "boom" });
  const reply = await server.nextMessage();
  assert.deepEqual(reply, { id: 7, error: { code: -32603, message: "handler broke" } });
  await server.end();
});

test("with the Codex rules, error responses become typed errors carrying code, message and data", async () => {
  // Scripted: each error body exactly as the binary words it, without provoking each fault.
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection, { errorFromWire: rpcErrorFromWire });
  const unknown = peer.request("x/y");
  const bad = peer.request("thread/start", { cwd: 5 });
  const busy = peer.request("turn/start");
  await server.send({ id: 1, error: { code: -32600, message: "Invalid request: unknown variant `x/y`, expected one of …" } });
  await server.send({ id: 2, error: { code: -32600, message: "Invalid request: invalid type: integer `5`, expected a string" } });
  await server.send({ id: 3, error: { code: -32001, message: "Server overloaded; retry later.", data: { x: 1 } } });
  await assert.rejects(unknown, (e: MethodNotFoundError) => e instanceof MethodNotFoundError && e.rpcCode === -32600 && e.method === "x/y");
  await assert.rejects(bad, InvalidParamsError);
  await assert.rejects(busy, (e: ServerBusyError) => e instanceof ServerBusyError && (e.data as { x: number }).x === 1);
  await server.end();
});

test("without an errorFromWire, the peer maps only JSON-RPC's standard codes: -32001 and message text mean nothing to it", async () => {
  // Scripted: a Codex error body given to a peer without the Codex rules.
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection);
  const refused = peer.request("x/y");
  const missing = peer.request("x/z");
  const busy = peer.request("turn/start");
  await server.send({ id: 1, error: { code: -32600, message: "Invalid request: unknown variant `x/y`" } });
  await server.send({ id: 2, error: { code: -32601, message: "no such method" } });
  await server.send({ id: 3, error: { code: -32001, message: "Server overloaded; retry later." } });
  await assert.rejects(refused, (e) => e instanceof InvalidRequestError && !(e instanceof MethodNotFoundError));
  await assert.rejects(missing, (e) => e instanceof MethodNotFoundError && e.code === "method_not_found");
  await assert.rejects(busy, (e) => e instanceof JsonRpcError && !(e instanceof ServerBusyError) && e.code === "rpc_error");
  // The generic errors still share the SDK's root, so one catch covers every entry point.
  await assert.rejects(busy, CodexError);
  await server.end();
});

test("a response whose id matches nothing is reported, and the connection keeps working", async () => {
  // Scripted: the binary never answers an id that was not asked.
  const server = new FakeAppServer();
  const errors: CodexError[] = [];
  const peer = new JsonRpcPeer(server.connection, { onError: (e) => errors.push(e) });
  await server.send({ id: 999, result: "stray" });
  const pending = peer.request("still/works");
  const sent = await server.nextMessage();
  await server.send({ id: sent.id, result: 1 });
  assert.equal(await pending, 1);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, "unknown_response_id");
  assert.match(errors[0].message, /999/);
  await server.end();
});

test("garbage lines and non-message JSON are reported and skipped; valid traffic flows around them", async () => {
  // Scripted: the binary only writes well-formed JSON-RPC lines.
  const server = new FakeAppServer();
  const errors: CodexError[] = [];
  const seen: string[] = [];
  const peer = new JsonRpcPeer(server.connection, { onError: (e) => errors.push(e), onNotification: (m) => seen.push(m) });
  await server.writeText('not json at all\n[1,2,3]\n{"neither":true}\n{"method":"ok/after"}\n{"trunc');
  await server.end();
  await peer.closed;
  assert.deepEqual(seen, ["ok/after"]);
  assert.deepEqual(errors.map((e) => e.code), ["invalid_json", "invalid_message", "invalid_message", "invalid_json"]);
});

test("an over-long line from the server is reported and skipped", async () => {
  // Scripted: a line of a chosen length, at a chosen moment.
  const server = new FakeAppServer({ maxLineLength: 1000 });
  const errors: CodexError[] = [];
  const seen: string[] = [];
  const peer = new JsonRpcPeer(server.connection, { onError: (e) => errors.push(e), onNotification: (m) => seen.push(m) });
  await server.writeText(`{"method":"big","params":"${"x".repeat(5000)}"}\n{"method":"small"}\n`);
  await server.end();
  await peer.closed;
  assert.deepEqual(seen, ["small"]);
  assert.equal(errors[0].code, "line_too_long");
});

test("every pending request fails with TransportClosedError when the stream ends", async () => {
  // Scripted: the stream ending while three requests are unanswered, exactly then.
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection);
  const pending = [peer.request("a"), peer.request("b"), peer.request("c")];
  await server.end();
  for (const p of pending) await assert.rejects(p, TransportClosedError);
  const closed = await peer.closed;
  assert.ok(closed instanceof TransportClosedError);
  assert.equal(closed.code, "transport_closed");
  assert.equal(peer.pendingCount, 0);
  await assert.rejects(peer.request("after/close"), TransportClosedError, "requests after the close fail at once");
});

test("close() from our side fails pending requests with TransportClosedError", async () => {
  // Scripted: a request left unanswered on purpose until the client closes.
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection);
  const pending = peer.request("never/answered");
  await server.nextMessage();
  await peer.close();
  await assert.rejects(pending, (e: TransportClosedError) => e instanceof TransportClosedError && /closed by this end/.test(e.message));
});

test("a request the server never answers fails with TimeoutError naming the method; the late reply is discarded", async () => {
  // Scripted: the binary answers every request it gets; only a script can stay silent, then answer late.
  const server = new FakeAppServer();
  const errors: CodexError[] = [];
  const peer = new JsonRpcPeer(server.connection, { onError: (e) => errors.push(e) });
  const pending = peer.request("slow/method", {}, { timeoutMs: 30 });
  const sent = await server.nextMessage();
  await assert.rejects(pending, (e: TimeoutError) => e instanceof TimeoutError && e.method === "slow/method" && e.timeoutMs === 30);
  await server.send({ id: sent.id, result: "too late" });
  const next = peer.request("next");
  const sentNext = await server.nextMessage();
  await server.send({ id: sentNext.id, result: "fine" });
  assert.equal(await next, "fine");
  assert.equal(errors[0]?.code, "unknown_response_id", "the late reply is reported as stray, not delivered");
  await server.end();
});

test("an aborted signal rejects the request with the signal's reason", async () => {
  // Scripted: a request left unanswered on purpose while the signal aborts.
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection);
  const controller = new AbortController();
  const pending = peer.request("wait", {}, { signal: controller.signal });
  await server.nextMessage();
  controller.abort(new Error("user gave up"));
  await assert.rejects(pending, /user gave up/);
  await server.end();
});
