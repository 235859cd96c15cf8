/**
 * Every options object is checked before anything starts: a wrong value fails with an
 * `InvalidArgumentError` whose `argument` names the option and whose message says what it
 * accepts. No app-server, socket or database is needed: each check runs before any of them
 * would be touched (a test that reached one would fail on the missing binary or database instead).
 */

import { test } from "node:test";
import assert from "node:assert/strict";

import { Codex, CodexPool, InvalidArgumentError } from "../mod.ts";
import { CodexClient, startAppServer } from "../client.ts";
import { memoryPair } from "../rpc.ts";
import { FleetClient, FleetWorker } from "../fleet.ts";
import { startRelay } from "../relay.ts";

/** Asserts that `run` rejects (or throws) an InvalidArgumentError for `argument` whose message matches `accepts`. */
async function rejectsFor(run: () => unknown, argument: string, accepts: RegExp): Promise<void> {
  await assert.rejects(
    async () => await run(),
    (error: unknown) => {
      assert.ok(error instanceof InvalidArgumentError, `expected an InvalidArgumentError, got ${error}`);
      assert.equal(error.argument, argument);
      assert.match(error.message, accepts);
      return true;
    },
  );
}

const bad = <T>(value: unknown): T => value as T;

test("Codex.start names each wrong option and what it accepts", async () => {
  await rejectsFor(() => Codex.start(bad(null)), "options", /Codex\.start takes an options object/);
  await rejectsFor(() => Codex.start({ requestTimeoutMs: bad("5s") }), "requestTimeoutMs", /number of milliseconds ≥ 0, got "5s"/);
  await rejectsFor(() => Codex.start({ startTimeoutMs: -1 }), "startTimeoutMs", /≥ 0, got -1/);
  await rejectsFor(() => Codex.start({ experimentalApi: bad("yes") }), "experimentalApi", /true or false/);
  await rejectsFor(() => Codex.start({ validation: bad("loose") }), "validation", /"boundary", "strict", "off"; got "loose"/);
  await rejectsFor(() => Codex.start({ logger: bad({ warn: "console" }) }), "logger", /warn\(message, error\)/);
  await rejectsFor(() => Codex.start({ clientInfo: bad({ name: "app" }) }), "clientInfo", /\{ name, version \}/);
  await rejectsFor(() => Codex.start({ optOutNotifications: bad("thread/started") }), "optOutNotifications", /array of strings/);
  await rejectsFor(() => Codex.start({ maxBufferedEvents: 0 }), "maxBufferedEvents", /whole number ≥ 1/);
  await rejectsFor(() => Codex.start({ approvals: bad("accept") }), "approvals", /"safe", "accept-all", or an object of handlers/);
  await rejectsFor(() => Codex.start({ approvalTimeoutMs: bad(null) }), "approvalTimeoutMs", /milliseconds/);
  await rejectsFor(() => Codex.start({ toolTimeoutMs: -5 }), "toolTimeoutMs", /milliseconds ≥ 0/);
  await rejectsFor(() => Codex.start({ codexBin: "" }), "codexBin", /non-empty string/);
  await rejectsFor(() => Codex.start({ config: bad("model=o3") }), "config", /plain object/);
  await rejectsFor(() => Codex.start({ configOverrides: bad("model=o3") }), "configOverrides", /array of strings/);
  await rejectsFor(() => Codex.start({ env: { A: bad(1) } }), "env.A", /must be strings/);
  await rejectsFor(() => Codex.start({ clearEnv: bad(1) }), "clearEnv", /true or false/);
  await rejectsFor(() => Codex.start({ cwd: bad(42) }), "cwd", /directory path string/);
  await rejectsFor(() => Codex.start({ runtime: bad("java") }), "runtime", /"deno", "bun", "node"; got "java"/);
  await rejectsFor(() => Codex.start({ maxLineLength: 1.5 }), "maxLineLength", /whole number/);
  await rejectsFor(() => Codex.start({ onStderr: bad("stderr.log") }), "onStderr", /a function/);
  await rejectsFor(() => Codex.start({ allowVersionMismatch: bad("true") }), "allowVersionMismatch", /true or false/);
  await rejectsFor(() => Codex.start({ restart: bad("yes") }), "restart", /true, false, or \{ maxAttempts/);
  await rejectsFor(() => Codex.start({ restart: { jitterRatio: 2 } }), "restart.jitterRatio", /restart\.jitterRatio: must be a number ≥ 0 and ≤ 1/);
});

test("Codex.connect checks its options, reconnect included, before opening anything", async () => {
  const url = "ws://127.0.0.1:1";
  await rejectsFor(() => Codex.connect(url, { reconnect: bad("always") }), "reconnect", /true, false, or \{ maxAttempts/);
  await rejectsFor(() => Codex.connect(url, { reconnect: { maxAttempts: -1 } }), "reconnect.maxAttempts", /reconnect\.maxAttempts: must be a number ≥ 0/);
  await rejectsFor(() => Codex.connect(url, { connectTimeoutMs: 0 }), "connectTimeoutMs", /milliseconds > 0/);
  await rejectsFor(() => Codex.connect(url, { webSocketRuntime: bad("java") }), "webSocketRuntime", /"deno", "bun", "node"/);
  await rejectsFor(() => Codex.connect(url, { requestTimeoutMs: bad("1m") }), "requestTimeoutMs", /milliseconds/);
  await rejectsFor(() => Codex.connect(url, { approvals: bad(true) }), "approvals", /"safe", "accept-all"/);
});

test("Codex.fromConnection checks its options before the handshake", async () => {
  const [end] = memoryPair();
  await rejectsFor(() => Codex.fromConnection(end, { logger: bad("console") }), "logger", /debug\(message\)/);
  await rejectsFor(() => Codex.fromConnection(end, { maxBufferedEvents: bad("many") }), "maxBufferedEvents", /whole number ≥ 1/);
});

test("new CodexClient names a wrong option and what it accepts", async () => {
  const [end] = memoryPair();
  await rejectsFor(() => new CodexClient(end, { requestTimeoutMs: -1 }), "requestTimeoutMs", /≥ 0/);
  await rejectsFor(() => new CodexClient(end, { logger: bad(42) }), "logger", /optional debug\(message\) and warn/);
  await rejectsFor(() => new CodexClient(end, { claim: bad(true) }), "claim", /a function/);
  await rejectsFor(() => new CodexClient(end, bad("fast")), "options", /new CodexClient takes an options object/);
});

test("startAppServer checks the process options it uses", async () => {
  await rejectsFor(() => startAppServer({ codexBin: bad(7) }), "codexBin", /non-empty string/);
  await rejectsFor(() => startAppServer({ env: { TOKEN: bad(null) } }), "env.TOKEN", /must be strings/);
  await rejectsFor(() => startAppServer({ logger: bad([]) }), "logger", /warn\(message, error\)/);
});

test("CodexPool.start names the endpoint whose option is wrong", async () => {
  await rejectsFor(() => CodexPool.start([{}, { requestTimeoutMs: bad("soon") }]), "endpoints[1].requestTimeoutMs", /milliseconds/);
});

test("FleetWorker.start checks its options and its codex options before touching the database", async () => {
  const connectionString = "postgres://codex@127.0.0.1:1/none";
  await rejectsFor(() => FleetWorker.start(bad({})), "connectionString", /is required/);
  await rejectsFor(() => FleetWorker.start({ connectionString, concurrency: 0 }), "concurrency", /whole number ≥ 1/);
  await rejectsFor(() => FleetWorker.start({ connectionString, pollIntervalMs: bad("1s") }), "pollIntervalMs", /> 0/);
  await rejectsFor(() => FleetWorker.start({ connectionString, logger: bad(console.warn) }), "logger", /warn\(message, error\)/);
  await rejectsFor(
    () => FleetWorker.start({ connectionString, codex: { requestTimeoutMs: bad("5m") } }),
    "codex.requestTimeoutMs",
    /milliseconds/,
  );
  await rejectsFor(() => FleetWorker.start({ connectionString, codex: bad("default") }), "codex", /plain object/);
});

test("FleetClient.connect checks its options before touching the database", async () => {
  await rejectsFor(() => FleetClient.connect(bad({ connectionString: 5 })), "connectionString", /non-empty string/);
  await rejectsFor(() => FleetClient.connect({ connectionString: "postgres://x", maxConnections: 0 }), "maxConnections", /whole number ≥ 1/);
});

test("startRelay names a wrong option, and a missing options object, clearly", async () => {
  await rejectsFor(() => startRelay(bad(undefined)), "options", /startRelay takes an options object/);
  await rejectsFor(
    () => startRelay({ appServerUrl: "ws://127.0.0.1:4500", allowedOrigins: ["http://localhost:5173"], connectTimeoutMs: -1 }),
    "connectTimeoutMs",
    /> 0/,
  );
  await rejectsFor(
    () => startRelay({ appServerUrl: "ws://127.0.0.1:4500", allowedOrigins: bad("http://localhost:5173") }),
    "allowedOrigins",
    /array of strings/,
  );
});
