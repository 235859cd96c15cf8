// CodexClient owns its handshake: `client.initialize(options)` runs the same handshake as
// `Codex.start` (the version window included), keeps the answer and the server's version on the
// instance, and a reconnect runs it again, so a server that came back outside the window is
// refused. The real binaries (the pinned one; 0.150.0, older than the minimum).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { IncompatibleAppServerError, TransportClosedError } from "../mod.ts";
import { CodexClient, openWebSocketConnection, startAppServer } from "../client.ts";
import { MIN_CODEX_VERSION, PINNED_CODEX_VERSION } from "../protocol.ts";
import {
  CLIENT_NOTIFICATION_METHODS,
  CLIENT_REQUEST_METHODS,
  SERVER_NOTIFICATION_METHODS,
  SERVER_REQUEST_METHODS,
} from "../src/protocol/generated/methods.ts";
import { MockModel } from "../testing.ts";
import { oldCodex, skipWithout } from "./_support/codex_versions.ts";
import { type Listener, startListener } from "./_support/app_server_listener.ts";
import { tcpProxy } from "./_support/tcp_proxy.ts";

const withoutOld = skipWithout(oldCodex, "the version-window tests of the low-level client");

test("the /client entry's documented example: initialize sets metadata and serverVersion on the client", async () => {
  await using mock = await MockModel.start();
  const { connection } = await startAppServer({ env: mock.env });
  const client = new CodexClient(connection);
  try {
    assert.equal(client.serverVersion, null, "null before the handshake");
    assert.equal(client.metadata, null);
    const metadata = await client.initialize({ clientInfo: { name: "my_tool", title: "My tool", version: "1.0.0" } });
    assert.equal(client.serverVersion, PINNED_CODEX_VERSION);
    assert.equal(metadata.serverVersion, PINNED_CODEX_VERSION);
    assert.deepEqual(client.metadata, metadata);
    assert.match(metadata.userAgent, /^my_tool\//, "the clientInfo given was sent");
    const { thread } = await client.request("thread/start", {});
    assert.ok(thread.id);
  } finally {
    await client.close();
  }
});

test("client.initialize refuses an app-server older than the window with IncompatibleAppServerError", { skip: withoutOld }, async () => {
  await using mock = await MockModel.start();
  const { connection } = await startAppServer({ env: mock.env, codexBin: oldCodex.bin });
  const client = new CodexClient(connection);
  try {
    const error = await client.initialize().then(() => assert.fail("initialize resolved"), (e: unknown) => e);
    assert.ok(error instanceof IncompatibleAppServerError, String(error));
    assert.equal(error.serverVersion, oldCodex.version);
    assert.equal(error.minVersion, MIN_CODEX_VERSION);
  } finally {
    await client.close();
  }
});

test("a reconnect runs the client's handshake again: a server back outside the window ends the client with the reason", { skip: withoutOld }, async () => {
  await using mock = await MockModel.start();
  const portOf = (listener: Listener): number => Number(new URL(listener.url).port);
  const first = await startListener({ env: mock.env });
  const proxy = await tcpProxy(portOf(first));
  let old: Listener | undefined;
  const url = `ws://127.0.0.1:${proxy.port}`;
  try {
    const client = new CodexClient(await openWebSocketConnection({ url }), {
      reconnect: { open: () => openWebSocketConnection({ url }), initialDelayMs: 50, maxDelayMs: 200, maxAttempts: 200 },
    });
    await client.initialize();
    assert.equal(client.serverVersion, PINNED_CODEX_VERSION);
    // The server is replaced by an older one behind the same address.
    await first.kill("SIGKILL");
    old = await startListener({ env: { ...mock.env, CODEX_BIN: oldCodex.bin! } });
    proxy.retarget(portOf(old));
    const error = await client.closed;
    assert.ok(error instanceof TransportClosedError);
    assert.match(error.message, new RegExp(`${oldCodex.version!.replaceAll(".", "\\.")}.*${MIN_CODEX_VERSION.replaceAll(".", "\\.")}`));
    await assert.rejects(client.request("thread/list", {}), TransportClosedError);
    await client.close();
  } finally {
    await proxy.close();
    await first[Symbol.asyncDispose]();
    await old?.[Symbol.asyncDispose]();
  }
});

test("src/rpc/ knows nothing of Codex: no method name of the protocol appears in it", async () => {
  // Every namespaced method ("thread/start") and the handshake's; a bare word such as "error"
  // is JSON-RPC's own vocabulary as well.
  const methods = new Set<string>(
    [...CLIENT_REQUEST_METHODS, ...CLIENT_NOTIFICATION_METHODS, ...SERVER_REQUEST_METHODS, ...SERVER_NOTIFICATION_METHODS]
      .filter((method) => method.includes("/") || method.startsWith("initializ")),
  );
  assert.ok(methods.has("initialize") && methods.has("initialized") && methods.has("thread/start"));
  const dir = join(import.meta.dirname!, "..", "src", "rpc");
  const found: string[] = [];
  for (const file of await readdir(dir)) {
    const text = await readFile(join(dir, file), "utf8");
    // Quoted names only: prose may say "initialize" in a comment's example of another protocol.
    for (const match of text.matchAll(/["'`]([A-Za-z/]+)["'`]/g)) {
      if (methods.has(match[1])) found.push(`${file}: ${match[1]}`);
    }
  }
  assert.deepEqual(found, []);
});
