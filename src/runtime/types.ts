/**
 * What the SDK needs from a JavaScript runtime: starting a child process, a client WebSocket
 * (with headers, or over a unix socket), checking a file, the environment and the host. One
 * small interface, implemented once per runtime (`deno.ts`, `bun.ts`, `node.ts`, `browser.ts`);
 * nothing outside `src/runtime/` touches a runtime's globals or modules.
 *
 * @example
 * ```ts
 * import { loadRuntime } from "./detect.ts";
 *
 * const runtime = await loadRuntime();
 * const child = await runtime.spawn("echo", { args: ["hi"], env: runtime.environment() });
 * console.log(await child.exited);
 * ```
 * @module
 */

/** The runtimes with a process adapter. */
export type RuntimeName = "deno" | "bun" | "node";

/** Every runtime with an adapter: the three server runtimes, and a browser (no processes, no files). */
export type AdapterName = RuntimeName | "browser";

/** What is at a path, as {@link RuntimeAdapter.fileKind} reports it. */
export type FileKind = "file" | "directory" | "socket" | "other" | "missing" | "unreadable";

/** The machine the code runs on, in Node's words (`"linux"`, `"darwin"`, `"win32"`; `"x64"`, `"arm64"`). */
export interface HostInfo {
  /** The operating system. */
  os: string;
  /** The CPU architecture. */
  arch: string;
  /** The current working directory (`"/"` in a browser). */
  cwd: string;
}

/** The part of the standard `WebSocket` API the transport uses (the `ws` package has it too). */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** How binary frames are delivered; the transport asks for `"arraybuffer"`. */
  binaryType: string;
  /** The upgrade succeeded. */
  onopen: ((event: unknown) => void) | null;
  /** One frame (a string for text frames). */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** Something failed; before `onopen`, the event's message says what (e.g. the HTTP status). */
  onerror: ((event: { message?: string; error?: unknown }) => void) | null;
  /** The connection ended (always the last event). */
  onclose: ((event: { code: number; reason: string }) => void) | null;
  /** Sends one text frame. */
  send(data: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Drops the connection at once (the `ws` package only). */
  terminate?(): void;
}

/** What {@link RuntimeAdapter.createWebSocket} connects to. */
export interface WebSocketTarget {
  /** `ws://` or `wss://` URL; with `socketPath`, only its path is used. */
  url: string;
  /** Extra handshake headers. */
  headers?: Record<string, string>;
  /** Connect over this unix socket (absolute path) instead of TCP. */
  socketPath?: string;
}

/** A new, connecting WebSocket and what to release once it has closed. */
export interface CreatedWebSocket {
  /** The socket, already connecting. */
  socket: WebSocketLike;
  /** Releases what the socket needed besides itself (Deno's unix-socket HTTP client). */
  dispose(): void;
}

/** How a child process ended. */
export interface ExitStatus {
  /** The exit code, or null when a signal ended it. */
  exitCode: number | null;
  /** The signal's name (e.g. `"SIGKILL"`), or null. */
  signal: string | null;
}

/** Options of {@link RuntimeAdapter.spawn}. */
export interface SpawnOptions {
  /** The arguments, without the command. */
  args: string[];
  /** The complete environment of the child (not merged with the parent's). */
  env: Record<string, string>;
  /** The working directory; default the current one. */
  cwd?: string;
  /**
   * Start the child in its own session (process group), so a terminal's Ctrl-C reaches only
   * this process and the program decides what it means (e.g. interrupt the turn).
   */
  detached?: boolean;
  /**
   * The child and its pipes do not keep this program running: once the program has nothing
   * else to do it exits (and the child, its stdin closed, with it).
   */
  unref?: boolean;
}

/** A running child process with piped stdio as Web Streams. */
export interface ChildProcess {
  /** The operating-system process id. */
  readonly pid: number;
  /** The child's standard input. */
  readonly stdin: WritableStream<Uint8Array>;
  /** The child's standard output. */
  readonly stdout: ReadableStream<Uint8Array>;
  /** The child's standard error. */
  readonly stderr: ReadableStream<Uint8Array>;
  /** Resolves when the child has exited. */
  readonly exited: Promise<ExitStatus>;
  /** Sends a signal; does nothing if the child has already exited. */
  kill(signal: "SIGTERM" | "SIGKILL"): void;
}

/** One runtime's way of starting processes, opening WebSockets, checking files and reading the environment. */
export interface RuntimeAdapter {
  /** Which runtime this is. */
  readonly name: AdapterName;
  /** Starts a process; rejects if it cannot be started (e.g. the file does not exist). */
  spawn(command: string, options: SpawnOptions): Promise<ChildProcess>;
  /**
   * Optional: begins loading what {@link spawn} needs (Node's `node:child_process`), so that it
   * loads while the caller does other work (the binary search) instead of after it.
   */
  prepareSpawn?(): void;
  /** The current process's environment variables (none in a browser). */
  environment(): Record<string, string>;
  /** The operating system, architecture and working directory. */
  host(): HostInfo;
  /** What is at `path` (never throws: a path that cannot be examined is `"unreadable"`). */
  fileKind(path: string): Promise<FileKind>;
  /**
   * A client WebSocket, already connecting. Throws `InvalidArgumentError` when this runtime
   * cannot do what is asked (a browser: no headers, so no token, and no unix socket).
   */
  createWebSocket(target: WebSocketTarget): Promise<CreatedWebSocket>;
}
