/**
 * Starting a local app-server: checks the options, finds the binary, builds the command line
 * (`-c` flags from `config`), starts the process with the right environment and hands back its
 * connection. `Codex.start` runs the handshake on top.
 *
 * @example
 * ```ts
 * import { startAppServer } from "@codex/sdk/client";
 *
 * const { connection, pid } = await startAppServer({ config: { model: "o3" } });
 * ```
 * @module
 */

import { configFlags } from "./config_flags.ts";
import { CodexError, InvalidArgumentError } from "../util/errors.ts";
import type { StartAppServerOptions } from "./options.ts";
import { SecretRedactor } from "../util/redact.ts";
import { checkCwd } from "../util/arguments.ts";
import type { MessageConnection } from "../rpc/connection.ts";
// Static imports: this module is itself what `Codex.start` loads on first use (the root entry
// never imports it), and one module with its imports loads faster than a chain of lazy ones.
import { loadRuntime } from "../runtime/detect.ts";
import { resolveCodexBinary } from "./binary.ts";
import { startProcessConnection } from "../transport/process.ts";

// Env values under names like these are secrets: they are redacted from every message and log.
// Other values (CODEX_HOME, RUST_LOG, …) stay readable, since errors that quote them help.
const SECRET_ENV_KEY = /KEY|TOKEN|SECRET|PASS|AUTH|CRED|COOKIE|SESSION/i;

/** A started app-server process. */
export interface StartedAppServer {
  /** The JSONL connection over its stdio. */
  connection: MessageConnection;
  /** Its process id. */
  pid: number;
  /** The redactor that hides this start's secrets (add more with `add`). */
  redactor: SecretRedactor;
}

/** Starts `codex app-server` as a child process (no handshake). */
export async function startAppServer(options: StartAppServerOptions = {}): Promise<StartedAppServer> {
  checkStartOptions(options);
  const runtime = await loadRuntime(options.runtime);
  runtime.prepareSpawn?.();
  const redactor = new SecretRedactor();
  for (const [key, value] of Object.entries(options.env ?? {})) if (SECRET_ENV_KEY.test(key)) redactor.add(value);
  const env = { ...(options.clearEnv ? {} : runtime.environment()), ...options.env };
  const command = await resolveCodexBinary({ codexBin: options.codexBin, env, cwd: options.cwd });
  const args = [
    ...configFlags(options.config ?? {}),
    ...(options.configOverrides ?? []).flatMap((override) => ["-c", override]),
    "app-server",
  ];
  const logger = options.logger;
  const onStderr = options.onStderr ?? (logger?.debug && ((line: string) => logger.debug!(`app-server: ${line}`)));
  const started = await startProcessConnection({
    runtime,
    command,
    args,
    env,
    cwd: options.cwd,
    maxLineLength: options.maxLineLength,
    onStderr,
    ...(options.keepAlive === false ? { unref: true } : {}),
    redactor,
  }).catch((error) => {
    throw new CodexError("spawn_failed", `could not start ${command}: ${error instanceof Error ? error.message : error}`, {
      cause: error,
    });
  });
  return { connection: started.connection, pid: started.child.pid, redactor };
}

function checkStartOptions(options: StartAppServerOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options", "Codex.start takes an options object");
  }
  if (options.codexBin !== undefined && (typeof options.codexBin !== "string" || options.codexBin === "")) {
    throw new InvalidArgumentError("codexBin", "must be the path of the codex binary");
  }
  checkCwd(options.cwd);
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (typeof value !== "string") {
      throw new InvalidArgumentError(`env.${key}`, `environment values must be strings, got ${typeof value}`);
    }
  }
  for (const name of ["requestTimeoutMs", "startTimeoutMs", "maxLineLength"] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== "number" || !(value >= 0))) {
      throw new InvalidArgumentError(name, `must be a number of milliseconds ≥ 0, got ${String(value)}`);
    }
  }
}
