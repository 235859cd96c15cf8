/**
 * `@codex/sdk` — the TypeScript SDK for the Codex app-server, on Deno, Bun and Node.
 *
 * One long-running `codex app-server` per {@link Codex}; threads and turns over JSON-RPC. This
 * entry is what an application needs: `Codex`, `Thread`, `TurnHandle`, `CodexPool`, the input
 * helpers, retry, every error class, and the types of options, results and events (the wire
 * types among them come from the protocol, the same declarations as `@codex/sdk/protocol`).
 * The machinery lives in named entries: `@codex/sdk/client` (the low-level client and
 * transports), `@codex/sdk/rpc` (JSON-RPC over Web Streams), `@codex/sdk/protocol` (every wire
 * type), `@codex/sdk/testing` and `@codex/sdk/relay`.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const thread = await codex.threadStart();
 * const result = await thread.run("Summarize this repository in three bullets");
 * console.log(result.finalResponse);
 * ```
 * @module
 */

export {
  Codex,
  type CodexMetadata,
  type ThreadForkOptions,
  type ThreadListFilter,
  type ThreadResumeOptions,
  type ThreadStartOptions,
} from "./src/api/codex.ts";
export type { ConnectOptions } from "./src/api/connect.ts";
export { Thread, type TurnOptions } from "./src/api/thread.ts";
export { TurnHandle, type TurnWaitOptions } from "./src/api/turn/turn_handle.ts";
export type { TurnResult } from "./src/api/turn/result.ts";
export type { TurnFileChange, TurnPlan } from "./src/api/turn/changes.ts";
export type { ConnectionGapEvent, ServerRequestEvent, ServerRequestOutcome, TurnEvent } from "./src/api/turn/events.ts";
export { image, type Input, localImage, mention, skill, text } from "./src/api/inputs.ts";
export type { ApprovalMode, PresetOptions, SandboxPreset } from "./src/api/presets.ts";
export type { JsonSchema, OutputSchema, ParsedOutput, ZodSchemaLike } from "./src/api/structured_output.ts";
export { ChatgptLogin, DeviceCodeLogin, LoginHandle, LoginInterruptedError, type LoginOutcome } from "./src/api/login.ts";
export {
  type ApprovalHandler,
  type ApprovalHandlers,
  type ApprovalsOption,
  type ServerRequestContext,
} from "./src/api/server_requests.ts";
export {
  namespace,
  type ThreadTool,
  type ThreadToolsOption,
  type ClientTool,
  tool,
  type ToolArgs,
  type ToolCallContext,
  type ToolDefinition,
  type ToolInput,
  type ToolNamespace,
  type ToolReturn,
} from "./src/api/tools/tool.ts";
export { type ToolContentItem, toolImage, ToolOutput, toolOutput } from "./src/api/tools/output.ts";
export { answerUserInput, type UserInputAnswers } from "./src/api/answers/user_input.ts";
export { acceptElicitation, cancelElicitation, declineElicitation, type ElicitationContent } from "./src/api/answers/elicitation.ts";
export { grantPermissions, type PermissionGrant } from "./src/api/answers/permissions.ts";
export { isRetryableError, type RetryInfo, retryOnOverload, type RetryOptions } from "./src/api/retry.ts";
export { CodexPool, EndpointDownError, type PoolEndpoint, type PoolEndpointStatus, PoolDownError } from "./src/api/pool.ts";
export type { CodexLogger, HandshakeOptions, ProcessStartOptions } from "./src/client/options.ts";
export type { CodexStartOptions, ConnectionOptions } from "./src/api/options.ts";
export type { TelemetryOptions } from "./src/telemetry/telemetry.ts";
export type { MeterProviderLike, TracerProviderLike } from "./src/telemetry/otel.ts";
export type { TraceContext } from "./src/telemetry/traceparent.ts";
export type { ConfigObject, TomlValue } from "./src/client/config_flags.ts";
export type { RuntimeName } from "./src/runtime/types.ts";
export type { ConnectionGap, ReconnectOptions } from "./src/client/reconnect.ts";
export type { AdmissionOptions, OverloadRetryOptions } from "./src/client/admission.ts";


// Every error class an application may catch.
export { CodexError, DependencyMissingError, InvalidArgumentError } from "./src/util/errors.ts";
export {
  InternalRpcError,
  InvalidParamsError,
  InvalidRequestError,
  JsonRpcError,
  type JsonRpcErrorObject,
  MethodNotFoundError,
  ParseError,
  ProtocolError,
  TimeoutError,
  type TransportCloseInfo,
  TransportClosedError,
} from "./src/rpc/errors.ts";
export {
  CodexNotFoundError,
  CodexRpcError,
  IncompatibleAppServerError,
  RetryLimitExceededError,
  ServerBusyError,
  SpawnFailedError,
} from "./src/client/errors.ts";
export { SUPPORTED_CODEX_VERSIONS, type SupportedVersions } from "./src/client/version_window.ts";
export { AbortError, StreamOverflowError, StructuredOutputError, TurnFailedError } from "./src/api/turn/errors.ts";
// The idle-timeout error is a value in @codex/sdk/client (the root keeps to its 50 values).
export type { IdleTurn, TurnIdleTimeoutError } from "./src/api/turn/idle_timeout.ts";
export type { ReviewHandle, ReviewOptions, ReviewResult, ReviewTargetInput } from "./src/api/review/review.ts";
export type { ReviewFinding } from "./src/api/review/findings.ts";
export { ValidationError } from "./src/protocol/validation.ts";
export {
  AuthenticationError,
  ConnectionFailedError,
  type ConnectionFailedErrorOptions,
  ConnectionRefusedError,
} from "./src/transport/connect_errors.ts";

// Commands, files, MCP, history and goals (issue 24). Their error classes are values in
// @codex/sdk/client (the root keeps to its 50 values); here check `error.code`
// ("command_timeout", "fs_error", "goal_precondition").
export type { CommandOutput, CommandOptions, CommandResult, CommandSpawnOptions, TerminalSize } from "./src/api/commands/options.ts";
export type { CommandProcess } from "./src/api/commands/process.ts";
export type { CommandTimeoutError } from "./src/api/commands/errors.ts";
export type { CodexFiles, DirEntry, FileInfo } from "./src/api/fs/files.ts";
export type { FsChange, FsWatcher, FsWatchOptions } from "./src/api/fs/watch.ts";
export type { FsError, FsErrorReason } from "./src/api/fs/errors.ts";
export type { McpLogin, McpLoginOptions, McpLoginOutcome, McpServersListOptions } from "./src/api/mcp/mcp.ts";
export type { HttpMcpServer, McpServerConfig, McpServersOption, StdioMcpServer } from "./src/api/mcp/thread_servers.ts";
export type { ItemsOptions, TurnsOptions } from "./src/api/history.ts";
export type { CodexConfig, ConfigEditInput, ConfigWriteOptions } from "./src/api/config_api.ts";
export type { FeedbackInput, SkillsOptions } from "./src/api/server_info.ts";
export type { GoalHandle, GoalOptions, GoalPreconditionError, GoalResult } from "./src/api/goals/goal.ts";

// The low-level client is `codex.client`: its type is here, constructing one is
// `@codex/sdk/client`'s business.
export type { CodexClient, CodexClientOptions, ServerRequestHandler } from "./src/client/client.ts";
export type { ClientEvent } from "./src/api/notification_feed.ts";
export type { Validator } from "./src/protocol/validation.ts";
export type { ConnectionSink, MessageConnection } from "./src/rpc/connection.ts";
export type { IncomingRequestContext, NO_REPLY, RequestOptions } from "./src/rpc/peer.ts";
export type { JsonRpcId } from "./src/rpc/messages.ts";

// Wire types, the same declarations `@codex/sdk/protocol` exports: options, results and events
// are made of them (and `codex.client.request` names every one).
export type * from "./src/protocol/wire_types.ts";
export type {
  ClientRequestMap,
  ServerNotification,
  ServerNotificationMap,
  ServerNotificationMethod,
  ServerRequest,
  ServerRequestMap,
  ServerRequestMethod,
} from "./src/protocol/generated/methods.ts";
export type { ClientRequestMapWithExperimental } from "./src/protocol/generated/experimental/methods.ts";
export type {
  Notification,
  NotificationParams,
  RequestArgs,
  RequestMethod,
  RequestParams,
  RequestResponse,
  ServerRequestParams,
  ServerRequestResponse,
  UnknownNotification,
  ValidationIssue,
  ValidationPolicy,
} from "./src/protocol/messages.ts";
