/**
 * Drains a child's stderr continuously into a bounded buffer of its last lines, so a chatty
 * child never blocks on a full pipe and an error can quote what it said last.
 *
 * @example
 * ```ts
 * import { StderrTail } from "./stderr_tail.ts";
 *
 * const tail = new StderrTail({ maxLines: 20 });
 * await tail.drain(new Blob(["warning\nError: bad config\n"]).stream());
 * tail.lines(); // ["warning", "Error: bad config"]
 * ```
 * @module
 */

import { LineSplitter } from "../rpc/line_splitter.ts";

// ANSI colour and cursor sequences: the app-server colours its logs when it thinks it may.
// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

const BACKTRACE_NOISE = /^\s*(Stack backtrace:|\d+: <unknown>)\s*$/;

/** Options of {@link StderrTail}. */
export interface StderrTailOptions {
  /** How many of the last lines to keep. Default 40. */
  maxLines?: number;
  /** Called with every line as it arrives (colour codes removed). */
  onLine?: (line: string) => void;
}

/** The last lines of a stream of text, bounded in count and in length per line. */
export class StderrTail {
  readonly #max: number;
  readonly #onLine?: (line: string) => void;
  readonly #lines: string[] = [];

  /** Creates an empty tail. */
  constructor(options: StderrTailOptions = {}) {
    this.#max = options.maxLines ?? 40;
    this.#onLine = options.onLine;
  }

  /** Reads `stream` to its end; resolves when it ends or fails. */
  async drain(stream: ReadableStream<Uint8Array>): Promise<void> {
    const splitter = new LineSplitter({
      onLine: (line) => this.#add(line),
      onError: (error) => this.#add(`${error.sample} [line cut at ${error.maxLineLength} characters]`),
      maxLineLength: 64 * 1024,
    });
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        splitter.push(value);
      }
      splitter.end();
    } catch {
      // The pipe broke with the process; what was read is kept.
    } finally {
      reader.releaseLock();
    }
  }

  /** The kept lines, oldest first. */
  lines(): string[] {
    return [...this.#lines];
  }

  #add(raw: string): void {
    const line = raw.replace(ANSI, "").slice(0, 2000);
    // Rust's unsymbolized backtraces ("Stack backtrace:", "   3: <unknown>") say nothing useful.
    if (BACKTRACE_NOISE.test(line)) return;
    this.#onLine?.(line);
    this.#lines.push(line);
    if (this.#lines.length > this.#max) this.#lines.shift();
  }
}
