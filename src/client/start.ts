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
import { SpawnFailedError } from "./errors.ts";
import type { StartAppServerOptions } from "./options.ts";
import { SecretRedactor } from "../util/redact.ts";
import { checkOptions } from "../util/option_checks.ts";
import { START_APP_SERVER_RULES } from "./option_rules.ts";
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
  const command = await resolveCodexBinary({ codexBin: options.codexBin, env, cwd: options.cwd, runtime });
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
    throw new SpawnFailedError(command, error);
  });
  return { connection: started.connection, pid: started.child.pid, redactor };
}

function checkStartOptions(options: StartAppServerOptions): void {
  checkOptions(options, START_APP_SERVER_RULES, "startAppServer");
}
