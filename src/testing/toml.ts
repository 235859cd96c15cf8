/**
 * The TOML helpers behind the mock `config.toml`: the SDK's one TOML writer (`util/toml.ts`,
 * also behind `-c` config flags) plus a deep merge for layering config over the defaults.
 *
 * @example
 * ```ts
 * import { encodeToml, mergeToml } from "./toml.ts";
 * encodeToml(mergeToml({ model: "mock-model" }, { features: { web_search: false } }));
 * // 'model = "mock-model"\n\n[features]\nweb_search = false\n'
 * ```
 * @module
 */

import { isTomlTable, type TomlTable, type TomlValue } from "../util/toml.ts";

export { encodeToml, isTomlTable, type TomlTable, type TomlValue } from "../util/toml.ts";

/**
 * Deep-merges `override` into `base`: nested tables merge, everything else replaces.
 *
 * @example
 * ```ts
 * mergeToml({ a: { b: 1, c: 2 } }, { a: { c: 3 } }); // { a: { b: 1, c: 3 } }
 * ```
 */
export function mergeToml(base: TomlTable, override: TomlTable): TomlTable {
  const out: Record<string, TomlValue | undefined> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isTomlTable(current) && isTomlTable(value) ? mergeToml(current, value) : value;
  }
  return out;
}

/** A value of the mock's `config.toml` (the SDK's one TOML value type). */
export type MockConfigValue = TomlValue;
/** A table of the mock's `config.toml`: keys to values; a nested table becomes a `[section]`. */
export type MockConfigTable = TomlTable;
