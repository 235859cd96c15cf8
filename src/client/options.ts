/**
 * The client-level options: who is calling and how the handshake goes, how requests time out and
 * incoming messages are checked, and how a local app-server is started. `Codex` adds its own
 * (approvals, stream buffering) on top, in `api/options.ts`.
 *
 * @example
 * ```ts
 * import type { CodexStartOptions } from "@codex/sdk";
 *
 * const options: CodexStartOptions = {
 *   config: { model: "gpt-5.1-codex", sandbox_mode: "read-only" },
 *   env: { RUST_LOG: "warn" },
 * };
 * ```
 * @module
 */

import type { ConfigObject } from "./config_flags.ts";
import type { CodexError } from "../util/errors.ts";
import type { ValidationPolicy } from "../protocol/messages.ts";
import type { RuntimeName } from "../runtime/types.ts";
import type { ClientInfo } from "../protocol/generated/types.ts";

/**
 * Where the SDK reports what it noticed but did not throw: the one diagnostics interface of
 * `Codex.start` / `Codex.connect`, `CodexClient`, the fleet's worker and the relay. Every method is
 * optional; each fault comes to `warn` as a `CodexError` whose `code` says which (see the README's
 * table of codes). `console` fits.
 */
export interface CodexLogger {
  /** Diagnostics, e.g. each app-server stderr line. */
  debug?(message: string): void;
  /** Faults the SDK survived: garbage from the server, failed validation, handler errors. */
  warn?(message: string, error?: CodexError): void;
}

/** How the connection is opened and checked: the handshake, timeouts, validation, logging. */
export interface HandshakeOptions {
  /**
   * Who is calling, as `initialize` sends it (it shows in the app-server's user agent), e.g.
   * `{ name: "my_ci_bot", title: "My CI bot", version: "1.2.0" }`. Default
   * `{ name: "codex_sdk_ts", … }`.
   */
  clientInfo?: ClientInfo;
  /** Turn on the app-server's experimental API (`capabilities.experimentalApi`). */
  experimentalApi?: boolean;
  /** Notification methods the app-server should not send at all. */
  optOutNotifications?: string[];
  /** Default timeout of every request, in ms; 0 disables. Default 300000. */
  requestTimeoutMs?: number;
  /** How long the handshake may take before it fails. Default 30000 ms. */
  startTimeoutMs?: number;
  /** Where faults the SDK survived are reported. */
  logger?: CodexLogger;
  /** How incoming messages are checked against the pinned protocol. Default `"boundary"`. */
  validation?: ValidationPolicy;
  /**
   * Proceed with an app-server older than the oldest supported version (`MIN_CODEX_VERSION`)
   * instead of failing with `IncompatibleAppServerError`; a warning goes to the logger. Default false.
   */
  allowVersionMismatch?: boolean;
}

/** How a local app-server process is started (`Codex.start`, `startAppServer`). */
export interface ProcessStartOptions {
  /** The codex binary. Default: env `CODEX_BIN`, then the pinned `@openai/codex` package, then `codex` on PATH. */
  codexBin?: string;
  /** Config values, flattened into `-c dotted.key=<TOML>` flags. */
  config?: ConfigObject;
  /** Raw `key=value` overrides, passed as `-c` flags after `config`. */
  configOverrides?: string[];
  /** Environment variables for the app-server, added to (and overriding) this process's. */
  env?: Record<string, string>;
  /** Start from an empty environment plus `env` instead. Default false. */
  clearEnv?: boolean;
  /** The app-server's working directory. */
  cwd?: string;
  /** Force a process adapter instead of detecting the runtime. */
  runtime?: RuntimeName;
  /** The longest message line accepted from the app-server, in characters. Default 16 MiB. */
  maxLineLength?: number;
  /** Called with every line the app-server writes to stderr (secrets redacted). */
  onStderr?: (line: string) => void;
  /**
   * Whether the app-server process keeps this program running. Default true. With false, the
   * program exits once its own work is done, and the app-server (its stdin closed) with it;
   * hold something yourself (a timer) while you await a turn. `@codex/sdk/compat` uses it.
   */
  keepAlive?: boolean;
}

/**
 * Options of `startAppServer`: how the process is started, and where its stderr lines go. It runs
 * no handshake, so the handshake's options are not here: give those to whatever initializes the
 * connection (`Codex.fromConnection`, or your own `initialize` request).
 */
export interface StartAppServerOptions extends ProcessStartOptions {
  /** Gets each app-server stderr line at `debug` (unless `onStderr` is given). */
  logger?: CodexLogger;
}
