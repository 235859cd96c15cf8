/**
 * The one TOML writer: keys and values for `-c key=value` config flags (client), and whole
 * documents for the mock `config.toml` (testing). It covers what a Codex config needs — strings,
 * finite numbers, booleans, dates, arrays and tables — with no TOML library, so the SDK loads on
 * Deno, Bun and Node with no extra dependency.
 *
 * @example
 * ```ts
 * import { encodeToml } from "./toml.ts";
 *
 * encodeToml({ model: "mock-model", features: { web_search: false } });
 * // 'model = "mock-model"\n\n[features]\nweb_search = false\n'
 * ```
 * @module
 */

import { InvalidArgumentError } from "./errors.ts";

/** A value that can be written as TOML (`undefined` members of a table are left out). */
export type TomlValue = string | number | boolean | Date | readonly TomlValue[] | TomlTable;

/** A TOML table: keys to values; nested tables become `[sections]` or dotted keys. */
export interface TomlTable {
  /** A key and its value. */
  readonly [key: string]: TomlValue | undefined;
}

/** Whether a value is a (nested) table rather than a scalar, a date or an array. */
export function isTomlTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A key, bare when TOML allows it, else quoted. */
export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

/**
 * One value, inline (tables as `{k = v, …}`). Throws {@link InvalidArgumentError} naming `where`
 * for what TOML cannot hold (null, NaN, ±Infinity, functions, …).
 */
export function tomlValue(value: unknown, where: string): string {
  switch (typeof value) {
    case "string":
      return tomlString(value);
    case "boolean":
      return String(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new InvalidArgumentError(where, `${value} cannot be written as TOML; use a finite number`);
      }
      return String(value);
    case "object":
      if (value === null) throw new InvalidArgumentError(where, "TOML has no null; leave the key out instead");
      if (value instanceof Date) return value.toISOString();
      if (Array.isArray(value)) return `[${value.map((item, i) => tomlValue(item, `${where}[${i}]`)).join(", ")}]`;
      return `{${
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v, `${where}.${k}`)}`)
          .join(", ")
      }}`;
    default:
      throw new InvalidArgumentError(where, `a ${typeof value} cannot be written as TOML`);
  }
}

/**
 * A table as a TOML document: plain values first, then each nested table under its dotted
 * `[header]` (TOML requires a table's own keys to come before its sub-tables).
 */
export function encodeToml(table: TomlTable, path: readonly string[] = []): string {
  const lines: string[] = [];
  const subTables: [string, TomlTable][] = [];
  for (const [key, value] of Object.entries(table)) {
    if (value === undefined) continue;
    if (isTomlTable(value)) subTables.push([key, value]);
    else lines.push(`${tomlKey(key)} = ${tomlValue(value, [...path, key].join("."))}`);
  }
  let out = "";
  if (path.length > 0) out += `[${path.map(tomlKey).join(".")}]\n`;
  if (lines.length > 0) out += lines.join("\n") + "\n";
  for (const [key, sub] of subTables) {
    out += (out === "" ? "" : "\n") + encodeToml(sub, [...path, key]);
  }
  return out;
}

// JSON string escapes are valid TOML basic-string escapes, except that TOML also forbids a raw
// DEL character.
function tomlString(value: string): string {
  return JSON.stringify(value).replaceAll("\x7f", "\\u007f");
}
