// The root entry's import cost: what `import { Codex } from "@codex/sdk"` loads, and what it
// leaves to first use (the low-level client, the option rules, the protocol wrappers), and that
// a wrapper first used on a closed Codex fails like every other call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { TransportClosedError } from "../mod.ts";
import { harness } from "./_support/harness.ts";

// The repository root (the one with deno.json): on Node this test runs compiled from npm/tests/,
// and what it checks is always the TypeScript source.
const ROOT = ((dir: string): string => {
  while (!existsSync(join(dir, "deno.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})(dirname(fileURLToPath(import.meta.url)));

/**
 * The files a runtime loads with `file`, following static value imports and re-exports only:
 * `import type`, `export type` and imports whose every name is `type X` load nothing, and a
 * dynamic `import()` loads on first use.
 */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const statements = source.matchAll(/^(import|export)\s+(type\s+)?([^;]*?)\s*from\s*"(\.[^"]+)"/gms);
  for (const [, , typeOnly, clause, specifier] of statements) {
    if (typeOnly) continue;
    const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1].split(",").map((n) => n.trim()).filter(Boolean);
    if (names && names.length > 0 && names.every((n) => n.startsWith("type "))) continue;
    staticGraph(resolve(dirname(file), specifier), seen);
  }
  return seen;
}

test("importing the root entry loads neither the client, nor the option rules, nor the protocol wrappers", () => {
  const loaded = [...staticGraph(join(ROOT, "mod.ts"))].map((file) => relative(ROOT, file).replaceAll("\\", "/"));
  assert.ok(loaded.includes("src/api/codex.ts"), "the reader follows the root's imports");
  const onFirstUse = [
    "src/client/client.ts",
    "src/client/link.ts",
    "src/client/admission.ts",
    "src/client/start.ts",
    "src/api/option_rules.ts",
    "src/client/option_rules.ts",
    "src/api/on_demand.ts",
    "src/api/connected.ts",
    "src/api/starting.ts",
    "src/api/commands/commands.ts",
    "src/api/mcp/mcp.ts",
    "src/api/goals/goal.ts",
    "src/api/history.ts",
    "src/api/review/review.ts",
    "src/api/server_info.ts",
  ];
  assert.deepEqual(loaded.filter((file) => onFirstUse.includes(file)), []);
});

test("a lazily loaded wrapper first used after close rejects with TransportClosedError, like any other call", async () => {
  await using h = await harness();
  const thread = await h.codex.threadStart();
  await h.codex.close();
  await assert.rejects(h.codex.account(), TransportClosedError);
  await assert.rejects(h.codex.exec(["true"]), TransportClosedError);
  await assert.rejects(h.codex.skills(), TransportClosedError);
  await assert.rejects(h.codex.mcpServers(), TransportClosedError);
  await assert.rejects(thread.startGoal("finish"), TransportClosedError);
  await assert.rejects(thread.turns().next(), TransportClosedError);
  await assert.rejects(thread.review({ type: "uncommittedChanges" }), TransportClosedError);
});
