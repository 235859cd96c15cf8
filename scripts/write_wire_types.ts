/**
 * Writes `src/protocol/wire_types.ts`: the generated wire types, as the entry points
 * (`@codex/sdk`, `@codex/sdk/protocol`, `@codex/sdk/client`) re-export them.
 *
 * ```sh
 * deno run -A scripts/write_wire_types.ts          # after `deno task generate`
 * deno run -A scripts/write_wire_types.ts --check  # exit 1 when the file is stale
 * ```
 *
 * Why a written list instead of `export type *`: a star export cannot leave a name out, and some
 * generated names must not be exported as they are, or one name would mean two things across the
 * entries:
 * - the generated `Thread` (the wire record) is exported as `ThreadInfo`, because `Thread` is the
 *   SDK's class in `@codex/sdk`;
 * - an experimental type whose name a stable type already has (the experimental
 *   `ThreadStartParams` has more fields) is exported with the prefix `Experimental`
 *   (`Thread` becomes `ExperimentalThreadInfo`). Experimental types with new names keep them.
 * Every entry needs the experimental types too: `CodexClient.requestExperimental` names them.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const STABLE = "src/protocol/generated/types.ts";
const EXPERIMENTAL = "src/protocol/generated/experimental/types.ts";
const TARGET = "src/protocol/wire_types.ts";

/** Generated names exported under another name: `Thread` is the SDK's class. */
export const RENAMED: Readonly<Record<string, string>> = { Thread: "ThreadInfo" };

/** The names a generated module exports (`export type X` / `export interface X`). */
export function exportedTypeNames(source: string): string[] {
  return [...source.matchAll(/^export (?:type|interface) ([A-Za-z0-9_$]+)/gm)].map((m) => m[1]);
}

/** The text of `src/protocol/wire_types.ts` for these generated sources. */
export function wireTypesModule(stableSource: string, experimentalSource: string): string {
  const stable = exportedTypeNames(stableSource).sort();
  const stableNames = new Set(stable);
  const experimental = exportedTypeNames(experimentalSource).sort();
  const line = (name: string, as: string | undefined): string => as && as !== name ? `  ${name} as ${as},` : `  ${name},`;
  const stableLines = stable.map((name) => line(name, RENAMED[name]));
  const experimentalLines = experimental.map((name) =>
    line(name, stableNames.has(name) ? `Experimental${RENAMED[name] ?? name}` : undefined)
  );
  return [
    "// Written by `deno run -A scripts/write_wire_types.ts` from the generated protocol; do not edit.",
    "// The generated wire types as the entry points export them: `Thread` as `ThreadInfo` (`Thread`",
    "// is the SDK's class), and experimental types whose name a stable type has with the prefix",
    "// `Experimental`, so that no name means two things. See the script for why this is a list.",
    "",
    "export type {",
    ...stableLines,
    `} from "./generated/types.ts";`,
    "",
    "export type {",
    ...experimentalLines,
    `} from "./generated/experimental/types.ts";`,
    "",
  ].join("\n");
}

if (import.meta.main) {
  const read = (path: string): Promise<string> => Deno.readTextFile(join(ROOT, path));
  const wanted = wireTypesModule(await read(STABLE), await read(EXPERIMENTAL));
  const current = await read(TARGET).catch(() => "");
  if (Deno.args.includes("--check")) {
    if (current !== wanted) {
      console.error(`${TARGET} is stale: run \`deno run -A scripts/write_wire_types.ts\``);
      Deno.exit(1);
    }
    console.log(`${TARGET} is up to date`);
  } else if (current !== wanted) {
    await Deno.writeTextFile(join(ROOT, TARGET), wanted);
    console.log(`wrote ${TARGET}`);
  }
}
