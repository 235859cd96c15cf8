/**
 * The span names, attributes, events and metrics the SDK emits: the OpenTelemetry GenAI
 * semantic conventions (`gen_ai.*`) where they name the thing, the RPC conventions for server
 * requests, and `codex.*` for what only Codex has. The README's table is made from this list.
 *
 * @module
 */

/** The instrumentation scope name of every tracer and meter. */
export const SCOPE = "@codex/sdk";
/** `gen_ai.provider.name`: the SDK talks to Codex, whatever model provider Codex is configured with. */
export const PROVIDER = "codex";
/** `gen_ai.agent.name` of a turn's span. */
export const AGENT = "codex";

/** Span names. */
export const SPAN = {
  /** A turn (`thread.turn`/`run`): `invoke_agent codex`. */
  turn: `invoke_agent ${AGENT}`,
  /** A client-side tool call: `execute_tool <tool name>`. */
  tool: (name: string): string => `execute_tool ${name}`,
  /** Answering one server request: its method. */
  serverRequest: (method: string): string => method,
  /** `Codex.start`: spawning the app-server and the handshake. */
  start: "codex.start",
  /** `Codex.connect` / `Codex.fromConnection`: connecting and the handshake. */
  connect: "codex.connect",
} as const;

/** Attribute keys. */
export const ATTR = {
  operation: "gen_ai.operation.name",
  provider: "gen_ai.provider.name",
  agentName: "gen_ai.agent.name",
  conversation: "gen_ai.conversation.id",
  requestModel: "gen_ai.request.model",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolType: "gen_ai.tool.type",
  toolArguments: "gen_ai.tool.call.arguments",
  toolResult: "gen_ai.tool.call.result",
  tokenType: "gen_ai.token.type",
  errorType: "error.type",
  turnId: "codex.turn.id",
  turnStatus: "codex.turn.status",
  rpcSystem: "rpc.system",
  rpcMethod: "rpc.method",
  rpcRequestId: "rpc.jsonrpc.request_id",
  requestOutcome: "codex.server_request.outcome",
  requestDecision: "codex.server_request.decision",
  safeDefault: "codex.server_request.safe_default",
  serverVersion: "codex.server.version",
  pid: "process.pid",
} as const;

/** Event names (retries, reconnects and restarts). */
export const EVENT = {
  retry: "codex.retry",
  reconnect: "codex.reconnect",
  restart: "codex.restart",
} as const;

/** Metric names (GenAI client metrics). */
export const METRIC = {
  tokenUsage: "gen_ai.client.token.usage",
  duration: "gen_ai.client.operation.duration",
} as const;
