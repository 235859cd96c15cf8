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

import { isTomlTable, tomlKey, type TomlValue, tomlValue } from "../util/toml.ts";

export type { TomlValue } from "../util/toml.ts";

/** A config object: keys are config.toml keys, nested objects are tables. */
export type ConfigObject = { [key: string]: TomlValue | undefined };

/** Flattens `config` into `-c key=value` argument pairs, in key order. */
export function configFlags(config: ConfigObject): string[] {
  const flags: string[] = [];
  const walk = (object: ConfigObject, prefix: string): void => {
    for (const [key, value] of Object.entries(object)) {
      if (value === undefined) continue;
      const dotted = prefix + tomlKey(key);
      if (isTomlTable(value) && Object.keys(value).length > 0) {
        walk(value as ConfigObject, `${dotted}.`);
      } else {
        flags.push("-c", `${dotted}=${tomlValue(value, `config.${dotted}`)}`);
      }
    }
  };
  walk(config, "");
  return flags;
}
