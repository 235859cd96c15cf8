// connect() to the real (pinned) codex app-server listening on loopback (ws://) or on a unix
// socket, with MockModel: turns complete; a refused token, an empty port and a killed server
// each give their own error; close() leaves the server running.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import { createServer, type Socket } from "node:net";
import process from "node:process";
import {
  AuthenticationError,
  type Codex,
  ConnectionFailedError,
  ConnectionRefusedError,
  InvalidArgumentError,
  type Notification,
  TransportClosedError,
} from "../mod.ts";
import { MockModel } from "../testing.ts";
import { CODEX_VERSION } from "../src/protocol/generated/methods.ts";
import { connect } from "../client.ts";
import { isAlive, waitGone } from "./_support/process.ts";
import { startListener } from "./_support/app_server_listener.ts";

const TOKEN = "capability-token-0123456789abcdef";

/** Runs one turn over the raw client and returns the final agent message and the turn's status. */
async function runTurn(codex: Codex, text: string): Promise<{ message: string; status: string }> {
  const notifications: Notification[] = [];
  let done!: () => void;
  const completed = new Promise<void>((resolve) => (done = resolve));
  const remove = codex.client.onNotification((n) => {
    notifications.push(n);
    if (n.method === "turn/completed") done();
  });
  try {
    const { thread } = await codex.client.request("thread/start", {}) as { thread: { id: string } };
    await codex.client.request("turn/start", { threadId: thread.id, input: [{ type: "text", text, text_elements: [] }] });
    await completed;
  } finally {
    remove();
  }
  const item = notifications
    .filter((n) => n.method === "item/completed")
    .map((n) => (n.params as { item: { type: string; text?: string } }).item)
    .find((item) => item.type === "agentMessage");
  const turn = (notifications.at(-1)!.params as { turn: { status: string } }).turn;
  return { message: item?.text ?? "", status: turn.status };
}

/** A loopback port with nothing listening on it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function rejectsWithin<T>(promise: Promise<T>, ms: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
    promise.then(
      () => (clearTimeout(timer), reject(new Error("resolved instead of rejecting"))),
      (error) => (clearTimeout(timer), resolve(error)),
    );
  });
}

test("a turn over ws:// with the right capability token completes", async () => {
  await using mock = await MockModel.start();
  mock.queueText("Hello over the socket", { deltas: 2 });
  await using server = await startListener({ env: mock.env, token: TOKEN });
  await using codex = await connect(server.url, { token: TOKEN });
  assert.ok(codex.metadata.userAgent.includes(`/${CODEX_VERSION} `), codex.metadata.userAgent);
  assert.equal(codex.metadata.codexHome, mock.codexHome);
  assert.equal(codex.pid, undefined);
  assert.deepEqual(await runTurn(codex, "say hello"), { message: "Hello over the socket", status: "completed" });
});

test("a turn over unix:// completes", async () => {
  await using mock = await MockModel.start();
  mock.queueText("Hello over the unix socket");
  await using server = await startListener({ env: mock.env, transport: "unix" });
  await using codex = await connect(server.url);
  assert.equal(codex.metadata.codexHome, mock.codexHome);
  assert.deepEqual(await runTurn(codex, "say hello"), { message: "Hello over the unix socket", status: "completed" });
});

test("close() closes the connection but leaves the server it did not start running", async () => {
  await using mock = await MockModel.start();
  await using server = await startListener({ env: mock.env, token: TOKEN });
  const codex = await connect(server.url, { token: TOKEN });
  await codex.close();
  await assert.rejects(codex.client.request("thread/start", {}), TransportClosedError);
  assert.ok(isAlive(server.pid), "the app-server must outlive close()");
  // The server still serves: a second client gets through.
  await using again = await connect(server.url, { token: TOKEN });
  assert.ok(again.metadata.userAgent);
  await server.kill();
  assert.ok(await waitGone(server.pid));
});

test("a wrong token fails fast with AuthenticationError, and the token appears nowhere", async () => {
  await using mock = await MockModel.start();
  await using server = await startListener({ env: mock.env, token: TOKEN });
  const wrong = "wrong-token-fedcba9876543210";
  const logged: string[] = [];
  const started = Date.now();
  const error = await rejectsWithin(
    connect(server.url, { token: wrong, logger: { debug: (m) => logged.push(m), warn: (m) => logged.push(m) } }),
    2000,
  );
  const elapsed = Date.now() - started;
  assert.ok(error instanceof AuthenticationError, `got ${error}`);
  assert.ok(error instanceof ConnectionFailedError);
  assert.equal(error.code, "unauthorized");
  assert.equal(error.status, 401);
  assert.match(error.message, /refused the credentials \(HTTP 401\)/);
  assert.match(error.message, /check the token/);
  assert.equal(error.url, server.url);
  const everything = [error.message, String(error.stack), JSON.stringify(error), ...logged].join("\n");
  assert.ok(!everything.includes(wrong) && !everything.includes(TOKEN), "the token leaked");
  // The bound is the feature ("fails fast": on the 401, not after the connect timeout);
  // generous for a loaded machine.
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
});

test("no token where one is required is refused the same way, saying a token is needed", async () => {
  await using mock = await MockModel.start();
  await using server = await startListener({ env: mock.env, token: TOKEN });
  const error = await rejectsWithin(connect(server.url), 2000);
  assert.ok(error instanceof AuthenticationError, `got ${error}`);
  assert.match(error.message, /requires a token; pass \{ token \}/);
});

test("nothing listening on the port gives ConnectionRefusedError, not an authentication error", async () => {
  const url = `ws://127.0.0.1:${await freePort()}`;
  const started = Date.now();
  const error = await rejectsWithin(connect(url, { token: TOKEN }), 3000);
  assert.ok(error instanceof ConnectionRefusedError, `got ${error}`);
  assert.ok(!(error instanceof AuthenticationError));
  assert.equal(error.code, "connection_refused");
  assert.match(error.message, /nothing is listening at ws:\/\/127\.0\.0\.1:\d+/);
  assert.ok(!error.message.includes(TOKEN));
  assert.ok(Date.now() - started < 2500);
});

test("a unix socket path with no server gives ConnectionRefusedError", async () => {
  const error = await rejectsWithin(connect("unix:///nonexistent/dir/codex.sock"), 2000);
  assert.ok(error instanceof ConnectionRefusedError, `got ${error}`);
  assert.match(error.message, /nothing is listening at unix:\/\/\/nonexistent\/dir\/codex\.sock \(no such socket\)/);
});

/** Starts a turn the model holds open, leaves a request pending, SIGKILLs the server. */
async function killMidTurn(transport: "ws" | "unix"): Promise<void> {
  await using mock = await MockModel.start();
  const held = mock.queueHeld();
  const token = transport === "ws" ? TOKEN : undefined;
  await using server = await startListener({ env: mock.env, transport, token });
  await using codex = await connect(server.url, { token });
  const { thread } = await codex.client.request("thread/start", {}) as { thread: { id: string } };
  await codex.client.request("turn/start", {
    threadId: thread.id,
    input: [{ type: "text", text: "take your time", text_elements: [] }],
  });
  await held.started; // the turn is in progress, waiting on the model
  // A request the server answers only when its command ends: pending until the kill. Unsandboxed:
  // SIGKILLed while running a sandboxed command, the binary leaves its bwrap sandbox behind, blocked
  // (seen after a full run); a bare `sleep` orphaned by the kill ends on its own.
  const pending = codex.client.request("command/exec", { command: ["sleep", "30"], sandboxPolicy: { type: "dangerFullAccess" } });
  // A later request answered: the server has read command/exec before it (it reads in order).
  await codex.client.request("model/list", {});
  const failed = pending.then(
    () => ({ error: undefined as unknown, at: Date.now() }),
    (error: unknown) => ({ error, at: Date.now() }),
  );

  const killed = Date.now();
  await server.kill("SIGKILL");
  const { error, at } = await failed;
  const elapsed = at - killed;
  assert.ok(error instanceof TransportClosedError, `got ${error}`);
  assert.match(error.message, /connection closed: the WebSocket connection to (ws|unix):\/\/\S+ was lost/);
  // "At once" against the 300 s request timeout it would otherwise wait for; 5 s is far below
  // that and far above a loaded machine's scheduling delays.
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
  assert.ok(codex.client.isClosed);
  assert.ok((await codex.client.closed) instanceof TransportClosedError);
}

test("killing the server mid-turn fails pending requests with TransportClosedError at once", async () => {
  await killMidTurn("ws");
});

test("killing the server mid-turn over unix:// fails pending requests the same way", async () => {
  await killMidTurn("unix");
});

test("a stale socket file left by a killed server gives ConnectionRefusedError", async () => {
  await using mock = await MockModel.start();
  await using server = await startListener({ env: mock.env, transport: "unix" });
  process.kill(server.pid, "SIGKILL");
  await server.exited;
  const error = await rejectsWithin(connect(server.url), 2000);
  assert.ok(error instanceof ConnectionRefusedError, `got ${error}`);
  assert.match(error.message, /nothing is listening at unix:\/\//);
});

test("a server that accepts the connection but never upgrades it fails after connectTimeoutMs", async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  try {
    const url = `ws://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const started = Date.now();
    const error = await rejectsWithin(connect(url, { connectTimeoutMs: 300 }), 2000);
    assert.ok(error instanceof ConnectionFailedError, `got ${error}`);
    assert.equal(error.code, "connect_timeout");
    assert.match(error.message, /within 300 ms/);
    assert.ok(Date.now() - started >= 290);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});

test("an HTTP server that is not an app-server gives ConnectionFailedError with its status", async () => {
  const http = createHttpServer((_request, response) => response.writeHead(404).end("not here"));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  try {
    const url = `ws://127.0.0.1:${(http.address() as { port: number }).port}`;
    const error = await rejectsWithin(connect(url, { token: TOKEN }), 3000);
    assert.ok(error instanceof ConnectionFailedError, `got ${error}`);
    assert.ok(!(error instanceof AuthenticationError) && !(error instanceof ConnectionRefusedError));
    assert.equal(error.code, "upgrade_refused");
    assert.equal(error.status, 404);
  } finally {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
});

test("the ws package (Node's WebSocket) works on every runtime: a turn, a refused token, a unix socket", async () => {
  await using mock = await MockModel.start();
  mock.queueText("Hello through ws", { deltas: 2 });
  mock.queueText("Hello through ws over unix");
  await using server = await startListener({ env: mock.env, token: TOKEN });
  await using unix = await startListener({ env: mock.env, transport: "unix" });
  {
    await using codex = await connect(server.url, { token: TOKEN, webSocketRuntime: "node" });
    assert.deepEqual(await runTurn(codex, "hi"), { message: "Hello through ws", status: "completed" });
  }
  const error = await rejectsWithin(connect(server.url, { token: "not-the-token-000", webSocketRuntime: "node" }), 2000);
  assert.ok(error instanceof AuthenticationError, `got ${error}`);
  // `runtime`, the deprecated name of `webSocketRuntime`, still works.
  await using overUnix = await connect(unix.url, { runtime: "node" });
  assert.deepEqual(await runTurn(overUnix, "hi"), { message: "Hello through ws over unix", status: "completed" });
});

test("URLs of other schemes are refused, naming what is supported", async () => {
  for (const url of ["http://127.0.0.1:4500", "stdio://", "127.0.0.1:4500", "tcp://host:1"]) {
    await assert.rejects(connect(url), (error: InvalidArgumentError) => {
      assert.ok(error instanceof InvalidArgumentError, `${url}: ${error}`);
      assert.equal(error.argument, "url");
      assert.match(error.message, /ws:\/\/HOST:PORT, wss:\/\/HOST:PORT, unix:\/\/PATH/);
      return true;
    });
  }
  await assert.rejects(connect("ws://127.0.0.1:1", { runtime: "java" as "node" }), InvalidArgumentError);
  await assert.rejects(connect("ws://127.0.0.1:1", { token: "has space in it" }), (error: InvalidArgumentError) => {
    assert.equal(error.argument, "token");
    assert.ok(!error.message.includes("has space"));
    return true;
  });
});
