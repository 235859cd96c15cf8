/**
 * `@codex/sdk` — the TypeScript SDK for the Codex app-server, on Deno, Bun and Node.
 *
 * One long-running `codex app-server` per {@link Codex}; threads and turns over JSON-RPC.
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

export {
  Codex,
  type CodexMetadata,
  initializeParams,
  type ThreadForkOptions,
  type ThreadListFilter,
  type ThreadResumeOptions,
  type ThreadStartOptions,
} from "./src/api/codex.ts";
export { Thread, type TurnOptions } from "./src/api/thread.ts";
export { type TurnContext, TurnHandle, type TurnWaitOptions } from "./src/api/turn/turn_handle.ts";
export { buildTurnResult, finalResponseOf, type TurnResult } from "./src/api/turn/result.ts";
export type { ConnectionGapEvent, ServerRequestEvent, ServerRequestOutcome, TurnEvent } from "./src/api/turn/events.ts";
export { type TurnSink, TurnRouter } from "./src/api/turn/router.ts";
export { image, type Input, localImage, mention, skill, text, toUserInputs } from "./src/api/inputs.ts";
export { type ApprovalMode, type PresetOptions, type SandboxPreset, threadPresetParams, turnPresetParams } from "./src/api/presets.ts";
export {
  type JsonSchema,
  type OutputSchema,
  type ParsedOutput,
  prepareOutputSchema,
  type PreparedOutputSchema,
} from "./src/api/structured_output.ts";
export { ChatgptLogin, DeviceCodeLogin, LoginHandle, type LoginOutcome } from "./src/api/login.ts";
export { acceptAnswer, answerProblem, safeAnswer } from "./src/client/answers.ts";
export {
  type ApprovalHandler,
  type ApprovalHandlers,
  type ApprovalsOption,
  DEFAULT_APPROVAL_TIMEOUT_MS,
  type ServerRequestContext,
} from "./src/api/server_requests.ts";
export { namespace, type ThreadTool, type ThreadToolsOption, type Tool, tool, type ToolArgs, type ToolCallContext, type ToolDefinition, type ToolInput, type ToolNamespace, type ToolReturn } from "./src/api/tools/tool.ts";
export { type ToolContentItem, toolImage, ToolOutput, toolOutput } from "./src/api/tools/output.ts";
export { DEFAULT_TOOL_TIMEOUT_MS } from "./src/api/tools/registry.ts";
export { jsonSchemaProblems, type SchemaProblem } from "./src/api/tools/json_schema_check.ts";
export { answerUserInput, type UserInputAnswers } from "./src/api/answers/user_input.ts";
export { acceptElicitation, cancelElicitation, declineElicitation, type ElicitationContent } from "./src/api/answers/elicitation.ts";
export { grantPermissions, type PermissionGrant } from "./src/api/answers/permissions.ts";
export { isRetryableError, type RetryInfo, retryOnOverload, type RetryOptions } from "./src/api/retry.ts";
export { startAppServer, type StartedAppServer } from "./src/client/start.ts";
export { connect, type ConnectOptions } from "./src/api/connect.ts";
export {
  type ConnectionGap,
  reconnectingConnection,
  type ReconnectingConnectionOptions,
  type ReconnectOptions,
} from "./src/rpc/reconnecting_connection.ts";
export {
  AuthenticationError,
  ConnectionFailedError,
  type ConnectionFailedErrorOptions,
  ConnectionRefusedError,
} from "./src/transport/connect_errors.ts";
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
export { CodexPool, EndpointDownError, type PoolEndpoint, type PoolEndpointStatus } from "./src/api/pool.ts";
export type * from "./src/protocol/generated/types.ts";
/** The wire record of a thread (`thread/read`, `thread/list`); `Thread` is the SDK class. */
export type { Thread as ThreadInfo } from "./src/protocol/generated/types.ts";
export type {
  ClientRequestMap,
  ServerNotification,
  ServerNotificationMap,
  ServerRequest,
  ServerRequestMap,
} from "./src/protocol/generated/methods.ts";
export type { ClientInfo, CodexLogger, CodexStartOptions, ConnectionOptions } from "./src/client/options.ts";
export { type ClientEvent, CodexClient, type CodexClientOptions, type ServerRequestHandler } from "./src/client/client.ts";
export type * from "./src/protocol/messages.ts";
export { loadValidator, ValidationError, type Validator } from "./src/protocol/validation.ts";
export * from "./src/errors.ts";
export { configFlags, type ConfigObject, type TomlValue } from "./src/client/config_flags.ts";
export { SecretRedactor } from "./src/util/redact.ts";

export {
  DEFAULT_MAX_LINE_LENGTH,
  LineSplitter,
  type LineSplitterOptions,
  LineStream,
  LineTooLongError,
} from "./src/rpc/line_splitter.ts";
export {
  type ConnectionSink,
  type MessageConnection,
  streamConnection,
  type StreamConnectionOptions,
} from "./src/rpc/connection.ts";
export {
  DEFAULT_REQUEST_TIMEOUT_MS,
  type IncomingRequestContext,
  type IncomingRequestHandler,
  JsonRpcPeer,
  type JsonRpcPeerOptions,
  NO_REPLY,
  type RequestOptions,
} from "./src/rpc/peer.ts";
export type {
  JsonRpcErrorResponse,
  JsonRpcId,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResult,
} from "./src/rpc/messages.ts";
export { AsyncQueue, type AsyncQueueOptions } from "./src/util/async_queue.ts";

export { detectRuntime, loadRuntime } from "./src/runtime/detect.ts";
export type { ChildProcess, ExitStatus, RuntimeAdapter, RuntimeName, SpawnOptions } from "./src/runtime/types.ts";
export { PINNED_CODEX_VERSION, resolveCodexBinary, type ResolveBinaryOptions } from "./src/runtime/binary.ts";
export {
  type ProcessConnection,
  type ProcessConnectionOptions,
  startProcessConnection,
} from "./src/transport/process.ts";
export { StderrTail, type StderrTailOptions } from "./src/transport/stderr_tail.ts";
