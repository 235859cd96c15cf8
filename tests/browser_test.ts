// The SDK in a browser: the example page (examples/browser/, bundled by `bun build --target
// browser`) runs a turn in headless Chromium against the real (pinned) codex app-server with
// MockModel, through the relay (`@codex/sdk/relay`), because the app-server refuses any request
// with an Origin header. Plus the relay's own rules, checked with a plain WebSocket client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { WebSocket } from "ws";
import { lastUserText, MockModel } from "../testing.ts";
import { BAD_GATEWAY, GOING_AWAY, startRelay } from "../relay.ts";
import { startListener } from "./_support/app_server_listener.ts";
import { launchChromium, serveBrowserExample } from "./_support/browser.ts";

const TOKEN = "capability-token-0123456789abcdef";
const RELAY_TOKEN = "relay-token-fedcba9876543210";
const PAGE_TIMEOUT_MS = 30_000;
// The origin of a page as the plain WebSocket clients below pretend to be.
const ORIGIN = "http://localhost:5173";

test("a page in headless Chromium streams a turn's reply from the app-server through the relay", async () => {
  await using chromium = await launchChromium();
  await using mock = await MockModel.start();
  mock.queueText("Hello, browser! This reply arrived in pieces.", { deltas: 4 });
  await using server = await startListener({ env: mock.env, token: TOKEN });
  await using site = await serveBrowserExample();
  await using relay = await startRelay({
    appServerUrl: server.url,
    appServerToken: TOKEN,
    allowedOrigins: [site.origin],
    token: RELAY_TOKEN,
  });
  const { page, errors } = await chromium.newPage();
  await page.goto(site.pageUrl(`${relay.url}/?token=${RELAY_TOKEN}`, "Greet the browser"));

  const status = page.locator("#status");
  await status.and(
    page.locator(":not([data-state=connecting], [data-state=streaming], [data-state=loading])"),
  )
    .waitFor({ timeout: PAGE_TIMEOUT_MS });
  assert.equal(
    await status.getAttribute("data-state"),
    "completed",
    `the page says: ${await status.textContent()}`,
  );
  assert.equal(
    await page.locator("#reply").textContent(),
    "Hello, browser! This reply arrived in pieces.",
  );
  assert.equal(await page.locator("#reply").getAttribute("data-deltas"), "4");
  assert.deepEqual(errors, []);
  // The page ran with a browser's globals only.
  assert.deepEqual(
    await page.evaluate(() => ["process", "Deno", "Bun"].map((name) => name in globalThis)),
    [false, false, false],
  );
  assert.equal(lastUserText(mock.requests[0]), "Greet the browser");
});

test("a page from an origin the relay does not allow cannot connect", async () => {
  await using chromium = await launchChromium();
  await using mock = await MockModel.start();
  await using server = await startListener({ env: mock.env, token: TOKEN });
  await using site = await serveBrowserExample();
  await using relay = await startRelay({
    appServerUrl: server.url,
    appServerToken: TOKEN,
    allowedOrigins: ["http://localhost:1"],
  });
  const { page } = await chromium.newPage();
  await page.goto(site.pageUrl(relay.url));
  await page.locator("#status[data-state=failed]").waitFor({ timeout: PAGE_TIMEOUT_MS });
  const shown = await page.locator("#status").textContent();
  assert.match(shown ?? "", /could not open a WebSocket to ws:\/\/127\.0\.0\.1:\d+/);
  assert.equal(relay.connections, 0);
  assert.equal(mock.requests.length, 0);
});

test("without the relay, the app-server refuses the page's connection (the reason the relay exists)", async () => {
  await using mock = await MockModel.start();
  await using server = await startListener({ env: mock.env, token: TOKEN });
  // The right token does not help: a browser always sends Origin.
  const { status } = await refused(server.url, {
    Authorization: `Bearer ${TOKEN}`,
    Origin: "http://127.0.0.1:8080",
  });
  assert.equal(status, 403);
});

test("the relay refuses an origin not on its list, and a request with no Origin, with 403", async () => {
  await using relay = await startRelay({
    appServerUrl: "ws://127.0.0.1:9",
    allowedOrigins: [ORIGIN],
  });
  const other = await refused(relay.url, { Origin: "http://evil.example" });
  assert.equal(other.status, 403);
  assert.match(other.body, /origin "http:\/\/evil\.example" is not allowed/);
  const none = await refused(relay.url, {});
  assert.equal(none.status, 403);
  assert.match(none.body, /no Origin header/);
  assert.equal(relay.connections, 0);
});

test("with a token, the relay refuses a missing or wrong ?token= with 401", async () => {
  await using relay = await startRelay({
    appServerUrl: "ws://127.0.0.1:9",
    allowedOrigins: [ORIGIN],
    token: RELAY_TOKEN,
  });
  const origin = { Origin: ORIGIN };
  assert.equal((await refused(relay.url, origin)).status, 401);
  const wrong = await refused(`${relay.url}/?token=${"x".repeat(RELAY_TOKEN.length)}`, origin);
  assert.equal(wrong.status, 401);
  assert.doesNotMatch(wrong.body, new RegExp(RELAY_TOKEN));
});

test("when the app-server refuses the relay's token, the page's socket closes with 1014 saying so, without the token", async () => {
  await using mock = await MockModel.start();
  await using server = await startListener({ env: mock.env, token: TOKEN });
  const wrong = "wrong-capability-token-0000000000";
  await using relay = await startRelay({
    appServerUrl: server.url,
    appServerToken: wrong,
    allowedOrigins: [ORIGIN],
  });
  const { code, reason } = await closedAfterOpen(relay.url, { Origin: ORIGIN });
  assert.equal(code, BAD_GATEWAY);
  assert.match(reason, /^cannot reach the app-server: .*HTTP 401/);
  assert.ok(!reason.includes(wrong));
});

test("when nothing listens at the app-server's address, the page's socket closes with 1014", async () => {
  await using relay = await startRelay({
    appServerUrl: `ws://127.0.0.1:${await freePort()}`,
    allowedOrigins: [ORIGIN],
  });
  const { code, reason } = await closedAfterOpen(relay.url, { Origin: ORIGIN });
  assert.equal(code, BAD_GATEWAY);
  assert.match(reason, /^cannot reach the app-server: nothing is listening/);
});

test("close() ends open page connections with 1001 and their app-server connections, then stops listening", async () => {
  await using mock = await MockModel.start();
  await using server = await startListener({ env: mock.env, token: TOKEN });
  const relay = await startRelay({
    appServerUrl: server.url,
    appServerToken: TOKEN,
    allowedOrigins: [ORIGIN],
  });
  const { closed } = await initializedThrough(relay.url);
  assert.equal(relay.connections, 1);
  await relay.close();
  assert.equal((await closed).code, GOING_AWAY);
  assert.equal(relay.connections, 0);
  const error = await refused(relay.url, { Origin: ORIGIN }).catch((error) => error);
  assert.equal(error.code, "ECONNREFUSED");
});

test("when the app-server goes away, the page's socket closes with 1014", async () => {
  await using mock = await MockModel.start();
  await using server = await startListener({ env: mock.env, token: TOKEN });
  await using relay = await startRelay({
    appServerUrl: server.url,
    appServerToken: TOKEN,
    allowedOrigins: [ORIGIN],
  });
  const { closed } = await initializedThrough(relay.url);
  await server.kill("SIGKILL");
  const { code, reason } = await closed;
  assert.equal(code, BAD_GATEWAY);
  assert.match(reason, /app-server|lost/);
  // The relay forgets the pair once both sides have ended, which may be just after the page's
  // (polled: nothing public reports it; the bound is wide so a loaded machine does not flake).
  const until = Date.now() + 10_000;
  while (relay.connections > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(relay.connections, 0);
});

/**
 * Connects as a page from ORIGIN and runs `initialize` through the relay: one message each way
 * proves the app-server side is connected. Returns how the socket will close.
 */
async function initializedThrough(
  url: string,
): Promise<{ closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(url, { headers: { Origin: ORIGIN } });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: String(reason) }))
  );
  const reply = new Promise<string>((resolve) =>
    socket.once("message", (data) => resolve(String(data)))
  );
  await new Promise((
    resolve,
    reject,
  ) => (socket.once("open", resolve), socket.once("error", reject)));
  const clientInfo = { name: "relay_test", title: null, version: "0" };
  socket.send(JSON.stringify({ id: 1, method: "initialize", params: { clientInfo } }));
  assert.match(await reply, /"userAgent"/);
  return { closed };
}

/** Tries a WebSocket upgrade that must be refused; resolves with the HTTP status and body. */
function refused(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on("open", () => (socket.terminate(), reject(new Error("the upgrade was accepted"))));
    socket.on("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk: Uint8Array) => (body += new TextDecoder().decode(chunk)));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on("error", reject);
  });
}

/** Opens a WebSocket that the other side closes; resolves with the close code and reason. */
function closedAfterOpen(
  url: string,
  headers: Record<string, string>,
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on("close", (code, reason) => resolve({ code, reason: String(reason) }));
    socket.on("error", reject);
  });
}

/** A loopback port with nothing listening on it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
