import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import fc from "fast-check";
import { WebSocket } from "ws";
import { startRelay } from "../../relay.ts";
import { startCountingUpstream } from "../_support/counting_upstream.ts";
import { checkAsync } from "./_support.ts";

// Generated: raw bytes, origins, tokens and message sizes thrown at one relay. The app-server side
// is a counting stand-in (tests/_support/counting_upstream.ts), because what must be shown is
// that nothing refused ever reached it.

const ORIGIN = "http://localhost:5173";
const TOKEN = "relay-property-token-0123456789";

/** Sends `bytes` on a raw TCP connection and resolves when the relay has closed it. */
function rawExchange(port: number, bytes: Uint8Array): Promise<string> {
  return new Promise((resolve) => {
    let answer = "";
    const socket = connect(port, "127.0.0.1", () => socket.end(bytes));
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("error", () => {});
    socket.on("close", () => resolve(answer));
  });
}

/** Tries an upgrade; resolves with the HTTP status of the refusal, or 101 when it was accepted. */
function upgradeStatus(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: origin === undefined ? {} : { Origin: origin } });
    socket.on("open", () => (socket.terminate(), resolve(101)));
    socket.on("unexpected-response", (_request, response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    socket.on("error", () => resolve(0));
  });
}

test("property: random bytes, wrong origins and wrong tokens are refused by the relay without reaching the app-server", async () => {
  await using upstream = await startCountingUpstream();
  await using relay = await startRelay({ appServerUrl: upstream.url, allowedOrigins: [ORIGIN], token: TOKEN });
  await checkAsync(
    fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
      await rawExchange(relay.port, bytes);
      assert.equal(upstream.connections, 0);
    }),
    { numRuns: 50 },
  );
  const origin = fc.oneof(
    fc.webUrl().map((u) => new URL(u).origin),
    fc.stringMatching(/^[\x21-\x7e]{0,40}$/),
  ).filter((o) => o.toLowerCase() !== ORIGIN);
  await checkAsync(
    fc.asyncProperty(fc.option(origin, { nil: undefined }), async (o) => {
      const status = await upgradeStatus(`${relay.url}/?token=${TOKEN}`, o);
      assert.equal(status, 403, `origin ${o}`);
      assert.equal(upstream.connections, 0);
    }),
    { numRuns: 50 },
  );
  await checkAsync(
    fc.asyncProperty(fc.option(fc.string({ maxLength: 40 }), { nil: undefined }).filter((t) => t !== TOKEN), async (token) => {
      const query = token === undefined ? "" : `?token=${encodeURIComponent(token)}`;
      assert.equal(await upgradeStatus(`${relay.url}/${query}`, ORIGIN), 401, `token ${token}`);
      assert.equal(upstream.connections, 0);
    }),
    { numRuns: 50 },
  );
  assert.equal(relay.connections, 0);
});

test("property: a message of any size over maxMessageBytes closes the connection with 1009 and never reaches the app-server", async () => {
  await using upstream = await startCountingUpstream();
  const max = 4096;
  await using relay = await startRelay({ appServerUrl: upstream.url, allowedOrigins: [ORIGIN], maxMessageBytes: max });
  await checkAsync(
    fc.asyncProperty(fc.integer({ min: max + 1, max: 8 * max }), fc.boolean(), async (size, binary) => {
      const before = upstream.messages.length;
      const socket = new WebSocket(relay.url, { headers: { Origin: ORIGIN } });
      socket.on("error", () => {});
      const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
      await new Promise((resolve) => socket.once("open", resolve));
      socket.send(binary ? new Uint8Array(size).fill(65) : "z".repeat(size));
      assert.equal(await closed, 1009);
      assert.equal(upstream.messages.length, before);
    }),
    { numRuns: 20 },
  );
});
