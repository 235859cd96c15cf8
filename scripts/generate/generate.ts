/**
 * All stages from the binary's raw output to the generated files' text (before formatting).
 *
 * @module
 */

import { METHOD_KINDS } from "./common.ts";
import { emitExperimentalMethods, emitMethods } from "./emit_methods.ts";
import { emitRouting } from "./emit_routing.ts";
import { emitExperimentalTypes, emitTypes, experimentalTypeNames } from "./emit_types.ts";
import { emitValidators } from "./emit_validators.ts";
import { TypeDocs } from "./jsdoc.ts";
import { RESPONSE_OVERRIDES } from "./overrides.ts";
import type { RawSurface } from "./read_binary.ts";
import { buildSurface } from "./surface.ts";

/** Generated file path (relative to the output folder) -> text. */
export function generate(
  stableRaw: RawSurface,
  experimentalRaw: RawSurface,
  version: string,
): Map<string, string> {
  const overridesUsed = new Set<string>();
  const stable = buildSurface(stableRaw, "stable surface", overridesUsed);
  const experimental = buildSurface(experimentalRaw, "experimental surface", overridesUsed);
  for (const method of Object.keys(RESPONSE_OVERRIDES)) {
    if (!overridesUsed.has(method)) {
      throw new Error(
        `RESPONSE_OVERRIDES["${method}"] is unnecessary: neither surface has ${method}`,
      );
    }
  }
  for (const kind of METHOD_KINDS) {
    const exp = new Set(experimental[kind].map((e) => e.method));
    const lost = stable[kind].filter((e) => !exp.has(e.method));
    if (lost.length > 0) {
      throw new Error(`experimental ${kind} lack stable ${lost.map((e) => e.method)}`);
    }
  }
  const stableDocs = new TypeDocs(stable);
  const experimentalDocs = new TypeDocs(experimental);

  const files = new Map<string, string>();
  files.set("types.ts", emitTypes(stable.types, stableDocs, version));
  files.set("methods.ts", emitMethods(stable, stableDocs, version));
  files.set("routing.ts", emitRouting(stable, experimental, version));
  files.set("validators.ts", emitValidators(stable, version, "stable", "./validators.ts"));

  const dirty = experimentalTypeNames(stable.types, experimental.types);
  files.set(
    "experimental/types.ts",
    emitExperimentalTypes(experimental.types, dirty, experimentalDocs, version),
  );
  files.set(
    "experimental/methods.ts",
    emitExperimentalMethods(stable, experimental, dirty, experimentalDocs, version),
  );
  files.set(
    "experimental/validators.ts",
    emitValidators(experimental, version, "experimental", "../validators.ts"),
  );
  return files;
}
