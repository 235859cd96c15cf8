/**
 * The stdio transport: starts `codex app-server` as a child process and speaks JSONL over its
 * stdin/stdout; stderr is drained into a bounded tail. Closing ends stdin (the app-server exits
 * on end of input), then sends SIGTERM, then SIGKILL after a grace period.
 *
 * @example
 * ```ts
 * import { JsonRpcPeer } from "@codex/sdk/rpc";
 * import { loadRuntime } from "../runtime/detect.ts";
 * import { startProcessConnection } from "./process.ts";
 *
 * const runtime = await loadRuntime();
 * const { connection } = await startProcessConnection({
 *   runtime, command: "/path/to/codex", args: ["app-server"], env: runtime.environment(),
 * });
 * const peer = new JsonRpcPeer(connection);
 * ```
 * @module
 */

import type { TransportCloseInfo } from "../rpc/errors.ts";
import type { SecretRedactor } from "../util/redact.ts";
import { type MessageConnection, streamConnection } from "../rpc/connection.ts";
import type { ChildProcess, ExitStatus, RuntimeAdapter } from "../runtime/types.ts";
import { StderrTail } from "./stderr_tail.ts";
import { within } from "../util/deadline.ts";

/** Options of {@link startProcessConnection}. */
export interface ProcessConnectionOptions {
  /** The runtime adapter that spawns the process. */
  runtime: RuntimeAdapter;
  /** The executable. */
  command: string;
  /** Its arguments. */
  args: string[];
  /** Its complete environment. */
  env: Record<string, string>;
  /** Its working directory. */
  cwd?: string;
  /** The longest message line accepted from the process, in characters. */
  maxLineLength?: number;
  /** Called with every stderr line (colour codes removed, secrets redacted). */
  onStderr?: (line: string) => void;
  /** How long to wait after end of input, and again after SIGTERM, before escalating. Default 2000 ms. */
  killGraceMs?: number;
  /** Hides secrets in the stderr lines this transport reports. */
  redactor?: SecretRedactor;
  /** The process and its pipes do not keep this program running (see `SpawnOptions.unref`). */
  unref?: boolean;
}

/** A started process and the message connection over its stdio. */
export interface ProcessConnection {
  /** The JSONL connection over stdin/stdout. */
  connection: MessageConnection;
  /** The child process (for its pid and exit status). */
  child: ChildProcess;
  /** The last lines of stderr so far (redacted). */
  stderrTail(): string[];
}

/** Starts the process and returns its connection; rejects if the process cannot be started. */
export async function startProcessConnection(options: ProcessConnectionOptions): Promise<ProcessConnection> {
  const child = await options.runtime.spawn(options.command, {
    args: options.args,
    env: options.env,
    cwd: options.cwd,
    // Its own session: Ctrl-C in a terminal goes to this program, not to the app-server behind
    // it. It still exits when this process dies, because its stdin (our pipe) closes.
    detached: true,
    unref: options.unref,
  });
  const redact = (line: string): string => options.redactor?.redact(line) ?? line;
  const onStderr = options.onStderr;
  const tail = new StderrTail({ onLine: onStderr && ((line) => onStderr(redact(line))) });
  const stderrDone = tail.drain(child.stderr);
  const grace = options.killGraceMs ?? 2000;

  const closeInfo = async (): Promise<TransportCloseInfo> => {
    // stdout can end a moment before the exit status is known; wait briefly for both.
    const status = await within(child.exited, 250);
    await within(stderrDone, 50);
    return {
      exitCode: status?.exitCode ?? null,
      signal: status?.signal ?? null,
      stderrTail: tail.lines().map(redact),
      reason: status ? "" : "the app-server closed its output",
    };
  };

  const stop = async (): Promise<void> => {
    if (await exitsWithin(child.exited, grace)) return;
    child.kill("SIGTERM");
    if (await exitsWithin(child.exited, grace)) return;
    child.kill("SIGKILL");
    await child.exited;
  };

  const connection = streamConnection(child.stdout, child.stdin, {
    maxLineLength: options.maxLineLength,
    closeInfo,
    onClose: stop,
  });
  return { connection, child, stderrTail: () => tail.lines().map(redact) };
}

async function exitsWithin(exited: Promise<ExitStatus>, ms: number): Promise<boolean> {
  return (await within(exited, ms)) !== undefined;
}
