/**
 * Generates the protocol code (`src/protocol/generated/`, `OUT_DIR` in paths.ts) from the pinned
 * `codex` binary. Run it with `deno task generate`; `deno task generate --check` regenerates
 * into a temporary directory and fails (exit 1, with a summary of the differences) when the
 * output folder is not byte-identical to it.
 *
 * Options: `--codex-bin PATH` (else env `CODEX_BIN`, else the platform binary of the pinned
 * `@openai/codex` package in this repo's node_modules), `--out DIR` (default `OUT_DIR`).
 *
 * Inputs, all produced offline by the binary: `codex app-server generate-ts [--experimental]`
 * (ts-rs: the types, and the method lists of its envelope unions) and
 * `codex app-server generate-json-schema [--experimental]` (the method lists, the validators
 * and the routes). The stages, one module each:
 *
 * | stage | module |
 * |---|---|
 * | reading the binary's output | `read_binary.ts` |
 * | flattening the ts-rs types | `flatten.ts` |
 * | method tables (schema + generate-ts, responses) | `surface.ts`, `emit_methods.ts` |
 * | types and the experimental split | `emit_types.ts` |
 * | JSDoc for every type and map member | `jsdoc.ts` |
 * | routing tables | `emit_routing.ts` |
 * | validators | `validator_schema.ts`, `validator_compiler.ts`, `emit_validators.ts` |
 * | writing and the `--check` freshness check | `write.ts` |
 *
 * The hand-kept tables (`overrides.ts`) are checked against the binary on every run.
 *
 * @module
 */

import { join, OUT_DIR, pinnedBinary, REPO_ROOT } from "./paths.ts";
import { readSurface, readVersion } from "./read_binary.ts";
import { generate } from "./generate.ts";
import { compareDirs, replaceDir, writeFormatted } from "./write.ts";

/** The command line. */
export interface Options {
  /** Compare instead of writing. */
  check: boolean;
  /** The codex binary to read. */
  codexBin: string;
  /** The output folder. */
  outDir: string;
}

/** Parses the command line (see the module doc). */
export function parseOptions(args: string[]): Options {
  let check = false;
  let codexBin = Deno.env.get("CODEX_BIN") ?? "";
  let outDir = join(REPO_ROOT, OUT_DIR);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--check") check = true;
    else if (arg === "--codex-bin") codexBin = args[++i];
    else if (arg.startsWith("--codex-bin=")) codexBin = arg.slice("--codex-bin=".length);
    else if (arg === "--out") outDir = args[++i];
    else if (arg.startsWith("--out=")) outDir = arg.slice("--out=".length);
    else throw new Error(`unknown argument ${arg}`);
  }
  return { check, codexBin: codexBin || pinnedBinary(), outDir };
}

/** Generates (or checks) the output folder; returns the process exit code. */
export async function main(options: Options): Promise<number> {
  const version = await readVersion(options.codexBin);
  const tmp = await Deno.makeTempDir({ prefix: "codex-protocol-" });
  try {
    const files = generate(
      await readSurface(options.codexBin, join(tmp, "stable"), false),
      await readSurface(options.codexBin, join(tmp, "experimental"), true),
      version,
    );
    const outTmp = join(tmp, "out");
    await writeFormatted(outTmp, files);
    if (options.check) {
      const problems = await compareDirs(outTmp, options.outDir);
      if (problems.length > 0) {
        console.error(
          `${options.outDir} is stale (${problems.length} difference(s)); run \`deno task generate\`:`,
        );
        for (const p of problems) console.error(`  ${p}`);
        return 1;
      }
      console.log(`${options.outDir} is up to date with codex ${version}`);
      return 0;
    }
    await replaceDir(outTmp, options.outDir);
    console.log(`wrote ${files.size} files to ${options.outDir} from codex ${version}`);
    return 0;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main(parseOptions(Deno.args)));
  } catch (error) {
    console.error(`generate: ${error instanceof Error ? error.message : error}`);
    Deno.exit(2);
  }
}
