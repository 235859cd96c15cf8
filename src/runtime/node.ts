/**
 * The Node adapter: processes through `node:child_process`, imported lazily (only when a process
 * is started), with stdio turned into Web Streams by `node:stream`'s `toWeb`.
 *
 * @example
 * ```ts
 * import { loadRuntime } from "./detect.ts";
 *
 * const node = await loadRuntime("node");
 * ```
 * @module
 */

import type { ChildProcess, ExitStatus, RuntimeAdapter, SpawnOptions } from "./types.ts";

/** Creates the adapter for Node (also usable on Deno and Bun, through their Node compatibility). */
export function createNodeRuntime(): RuntimeAdapter {
  return {
    name: "node",
    async spawn(command: string, options: SpawnOptions): Promise<ChildProcess> {
      const { spawn } = await import("node:child_process");
      const { Readable, Writable } = await import("node:stream");
      const child = spawn(command, options.args, {
        env: options.env,
        cwd: options.cwd,
        detached: options.detached ?? false,
        stdio: ["pipe", "pipe", "pipe"],
      });
      await new Promise<void>((resolve, reject) => {
        child.once("spawn", resolve);
        child.once("error", reject);
      });
      // Writes after the child died fail with EPIPE; the read side reports the close instead.
      child.stdin.on("error", () => {});
      let done = false;
      const exited = new Promise<ExitStatus>((resolve) => {
        child.once("exit", (code, signal) => {
          done = true;
          resolve({ exitCode: signal ? null : code, signal: signal ?? null });
        });
      });
      return {
        pid: child.pid!,
        stdin: Writable.toWeb(child.stdin) as WritableStream<Uint8Array>,
        stdout: Readable.toWeb(child.stdout) as ReadableStream<Uint8Array>,
        stderr: Readable.toWeb(child.stderr) as ReadableStream<Uint8Array>,
        exited,
        kill(signal) {
          if (!done) child.kill(signal);
        },
      };
    },
    environment(): Record<string, string> {
      const env: Record<string, string> = {};
      const source = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
      for (const [key, value] of Object.entries(source)) if (value !== undefined) env[key] = value;
      return env;
    },
  };
}
