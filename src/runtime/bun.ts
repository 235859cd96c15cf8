/**
 * The Bun adapter: processes through `Bun.spawn`. Its stdout and stderr are Web Streams; its
 * stdin is a `FileSink`, wrapped here in a `WritableStream`. WebSockets are Bun's global one
 * (headers allowed; `ws+unix://PATH` over a unix socket); files through Bun's native `node:fs`.
 *
 * The few Bun APIs used are typed locally, so this file compiles without Bun's types.
 *
 * @example
 * ```ts
 * import { loadRuntime } from "./detect.ts";
 *
 * const bun = await loadRuntime("bun");
 * ```
 * @module
 */

import { globalWebSocket } from "./global_websocket.ts";
import { nodeEnvironment, nodeFileKind, nodeHost } from "./node_files.ts";
import type {
  ChildProcess,
  CreatedWebSocket,
  ExitStatus,
  HostInfo,
  RuntimeAdapter,
  SpawnOptions,
  WebSocketTarget,
} from "./types.ts";

interface BunFileSink {
  write(chunk: Uint8Array): number;
  flush(): number | Promise<number>;
  end(): number | Promise<number>;
}

interface BunSubprocess {
  pid: number;
  stdin: BunFileSink;
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
  exited: Promise<number>;
  exitCode: number | null;
  signalCode: string | null;
  kill(signal: string): void;
  unref(): void;
}

interface BunApi {
  spawn(command: string[], options: {
    env: Record<string, string>;
    cwd?: string;
    detached?: boolean;
    stdin: "pipe";
    stdout: "pipe";
    stderr: "pipe";
  }): BunSubprocess;
}

const bun = (): BunApi => (globalThis as unknown as { Bun: BunApi }).Bun;

/** The adapter for Bun. */
export const bunRuntime: RuntimeAdapter = {
  name: "bun",
  spawn(command: string, options: SpawnOptions): Promise<ChildProcess> {
    const proc = bun().spawn([command, ...options.args], {
      env: options.env,
      cwd: options.cwd,
      detached: options.detached ?? false,
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
    });
    if (options.unref) proc.unref();
    let done = false;
    const exited: Promise<ExitStatus> = proc.exited.then(() => {
      done = true;
      return { exitCode: proc.signalCode ? null : proc.exitCode, signal: proc.signalCode };
    });
    const stdin = new WritableStream<Uint8Array>({
      async write(chunk) {
        proc.stdin.write(chunk);
        await proc.stdin.flush();
      },
      async close() {
        await proc.stdin.end();
      },
      async abort() {
        await proc.stdin.end();
      },
    });
    return Promise.resolve({
      pid: proc.pid,
      stdin,
      stdout: proc.stdout,
      stderr: proc.stderr,
      exited,
      kill(signal) {
        if (done) return;
        try {
          proc.kill(signal);
        } catch {
          // Already gone between the check and the call.
        }
      },
    });
  },
  environment: nodeEnvironment,
  host(): HostInfo {
    return nodeHost();
  },
  fileKind: nodeFileKind,
  createWebSocket(target: WebSocketTarget): Promise<CreatedWebSocket> {
    const url = target.socketPath ? `ws+unix://${target.socketPath}` : target.url;
    return Promise.resolve({ socket: new (globalWebSocket())(url, { headers: target.headers ?? {} }), dispose() {} });
  },
};
