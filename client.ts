/**
 * `@codex/sdk/client` — the low-level typed client of the Codex app-server, and the transports
 * to reach one, for people who start or connect the app-server themselves and speak the
 * protocol directly (`@codex/sdk`'s `Codex` is built on these).
 *
 * - {@link CodexClient}: `initialize(options)` (the handshake and version check), `request(method,
 *   params)` typed for every client request of the pinned protocol, `notify`, `notifications()`,
 *   `onRequest(method, handler)` for server requests, and `reconnect` when the connection drops.
 * - Server-request answers: {@link safeAnswer} (decline, deny, no answers) and
 *   {@link acceptAnswer}, correctly shaped per method.
 * - Transports: {@link startAppServer} (spawn `codex app-server`), {@link openWebSocketConnection},
 *   {@link openUnixSocketConnection}; each yields a `MessageConnection`.
 * - Helpers behind the app API, for tools built beside it: {@link connect} (what `Codex.connect`
 *   does), {@link finalResponseOf}, {@link jsonSchemaProblems} (the check client-side tools run on
 *   JSON Schema input), and the default timeouts.
 *
 * @example
 * ```ts
 * import { CodexClient, startAppServer } from "@codex/sdk/client";
 *
 * const { connection } = await startAppServer();
 * const client = new CodexClient(connection);
 * // The handshake, with the version window Codex.start checks (IncompatibleAppServerError).
 * await client.initialize({ clientInfo: { name: "my_tool", title: "My tool", version: "1.0.0" } });
 * console.log(`codex ${client.serverVersion}`);
 * const { thread } = await client.request("thread/start", {});
 * console.log(thread.id);
 * await client.close();
 * ```
 * @module
 */

export {
  CodexClient,
  type CodexClientOptions,
  type NotificationDispatcher,
  type RestoredConnection,
  type ServerRequestHandler,
} from "./src/client/client.ts";
export type { CodexMetadata, InitializeOptions } from "./src/client/handshake.ts";
export type { ClientReconnectOptions, ConnectionGap, ReconnectOptions } from "./src/client/reconnect.ts";
export type {
  AnyServerRequestHandler,
  ServerRequestPolicy,
  ServerRequestRouteOptions,
} from "./src/client/server_request_router.ts";
export { acceptAnswer, safeAnswer } from "./src/client/answers.ts";
export { connect } from "./src/api/connect.ts";
export { finalResponseOf } from "./src/api/turn/result.ts";
export { fileChangesOf } from "./src/api/turn/changes.ts";
export { TurnIdleTimeoutError } from "./src/api/turn/idle_timeout.ts";
// The error classes of commands, files, MCP and goals (the root exports their types only).
export { CommandTimeoutError } from "./src/api/commands/errors.ts";
export { FsError } from "./src/api/fs/errors.ts";
export { GoalPreconditionError } from "./src/api/goals/goal.ts";
export { buildReviewResult, toWireReviewTarget } from "./src/api/review/review.ts";
export { reviewFindingsOf } from "./src/api/review/findings.ts";
export { DEFAULT_APPROVAL_TIMEOUT_MS } from "./src/api/server_requests.ts";
export { DEFAULT_TOOL_TIMEOUT_MS } from "./src/api/tools/registry.ts";
export { jsonSchemaProblems, type SchemaProblem } from "./src/api/tools/json_schema_check.ts";
export {
  AppServerVersionWarning,
  type AppServerVersionWarningCode,
  RestoreHookFailedError,
  rpcErrorFromWire,
} from "./src/client/errors.ts";
// Errors `Codex` reports to its logger (or gives as a handler signal's reason) rather than throws,
// and the one a misused turn stream throws: an application's logger may branch on them.
export {
  CleartextTokenWarning,
  HandlerFailedError,
  RequestSettledError,
  RequestWithdrawnError,
  ResubscribeFailedError,
  ToolFailedError,
  ToolTimeoutError,
} from "./src/api/errors.ts";
export { StreamTakenError } from "./src/api/turn/errors.ts";
export { InvalidStateError } from "./src/util/errors.ts";
export { NO_REPLY } from "./src/rpc/peer.ts";
export { startAppServer, type StartedAppServer } from "./src/client/start.ts";
export { configFlags, type ConfigObject, type TomlValue } from "./src/client/config_flags.ts";
export type { TomlTable } from "./src/util/toml.ts";
export type { StartAppServerOptions } from "./src/client/options.ts";
export type * from "./src/runtime/types.ts";
export { resolveCodexBinary, type ResolveBinaryOptions } from "./src/client/binary.ts";
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  openWebSocketConnection,
  type WebSocketConnectionOptions,
} from "./src/transport/websocket.ts";
export {
  defaultControlSocketPath,
  openUnixSocketConnection,
  type UnixSocketConnectionOptions,
} from "./src/transport/unix_socket.ts";
export { loadValidator, type Validator } from "./src/protocol/validation.ts";
export { SecretRedactor } from "./src/util/redact.ts";
export {
  type AdmissionOptions,
  DEFAULT_MAX_IN_FLIGHT_REQUESTS,
  type OverloadRetryOptions,
  RequestAdmission,
} from "./src/client/admission.ts";
