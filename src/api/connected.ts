/**
 * What a `Codex` needs once it has a connection: the low-level client, the answering of server
 * requests, the client-side tools' registry and the resync after a reconnect. `Codex.#build`
 * loads this one module (for `Codex.start`, after the spawn, while the app-server boots), so
 * importing the root entry does not. One module on purpose: the npm bundle makes a chunk per
 * distinct set of importers, and Node pays per file it loads.
 *
 * @example
 * ```ts
 * import type { MessageConnection } from "../rpc/connection.ts";
 *
 * async function rawClient(connection: MessageConnection) {
 *   const { CodexClient } = await import("./connected.ts");
 *   return new CodexClient(connection);
 * }
 * ```
 * @module
 */

export { CodexClient } from "../client/client.ts";
export { approvalHandlers, ServerRequestDispatcher } from "./server_requests.ts";
export { DEFAULT_TOOL_TIMEOUT_MS, prepareTools, ToolRegistry } from "./tools/registry.ts";
export { resyncAfterReconnect } from "./resync.ts";
