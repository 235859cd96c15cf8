/**
 * How the official SDK's options reach one shared app-server. `codex exec` takes them as flags
 * per process; here the `CodexOptions` become the app-server's start options (its `-c`
 * overrides, environment and binary) and the `ThreadOptions` the thread's own settings
 * (`thread/start` / `thread/resume` fields and config overrides), the same values under the
 * same config keys. Config objects are flattened and checked with the official SDK's rules and
 * error messages.
 *
 * @example
 * ```ts
 * import { configOverrideFlags } from "./options.ts";
 *
 * configOverrideFlags({ sandbox_workspace_write: { network_access: true } });
 * // ["sandbox_workspace_write.network_access=true"]
 * ```
 * @module
 */

import type { CodexStartOptions } from "../api/options.ts";
import type { ThreadStartOptions } from "../api/codex.ts";
import type { JsonValue } from "../protocol/generated/types.ts";
import type { CodexConfigObject, CodexOptions, ThreadOptions } from "./types.ts";
import { CompatArgumentError } from "./errors.ts";

/** The originator `@openai/codex-sdk` announces (its env var), kept so servers see the same client. */
const ORIGINATOR_ENV = "CODEX_INTERNAL_ORIGINATOR_OVERRIDE";
const ORIGINATOR = "codex_sdk_ts";

/** The app-server's start options for a compat `Codex`. */
export function startOptionsFor(options: CodexOptions): CodexStartOptions {
  const overrides = [...configOverrideFlags(options.config), ...(options.configOverrides ?? [])];
  if (options.baseUrl) overrides.push(`openai_base_url=${tomlValue(options.baseUrl, "openai_base_url")}`);
  // The official rule: `env` replaces the inherited environment; without it, this process's is
  // inherited. The originator is set only in an `env` given without one (inherited, this
  // client's name, `codex_sdk_ts`, names it anyway).
  const env: Record<string, string> = options.env ? { ...options.env } : {};
  if (options.env && !env[ORIGINATOR_ENV]) env[ORIGINATOR_ENV] = ORIGINATOR;
  if (options.apiKey) env.CODEX_API_KEY = options.apiKey;
  return {
    ...(options.codexPathOverride ? { codexBin: options.codexPathOverride } : {}),
    configOverrides: overrides,
    env,
    clearEnv: options.env !== undefined,
    keepAlive: false,
    // The cyber program of a turn is an experimental turn/start field.
    experimentalApi: true,
  };
}

/**
 * A thread's settings as `thread/start` (or `thread/resume`) params. `codex exec` runs with the
 * approval policy `never` whatever `approvalPolicy` says (observed on the pinned binary: the
 * model is told escalation is refused), so the thread gets `never` too.
 */
export function threadParamsFor(options: ThreadOptions, isNew: boolean): ThreadStartOptions {
  const config: Record<string, JsonValue> = {};
  if (options.modelReasoningEffort) config.model_reasoning_effort = options.modelReasoningEffort;
  if (options.networkAccessEnabled !== undefined) {
    config["sandbox_workspace_write.network_access"] = options.networkAccessEnabled;
  }
  if (options.webSearchMode) config.web_search = options.webSearchMode;
  else if (options.webSearchEnabled === true) config.web_search = "live";
  else if (options.webSearchEnabled === false) config.web_search = "disabled";
  if (options.additionalDirectories?.length) {
    config["sandbox_workspace_write.writable_roots"] = [...options.additionalDirectories];
  }
  return {
    ...(options.model ? { model: options.model } : {}),
    ...(options.sandboxMode ? { sandbox: options.sandboxMode } : {}),
    ...(options.workingDirectory ? { cwd: options.workingDirectory } : {}),
    ...(isNew && options.threadSource !== undefined ? { threadSource: options.threadSource as never } : {}),
    approvalPolicy: "never",
    ...(Object.keys(config).length ? { config } : {}),
  } as ThreadStartOptions;
}

/** Flattens a config object into `key=value` overrides (TOML values), as the official SDK does. */
export function configOverrideFlags(config: CodexConfigObject | undefined): string[] {
  if (config === undefined) return [];
  const flags: string[] = [];
  flatten(config, "", flags);
  return flags;
}

function flatten(value: unknown, prefix: string, flags: string[]): void {
  if (!isPlainObject(value)) {
    if (!prefix) throw new CompatArgumentError("config", "Codex config overrides must be a plain object");
    flags.push(`${prefix}=${tomlValue(value, prefix)}`);
    return;
  }
  const entries = Object.entries(value);
  if (prefix && entries.length === 0) {
    flags.push(`${prefix}={}`);
    return;
  }
  for (const [key, child] of entries) {
    if (!key) throw new CompatArgumentError("config", "Codex config override keys must be non-empty strings");
    if (child === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(child)) flatten(child, path, flags);
    else flags.push(`${path}=${tomlValue(child, path)}`);
  }
}

function tomlValue(value: unknown, path: string): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new CompatArgumentError("config", `Codex config override at ${path} must be a finite number`);
    return `${value}`;
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map((item, i) => tomlValue(item, `${path}[${i}]`)).join(", ")}]`;
  if (isPlainObject(value)) {
    const parts: string[] = [];
    for (const [key, child] of Object.entries(value)) {
      if (!key) throw new CompatArgumentError("config", "Codex config override keys must be non-empty strings");
      if (child === undefined) continue;
      parts.push(`${/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)} = ${tomlValue(child, `${path}.${key}`)}`);
    }
    return `{${parts.join(", ")}}`;
  }
  if (value === null) throw new CompatArgumentError("config", `Codex config override at ${path} cannot be null`);
  throw new CompatArgumentError("config", `Unsupported Codex config override value at ${path}: ${typeof value}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
