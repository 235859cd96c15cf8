/**
 * Turns a `config` object into the app-server's `-c dotted.key=<TOML value>` flags: nested
 * objects become dotted keys, values are written as TOML (strings quoted and escaped, arrays
 * and inline tables for objects inside arrays).
 *
 * @example
 * ```ts
 * import { configFlags } from "@codex/sdk/client";
 *
 * configFlags({ model: "o3", sandbox_workspace_write: { network_access: true } });
 * // ["-c", 'model="o3"', "-c", "sandbox_workspace_write.network_access=true"]
 * ```
 * @module
 */

import { InvalidArgumentError } from "../errors.ts";

/** A value that can be written as TOML. */
export type TomlValue = string | number | boolean | Date | TomlValue[] | { [key: string]: TomlValue };

/** A config object: keys are config.toml keys, nested objects are tables. */
export type ConfigObject = { [key: string]: TomlValue | undefined };

/** Flattens `config` into `-c key=value` argument pairs, in key order. */
export function configFlags(config: ConfigObject): string[] {
  const flags: string[] = [];
  const walk = (object: ConfigObject, prefix: string): void => {
    for (const [key, value] of Object.entries(object)) {
      if (value === undefined) continue;
      const dotted = prefix + tomlKey(key);
      if (isTable(value) && Object.keys(value).length > 0) {
        walk(value, `${dotted}.`);
      } else {
        flags.push("-c", `${dotted}=${tomlValue(value, dotted)}`);
      }
    }
  };
  walk(config, "");
  return flags;
}

function isTable(value: unknown): value is ConfigObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

function tomlValue(value: unknown, where: string): string {
  switch (typeof value) {
    case "string":
      // A JSON string is a valid TOML basic string: JSON's escapes are a subset of TOML's.
      return JSON.stringify(value);
    case "boolean":
      return String(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new InvalidArgumentError(`config.${where}`, `${value} cannot be written as TOML; use a finite number`);
      }
      return String(value);
    case "object":
      if (value === null) {
        throw new InvalidArgumentError(`config.${where}`, "TOML has no null; leave the key out instead");
      }
      if (value instanceof Date) return value.toISOString();
      if (Array.isArray(value)) return `[${value.map((item, i) => tomlValue(item, `${where}[${i}]`)).join(", ")}]`;
      return `{${
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v, `${where}.${k}`)}`)
          .join(", ")
      }}`;
    default:
      throw new InvalidArgumentError(`config.${where}`, `a ${typeof value} cannot be written as TOML`);
  }
}
