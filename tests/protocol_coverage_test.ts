// docs/protocol-coverage.md is what scripts/protocol_coverage.ts would write now: every client
// request of the pinned protocol with its high-level method or "client only", and the table of
// API names agrees with the methods the sources send.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CLIENT_REQUEST_METHODS, CODEX_VERSION } from "../src/protocol/generated/methods.ts";
import { API_METHODS, coverageMarkdown, coverageProblems, sentMethods } from "../scripts/lib/protocol_coverage.ts";
import { repoRoot } from "./_support/repo_root.ts";


const ROOT = repoRoot();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts") ? [path] : [];
  });
}

test("every method the SDK sends has an API name in the coverage table, and every name is sent", () => {
  const sent = new Set(
    [...sources(join(ROOT, "src", "api")), ...sources(join(ROOT, "src", "client"))]
      .flatMap((file) => sentMethods(readFileSync(file, "utf8"))),
  );
  assert.deepEqual(coverageProblems(CLIENT_REQUEST_METHODS, sent), []);
});

test("docs/protocol-coverage.md is fresh (run deno run -A scripts/protocol_coverage.ts)", () => {
  const current = readFileSync(join(ROOT, "docs", "protocol-coverage.md"), "utf8");
  assert.equal(current, coverageMarkdown(CODEX_VERSION, CLIENT_REQUEST_METHODS));
});

test("a method added by an upgrade shows as client only", () => {
  const text = coverageMarkdown("9.9.9", [...CLIENT_REQUEST_METHODS, "brand/new"]);
  assert.match(text, /\| `brand\/new` \| client only \|/);
  assert.match(text, new RegExp(`${Object.keys(API_METHODS).length} of ${CLIENT_REQUEST_METHODS.length + 1} methods`));
});
