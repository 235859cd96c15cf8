/**
 * Stage 4: `types.ts` (every stable type, one type-only module) and `experimental/types.ts`
 * (the experimental types that are new, differ, or mention one that differs; the rest are
 * imported from `../types.ts`, so each file is exactly its surface, with no merging).
 *
 * @module
 */

import { compare, header, type TsDecl } from "./common.ts";
import type { TypeDocs } from "./jsdoc.ts";

/** `types.ts`: every type of the stable surface, each with its JSDoc. */
export function emitTypes(types: Map<string, TsDecl>, docs: TypeDocs, version: string): string {
  const names = [...types.keys()].sort(compare);
  return header(
    version,
    "\n// Every type of the stable app-server protocol, from `codex app-server generate-ts`.",
  ) +
    "\n" + names.map((n) => docs.declaration(types.get(n)!)).join("\n\n") + "\n";
}

/** Names of experimental types that are new, differ from stable, or mention such a type. */
export function experimentalTypeNames(
  stable: Map<string, TsDecl>,
  experimental: Map<string, TsDecl>,
): Set<string> {
  const dirty = new Set<string>();
  for (const [name, decl] of experimental) {
    const s = stable.get(name);
    if (!s || s.text !== decl.text) dirty.add(name);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, decl] of experimental) {
      if (!dirty.has(name) && decl.deps.some((d) => dirty.has(d))) {
        dirty.add(name);
        grew = true;
      }
    }
  }
  return dirty;
}

/** `experimental/types.ts`: the types in `dirty`, importing the rest from `../types.ts`. */
export function emitExperimentalTypes(
  types: Map<string, TsDecl>,
  dirty: Set<string>,
  docs: TypeDocs,
  version: string,
): string {
  const names = [...dirty].sort(compare);
  const imported = new Set<string>();
  for (const n of names) for (const d of types.get(n)!.deps) if (!dirty.has(d)) imported.add(d);
  return header(
    version,
    "\n// The experimental types (`generate-ts --experimental`) that are new or differ from ../types.ts;" +
      "\n// every other type is the stable one.",
  ) +
    `\nimport type { ${[...imported].sort(compare).join(", ")} } from "../types.ts";\n\n` +
    names.map((n) => docs.declaration(types.get(n)!)).join("\n\n") + "\n";
}
