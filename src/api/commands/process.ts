/**
 * `CommandProcess`: a command started with `codex.spawn`, running in the app-server's sandbox.
 * Read its `output`, `write` to its stdin, `resize` its terminal, `kill` it, await `exited`.
 * `codex.exec` is the same process without streaming: it resolves with the buffered result.
 *
 * One `command/exec` request per process, with a client-chosen process id: its answer is the
 * exit, sent after the last `command/exec/outputDelta` of that id; `command/exec/write`,
 * `resize` and `terminate` act on the id meanwhile.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * await using proc = await codex.spawn(["cat"]);
 * await proc.write("hello\n");
 * await proc.closeStdin();
 * for await (const chunk of proc.output) console.log(chunk.stream, chunk.text);
 * console.log((await proc.exited).exitCode);
 * ```
 * @module
 */

import type { CodexClient } from "../../client/client.ts";
import type { CommandExecParams } from "../../protocol/generated/types.ts";
import { AsyncQueue } from "../../util/async_queue.ts";
import { fromBase64, toBase64 } from "../../util/base64.ts";
import { AbortError } from "../turn/errors.ts";
import { CommandTimeoutError } from "./errors.ts";
import { checkSize, type CommandOutput, type CommandResult, type TerminalSize } from "./options.ts";

/** How a process is started (internal: `exec` and `spawn` fill it). */
export interface StartCommand {
  params: CommandExecParams;
  /** Stream output and stdin (spawn), or buffer (exec). */
  stream: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A running command (see the module doc). Get one from `codex.spawn`. */
export class CommandProcess implements AsyncDisposable {
  /** The connection-scoped process id this SDK chose (what `command/exec/*` requests name). */
  readonly processId: string;
  /** The command's argv. */
  readonly command: readonly string[];
  /**
   * The output as it comes, chunk by chunk, ending when the process exits. Read it once; it
   * buffers until read. (`exited` also carries the whole output.)
   */
  readonly output: AsyncIterable<CommandOutput>;
  /**
   * Resolves with the exit code and the whole output when the process exits; rejects with
   * `CommandTimeoutError` after `timeoutMs`, `AbortError` when the signal aborted, or the
   * server's error when it could not start the command.
   */
  readonly exited: Promise<CommandResult>;
  readonly #client: CodexClient;
  #done = false;

  /**
   * Starts the command (one `command/exec` request).
   * @ignore the SDK's own wiring: applications call `codex.spawn` or `codex.exec`.
   */
  constructor(client: CodexClient, start: StartCommand) {
    this.#client = client;
    this.processId = `sdk-${crypto.randomUUID()}`;
    this.command = start.params.command;
    const queue = new AsyncQueue<CommandOutput>();
    this.output = queue;
    const text = { stdout: "", stderr: "" };
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    const stopListening = client.onNotification((n) => {
      if (n.method !== "command/exec/outputDelta" || n.params.processId !== this.processId) return;
      const stream = n.params.stream;
      const chunk = decoders[stream].decode(fromBase64(n.params.deltaBase64), { stream: true });
      if (chunk === "") return;
      text[stream] += chunk;
      queue.push({ stream, text: chunk });
    });

    let stopReason: Error | undefined;
    const stop = (reason: Error): void => {
      if (stopReason || this.#done) return;
      stopReason = reason;
      this.kill().catch(() => {});
    };
    const timer = start.timeoutMs === undefined
      ? undefined
      : setTimeout(() => stop(new CommandTimeoutError(this.command, start.timeoutMs!)), start.timeoutMs);
    const onAbort = (): void =>
      stop(new AbortError(`${JSON.stringify(this.command)} was aborted and terminated`, undefined, start.signal?.reason));
    start.signal?.addEventListener("abort", onAbort, { once: true });

    const params: CommandExecParams = {
      ...start.params,
      processId: this.processId,
      ...(start.stream ? { streamStdin: true, streamStdoutStderr: true } : {}),
    };
    // The SDK owns the timeout: the request itself waits as long as the process runs.
    this.exited = client.request("command/exec", params, { timeoutMs: 0 }).then(
      (response) => {
        for (const stream of ["stdout", "stderr"] as const) {
          const tail = decoders[stream].decode();
          if (tail) {
            text[stream] += tail;
            queue.push({ stream, text: tail });
          }
        }
        if (stopReason) throw stopReason;
        return { exitCode: response.exitCode, stdout: text.stdout + response.stdout, stderr: text.stderr + response.stderr };
      },
    ).finally(() => {
      this.#done = true;
      clearTimeout(timer);
      start.signal?.removeEventListener("abort", onAbort);
      stopListening();
      queue.end();
    });
    this.exited.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
    if (start.signal?.aborted) onAbort();
  }

  /** Whether the process has exited. */
  get hasExited(): boolean {
    return this.#done;
  }

  /**
   * Writes to the process's stdin (a string is sent as UTF-8).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await using proc = await codex.spawn(["cat"]);
   * await proc.write("line\n");
   * ```
   */
  async write(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    await this.#client.request("command/exec/write", { processId: this.processId, deltaBase64: toBase64(bytes) });
  }

  /**
   * Closes the process's stdin (it sees end of input).
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await using proc = await codex.spawn(["wc", "-l"]);
   * await proc.write("a\nb\n");
   * await proc.closeStdin();
   * console.log((await proc.exited).stdout);
   * ```
   */
  async closeStdin(): Promise<void> {
    await this.#client.request("command/exec/write", { processId: this.processId, closeStdin: true });
  }

  /**
   * Resizes the terminal of a process spawned with `tty`.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * await using proc = await codex.spawn(["bash"], { tty: { rows: 24, cols: 80 } });
   * await proc.resize({ rows: 40, cols: 120 });
   * ```
   */
  async resize(size: TerminalSize): Promise<void> {
    await this.#client.request("command/exec/resize", { processId: this.processId, size: checkSize(size) });
  }

  /**
   * Terminates the process (SIGKILL: `exited` then reports exit code 137). No-op once it has exited.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const proc = await codex.spawn(["sleep", "60"]);
   * await proc.kill();
   * console.log((await proc.exited).exitCode); // 137
   * ```
   */
  async kill(): Promise<void> {
    if (this.#done) return;
    await this.#client.request("command/exec/terminate", { processId: this.processId }).catch((error) => {
      if (!this.#done) throw error; // it exited meanwhile: nothing to terminate
    });
  }

  /** Kills the process if it still runs and waits for it to exit (on leaving an `await using` block). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.kill().catch(() => {});
    await this.exited.catch(() => {});
  }
}
