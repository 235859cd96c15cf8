/**
 * One way to check an options object: each function of the SDK lists the options it takes with a
 * rule each, and a wrong value fails with an {@link InvalidArgumentError} that names the option
 * (with its path, e.g. `codex.requestTimeoutMs`) and says what is accepted — before anything is
 * started or sent. Options a function does not list are left alone (they belong to a layer above
 * or below, or to a newer version), so objects can be shared and spread.
 *
 * @example
 * ```ts
 * import { checkOptions } from "./option_checks.ts";
 *
 * checkOptions({ timeoutMs: 10 }, { timeoutMs: "ms", verbose: "boolean" }, "myFunction");
 * ```
 * @module
 */

import { InvalidArgumentError } from "./errors.ts";

/** What one option accepts; a function returns what was wrong (what is accepted), or null. */
export type OptionRule =
  | "boolean"
  | "string"
  | "nonEmptyString"
  | "function"
  | "object"
  | "strings"
  | "stringRecord"
  | "ms"
  | "positiveMs"
  | "positiveInteger"
  | "logger"
  | { oneOf: readonly (string | boolean | number)[] }
  | ((value: unknown, name: string) => string | null);

/** The rules of one options object, by option name. */
export type OptionRules = Readonly<Record<string, OptionRule>>;

const ACCEPTS: Record<Exclude<OptionRule, object | ((value: unknown, name: string) => string | null)>, [string, (value: unknown) => boolean]> = {
  boolean: ["true or false", (v) => typeof v === "boolean"],
  string: ["a string", (v) => typeof v === "string"],
  nonEmptyString: ["a non-empty string", (v) => typeof v === "string" && v !== ""],
  function: ["a function", (v) => typeof v === "function"],
  object: ["a plain object", (v) => isRecord(v)],
  strings: ["an array of strings", (v) => Array.isArray(v) && v.every((s) => typeof s === "string")],
  stringRecord: ["an object of string values", (v) => isRecord(v) && Object.values(v).every((s) => typeof s === "string")],
  ms: ["a number of milliseconds ≥ 0", (v) => typeof v === "number" && v >= 0 && !Number.isNaN(v)],
  positiveMs: ["a number of milliseconds > 0", (v) => typeof v === "number" && v > 0],
  positiveInteger: ["a whole number ≥ 1", (v) => typeof v === "number" && Number.isInteger(v) && v >= 1],
  logger: [
    "an object with optional debug(message) and warn(message, error) methods",
    (v) => isRecord(v) && ["debug", "warn"].every((m) => v[m] === undefined || typeof v[m] === "function"),
  ],
};

/** Whether `value` is a non-null object that is not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Shows a value in an error message, short (a secret option has a rule of its own that never quotes it). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "object" ? "an object" : typeof value;
}

/**
 * Checks `options` (undefined is no options) against `rules`; `where` names the function for a
 * non-object, `prefix` (e.g. `"codex."`) goes before each option's name in the error.
 */
export function checkOptions(options: unknown, rules: OptionRules, where: string, prefix = ""): void {
  if (options === undefined) return;
  if (!isRecord(options)) {
    throw new InvalidArgumentError(prefix ? prefix.slice(0, -1) : "options", `${where} takes an options object, got ${describeValue(options)}`);
  }
  for (const [name, rule] of Object.entries(rules)) {
    const value = options[name];
    if (value === undefined) continue;
    const problem = checkRule(rule, value, `${prefix}${name}`);
    if (problem) throw new InvalidArgumentError(`${prefix}${name}`, problem);
  }
}

function checkRule(rule: OptionRule, value: unknown, name: string): string | null {
  if (typeof rule === "function") return rule(value, name);
  if (typeof rule === "object") {
    if (rule.oneOf.includes(value as string)) return null;
    return `must be ${rule.oneOf.map((v) => JSON.stringify(v)).join(", ")}; got ${describeValue(value)}`;
  }
  const [accepted, ok] = ACCEPTS[rule];
  return ok(value) ? null : `must be ${accepted}, got ${describeValue(value)}`;
}
