/**
 * Splits a byte stream into lines of text (JSONL framing), with a bound on line length.
 *
 * Chunks may break anywhere — inside a line, inside `\r\n`, inside a multi-byte UTF-8 character;
 * a final line without a newline is still delivered when the input ends. A line longer than
 * `maxLineLength` is never held in memory beyond the limit: its start is reported as an error and
 * the rest of it, up to the next newline, is skipped.
 *
 * @example
 * ```ts
 * import { LineSplitter } from "@codex/sdk/rpc";
 *
 * const lines: string[] = [];
 * const splitter = new LineSplitter({ onLine: (line) => lines.push(line) });
 * splitter.push(new TextEncoder().encode('{"a":1}\n{"b"'));
 * splitter.push(new TextEncoder().encode(':2}\n'));
 * splitter.end();
 * // lines: ['{"a":1}', '{"b":2}']
 * ```
 * @module
 */

import { LineTooLongError } from "./errors.ts";

/** The default bound on one line: 16 MiB of text. */
export const DEFAULT_MAX_LINE_LENGTH: number = 16 * 1024 * 1024;

/** Options of {@link LineSplitter}. */
export interface LineSplitterOptions {
  /** Called with each complete line (without its `\n` or `\r\n`). Empty lines are skipped. */
  onLine: (line: string) => void;
  /** Called when a line exceeds `maxLineLength`; the line is skipped and splitting goes on. */
  onError?: (error: LineTooLongError) => void;
  /** The longest line accepted, in characters. Default {@link DEFAULT_MAX_LINE_LENGTH}. */
  maxLineLength?: number;
}

/** A push-based line splitter: the fast path the JSON-RPC peer reads through. */
export class LineSplitter {
  readonly #decoder = new TextDecoder();
  readonly #onLine: (line: string) => void;
  readonly #onError: (error: LineTooLongError) => void;
  readonly #max: number;
  #pending = "";
  #skipping = false;

  /** Creates a splitter that calls `onLine` for each line. */
  constructor(options: LineSplitterOptions) {
    this.#onLine = options.onLine;
    this.#onError = options.onError ?? ((error) => {
      throw error;
    });
    this.#max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  }

  /** Feeds a chunk of bytes; complete lines are delivered before this returns. */
  push(chunk: Uint8Array): void {
    this.#text(this.#decoder.decode(chunk, { stream: true }));
  }

  /** Ends the input: a final line without a newline is delivered. */
  end(): void {
    this.#text(this.#decoder.decode());
    if (this.#pending.length > 0 && !this.#skipping) this.#emit(this.#pending);
    this.#pending = "";
    this.#skipping = false;
  }

  #text(text: string): void {
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline !== -1) {
      if (this.#skipping) {
        this.#skipping = false;
      } else if (this.#pending.length + (newline - start) > this.#max) {
        this.#tooLong(this.#pending + text.slice(start, start + 200));
      } else if (this.#pending.length === 0) {
        // The common case: a whole line inside this chunk.
        const end = text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        if (end > start) this.#onLine(text.slice(start, end));
      } else {
        this.#emit(this.#pending + text.slice(start, newline));
      }
      this.#pending = "";
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (start >= text.length || this.#skipping) return;
    const rest = start === 0 ? text : text.slice(start);
    if (this.#pending.length + rest.length > this.#max) {
      this.#tooLong(this.#pending + rest.slice(0, 200));
      this.#pending = "";
      this.#skipping = true;
    } else {
      this.#pending += rest;
    }
  }

  #emit(line: string): void {
    const end = line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length;
    if (end === 0) return;
    this.#onLine(end === line.length ? line : line.slice(0, end));
  }

  #tooLong(sample: string): void {
    this.#onError(new LineTooLongError(this.#max, sample.slice(0, 200)));
  }
}

/**
 * The same splitting as a Web Streams transform: bytes in, lines out. An over-long line errors
 * the stream (use {@link LineSplitter} with `onError` to skip such lines instead).
 *
 * @example
 * ```ts
 * import { LineStream } from "@codex/sdk/rpc";
 *
 * const bytes = new Blob(['{"id":1}\r\n{"id":2}']).stream();
 * for await (const line of bytes.pipeThrough(new LineStream())) console.log(line);
 * ```
 */
export class LineStream extends TransformStream<Uint8Array, string> {
  /** Creates the transform; `maxLineLength` bounds one line, in characters. */
  constructor(options: { maxLineLength?: number } = {}) {
    let splitter: LineSplitter;
    super({
      start(controller) {
        splitter = new LineSplitter({
          onLine: (line) => controller.enqueue(line),
          onError: (error) => controller.error(error),
          maxLineLength: options.maxLineLength,
        });
      },
      transform(chunk) {
        splitter.push(chunk);
      },
      flush() {
        splitter.end();
      },
    });
  }
}
