/**
 * `codex exec`'s refusal to run outside a git repository unless `skipGitRepoCheck` is set,
 * checked here through the app-server's own file API (`fs/getMetadata`): the working directory
 * or one of its parents must hold `.git` (a directory, or the file of a worktree).
 *
 * @example
 * ```ts
 * import { insideGitRepository } from "./git_check.ts";
 * // await insideGitRepository(codex, "/work/project") → true
 * ```
 * @module
 */

import type { Codex as NativeCodex } from "../api/codex.ts";

/** Whether `dir` (absolute) or one of its parents holds `.git`. */
export async function insideGitRepository(codex: NativeCodex, dir: string): Promise<boolean> {
  let current = dir.replace(/\/+$/, "") || "/";
  for (;;) {
    const path = current === "/" ? "/.git" : `${current}/.git`;
    const found = await codex.client.request("fs/getMetadata", { path }).then(() => true, () => false);
    if (found) return true;
    if (current === "/") return false;
    current = current.slice(0, current.lastIndexOf("/")) || "/";
  }
}

/** The app-server's working directory (where a thread without `workingDirectory` runs). */
export async function serverCwd(codex: NativeCodex): Promise<string> {
  const { stdout } = await codex.client.request("command/exec", { command: ["pwd"] });
  return stdout.trim();
}

/** Joins a relative directory onto an absolute base (`.` and `..` resolved). */
export function resolveDir(base: string, dir: string): string {
  const parts = (dir.startsWith("/") ? dir : `${base}/${dir}`).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}
