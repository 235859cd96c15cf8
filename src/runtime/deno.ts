/**
 * The Deno adapter: processes through `Deno.Command`, whose stdio already are Web Streams; the
 * global `WebSocket` (with headers, and over a unix socket through `Deno.createHttpClient`);
 * files through `Deno.stat`. Only Deno's own APIs: the first `node:` import starts Deno's Node
 * compatibility layer, which would cost ~25 ms of the first `Codex.start`.
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

import { globalWebSocket } from "./global_websocket.ts";
import type {
  ChildProcess,
  CreatedWebSocket,
  ExitStatus,
  FileKind,
  HostInfo,
  RuntimeAdapter,
  SpawnOptions,
  WebSocketTarget,
} from "./types.ts";

interface DenoChild {
  pid: number;
  stdin: WritableStream<Uint8Array>;
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
  status: Promise<{ code: number; signal: string | null }>;
  kill(signal: string): void;
  unref(): void;
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
  stat(path: string): Promise<{ isFile: boolean; isDirectory: boolean; isSocket: boolean | null }>;
  cwd(): string;
  build: { os: string; arch: string };
  errors: { NotFound: new () => Error; NotADirectory?: new () => Error };
  createHttpClient(options: { proxy: { transport: "unix"; path: string } }): { close(): void };
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
    if (options.unref) child.unref();
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
  host(): HostInfo {
    const { os, arch } = deno().build;
    return {
      os: os === "windows" ? "win32" : os,
      arch: ({ x86_64: "x64", aarch64: "arm64" } as Record<string, string>)[arch] ?? arch,
      cwd: deno().cwd(),
    };
  },
  async fileKind(path: string): Promise<FileKind> {
    try {
      const info = await deno().stat(path);
      return info.isFile ? "file" : info.isDirectory ? "directory" : info.isSocket ? "socket" : "other";
    } catch (error) {
      const { NotFound, NotADirectory } = deno().errors;
      if (error instanceof NotFound || (NotADirectory && error instanceof NotADirectory)) return "missing";
      return "unreadable";
    }
  },
  createWebSocket(target: WebSocketTarget): Promise<CreatedWebSocket> {
    const socketPath = target.socketPath;
    const client = socketPath ? deno().createHttpClient({ proxy: { transport: "unix", path: socketPath } }) : undefined;
    const url = socketPath ? `ws://localhost${new URL(target.url).pathname}` : target.url;
    try {
      const socket = new (globalWebSocket())(url, { headers: target.headers ?? {}, ...(client ? { client } : {}) });
      return Promise.resolve({ socket, dispose: () => client?.close() });
    } catch (error) {
      client?.close();
      throw error;
    }
  },
};
