/**
 * What the client-level options accept: the handshake's, a started process's and
 * `CodexClient`'s. `Codex` adds its own on top (`api/option_rules.ts`); every function checks the
 * options it takes with {@link checkOptions} before it starts or sends anything.
 *
 * @module
 */

import { describeValue, isRecord, type OptionRules } from "../util/option_checks.ts";
import { InvalidArgumentError } from "../util/errors.ts";

/** The runtimes an adapter can be forced to. */
export const RUNTIME_NAMES: readonly string[] = ["deno", "bun", "node"];

/** A `clientInfo`: `{ name, version }` strings, `title` a string or null. */
function clientInfo(value: unknown): string | null {
  if (
    isRecord(value) && typeof value.name === "string" && value.name !== "" && typeof value.version === "string" &&
    (value.title === undefined || value.title === null || typeof value.title === "string")
  ) return null;
  return 'must be { name, version } (non-empty strings; title a string or null), e.g. { name: "my_app", version: "1.0.0" }';
}

/** An `env`: string values, each checked by name (`env.KEY`). */
function env(value: unknown, name: string): string | null {
  if (!isRecord(value)) return `must be an object of environment variables, got ${describeValue(value)}`;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") throw new InvalidArgumentError(`${name}.${key}`, `environment values must be strings, got ${typeof v}`);
  }
  return null;
}

/** A working directory: a path string (null: the default). */
function cwd(value: unknown): string | null {
  return typeof value === "string" || value === null ? null : `must be a directory path string, got ${describeValue(value)}`;
}

/** The options of the `initialize` handshake and the connection's checks (`HandshakeOptions`). */
export const HANDSHAKE_RULES: OptionRules = {
  clientInfo,
  experimentalApi: "boolean",
  optOutNotifications: "strings",
  requestTimeoutMs: "ms",
  startTimeoutMs: "ms",
  logger: "logger",
  validation: { oneOf: ["boundary", "strict", "off"] },
  allowVersionMismatch: "boolean",
};

/** How a local app-server is started (`ProcessStartOptions`). */
export const PROCESS_RULES: OptionRules = {
  codexBin: "nonEmptyString",
  config: "object",
  configOverrides: "strings",
  env,
  clearEnv: "boolean",
  cwd,
  runtime: { oneOf: RUNTIME_NAMES },
  maxLineLength: "positiveInteger",
  onStderr: "function",
};

/** `startAppServer`'s: the process's, and the logger its stderr lines go to. */
export const START_APP_SERVER_RULES: OptionRules = { ...PROCESS_RULES, logger: "logger" };

/** `new CodexClient(connection, options)`'s. */
export const CLIENT_RULES: OptionRules = {
  requestTimeoutMs: "ms",
  logger: "logger",
  onError: "function",
  validator: "object",
  redact: "function",
  experimentalApi: "boolean",
  claim: "function",
};
