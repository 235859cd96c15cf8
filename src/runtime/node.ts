/**
 * The Node adapter: processes through `node:child_process`, imported lazily (only when a process
 * is started), with stdio turned into Web Streams by `node:stream`'s `toWeb`. WebSockets through
 * the `ws` package (Node's global `WebSocket` sends no custom headers and cannot dial a unix
 * socket; `ws` does both, `ws+unix://PATH:/` for the socket),
 * imported only when one is opened.
 *
 * @example
 * ```ts
 * import { loadRuntime } from "./detect.ts";
 *
 * const node = await loadRuntime("node");
 * ```
 * @module
 */

import { DependencyMissingError } from "../util/errors.ts";
import { nodeEnvironment, nodeFileKind, nodeHost } from "./node_files.ts";
import type {
  ChildProcess,
  CreatedWebSocket,
  ExitStatus,
  HostInfo,
  RuntimeAdapter,
  SpawnOptions,
  WebSocketLike,
  WebSocketTarget,
} from "./types.ts";

/** What spawning needs, loaded on first use (both at once). */
function importProcessModules() {
  return Promise.all([import("node:child_process"), import("node:stream")]);
}

/** Creates the adapter for Node (also usable on Deno and Bun, through their Node compatibility). */
export function createNodeRuntime(): RuntimeAdapter {
  let processModules: ReturnType<typeof importProcessModules> | undefined;
  const loadProcessModules = () => processModules ??= importProcessModules();
  return {
    name: "node",
    prepareSpawn() {
      loadProcessModules().catch(() => {});
    },
    async spawn(command: string, options: SpawnOptions): Promise<ChildProcess> {
      const [{ spawn }, { Readable, Writable }] = await loadProcessModules();
      const child = spawn(command, options.args, {
        env: options.env,
        cwd: options.cwd,
        detached: options.detached ?? false,
        // On Windows a detached child would get a console window of its own; no shell anywhere:
        // the binary is codex.exe, and arguments go as a list.
        windowsHide: true,
        stdio: ["pipe", "pipe", "pipe"],
      });
      await new Promise<void>((resolve, reject) => {
        child.once("spawn", resolve);
        child.once("error", reject);
      });
      // Writes after the child died fail with EPIPE; the read side reports the close instead.
      child.stdin.on("error", () => {});
      if (options.unref) {
        child.unref();
        for (const pipe of [child.stdin, child.stdout, child.stderr]) (pipe as { unref?: () => void }).unref?.();
      }
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
    environment: nodeEnvironment,
    host(): HostInfo {
      return nodeHost();
    },
    fileKind: nodeFileKind,
    async createWebSocket(target: WebSocketTarget): Promise<CreatedWebSocket> {
      // `ws` is small, has no dependencies, and is what Node's own ecosystem uses; it is loaded
      // only here, so other runtimes never import it.
      const { WebSocket } = await import("ws").catch((error) => {
        throw new DependencyMissingError(
          "ws",
          `WebSockets on Node need the ws package, which could not be loaded (${error?.message ?? error}): npm install ws`,
          { cause: error },
        );
      });
      const url = target.socketPath ? `ws+unix://${target.socketPath}:${new URL(target.url).pathname}` : target.url;
      return { socket: new WebSocket(url, { headers: target.headers ?? {} }) as unknown as WebSocketLike, dispose() {} };
    },
  };
}
