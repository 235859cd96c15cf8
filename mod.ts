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

export { Codex, type CodexMetadata } from "./src/codex.ts";
export type { ClientInfo, CodexLogger, CodexStartOptions, ConnectionOptions } from "./src/options.ts";
export { CodexClient, type CodexClientOptions, type ServerRequestHandler } from "./src/client.ts";
export type * from "./src/protocol.ts";
export { loadValidator, ValidationError, type Validator } from "./src/validation.ts";
export * from "./src/errors.ts";
export { configFlags, type ConfigObject, type TomlValue } from "./src/config_flags.ts";
export { SecretRedactor } from "./src/redact.ts";

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
