/**
 * The options of `Codex.start`, `Codex.connect` and `Codex.fromConnection`: the client's (the
 * handshake, timeouts, validation, logging; for `start`, how the process is started) plus what
 * `Codex` itself does with the connection (answering server requests, buffering turn events).
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

import type { AdmissionOptions } from "../client/admission.ts";
import type { HandshakeOptions, ProcessStartOptions } from "../client/options.ts";
import type { ReconnectOptions } from "../client/reconnect.ts";
import type { RuntimeName } from "../runtime/types.ts";
import type { ApprovalsOption } from "./server_requests.ts";
import type { TelemetryOptions } from "../telemetry/telemetry.ts";

/** Options of every way to open a `Codex` (`start`, `connect`, `fromConnection`). */
export interface ConnectionOptions extends HandshakeOptions, AdmissionOptions, TelemetryOptions {
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
export interface CodexStartOptions extends ConnectionOptions, ProcessStartOptions {
  /**
   * Start the app-server again when it dies (off by default): with backoff, the same options,
   * the client's handshake run again (version check included), this client's threads resumed
   * and a `connection/gap` event in each running turn's stream and in `notifications()`. Calls
   * made meanwhile wait until every thread is resumed; requests pending at the death are sent
   * again to the new process. After `maxAttempts` failed starts it gives up and everything fails
   * with `TransportClosedError`.
   */
  restart?: boolean | ReconnectOptions;
}

/** Options of `connect` (and `Codex.connect`). */
export interface ConnectOptions extends ConnectionOptions {
  /**
   * The capability token of a server started with `--ws-auth capability-token`, sent as
   * `Authorization: Bearer <token>`. Kept out of every message and log.
   */
  token?: string;
  /** How long connecting (TCP or socket, then the WebSocket upgrade) may take, in ms. Default 10000. */
  connectTimeoutMs?: number;
  /** Whose WebSocket to use; default the running runtime's. `"node"` is the `ws` package. */
  webSocketRuntime?: RuntimeName;
  /**
   * The old name of `webSocketRuntime`.
   * @deprecated Use `webSocketRuntime` (`runtime` names the process adapter in `Codex.start`).
   */
  runtime?: RuntimeName;
  /**
   * Reconnect when the connection drops (off by default): with backoff, then resubscribe to this
   * client's threads and report what was missed as a `connection/gap` event (in each running
   * turn's stream and in `notifications()`). The handshake runs again, version check included.
   * Requests pending at the drop fail with `TransportClosedError` (the server may have carried
   * them out); calls made meanwhile wait until every thread is resumed.
   */
  reconnect?: boolean | ReconnectOptions;
}
