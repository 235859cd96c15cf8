/**
 * The Deno adapter: processes through `Deno.Command`, whose stdio already are Web Streams.
 *
 * The few Deno APIs used are typed locally, so this file compiles without Deno's type library
 * (the npm build uses plain tsc).
 *
 * @example
 * ```ts
 * import { loadRuntime } from "./detect.ts";
 *
 * const deno = await loadRuntime("deno");
 * ```
 * @module
 */

import type { ChildProcess, ExitStatus, RuntimeAdapter, SpawnOptions } from "./types.ts";

interface DenoChild {
  pid: number;
  stdin: WritableStream<Uint8Array>;
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
  status: Promise<{ code: number; signal: string | null }>;
  kill(signal: string): void;
}

interface DenoApi {
  Command: new (command: string, options: {
    args: string[];
    env: Record<string, string>;
    clearEnv: boolean;
    cwd?: string;
    detached?: boolean;
    stdin: "piped";
    stdout: "piped";
    stderr: "piped";
  }) => { spawn(): DenoChild };
  env: { toObject(): Record<string, string> };
}

const deno = (): DenoApi => (globalThis as unknown as { Deno: DenoApi }).Deno;

/** The adapter for Deno. */
export const denoRuntime: RuntimeAdapter = {
  name: "deno",
  spawn(command: string, options: SpawnOptions): Promise<ChildProcess> {
    const child = new (deno().Command)(command, {
      args: options.args,
      env: options.env,
      clearEnv: true,
      cwd: options.cwd,
      detached: options.detached ?? false,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let done = false;
    const exited: Promise<ExitStatus> = child.status.then((status) => {
      done = true;
      return { exitCode: status.signal ? null : status.code, signal: status.signal };
    });
    return Promise.resolve({
      pid: child.pid,
      stdin: child.stdin,
      stdout: child.stdout,
      stderr: child.stderr,
      exited,
      kill(signal) {
        if (done) return;
        try {
          child.kill(signal);
        } catch {
          // Already gone between the check and the call.
        }
      },
    });
  },
  environment(): Record<string, string> {
    return deno().env.toObject();
  },
};
