/**
 * What `Codex.start` needs before the spawn: the option checks, the restart policy and the
 * process start itself. One module, loaded on the first `Codex.start` (not with the root
 * entry, and never by an application that only connects): the npm bundle makes a chunk per
 * distinct set of importers, and Node pays per file it loads before the spawn.
 *
 * @example
 * ```ts
 * async function startRaw() {
 *   const { checkStartOptions, startAppServer } = await import("./starting.ts");
 *   const options = { codexBin: "codex" };
 *   checkStartOptions(options);
 *   return await startAppServer(options);
 * }
 * ```
 * @module
 */

export { startAppServer } from "../client/start.ts";
export { checkRestartOption, restartable } from "./restart.ts";
export { checkAdmissionOptions, checkStartOptions } from "./option_rules.ts";
