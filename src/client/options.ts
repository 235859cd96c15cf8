/**
 * The options of `Codex.start`.
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
import type { CodexError } from "../errors.ts";
import type { ValidationPolicy } from "../protocol/messages.ts";
import type { ApprovalsOption } from "../api/server_requests.ts";
import type { RuntimeName } from "../runtime/types.ts";

/** Who is calling, as the app-server's `initialize` wants it (shows in its user agent). */
export interface ClientInfo {
  /** A short machine name, e.g. `"my_ci_bot"`. */
  name: string;
  /** A human title. */
  title: string;
  /** The calling program's version. */
  version: string;
}

/** Where the SDK reports what it noticed but did not throw. Every method is optional. */
export interface CodexLogger {
  /** Diagnostics, e.g. each app-server stderr line. */
  debug?(message: string): void;
  /** Faults the SDK survived: garbage from the server, failed validation, handler errors. */
  warn?(message: string, error?: CodexError): void;
}

/** Options of every way to open a `Codex` (`start`, `connect`, `fromConnection`). */
export interface ConnectionOptions {
  /** Who is calling; default `{ name: "codex_sdk_ts", … }`. */
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
  /** How many events a turn's `stream()` may hold for a slow consumer. Default 100000. */
  maxBufferedEvents?: number;
  /**
   * How server requests (approvals, user input, tool calls, …) are answered: `"safe"` (default:
   * decline, deny, no answers), `"accept-all"` (**dangerous**: the agent may run anything it
   * proposes), or handlers per method (the safe answer for the rest).
   */
  approvals?: ApprovalsOption;
  /** How long a server-request handler may take before the safe answer is sent. Default 600000 ms. */
  approvalTimeoutMs?: number;
  /**
   * How long a client-side tool's `run` may take before the model is told it timed out (and its
   * signal aborts), unless the tool sets its own `timeoutMs`. Default 120000 ms.
   */
  toolTimeoutMs?: number;
}

/** Options of `Codex.start`. */
export interface CodexStartOptions extends ConnectionOptions {
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
}
