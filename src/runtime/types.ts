/**
 * What the SDK needs from a JavaScript runtime to run the app-server as a child process: one
 * small interface, implemented once per runtime (`deno.ts`, `bun.ts`, `node.ts`).
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

/** One runtime's way of starting processes and reading the environment. */
export interface RuntimeAdapter {
  /** Which runtime this is. */
  readonly name: RuntimeName;
  /** Starts a process; rejects if it cannot be started (e.g. the file does not exist). */
  spawn(command: string, options: SpawnOptions): Promise<ChildProcess>;
  /** The current process's environment variables. */
  environment(): Record<string, string>;
}
