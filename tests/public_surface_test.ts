/**
 * The public surface is deliberate: the application entry stays small and free of machinery,
 * no name means two things across the entry points, every exported symbol is documented, and
 * the list of exported wire types follows the generated protocol.
 *
 * The checks that read the documentation run `deno doc` (the tool JSR scores packages with).
 * What it reports does not depend on the runtime running the test, so they run once, on Deno.
 */

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as app from "../mod.ts";
import { repoRoot } from "./_support/repo_root.ts";


const ROOT = repoRoot();
const DENO = join(ROOT, "node_modules", ".bin", "deno");
const ENTRIES: Record<string, string> = JSON.parse(readFileSync(join(ROOT, "deno.json"), "utf8")).exports;
const ONCE = typeof (globalThis as { Deno?: unknown }).Deno === "undefined"
  ? "reads deno doc, whose answer does not depend on the runtime: runs on Deno only"
  : false;

/**
 * At most this many runtime values in `@codex/sdk`: every one is a promise kept for years.
 * 54 = the 50 of the entry-points release, plus the four error classes an application catches
 * that used to be a bare `CodexError` code (`PoolDownError`, `SpawnFailedError`,
 * `LoginInterruptedError`, `DependencyMissingError`): a class one catches belongs where the call
 * that throws it is imported. Errors that are only reported to a logger live in `/client`.
 */
const MAX_APP_VALUES = 54;

/** Machinery: parts the SDK is built from, which `@codex/sdk` must not export. */
const MACHINERY = [
  "JsonRpcPeer",
  "LineSplitter",
  "LineStream",
  "AsyncQueue",
  "TurnRouter",
  "StderrTail",
  "SecretRedactor",
  "buildTurnResult",
  "startProcessConnection",
  "streamConnection",
  "reconnectingConnection",
  "loadValidator",
  "toUserInputs",
  "threadPresetParams",
  "turnPresetParams",
  "prepareOutputSchema",
  "initializeParams",
  "answerProblem",
  "rpcErrorFromWire",
];

test(`@codex/sdk exports at most ${MAX_APP_VALUES} runtime values`, () => {
  const values = Object.keys(app);
  assert.ok(
    values.length <= MAX_APP_VALUES,
    `mod.ts exports ${values.length} runtime values (${values.sort().join(", ")}); ` +
      "machinery belongs in a named entry (client, rpc, protocol)",
  );
});

test("@codex/sdk exports none of the machinery", () => {
  const leaked = MACHINERY.filter((name) => name in app);
  assert.deepEqual(leaked, [], `mod.ts exports machinery: ${leaked.join(", ")}`);
});

interface DocSymbol {
  name: string;
  declarations: { location: { filename: string; line: number } }[];
}

/** Every exported name of an entry point, with where its declaration is. */
function exportedSymbols(entry: string): Map<string, string> {
  const json = execFileSync(DENO, ["doc", "--json", entry], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 });
  const doc = JSON.parse(json) as { nodes: Record<string, { symbols: DocSymbol[] }> };
  const symbols = new Map<string, string>();
  for (const { symbols: list } of Object.values(doc.nodes)) {
    for (const symbol of list) {
      const where = symbol.declarations
        .map(({ location }) => `${location.filename.replace(`file://${ROOT}/`, "")}:${location.line}`)
        .sort()
        .join(" + ");
      symbols.set(symbol.name, where);
    }
  }
  return symbols;
}

/**
 * Entries whose names are another package's promise: `@codex/sdk/compat` is a drop-in for
 * `@openai/codex-sdk`, so its `Codex`, `Thread`, `TurnOptions`, … are that package's (pinned by
 * tests/types/compat_types.ts), not this SDK's.
 */
const FOREIGN_NAMES = new Set(["./compat"]);

test("@codex/sdk/compat exports the official SDK's classes and the compat errors, nothing else at run time", async () => {
  const compat = await import("../compat.ts");
  assert.deepEqual(Object.keys(compat).sort(), ["Codex", "CompatArgumentError", "ExecExitError", "Thread", "TurnFailedCompatError"]);
});

test("no name means two things across the entry points", { skip: ONCE }, () => {
  const meanings = new Map<string, Map<string, string[]>>(); // name → declaration → entries
  for (const [entry, file] of Object.entries(ENTRIES)) {
    if (FOREIGN_NAMES.has(entry)) continue;
    for (const [name, where] of exportedSymbols(file)) {
      const byDeclaration = meanings.get(name) ?? new Map<string, string[]>();
      byDeclaration.set(where, [...(byDeclaration.get(where) ?? []), entry]);
      meanings.set(name, byDeclaration);
    }
  }
  const clashes = [...meanings]
    .filter(([, byDeclaration]) => byDeclaration.size > 1)
    .map(([name, byDeclaration]) =>
      `${name}: ${[...byDeclaration].map(([where, entries]) => `${entries.join(", ")} → ${where}`).join("; ")}`
    );
  assert.deepEqual(clashes, [], "one name, two declarations; rename one or export the same one");
});

interface DocLintError {
  rule: string;
  file: string;
  message: string;
}

/** `deno doc --lint` over every entry point at once, as JSR scores the package. */
function docLintErrors(): DocLintError[] {
  const result = spawnSync(DENO, ["doc", "--lint", ...Object.values(ENTRIES)], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: "1" },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  const errors: DocLintError[] = [];
  for (const match of output.matchAll(/^error\[([a-z-]+)\]: (.*)\n\s*--> (\S+)/gm)) {
    errors.push({ rule: match[1], message: match[2], file: match[3].replace(`${ROOT}/`, "") });
  }
  if (result.status !== 0 && errors.length === 0) {
    throw new Error(`deno doc --lint failed without a lint error:\n${output}`);
  }
  return errors;
}

test("deno doc --lint finds nothing to fix in any entry point", { skip: ONCE }, () => {
  const errors = docLintErrors();
  assert.deepEqual(
    errors.map(({ rule, file, message }) => `${rule} ${file}: ${message}`),
    [],
    "document every exported symbol, and export every type a public signature names",
  );
});

test("the exported wire types follow the generated protocol", { skip: ONCE }, () => {
  const result = spawnSync(DENO, ["run", "-A", "scripts/write_wire_types.ts", "--check"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  assert.equal(result.status, 0, result.stderr);
});

test("@codex/sdk/ai exports the provider, its model class, its options' defaults and its errors", async () => {
  const ai = await import("../ai.ts");
  assert.deepEqual(Object.keys(ai).sort(), [
    "CODEX_TOOL_NAMES",
    "CodexLanguageModel",
    "CodexPromptError",
    "DEFAULT_TOOL_CALL_SETTLE_MS",
    "DEFAULT_TOOL_RESULT_TIMEOUT_MS",
    "createCodex",
  ]);
});
