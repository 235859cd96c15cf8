/**
 * What the options of `FleetWorker.start` and `FleetClient.connect` accept, checked before the
 * database is touched: a wrong value is an `InvalidArgumentError` naming the option (a worker's
 * `codex` options as `codex.…`) and what it takes.
 *
 * @module
 */

import { InvalidArgumentError } from "../util/errors.ts";
import { checkOptions, type OptionRules } from "../util/option_checks.ts";
import { checkStartOptions } from "../api/option_rules.ts";

const CONNECTION_RULES: OptionRules = {
  connectionString: "nonEmptyString",
  schema: "nonEmptyString",
  maxConnections: "positiveInteger",
  queue: "nonEmptyString",
  // heartbeatSeconds, retryLimit, retryDelaySeconds, turnTimeoutSeconds: resolveQueueSettings (queues.ts).
};

const WORKER_RULES: OptionRules = {
  ...CONNECTION_RULES,
  codex: "object",
  concurrency: "positiveInteger",
  home: "nonEmptyString",
  workerId: "nonEmptyString",
  pollIntervalMs: "positiveMs",
  logger: "logger",
  onError: "function",
};

const CLIENT_RULES: OptionRules = { ...CONNECTION_RULES, pollIntervalMs: "positiveMs" };

function checkConnectionString(options: { connectionString?: unknown }): void {
  // Never quoted: it holds the database password.
  if (typeof options.connectionString !== "string" || options.connectionString === "") {
    throw new InvalidArgumentError("connectionString", "is required: a PostgreSQL connection string, e.g. postgres://user:pass@db:5432/app");
  }
}

/** Checks `FleetWorker.start`'s options, its `codex` (the `Codex.start` options) included. */
export function checkWorkerOptions(options: unknown): void {
  checkOptions(options ?? null, WORKER_RULES, "FleetWorker.start");
  checkConnectionString(options as { connectionString?: unknown });
  checkStartOptions((options as { codex?: unknown }).codex, "FleetWorker.start", "codex.");
}

/** Checks `FleetClient.connect`'s options. */
export function checkClientOptions(options: unknown): void {
  checkOptions(options ?? null, CLIENT_RULES, "FleetClient.connect");
  checkConnectionString(options as { connectionString?: unknown });
}
