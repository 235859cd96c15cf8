/**
 * Two linked in-memory {@link MessageConnection}s: what one end sends, the other receives. For
 * tests of anything that speaks JSON-RPC over a `MessageConnection` (a peer, a client, a
 * scripted server) without a process or a socket — the model is MCP's `InMemoryTransport`.
 *
 * Between the ends the messages travel as JSONL bytes through Web Streams, split into lines by
 * the same {@link LineSplitter} as a pipe's, so the receiving end reads exactly what it would
 * read from a process. `sendBytes` writes bytes as they are, unframed: how a test plays a
 * broken peer (garbage, a line cut anywhere, invalid UTF-8, an over-long line).
 *
 * @example
 * ```ts
 * import { memoryPair } from "./memory_pair.ts";
 *
 * const [client, server] = memoryPair();
 * server.start({
 *   message: (text) => server.send(JSON.stringify({ id: JSON.parse(text).id, result: "pong" })),
 *   error: () => {},
 *   closed: () => {},
 * });
 * client.start({ message: (text) => console.log(text), error: () => {}, closed: () => {} });
 * client.send(JSON.stringify({ id: 1, method: "ping" }));
 * ```
 * @module
 */

import type { ConnectionSink, MessageConnection } from "./connection.ts";
import { LineSplitter } from "./line_splitter.ts";
import { TransportClosedError } from "./errors.ts";
import { InvalidStateError } from "../util/errors.ts";

/** One end of a {@link memoryPair}. */
export interface MemoryConnection extends MessageConnection {
  /**
   * Writes `bytes` to the other end as they are, without framing (add `"\n"` yourself);
   * resolves once the other end has read them. Rejects after this end is closed.
   */
  sendBytes(bytes: Uint8Array): Promise<void>;
}

/** Options of {@link memoryPair}. */
export interface MemoryPairOptions {
  /** The longest line each end accepts, in characters (default: the line splitter's). */
  maxLineLength?: number;
}

/**
 * Creates two linked connections. Closing one ends the other's input: the other end's sink
 * sees `closed` with the reason "the stream ended", as when a process exits.
 */
export function memoryPair(options: MemoryPairOptions = {}): [MemoryConnection, MemoryConnection] {
  const aToB = new TransformStream<Uint8Array, Uint8Array>();
  const bToA = new TransformStream<Uint8Array, Uint8Array>();
  return [
    memoryEnd(bToA.readable, aToB.writable, options),
    memoryEnd(aToB.readable, bToA.writable, options),
  ];
}

function memoryEnd(
  readable: ReadableStream<Uint8Array>,
  writable: WritableStream<Uint8Array>,
  options: MemoryPairOptions,
): MemoryConnection {
  const encoder = new TextEncoder();
  const writer = writable.getWriter();
  const reader = readable.getReader();
  let closing: Promise<void> | undefined;
  let started = false;

  const readAll = async (sink: ConnectionSink): Promise<void> => {
    const splitter = new LineSplitter({
      onLine: (line) => sink.message(line),
      onError: (error) => sink.error(error),
      maxLineLength: options.maxLineLength,
    });
    let failure = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        splitter.push(value);
      }
      splitter.end();
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const reason = closing
      ? "closed by this end"
      : failure
      ? `read failed: ${failure}`
      : "the stream ended";
    sink.closed({ exitCode: null, signal: null, stderrTail: [], reason });
  };

  return {
    start(sink) {
      if (started) throw new InvalidStateError("already_started", "memoryPair: start() was called twice on one end");
      started = true;
      readAll(sink);
    },
    send(text) {
      if (closing) return;
      writer.write(encoder.encode(text + "\n")).catch(() => {});
    },
    sendBytes(bytes) {
      if (closing) {
        return Promise.reject(
          new TransportClosedError({ exitCode: null, signal: null, stderrTail: [], reason: "this end is closed" }, undefined, "memoryPair"),
        );
      }
      return writer.write(bytes);
    },
    close() {
      closing ??= (async () => {
        await writer.close().catch(() => {});
        await reader.cancel().catch(() => {});
      })();
      return closing;
    },
  };
}
