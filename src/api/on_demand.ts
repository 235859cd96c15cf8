/**
 * The part of the API that `Codex` and `Thread` load on first use, not with the root entry: the
 * protocol wrappers for commands, MCP, goals, history, reviews and server information. One
 * module for all of them on purpose: the npm bundle makes a chunk per distinct set of importers,
 * so one lazily imported module splits the root's code into fewer files than one per wrapper
 * would (Node pays per file it loads).
 *
 * @example
 * ```ts
 * import type { CodexClient } from "../client/client.ts";
 *
 * async function skills(client: CodexClient) {
 *   const { listSkills } = await import("./on_demand.ts");
 *   return await listSkills(client, { cwd: "." });
 * }
 * ```
 * @module
 */

export { execCommand, spawnCommand } from "./commands/commands.ts";
export { callMcpTool, listMcpServers, readMcpResource, startMcpLogin } from "./mcp/mcp.ts";
export { listLoadedThreads, listModelProviders, listSkills, sendFeedback } from "./server_info.ts";
export { startGoal } from "./goals/goal.ts";
export { threadItems, threadTurns } from "./history.ts";
export { ReviewHandle, toWireReviewTarget } from "./review/review.ts";
