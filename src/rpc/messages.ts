/**
 * The shapes of JSON-RPC messages in the app-server's dialect (JSON-RPC 2.0 without the
 * `"jsonrpc"` member).
 *
 * @example
 * ```ts
 * import type { JsonRpcRequest } from "@codex/sdk/rpc";
 *
 * const request: JsonRpcRequest = { id: 1, method: "echo", params: { text: "hi" } };
 * ```
 * @module
 */

import type { JsonRpcErrorObject } from "./errors.ts";

/** A request id: the client's are integers; the server may use numbers or strings. */
export type JsonRpcId = number | string;

/** A request: expects a response with the same id. */
export interface JsonRpcRequest {
  /** The id the response will carry. */
  id: JsonRpcId;
  /** The method name, e.g. `"sum"`. */
  method: string;
  /** The params, when the method takes any. */
  params?: unknown;
}

/** A notification: no id, no response. Server notifications also carry `emittedAtMs`. */
export interface JsonRpcNotification {
  /** The method name, e.g. `"progress"`. */
  method: string;
  /** The params, when the method has any. */
  params?: unknown;
}

/** A successful response. */
export interface JsonRpcResult {
  /** The id of the request this answers. */
  id: JsonRpcId;
  /** The result. */
  result: unknown;
}

/** An error response. */
export interface JsonRpcErrorResponse {
  /** The id of the request this answers. */
  id: JsonRpcId;
  /** What went wrong. */
  error: JsonRpcErrorObject;
}
