/**
 * Every error the SDK throws is a `CodexError` subclass with a documented `code`, and an error is
 * never changed after it was made. These read the source: a plain `Error` hides in a rarely
 * taken branch long before a test reaches it.
 *
 * All of src/ is read, the generated protocol code (src/protocol/generated/) included: the
 * generator emits no error of its own, and this keeps it so.
 */

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { CodexError, InvalidArgumentError, PoolDownError, SpawnFailedError } from "../mod.ts";
import { StreamTakenError, ToolFailedError } from "../client.ts";
import { JsonRpcPeer, LineTooLongError, memoryPair, ProtocolError } from "../rpc.ts";
import { repoRoot } from "./_support/repo_root.ts";


const ROOT = repoRoot();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** Every line of src/ (comments included: a JSDoc example is code users copy), as "file:line: text". */
function sourceLines(): { where: string; text: string }[] {
  return sourceFiles(join(ROOT, "src")).flatMap((file) =>
    readFileSync(file, "utf8").split("\n").map((text, i) => ({ where: `${relative(ROOT, file)}:${i + 1}`, text }))
  );
}

/** Lines of src/ that match `pattern`, outside JSDoc examples that show user code (`@example` blocks may throw anything). */
function offending(pattern: RegExp): string[] {
  return sourceLines()
    .filter(({ text }) => pattern.test(text) && !/^\s*\*/.test(text))
    .map(({ where, text }) => `${where}: ${text.trim()}`);
}

test("nothing in src/ makes a plain Error, TypeError or RangeError", () => {
  assert.deepEqual(
    offending(/\bnew (Error|TypeError|RangeError|SyntaxError)\(/),
    [],
    "throw a CodexError subclass with a code instead (InvalidArgumentError for a bad argument)",
  );
});

test("every error class in src/ extends CodexError", () => {
  assert.deepEqual(
    offending(/\bclass \w+ extends (Error|TypeError|RangeError)\b/).filter((line) => !line.startsWith("src/util/errors.ts:")),
    [],
  );
});

test("no error's message or sample is changed after it was made", () => {
  // A constructor sets its own fields once (`this.sample = …`); what is forbidden is changing an
  // error already made (`error.message = redact(…)`), or a subclass rewriting its parent's message.
  assert.deepEqual(offending(/\b(error|err|e|reported|cause)\.(message|sample|code|stack)\s*=[^=]|\bthis\.message\s*=[^=]/), []);
});

/** The codes src/ gives its errors: the first string argument of an error's constructor or `super`. */
function codesInSource(): Map<string, string> {
  const codes = new Map<string, string>();
  const patterns = [
    /\bsuper\(\s*"([a-z][a-z0-9_]*)"/g,
    /(?:\bnew (?:CodexError|ProtocolError|ConnectionFailedError|InvalidStateError|AppServerVersionWarning|MockModelError)|this\.#protocolError)\(\s*"([a-z][a-z0-9_]*)"/g,
    /\bcode \?\? "([a-z][a-z0-9_]*)"/g, // DependencyMissingError's default code
    /\bcode: "([a-z][a-z0-9_]*)" \}/g, // DependencyMissingError's code option
    /\bnew \w+Error\(error, method, "([a-z][a-z0-9_]*)"\)/g, // the wire error mappers' third argument
    /\bcode = "([a-z][a-z0-9_]*)"/g, // a default code parameter
    /undefined,\s*"([a-z][a-z0-9_]*)",?\s*\)/g, // RetryLimitExceededError's code
  ];
  for (const file of sourceFiles(join(ROOT, "src"))) {
    if (file.includes(`${join("src", "testing")}`) && !file.endsWith("errors.ts")) continue;
    const text = readFileSync(file, "utf8").replace(/^\s*\*.*$/gm, "");
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) codes.set(match[1], relative(ROOT, file));
    }
  }
  // Codes given as a typed union rather than a literal call.
  for (const file of ["src/client/errors.ts", "src/testing/errors.ts"]) {
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const match of text.matchAll(/"((?:app_server|mock)_[a-z_]+)"/g)) codes.set(match[1], file);
  }
  return codes;
}

test("every error code in src/ is in the README's table of codes", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## Errors");
  const table = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const codes = codesInSource();
  assert.ok(codes.size > 40, `expected the codes of the whole SDK, found ${[...codes.keys()].join(", ")}`);
  const missing = [...codes].filter(([code]) => !table.includes(`\`${code}\``)).map(([code, file]) => `${code} (${file})`);
  assert.deepEqual(missing, [], "document each code in the README's Errors table, with its class and what to do");
});

test("the errors that had only a code have a class, and keep the code", () => {
  const taken = new StreamTakenError("t1");
  assert.ok(taken instanceof CodexError);
  assert.equal(taken.code, "stream_taken");
  assert.equal(new PoolDownError(2).code, "pool_down");
  assert.equal(new SpawnFailedError("/bin/codex", new Error("EACCES")).code, "spawn_failed");
  const failed = new ToolFailedError("weather", "call_1", "boom", "boom");
  assert.equal(failed.code, "tool_failed");
  assert.equal(failed.tool, "weather");
});

test("a memoryPair end started twice throws an InvalidStateError", () => {
  const [a] = memoryPair();
  const sink = { message() {}, error() {}, closed() {} };
  a.start(sink);
  assert.throws(() => a.start(sink), (error: unknown) => error instanceof CodexError && error.code === "already_started");
});

test("a protocol error about text holding a secret is made with the secret redacted", async () => {
  const SECRET = "sk-planted-secret-0123456789";
  const [server, clientEnd] = memoryPair({ maxLineLength: 64 });
  server.start({ message() {}, error() {}, closed() {} });
  const reported: CodexError[] = [];
  const seen = new Promise<void>((resolve) => {
    new JsonRpcPeer(clientEnd, {
      redact: (text) => text.replaceAll(SECRET, "[redacted]"),
      onError: (error) => {
        reported.push(error);
        if (reported.length === 2) resolve();
      },
    });
  });
  server.send(`not json ${SECRET}`);
  server.send(`{"id":7,"result":"${SECRET}${"x".repeat(80)}"}`);
  await seen;
  const [garbage, long] = reported;
  assert.ok(garbage instanceof ProtocolError && garbage.code === "invalid_json");
  assert.ok(long instanceof LineTooLongError);
  for (const error of reported) {
    assert.ok(!(error as ProtocolError).sample.includes(SECRET), `${error.code}: the sample carries the secret`);
    assert.ok(!error.message.includes(SECRET));
  }
  await clientEnd.close();
  await server.close();
});
