import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocket } from "ws";
import {
  DEFAULT_RELAY_IDLE_TIMEOUT_MS,
  DEFAULT_RELAY_MAX_CONNECTIONS,
  DEFAULT_RELAY_MAX_MESSAGE_BYTES,
  startRelay,
} from "../relay.ts";
import { InvalidArgumentError } from "../mod.ts";
import { startCountingUpstream } from "./_support/counting_upstream.ts";

// The relay's limits. The app-server side is a counting stand-in (tests/_support/
// counting_upstream.ts): what must be shown is that refused traffic never reached it.

const ORIGIN = "http://localhost:5173";

function open(url: string): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(url, { headers: { Origin: ORIGIN } });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: String(reason) }))
  );
  socket.on("error", () => {}); // the close event is what the tests read
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve({ socket, closed }));
    socket.once("unexpected-response", (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
}

function echoed(socket: WebSocket, text: string): Promise<string> {
  const reply = new Promise<string>((resolve) => socket.once("message", (data) => resolve(String(data))));
  socket.send(text);
  return reply;
}

test("the relay's limits have safe defaults: 16 MiB messages, 16 connections, 30 minutes idle", () => {
  assert.equal(DEFAULT_RELAY_MAX_MESSAGE_BYTES, 16 * 1024 * 1024);
  assert.equal(DEFAULT_RELAY_MAX_CONNECTIONS, 16);
  assert.equal(DEFAULT_RELAY_IDLE_TIMEOUT_MS, 30 * 60 * 1000);
});

test("a message over maxMessageBytes closes the page's connection with 1009 and never reaches the app-server", async () => {
  await using upstream = await startCountingUpstream();
  await using relay = await startRelay({ appServerUrl: upstream.url, allowedOrigins: [ORIGIN], maxMessageBytes: 1024 });
  const { socket, closed } = await open(relay.url);
  assert.equal(await echoed(socket, "x".repeat(1024)), "x".repeat(1024), "a message at the limit passes");
  socket.send("y".repeat(1025));
  const { code } = await closed;
  assert.equal(code, 1009);
  assert.deepEqual(upstream.messages, ["x".repeat(1024)]);
});

test("an upgrade beyond maxConnections is refused with 503 before the app-server is reached, and admitted again once one closes", async () => {
  await using upstream = await startCountingUpstream();
  await using relay = await startRelay({ appServerUrl: upstream.url, allowedOrigins: [ORIGIN], maxConnections: 2 });
  const first = await open(relay.url);
  const second = await open(relay.url);
  await echoed(first.socket, "1");
  await echoed(second.socket, "2");
  await assert.rejects(open(relay.url), /HTTP 503/);
  assert.equal(upstream.connections, 2);
  first.socket.close();
  await first.closed;
  // The relay forgets the pair once both of its sides have ended: retry until it has.
  let third;
  for (let i = 0; !third; i++) {
    third = await open(relay.url).catch((error) => (i < 1000 ? undefined : Promise.reject(error)));
    if (!third) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(await echoed(third.socket, "3"), "3");
  assert.equal(upstream.connections, 3);
});

test("a connection idle for idleTimeoutMs is closed with a reason that says so; traffic keeps it open", async () => {
  await using upstream = await startCountingUpstream();
  await using relay = await startRelay({ appServerUrl: upstream.url, allowedOrigins: [ORIGIN], idleTimeoutMs: 2000 });
  const { socket, closed } = await open(relay.url);
  let state = "open";
  closed.then(() => (state = "closed"));
  // Messages far more often than the idle limit keep it open for longer than the limit (wide
  // margins: a loaded machine may delay a 100 ms timer, not by 2 s).
  for (let i = 0; i < 25; i++) {
    assert.equal(await echoed(socket, `ping ${i}`), `ping ${i}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(state, "open", `still open after message ${i}`);
  }
  const { code, reason } = await closed;
  assert.equal(code, 1000);
  assert.match(reason, /without a message \(idleTimeoutMs\)/);
});

test("limits that are not whole numbers in range are refused with InvalidArgumentError naming the option", async () => {
  await using upstream = await startCountingUpstream();
  for (const [name, value] of [["maxMessageBytes", 0], ["maxConnections", 1.5], ["idleTimeoutMs", -1]] as const) {
    await assert.rejects(
      startRelay({ appServerUrl: upstream.url, allowedOrigins: [ORIGIN], [name]: value }),
      (error: Error) => error instanceof InvalidArgumentError && error.message.includes(name),
    );
  }
});
