/**
 * The repository's root folder, for tests that read its files (README, src/, scripts/): the
 * nearest folder holding the dev toolchain's package.json (`codex-sdk-dev`), above this file
 * (tests/ in the source, npm/tests/ in the compiled copy Node runs) or, failing that, above the
 * working directory.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

function isRepoRoot(dir: string): boolean {
  try {
    return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name === "codex-sdk-dev";
  } catch {
    return false; // no package.json here
  }
}

function upFrom(start: string): string | undefined {
  for (let dir = start;; dir = dirname(dir)) {
    if (isRepoRoot(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The repository root; throws when there is none above this file or the working directory. */
export function repoRoot(): string {
  let here: string | undefined;
  try {
    here = upFrom(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // not a file: URL (bundled)
  }
  const root = here ?? upFrom(process.cwd());
  if (!root) throw new Error("cannot find the repository root (the package.json named codex-sdk-dev)");
  return root;
}
