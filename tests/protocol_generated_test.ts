/**
 * The generated protocol code (src/protocol/generated/) against the pinned codex binary: it is
 * fresh, it covers every method the binary lists (in its JSON Schema or its `generate-ts` output),
 * its validators accept what the server sends and
 * point at what is wrong, and its routing table finds thread and turn ids.
 */

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import {
  CLIENT_NOTIFICATION_METHODS,
  CLIENT_REQUEST_METHODS,
  CODEX_VERSION,
  SERVER_NOTIFICATION_METHODS,
  SERVER_REQUEST_METHODS,
} from "../src/protocol/generated/methods.ts";
import {
  EXPERIMENTAL_CLIENT_REQUEST_METHODS,
  EXPERIMENTAL_SERVER_NOTIFICATION_METHODS,
  EXPERIMENTAL_SERVER_REQUEST_METHODS,
} from "../src/protocol/generated/experimental/methods.ts";
import {
  validateNotification,
  validateResponse,
  validateServerRequest,
} from "../src/protocol/generated/validators.ts";
import * as experimental from "../src/protocol/generated/experimental/validators.ts";
import { NOTIFICATION_ROUTES, routeOf, SERVER_REQUEST_ROUTES } from "../src/protocol/generated/routing.ts";
import { repoRoot } from "./_support/repo_root.ts";

/** The generator's entry, relative to the repository root. */
const GENERATOR = ["scripts", "generate", "main.ts"];


const ROOT = repoRoot();

function codexBin(): string {
  if (process.env.CODEX_BIN) return process.env.CODEX_BIN;
  const triples: Record<string, [string, string]> = {
    "linux-x64": ["codex-linux-x64", "x86_64-unknown-linux-musl"],
    "linux-arm64": ["codex-linux-arm64", "aarch64-unknown-linux-musl"],
    "darwin-x64": ["codex-darwin-x64", "x86_64-apple-darwin"],
    "darwin-arm64": ["codex-darwin-arm64", "aarch64-apple-darwin"],
    "win32-x64": ["codex-win32-x64", "x86_64-pc-windows-msvc"],
    "win32-arm64": ["codex-win32-arm64", "aarch64-pc-windows-msvc"],
  };
  const [pkg, triple] = triples[`${process.platform}-${process.arch}`];
  const exe = process.platform === "win32" ? "codex.exe" : "codex";
  return join(ROOT, "node_modules", "@openai", pkg, "vendor", triple, "bin", exe);
}

function denoBin(): string {
  const deno = (globalThis as { Deno?: { execPath(): string } }).Deno;
  if (deno) return deno.execPath();
  return join(ROOT, "node_modules", ".bin", process.platform === "win32" ? "deno.cmd" : "deno");
}

interface Bundle {
  definitions: Record<string, { oneOf?: Array<{ properties: { method: { enum: string[] } } }> }>;
}

/** A fresh `generate-json-schema` bundle from the pinned binary. */
function freshBundle(experimentalFlag: boolean): Bundle {
  const dir = mkdtempSync(join(tmpdir(), "codex-schema-"));
  try {
    execFileSync(codexBin(), [
      "app-server",
      "generate-json-schema",
      "--out",
      dir,
      ...(experimentalFlag ? ["--experimental"] : []),
    ]);
    return JSON.parse(readFileSync(join(dir, "codex_app_server_protocol.schemas.json"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The four method lists, by the name of their envelope union in both generators' output. */
const UNIONS = ["ClientRequest", "ServerNotification", "ServerRequest", "ClientNotification"];

/** Method names per envelope union, from a fresh `generate-ts` run of the pinned binary. */
function freshTsMethods(experimentalFlag: boolean): Record<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), "codex-ts-"));
  try {
    execFileSync(codexBin(), [
      "app-server",
      "generate-ts",
      "--out",
      dir,
      ...(experimentalFlag ? ["--experimental"] : []),
    ]);
    return Object.fromEntries(UNIONS.map((union) => {
      const text = readFileSync(join(dir, `${union}.ts`), "utf8");
      const methods = [...text.matchAll(/"method": "([^"]+)"/g)].map((m) => m[1]);
      return [union, [...new Set(methods)].sort()];
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const methodsOf = (bundle: Bundle, union: string): string[] =>
  bundle.definitions[union].oneOf!.map((v) => v.properties.method.enum[0]).sort();
const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const union = (a: readonly string[], b: readonly string[]): string[] =>
  sorted([...new Set([...a, ...b])]);

// ---------------------------------------------------------------------------------------------
// Freshness and coverage

test("src/protocol/generated is byte-identical to a fresh generation from the pinned binary", () => {
  const result = spawnSync(
    denoBin(),
    ["run", "-A", join(ROOT, ...GENERATOR), "--check"],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, CODEX_BIN: codexBin() } },
  );
  assert.equal(result.status, 0, `generate --check failed:\n${result.stdout}${result.stderr}`);
});

test("the tables were generated from the binary's version", () => {
  const version = execFileSync(codexBin(), ["--version"], { encoding: "utf8" });
  assert.match(version, new RegExp(`\\b${CODEX_VERSION.replaceAll(".", "\\.")}\\b`));
});

const STABLE_TABLES: Record<string, readonly string[]> = {
  ClientRequest: CLIENT_REQUEST_METHODS,
  ServerNotification: SERVER_NOTIFICATION_METHODS,
  ServerRequest: SERVER_REQUEST_METHODS,
  ClientNotification: CLIENT_NOTIFICATION_METHODS,
};

test("the stable tables list exactly the methods of the binary's JSON Schema and generate-ts", () => {
  const bundle = freshBundle(false);
  const ts = freshTsMethods(false);
  for (const name of UNIONS) {
    const table = STABLE_TABLES[name];
    const fromBinary = union(methodsOf(bundle, name), ts[name]);
    assert.ok(ts[name].length > 0, `${name}: generate-ts lists methods`);
    assert.deepEqual(sorted(table), fromBinary, `${name}: names`);
  }
});

test("stable plus experimental-only tables list exactly the binary's experimental methods", () => {
  const bundle = freshBundle(true);
  const ts = freshTsMethods(true);
  const cases: Array<[string, readonly string[], readonly string[]]> = [
    ["ClientRequest", CLIENT_REQUEST_METHODS, EXPERIMENTAL_CLIENT_REQUEST_METHODS],
    ["ServerNotification", SERVER_NOTIFICATION_METHODS, EXPERIMENTAL_SERVER_NOTIFICATION_METHODS],
    ["ServerRequest", SERVER_REQUEST_METHODS, EXPERIMENTAL_SERVER_REQUEST_METHODS],
  ];
  for (const [name, stable, extra] of cases) {
    assert.equal(extra.filter((m) => stable.includes(m)).length, 0, `${name}: overlap`);
    assert.deepEqual(sorted([...stable, ...extra]), union(methodsOf(bundle, name), ts[name]), name);
  }
});

test("methods that only generate-ts lists are typed too (getAuthStatus, rawResponse/completed)", () => {
  // The JSON Schema omits a few methods (deprecated v1 requests, internal notifications) that
  // the server still sends or answers; the tables must not lose them.
  const bundle = freshBundle(false);
  const ts = freshTsMethods(false);
  const tsOnly = UNIONS.flatMap((name) =>
    ts[name].filter((m) => !methodsOf(bundle, name).includes(m)).map((m) => [name, m] as const)
  );
  assert.ok(tsOnly.length > 0, "the pinned binary has generate-ts-only methods");
  for (const [name, method] of tsOnly) assert.ok(STABLE_TABLES[name].includes(method), method);
  assert.ok(CLIENT_REQUEST_METHODS.includes("getAuthStatus"));
  assert.ok(SERVER_NOTIFICATION_METHODS.includes("rawResponse/completed"));
});

test("every client request has a response validator unless the schema has no type for it", () => {
  // An array is no valid response or params object for any method, so each lookup must answer.
  const schemaRequests = methodsOf(freshBundle(false), "ClientRequest");
  const unvalidated = CLIENT_REQUEST_METHODS.filter((m) => validateResponse(m, []) === null);
  for (const m of unvalidated) assert.ok(!schemaRequests.includes(m), `${m} has no validator`);
  for (const m of SERVER_NOTIFICATION_METHODS) {
    assert.notEqual(validateNotification(m, []), null, m);
  }
  for (const m of SERVER_REQUEST_METHODS) assert.notEqual(validateServerRequest(m, []), null, m);
  for (const m of EXPERIMENTAL_CLIENT_REQUEST_METHODS) {
    assert.notEqual(experimental.validateResponse(m, []), null, m);
  }
});

test("every notification and server request has a routing entry", () => {
  for (const m of [...SERVER_NOTIFICATION_METHODS, ...EXPERIMENTAL_SERVER_NOTIFICATION_METHODS]) {
    assert.ok(Object.hasOwn(NOTIFICATION_ROUTES, m), m);
  }
  for (const m of [...SERVER_REQUEST_METHODS, ...EXPERIMENTAL_SERVER_REQUEST_METHODS]) {
    assert.ok(Object.hasOwn(SERVER_REQUEST_ROUTES, m), m);
  }
});

// ---------------------------------------------------------------------------------------------
// Validators (messages as codex 0.169.0 sent them to a scripted model)

const THREAD = "01a20f92-af39-7743-b1cf-203b404b5ff8";
const TURN = "01a20f92-af5b-7f82-b89c-0a548b62ae62";

const delta = { threadId: THREAD, turnId: TURN, itemId: "msg_1", delta: "Hell" };
const agentMessage = {
  type: "agentMessage",
  moderation: null,
  id: "msg_1",
  text: "Hello there.",
  phase: null,
  memoryCitation: null,
  delivery: null,
  questions: null,
  startedAtMs: 1795557601240,
  completedAtMs: 1795557601242,
};
const commandExecution = {
  type: "commandExecution",
  id: "call_1",
  pluginId: null,
  scriptPath: null,
  command: "/bin/bash -lc 'echo hi'",
  cwd: "/tmp/project",
  processId: "7976",
  source: "unifiedExecStartup",
  status: "completed",
  commandActions: [{ type: "unknown", command: "echo hi" }],
  aggregatedOutput: "hi\n",
  exitCode: 0,
  durationMs: 76,
  startedAtMs: 1795557601320,
  completedAtMs: 1795557601560,
};
const completedTurn = {
  id: TURN,
  rootTurnId: TURN,
  items: [agentMessage],
  itemsView: "summary",
  status: "completed",
  error: null,
  startedAt: 1795557601,
  completedAt: 1795557601,
  durationMs: 139,
};
const notifications: Array<[string, unknown]> = [
  ["item/agentMessage/delta", delta],
  ["item/started", {
    item: { ...agentMessage, text: "", completedAtMs: null },
    threadId: THREAD,
    turnId: TURN,
    startedAtMs: 1795557601240,
  }],
  ["item/completed", {
    item: commandExecution,
    threadId: THREAD,
    turnId: TURN,
    contentTokenCount: null,
    completedAtMs: 1795557601560,
  }],
  ["thread/tokenUsage/updated", {
    threadId: THREAD,
    turnId: TURN,
    tokenUsage: {
      total: {
        totalTokens: 15,
        inputTokens: 10,
        cachedInputTokens: 0,
        cacheWriteInputTokens: 0,
        outputTokens: 5,
        reasoningOutputTokens: 0,
      },
      last: {
        totalTokens: 15,
        inputTokens: 10,
        cachedInputTokens: 0,
        cacheWriteInputTokens: 0,
        outputTokens: 5,
        reasoningOutputTokens: 0,
      },
      modelContextWindow: 258400,
    },
  }],
  ["turn/completed", { threadId: THREAD, turn: completedTurn }],
  ["thread/status/changed", { threadId: THREAD, status: { type: "active", activeFlags: [] } }],
  ["serverRequest/resolved", { threadId: THREAD, requestId: 0 }],
  ["warning", { threadId: THREAD, message: "Model metadata for `mock-model` not found." }],
];

test("validators accept notifications as the server sends them", () => {
  for (const [method, params] of notifications) {
    assert.equal(validateNotification(method, params), null, method);
    assert.equal(experimental.validateNotification(method, params), null, method);
  }
});

test("validators accept a server request and responses as the server sends them", () => {
  const approval = {
    kind: "command",
    threadId: THREAD,
    turnId: TURN,
    itemId: "call_1",
    startedAtMs: 1795557601320,
    environmentId: "local",
    reason: "test",
    command: "/bin/bash -lc 'echo hi'",
    cwd: "/tmp/project",
    commandActions: [{ type: "unknown", command: "echo hi" }],
    proposedExecpolicyAmendment: ["echo", "hi"],
    availableDecisions: ["accept", {
      acceptWithExecpolicyAmendment: { execpolicy_amendment: ["echo", "hi"] },
    }, "cancel"],
  };
  assert.equal(validateServerRequest("item/commandExecution/requestApproval", approval), null);
  assert.equal(
    validateResponse("turn/start", { turn: { ...completedTurn, items: [], status: "inProgress" } }),
    null,
  );
  assert.equal(validateResponse("account/logout", {}), null);
  assert.equal(validateResponse("thread/list", { data: [], nextCursor: null }), null);
});

test("a delta whose text is a number is rejected at params.delta", () => {
  assert.deepEqual(validateNotification("item/agentMessage/delta", { ...delta, delta: 42 }), {
    path: "params.delta",
    message: "expected string, got number",
  });
});

test("a missing required field is reported as missing", () => {
  const { threadId: _, ...withoutThread } = delta;
  assert.deepEqual(validateNotification("item/agentMessage/delta", withoutThread), {
    path: "params.threadId",
    message: "missing required field (expected string)",
  });
});

test("an unknown item type is rejected at params.item.type with the value it got", () => {
  const issue = validateNotification("item/completed", {
    item: { ...agentMessage, type: "hologram" },
    threadId: THREAD,
    turnId: TURN,
    completedAtMs: 1,
  });
  assert.equal(issue?.path, "params.item.type");
  assert.match(issue!.message, /^expected one of .*"agentMessage".*, got "hologram"$/);
});

test("a wrong value deep inside an array names the index", () => {
  const turn = { ...completedTurn, items: [agentMessage, { ...agentMessage, text: null }] };
  assert.deepEqual(validateNotification("turn/completed", { threadId: THREAD, turn }), {
    path: "params.turn.items[1].text",
    message: "expected string, got null",
  });
});

test("an enum value outside the schema is rejected with the value it got", () => {
  const turn = { ...completedTurn, status: "paused" };
  const issue = validateNotification("turn/completed", { threadId: THREAD, turn });
  assert.equal(issue?.path, "params.turn.status");
  assert.match(issue!.message, /got "paused"$/);
});

test("params that are not an object are rejected at params", () => {
  assert.deepEqual(validateNotification("item/agentMessage/delta", null), {
    path: "params",
    message: "expected object, got null",
  });
});

test("a bad response is reported under result", () => {
  const issue = validateResponse("thread/list", { data: "nope", nextCursor: null });
  assert.equal(issue?.path, "result.data");
});

test("fields the schema does not know are allowed, since newer servers add fields", () => {
  assert.equal(validateNotification("item/agentMessage/delta", { ...delta, sparkle: true }), null);
});

test("unknown methods pass through as null", () => {
  assert.equal(validateNotification("future/thing", { anything: 1 }), null);
  assert.equal(validateServerRequest("future/request", 5), null);
  assert.equal(validateResponse("future/method", "x"), null);
  assert.equal(validateNotification("__proto__", {}), null);
});

test("experimental validators know experimental-only methods, stable ones do not", () => {
  // Requests are the kind every recent binary has experimental-only methods of (0.171.0 has no
  // experimental-only server request any more).
  const method = EXPERIMENTAL_CLIENT_REQUEST_METHODS[0];
  assert.ok(method, "the pinned binary has an experimental-only client request");
  assert.equal(validateResponse(method, []), null);
  assert.notEqual(experimental.validateResponse(method, []), null);
  for (const m of EXPERIMENTAL_SERVER_REQUEST_METHODS) {
    assert.equal(validateServerRequest(m, []), null, m);
    assert.notEqual(experimental.validateServerRequest(m, []), null, m);
  }
});

// ---------------------------------------------------------------------------------------------
// Routing

test("item/agentMessage/delta carries threadId and turnId at the top level", () => {
  assert.deepEqual(NOTIFICATION_ROUTES["item/agentMessage/delta"], {
    thread: ["threadId"],
    turn: ["turnId"],
  });
  assert.deepEqual(routeOf("item/agentMessage/delta", delta), { threadId: THREAD, turnId: TURN });
});

test("turn/completed and turn/started carry the turn id at turn.id", () => {
  for (const m of ["turn/completed", "turn/started"]) {
    assert.deepEqual(NOTIFICATION_ROUTES[m], { thread: ["threadId"], turn: ["turn", "id"] }, m);
  }
  assert.deepEqual(routeOf("turn/completed", { threadId: THREAD, turn: completedTurn }), {
    threadId: THREAD,
    turnId: TURN,
  });
});

test("thread/started carries the thread id at thread.id and no turn", () => {
  assert.deepEqual(NOTIFICATION_ROUTES["thread/started"], { thread: ["thread", "id"] });
  assert.deepEqual(routeOf("thread/started", { thread: { id: THREAD } }), { threadId: THREAD });
});

test("approval requests route to their turn", () => {
  assert.deepEqual(SERVER_REQUEST_ROUTES["item/commandExecution/requestApproval"], {
    thread: ["threadId"],
    turn: ["turnId"],
  });
});

test("routeOf leaves out what a message does not carry", () => {
  assert.deepEqual(routeOf("account/updated", { authMode: null }), {});
  assert.deepEqual(routeOf("hook/started", { threadId: THREAD, turnId: null }), {
    threadId: THREAD,
  });
  assert.deepEqual(routeOf("future/thing", { threadId: THREAD }), {});
  assert.deepEqual(routeOf("item/agentMessage/delta", null), {});
});
