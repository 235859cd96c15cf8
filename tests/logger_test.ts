/**
 * One logger for diagnostics: what the SDK survives without throwing reaches `logger.warn` with
 * the message and a `CodexError` carrying its code, the same interface for `Codex` and
 * `CodexClient` (the fleet worker's is exercised by the fleet tests' setup). The garbage lines
 * come from an in-memory peer: the real app-server does not send them.
 */

import { test } from "node:test";
import assert from "node:assert/strict";

import { type CodexError, type CodexLogger, ProtocolError } from "../mod.ts";
import { CodexClient } from "../client.ts";
import { memoryPair } from "../rpc.ts";

/** A logger that records each warning, and a promise of the first. */
function recordingLogger(): { logger: CodexLogger; first: Promise<[string, CodexError | undefined]> } {
  let resolve!: (entry: [string, CodexError | undefined]) => void;
  const first = new Promise<[string, CodexError | undefined]>((r) => (resolve = r));
  return { logger: { warn: (message, error) => resolve([message, error]) }, first };
}

test("CodexClient reports a garbage line to logger.warn with a ProtocolError carrying its code", async () => {
  const [server, end] = memoryPair();
  server.start({ message() {}, error() {}, closed() {} });
  const { logger, first } = recordingLogger();
  const client = new CodexClient(end, { logger });
  server.send("this is not JSON");
  const [message, error] = await first;
  assert.ok(error instanceof ProtocolError);
  assert.equal(error.code, "invalid_json");
  assert.equal(message, error.message);
  await client.close();
  await server.close();
});

test("CodexClient's deprecated onError still gets the same errors as the logger", async () => {
  const [server, end] = memoryPair();
  server.start({ message() {}, error() {}, closed() {} });
  const { logger, first } = recordingLogger();
  let viaOnError: CodexError | undefined;
  const client = new CodexClient(end, { logger, onError: (error) => (viaOnError = error) });
  server.send("{}");
  const [, error] = await first;
  assert.equal(viaOnError, error);
  assert.equal(error?.code, "invalid_message");
  await client.close();
  await server.close();
});
