/**
 * The small TOML writer behind the mock `config.toml`. It covers only what a Codex config
 * needs: strings, numbers, booleans, arrays and nested tables. There is no TOML library
 * here on purpose: the kit must load on Deno, Bun and Node 20 with no JSR and no extra npm
 * dependency.
 *
 * @example
 * ```ts
 * import { encodeToml } from "./toml.ts";
 * encodeToml({ model: "mock-model", features: { web_search: false } });
 * // 'model = "mock-model"\n\n[features]\nweb_search = false\n'
 * ```
 * @module
 */

/** A value that can be written to TOML. */
export type MockConfigValue = string | number | boolean | readonly MockConfigValue[] | MockConfigTable;

/** A TOML table: keys to values; a nested table becomes a `[section]`. */
export interface MockConfigTable {
  /** A key and its value. */
  readonly [key: string]: MockConfigValue;
}

/**
 * Whether a value is a (nested) table rather than a scalar or an array.
 *
 * @example
 * ```ts
 * isTomlTable({ a: 1 }); // true
 * isTomlTable([1, 2]); // false
 * ```
 */
export function isTomlTable(value: MockConfigValue | undefined): value is MockConfigTable {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Writes a table as a TOML document: plain values first, then each nested table under its
 * dotted `[header]` (TOML requires a table's own keys to come before its sub-tables).
 *
 * @example
 * ```ts
 * encodeToml({ a: 1, b: { c: "x" } }); // 'a = 1\n\n[b]\nc = "x"\n'
 * ```
 */
export function encodeToml(table: MockConfigTable, path: readonly string[] = []): string {
  const lines: string[] = [];
  const subTables: [string, MockConfigTable][] = [];
  for (const [key, value] of Object.entries(table)) {
    if (isTomlTable(value)) subTables.push([key, value]);
    else lines.push(`${encodeKey(key)} = ${encodeValue(value)}`);
  }
  let out = "";
  if (path.length > 0) out += `[${path.map(encodeKey).join(".")}]\n`;
  if (lines.length > 0) out += lines.join("\n") + "\n";
  for (const [key, sub] of subTables) {
    out += (out === "" ? "" : "\n") + encodeToml(sub, [...path, key]);
  }
  return out;
}

/**
 * Deep-merges `override` into `base`: nested tables merge, everything else replaces.
 *
 * @example
 * ```ts
 * mergeToml({ a: { b: 1, c: 2 } }, { a: { c: 3 } }); // { a: { b: 1, c: 3 } }
 * ```
 */
export function mergeToml(base: MockConfigTable, override: MockConfigTable): MockConfigTable {
  const out: Record<string, MockConfigValue> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isTomlTable(current) && isTomlTable(value) ? mergeToml(current, value) : value;
  }
  return out;
}

function encodeKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : encodeString(key);
}

function encodeValue(value: MockConfigValue): string {
  if (typeof value === "string") return encodeString(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return encodeNumber(value);
  if (Array.isArray(value)) return `[${value.map(encodeValue).join(", ")}]`;
  // A table inside an array can only be written inline.
  const entries = Object.entries(value).map(([k, v]) => `${encodeKey(k)} = ${encodeValue(v)}`);
  return `{ ${entries.join(", ")} }`;
}

function encodeNumber(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return String(value);
}

// JSON string escapes are valid TOML basic-string escapes, except that TOML also forbids a
// raw DEL character.
function encodeString(value: string): string {
  return JSON.stringify(value).replaceAll("\x7f", "\\u007f");
}
