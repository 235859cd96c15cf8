/**
 * What the options of `Codex.start`, `Codex.connect`, `Codex.fromConnection` and `CodexPool`
 * accept, checked before anything is started or sent: a wrong value is an
 * `InvalidArgumentError` naming the option and what it takes.
 *
 * @module
 */

import { checkOptions, isRecord, type OptionRules } from "../util/option_checks.ts";
import { HANDSHAKE_RULES, PROCESS_RULES, RUNTIME_NAMES } from "../client/option_rules.ts";
import { checkReconnectOption } from "../client/reconnect.ts";
// The admission options are checked with the others (one lazily loaded module for every check).
export { checkAdmissionOptions } from "../client/admission.ts";

/**
 * A `restart` / `reconnect` option, checked by the one checker the client uses
 * (`checkReconnectOption`), which throws an `InvalidArgumentError` naming the exact field
 * (`restart.jitterRatio`); null when it is fine.
 */
export function backoffProblem(value: unknown, name: string): string | null {
  checkReconnectOption(name, value);
  return null;
}

function approvals(value: unknown): string | null {
  if (value === "safe" || value === "accept-all") return null;
  if (isRecord(value) && Object.values(value).every((handler) => handler === undefined || typeof handler === "function")) return null;
  return 'must be "safe", "accept-all", or an object of handlers by server-request method';
}

/** Every way to open a `Codex` (`ConnectionOptions`). */
export const CONNECTION_RULES: OptionRules = {
  ...HANDSHAKE_RULES,
  maxBufferedEvents: "positiveInteger",
  approvals,
  approvalTimeoutMs: "ms",
  toolTimeoutMs: "ms",
};

/** `Codex.start`'s. */
export const START_RULES: OptionRules = { ...CONNECTION_RULES, ...PROCESS_RULES, restart: backoffProblem };

/** `Codex.connect`'s (the URL and the token have checks of their own, which never quote the token). */
export const CONNECT_RULES: OptionRules = {
  ...CONNECTION_RULES,
  connectTimeoutMs: "positiveMs",
  webSocketRuntime: { oneOf: RUNTIME_NAMES },
  runtime: { oneOf: RUNTIME_NAMES },
  reconnect: backoffProblem,
};

/** Checks `Codex.start`'s options (`prefix`: where they sit, e.g. `"codex."` in a fleet worker's). */
export function checkStartOptions(options: unknown, where = "Codex.start", prefix = ""): void {
  checkOptions(options, START_RULES, where, prefix);
}

/** Checks the options of `Codex.fromConnection`. */
export function checkConnectionOptions(options: unknown): void {
  checkOptions(options, CONNECTION_RULES, "Codex.fromConnection");
}
