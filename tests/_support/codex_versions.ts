/**
 * The codex binaries of other versions that the version-window tests run: the oldest supported
 * one (MIN) and one older than it (0.150.0), installed from the registry as aliases of their
 * linux-x64 platform packages (`codex-min-linux-x64`, `codex-old-linux-x64`). They are
 * optionalDependencies of the (private, never published) dev manifest, as @openai/codex's own
 * platform packages are: as devDependencies, their `os`/`cpu` fields would make `npm ci` fail
 * with EBADPLATFORM on any other platform. There they are not installed, and the tests say they
 * skipped and why.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

/** A binary of another version (its version from the installed package), or why there is none here. */
export type OtherCodex = { bin: string; version: string; skip?: undefined } | { bin?: undefined; version?: undefined; skip: string };

const BINARY = "vendor/x86_64-unknown-linux-musl/bin/codex";

function find(alias: string): OtherCodex {
  const platform = `${process.platform}-${process.arch}`;
  if (platform !== "linux-x64") {
    return { skip: `${alias} (a codex binary) is installed on linux-x64 only; this is ${platform}` };
  }
  // From tests/_support (source) or npm/tests/_support (the Node build): walk up to node_modules.
  for (let dir = dirname(fileURLToPath(import.meta.url));; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", alias, BINARY);
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(join(dir, "node_modules", alias, "package.json"), "utf8"));
      return { bin: candidate, version: String(manifest.version).replace(/-linux-x64$/, "") };
    }
    if (dirname(dir) === dir) break;
  }
  // On linux-x64 npm installs it: missing means a broken install (or --omit=optional), not a skip.
  throw new Error(`${alias} not found: node_modules/${alias}/${BINARY} (run npm ci)`);
}

/** The oldest supported binary (MIN_CODEX_VERSION). */
export const minCodex: OtherCodex = find("codex-min-linux-x64");
/** A binary older than the minimum (0.150.0). */
export const oldCodex: OtherCodex = find("codex-old-linux-x64");

/**
 * The `skip` option for tests that need `codex`: false when it is installed, else the reason —
 * also printed, since Deno and Bun show a skipped test without the reason node:test was given.
 */
export function skipWithout(codex: OtherCodex, tests: string): string | false {
  if (!codex.skip) return false;
  console.log(`skipped: ${tests}: ${codex.skip}`);
  return codex.skip;
}
