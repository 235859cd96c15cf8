/**
 * Writes `docs/protocol-coverage.md` from the generated method list and the SDK's wrappers (see
 * `scripts/lib/protocol_coverage.ts`).
 *
 * ```sh
 * deno run -A scripts/protocol_coverage.ts          # after an upgrade or a new wrapper
 * deno run -A scripts/protocol_coverage.ts --check  # exit 1 when the file is stale
 * ```
 *
 * @module
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { CLIENT_REQUEST_METHODS, CODEX_VERSION } from "../src/protocol/generated/methods.ts";
import { coverageMarkdown, coverageProblems, sentMethods } from "./lib/protocol_coverage.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const TARGET = join(ROOT, "docs", "protocol-coverage.md");

/** Every .ts file under `dir` (recursively), tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts") ? [path] : [];
  });
}

const sent = new Set([...sources(join(ROOT, "src", "api")), ...sources(join(ROOT, "src", "client"))]
  .flatMap((file) => sentMethods(readFileSync(file, "utf8"))));
const problems = coverageProblems(CLIENT_REQUEST_METHODS, sent);
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
const text = coverageMarkdown(CODEX_VERSION, CLIENT_REQUEST_METHODS);
if (process.argv.includes("--check")) {
  const current = (() => {
    try {
      return readFileSync(TARGET, "utf8");
    } catch {
      return "";
    }
  })();
  if (current !== text) {
    console.error("docs/protocol-coverage.md is stale: run deno run -A scripts/protocol_coverage.ts");
    process.exit(1);
  }
} else {
  writeFileSync(TARGET, text);
  console.log(`wrote ${TARGET}`);
}
