/**
 * The platform's own `WebSocket` constructor (Deno, Bun, browsers), shared by their adapters.
 * Deno and Bun take a second argument with handshake headers; a browser takes none.
 *
 * @module
 */

import { InvalidArgumentError } from "../util/errors.ts";
import type { WebSocketLike } from "./types.ts";

/** A `WebSocket` constructor, with the options object Deno and Bun accept. */
export type WebSocketConstructor = new (url: string, options?: Record<string, unknown>) => WebSocketLike;

/** The global `WebSocket`, or an {@link InvalidArgumentError} saying there is none. */
export function globalWebSocket(): WebSocketConstructor {
  const constructor = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (typeof constructor !== "function") {
    throw new InvalidArgumentError("webSocketRuntime", "this runtime has no global WebSocket; pass { webSocketRuntime: \"node\" } to use the ws package");
  }
  return constructor as WebSocketConstructor;
}
