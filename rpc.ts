/**
 * `@codex/sdk/rpc` — JSON-RPC 2.0 over Web Streams, with nothing Codex-specific in it: line
 * framing, a message connection over any `ReadableStream`/`WritableStream` pair, and the peer
 * that correlates requests and responses, times them out and dispatches incoming requests and
 * notifications. Use it to speak JSON-RPC to any line-delimited server.
 *
 * @example
 * ```ts
 * import { JsonRpcPeer, streamConnection } from "@codex/sdk/rpc";
 *
 * // Any byte streams will do: a child's stdout/stdin, a socket, or (here) a loopback pipe.
 * const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
 * const peer = new JsonRpcPeer(streamConnection(readable, writable), {
 *   onNotification: (method, params) => console.log(method, params), // "hello" { to: "myself" }
 * });
 * peer.notify("hello", { to: "myself" });
 * await peer.close();
 * ```
 * @module
 */

export {
  DEFAULT_MAX_LINE_LENGTH,
  LineSplitter,
  type LineSplitterOptions,
  LineStream,
} from "./src/rpc/line_splitter.ts";
export { LineTooLongError } from "./src/rpc/errors.ts";
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
// The errors the peer and the framing raise (the same classes `@codex/sdk` exports).
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
export { CodexError } from "./src/util/errors.ts";
export { type ErrorFromWire, jsonRpcErrorFromWire } from "./src/rpc/errors.ts";
export { type MemoryConnection, memoryPair, type MemoryPairOptions } from "./src/rpc/memory_pair.ts";
