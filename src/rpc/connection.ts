/**
 * A message connection: what the JSON-RPC peer needs from any transport. One string per message
 * each way; how messages are framed (JSONL over a pipe, one WebSocket frame each) is the
 * transport's business.
 *
 * @example
 * ```ts
 * import { JsonRpcPeer, streamConnection } from "@codex/sdk/rpc";
 *
 * const toServer = new TransformStream<Uint8Array, Uint8Array>();
 * const fromServer = new TransformStream<Uint8Array, Uint8Array>();
 * const peer = new JsonRpcPeer(streamConnection(fromServer.readable, toServer.writable));
 * ```
 * @module
 */

import type { ProtocolError, TransportCloseInfo } from "./errors.ts";
import { LineSplitter } from "./line_splitter.ts";

/** Where a connection delivers what it reads. */
export interface ConnectionSink {
  /** One complete message (a JSON text). */
  message(text: string): void;
  /** Something unreadable arrived (e.g. an over-long line); the connection goes on. */
  error(error: ProtocolError): void;
  /** The connection ended; called once, last. */
  closed(info: TransportCloseInfo): void;
}

/** A bidirectional, message-framed connection to a JSON-RPC peer. */
export interface MessageConnection {
  /** Starts reading; messages go to `sink`. Called once. */
  start(sink: ConnectionSink): void;
  /** Queues one message for sending. Never throws; a broken connection reports through `closed`. */
  send(text: string): void;
  /** Closes the connection (and stops the process behind it, if it owns one). Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link streamConnection}. */
export interface StreamConnectionOptions {
  /** The longest line accepted, in characters; longer lines are skipped and reported. */
  maxLineLength?: number;
  /** Called after the readable side ends, to learn how the other side ended (exit status, stderr). */
  closeInfo?: () => Promise<TransportCloseInfo>;
  /** Called by `close()` after the writable side is closed (e.g. to stop a process). */
  onClose?: () => Promise<void>;
}

/**
 * A {@link MessageConnection} over a pair of byte streams with JSONL framing: each message is one
 * line of JSON. Works over process pipes, sockets or in-memory `TransformStream`s.
 */
export function streamConnection(
  readable: ReadableStream<Uint8Array>,
  writable: WritableStream<Uint8Array>,
  options: StreamConnectionOptions = {},
): MessageConnection {
  const encoder = new TextEncoder();
  const writer = writable.getWriter();
  let writeFailed = false;
  let closing: Promise<void> | undefined;
  let closedByUs = false;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  const readAll = async (sink: ConnectionSink): Promise<void> => {
    const splitter = new LineSplitter({
      onLine: (line) => sink.message(line),
      onError: (error) => sink.error(error),
      maxLineLength: options.maxLineLength,
    });
    reader = readable.getReader();
    let failure = "";
    try {
      for (;;) {
        const { done, value } = await reader!.read();
        if (done) break;
        splitter.push(value);
      }
      splitter.end();
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    } finally {
      reader!.releaseLock();
    }
    const info = options.closeInfo
      ? await options.closeInfo()
      : { exitCode: null, signal: null, stderrTail: [], reason: "" };
    if (!info.reason) {
      info.reason = closedByUs ? "closed by the client" : failure ? `read failed: ${failure}` : "the stream ended";
    }
    sink.closed(info);
  };

  return {
    start(sink) {
      readAll(sink);
    },
    send(text) {
      if (writeFailed || closing) return;
      writer.write(encoder.encode(text + "\n")).catch(() => {
        writeFailed = true;
      });
    },
    close() {
      closing ??= (async () => {
        closedByUs = true;
        await writer.close().catch(() => {});
        await options.onClose?.();
        // A stream pair that nothing ends by itself (in-memory, a socket) stops reading here.
        await reader?.cancel().catch(() => {});
      })();
      return closing;
    },
  };
}
