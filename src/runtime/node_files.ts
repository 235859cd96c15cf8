/**
 * File checks and host facts through Node's APIs, for the adapters that use them (Node, and Bun
 * whose `node:fs` is native). `node:fs/promises` is imported on first use.
 *
 * @module
 */

import type { FileKind, HostInfo } from "./types.ts";

interface NodeProcess {
  platform: string;
  arch: string;
  cwd(): string;
  env: Record<string, string | undefined>;
}

/** Node's (and Bun's) `process` global. */
export const nodeProcess = (): NodeProcess => (globalThis as unknown as { process: NodeProcess }).process;

/** The environment, without unset entries. */
export function nodeEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(nodeProcess().env)) if (value !== undefined) env[key] = value;
  return env;
}

/** The host as Node's `process` describes it. */
export function nodeHost(): HostInfo {
  const process = nodeProcess();
  return { os: process.platform, arch: process.arch, cwd: process.cwd() };
}

/** What is at `path`, through `node:fs/promises`. */
export async function nodeFileKind(path: string): Promise<FileKind> {
  const { stat } = await import("node:fs/promises");
  try {
    const info = await stat(path);
    return info.isFile() ? "file" : info.isDirectory() ? "directory" : info.isSocket() ? "socket" : "other";
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "missing" : "unreadable";
  }
}
