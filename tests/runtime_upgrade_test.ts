/**
 * The runtime upgrade tooling (`npm run upgrade-runtime`): the table of places where the pinned
 * `@openai/codex` version is written, the protocol diff it writes into CHANGELOG.md, and how it
 * places that diff under "Unreleased".
 */

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { CODEX_VERSION } from "../src/protocol/generated/methods.ts";
import { PIN_PLACES, pinMismatches, readPins, rewritePlace } from "../scripts/lib/runtime_pin.ts";
import { diffMarkdown, summarize } from "../scripts/lib/protocol_diff.ts";
import { EMPTY_CHANGELOG, putUnreleasedSection } from "../scripts/lib/changelog.ts";
import { repoRoot } from "./_support/repo_root.ts";

const ROOT = repoRoot();
const load = (path: string) => readFileSync(join(ROOT, path), "utf8");

test("every place the runtime pin is written says the version the protocol was generated from", () => {
  assert.deepEqual(pinMismatches(load, CODEX_VERSION), []);
  const paths = readPins(load).map((r) => r.place.path);
  for (const path of ["package.json", "package-lock.json", "README.md"]) {
    assert.ok(paths.includes(path), path);
  }
});

test("a place that says another version is named with the version it says", () => {
  const stale = (path: string) =>
    path === "docs/reliability.md" ? load(path).replaceAll(CODEX_VERSION, "0.1.2") : load(path);
  const problems = pinMismatches(stale, CODEX_VERSION);
  assert.equal(problems.length, 1, problems.join("\n"));
  assert.match(problems[0], /^docs\/reliability\.md: .* is 0\.1\.2, not /);
});

test("rewriting a text place changes the pinned version and nothing else", () => {
  const readme = PIN_PLACES.find((p) => p.path === "README.md")!;
  const text = `npm install @openai/codex@${CODEX_VERSION}; observed on ${CODEX_VERSION}.`;
  assert.equal(
    rewritePlace(readme, text, "9.8.7"),
    `npm install @openai/codex@9.8.7; observed on ${CODEX_VERSION}.`,
  );
});

/** A tiny generated folder: `methods` are ClientRequestMap lines, `types` declarations. */
function generated(methods: string, types: string) {
  const files: Record<string, string> = {
    "methods.ts": `export interface ClientRequestMap {\n${methods}\n}\n`,
    "types.ts": types,
  };
  return summarize((path) => files[path] ?? null);
}

test("the protocol diff lists methods and types added, removed and changed", () => {
  const before = generated(
    `  /** Reads. */\n  "a/read": { params: AParams; response: AResponse };\n  "b/gone": { params?: undefined; response: BResponse };`,
    `export type AParams = { id: string; old: number };\n\nexport type Kind = "x" | "y";\n\nexport type Gone = string;\n`,
  );
  const after = generated(
    `  "a/read": { params: AParams; response: AResponse2 };\n  "c/new": { params: CParams; response: CResponse };`,
    `/** Doc. */\nexport type AParams = { id: string | null; extra?: boolean };\n\nexport type Kind = "x" | "z";\n\nexport type CParams = {};\n`,
  );
  const md = diffMarkdown(before, after, "Protocol: 1 → 2");
  assert.match(md, /^### Protocol: 1 → 2$/m);
  assert.match(md, /Methods added \(1\):\n\n- `c\/new` \(request\)/);
  assert.match(md, /Methods removed \(1\):\n\n- `b\/gone` \(request\)/);
  assert.match(
    md,
    /Methods changed \(1\):\n\n- `a\/read` \(request\): .*AResponse2.*\(was .*AResponse\b/,
  );
  assert.match(md, /Types added \(1\):\n\n- `CParams`/);
  assert.match(md, /Types removed \(1\):\n\n- `Gone`/);
  assert.match(
    md,
    /- `AParams`: \+ `extra\?: boolean`; - `old`; `id`: `string` → `string \| null`/,
  );
  assert.match(md, /- `Kind`: \+ `"z"`; - `"y"`/);
});

test("the protocol diff says so when nothing changed", () => {
  const same = generated(`  "a": { params: A; response: B };`, "export type A = string;\n");
  assert.match(diffMarkdown(same, same, "P"), /No change to the protocol's methods or types\./);
});

test("a changelog section goes under Unreleased and replaces its own earlier version", () => {
  const released = EMPTY_CHANGELOG.replace(
    "## Unreleased\n",
    "## Unreleased\n\n### Fixed\n\n- x\n\n## 0.1.0\n\n- first\n",
  );
  const once = putUnreleasedSection(released, "### Protocol: a → b\n\n- one\n");
  const twice = putUnreleasedSection(once, "### Protocol: a → b\n\n- two\n");
  assert.match(
    twice,
    /## Unreleased\n\n### Fixed\n\n- x\n\n### Protocol: a → b\n\n- two\n\n## 0\.1\.0\n\n- first\n$/,
  );
  assert.doesNotMatch(twice, /- one/);
  assert.match(
    putUnreleasedSection("# Changelog\n", "### P\n\n- p\n"),
    /^# Changelog\n\n## Unreleased\n\n### P\n\n- p\n$/,
  );
});
