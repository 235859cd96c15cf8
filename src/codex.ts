/**
 * `Codex`: one running app-server and the client connected to it. Start it, use it, close it
 * (or let `await using` close it).
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * console.log(codex.metadata.userAgent);
 * ```
 * @module
 */

import { CodexClient } from "./client.ts";
import { configFlags } from "./config_flags.ts";
import { CodexError, InvalidArgumentError, TransportClosedError } from "./errors.ts";
import type { CodexStartOptions, ConnectionOptions } from "./options.ts";
import type { MessageConnection } from "./rpc/connection.ts";
import { SecretRedactor } from "./redact.ts";
import { loadValidator } from "./validation.ts";
import type { InitializeCapabilities } from "./generated/types.ts";

/** What the app-server said about itself in answer to `initialize`. */
export interface CodexMetadata {
  /** The server's user agent, e.g. `"codex_sdk_ts/0.169.0 (…)"`. */
  userAgent: string;
  /** The state directory the server uses. */
  codexHome: string;
  /** `"unix"` or `"windows"`. */
  platformFamily: string;
  /** The operating system, e.g. `"linux"`. */
  platformOs: string;
}

const SDK_VERSION = "0.1.0";

// Env values under names like these are secrets: they are redacted from every message and log.
// Other values (CODEX_HOME, RUST_LOG, …) stay readable, since errors that quote them help.
const SECRET_ENV_KEY = /KEY|TOKEN|SECRET|PASS|AUTH|CRED|COOKIE|SESSION/i;

/** A connection to one Codex app-server. */
export class Codex {
  /** The low-level JSON-RPC client. */
  readonly client: CodexClient;
  /** The `initialize` response. */
  readonly metadata: CodexMetadata;
  /** The app-server's process id, when this `Codex` started it. */
  readonly pid: number | undefined;
  #closing: Promise<void> | undefined;

  private constructor(client: CodexClient, metadata: CodexMetadata, pid: number | undefined) {
    this.client = client;
    this.metadata = metadata;
    this.pid = pid;
  }

  /**
   * Starts `codex app-server`, runs the `initialize` handshake and resolves when it is ready.
   * Rejects with {@link CodexNotFoundError} when there is no binary, and with
   * {@link TransportClosedError} quoting the server's stderr when it exits during start
   * (e.g. a config value it refuses).
   */
  static async start(options: CodexStartOptions = {}): Promise<Codex> {
    checkStartOptions(options);
    const { loadRuntime } = await import("./runtime/detect.ts");
    const { resolveCodexBinary } = await import("./runtime/binary.ts");
    const { startProcessConnection } = await import("./transport/process.ts");

    const runtime = await loadRuntime(options.runtime);
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
      redactor,
    }).catch((error) => {
      throw new CodexError("spawn_failed", `could not start ${command}: ${error instanceof Error ? error.message : error}`, {
        cause: error,
      });
    });
    try {
      return await Codex.fromConnection(started.connection, { ...options, pid: started.child.pid });
    } catch (error) {
      if (error instanceof TransportClosedError) throw new TransportClosedError(error, "during start");
      throw error;
    }
  }

  /**
   * Runs the `initialize` handshake over an already open connection (any transport: a socket,
   * an in-memory pair, a custom one) and resolves with a ready `Codex`. `close()` closes that
   * connection. `Codex.start` and `Codex.connect` are built on this.
   */
  static async fromConnection(
    connection: MessageConnection,
    options: ConnectionOptions & { pid?: number } = {},
  ): Promise<Codex> {
    const logger = options.logger;
    const validator = await loadValidator(options.validation ?? "boundary", options.experimentalApi ?? false);
    const client = new CodexClient(connection, {
      requestTimeoutMs: options.requestTimeoutMs,
      onError: logger?.warn && ((error) => logger.warn!(error.message, error)),
      validator,
      experimentalApi: options.experimentalApi,
    });
    try {
      const metadata = await initialize(client, options);
      return new Codex(client, metadata, options.pid);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** Closes the connection and stops the app-server. Running turns fail. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.client.close();
    return this.#closing;
  }

  /** Closes on leaving an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

async function initialize(client: CodexClient, options: ConnectionOptions): Promise<CodexMetadata> {
  const capabilities: InitializeCapabilities = {
    experimentalApi: options.experimentalApi ?? false,
    requestAttestation: false,
    ...(options.optOutNotifications?.length ? { optOutNotificationMethods: options.optOutNotifications } : {}),
  };
  const result = await client.request("initialize", {
    clientInfo: options.clientInfo ?? { name: "codex_sdk_ts", title: "Codex TypeScript SDK", version: SDK_VERSION },
    capabilities,
  }, { timeoutMs: options.startTimeoutMs ?? 30_000 });
  if (!isMetadata(result)) {
    throw new CodexError(
      "bad_handshake",
      `the app-server's initialize response is not what this SDK expects: ${JSON.stringify(result)?.slice(0, 300)} ` +
        `(is the binary a codex app-server of a supported version?)`,
    );
  }
  client.notify("initialized");
  return result;
}

function isMetadata(value: unknown): value is CodexMetadata {
  const v = value as CodexMetadata | null;
  return typeof v === "object" && v !== null && typeof v.userAgent === "string" && typeof v.codexHome === "string";
}

function checkStartOptions(options: CodexStartOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options", "Codex.start takes an options object");
  }
  if (options.codexBin !== undefined && (typeof options.codexBin !== "string" || options.codexBin === "")) {
    throw new InvalidArgumentError("codexBin", "must be the path of the codex binary");
  }
  if (options.cwd !== undefined && typeof options.cwd !== "string") {
    throw new InvalidArgumentError("cwd", `must be a directory path string, got ${typeof options.cwd}`);
  }
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
