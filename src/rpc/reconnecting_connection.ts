/**
 * A connection that comes back: when the underlying connection drops (not closed by us), it
 * fails what was pending, reopens with exponential backoff, replays the `initialize` handshake
 * on the new connection itself, then carries on. Messages sent while it is reconnecting wait and
 * go out once the handshake is done. The layer above is told when the connection was lost and
 * when it came back, so it can resubscribe and report the gap (see `Codex.connect`'s
 * `reconnect` option). Off by default; only remote connections offer it.
 *
 * @example
 * ```ts
 * import { openWebSocketConnection } from "@codex/sdk/client";
 * import { reconnectingConnection } from "@codex/sdk/rpc";
 *
 * const url = "ws://127.0.0.1:4500";
 * const first = await openWebSocketConnection({ url });
 * const connection = reconnectingConnection(first, {
 *   open: () => openWebSocketConnection({ url }),
 *   handshake: { clientInfo: { name: "app", title: "App", version: "1" }, capabilities: null },
 * });
 * ```
 * @module
 */

import { jsonRpcErrorFromWire, TimeoutError, type TransportCloseInfo, TransportClosedError } from "./errors.ts";
import type { ConnectionSink, MessageConnection } from "./connection.ts";
import { backoffDelay } from "../util/backoff.ts";
import { within } from "../util/deadline.ts";

/** Backoff of {@link reconnectingConnection}. */
export interface ReconnectOptions {
  /** How many times to try before giving up (then the connection closes for good). Default 8. */
  maxAttempts?: number;
  /** The first wait, in ms; doubled each attempt. Default 250. */
  initialDelayMs?: number;
  /** The longest wait (before jitter), in ms. Default 5000. */
  maxDelayMs?: number;
  /**
   * How far each wait moves at random, as a fraction of it, up or down. Default 0.2, so that the
   * clients of a server that restarted do not all come back at the same moment.
   */
  jitterRatio?: number;
}

/** What was missed while the connection was down. */
export interface ConnectionGap {
  /** When the connection dropped (ms since the epoch). */
  lostAt: number;
  /** When it was back and initialized. */
  restoredAt: number;
  /** How many attempts it took. */
  attempts: number;
  /** Why it dropped. */
  reason: string;
}

/** Options of {@link reconnectingConnection}. */
export interface ReconnectingConnectionOptions extends ReconnectOptions {
  /** Opens a new underlying connection. */
  open: () => Promise<MessageConnection>;
  /** The `initialize` params to replay on each new connection. */
  handshake: unknown;
  /** The connection dropped; pending requests are being failed, reconnecting starts. */
  onLost?: (info: TransportCloseInfo) => void;
  /** The connection is back and initialized. */
  onRestored?: (gap: ConnectionGap) => void;
}

const HANDSHAKE_TIMEOUT_MS = 10_000;

/** Wraps `first` so that it reconnects when it drops. */
export function reconnectingConnection(
  first: MessageConnection,
  options: ReconnectingConnectionOptions,
): MessageConnection {
  let current: MessageConnection | undefined = first;
  let ready = true;
  let closedByUs = false;
  let outbox: string[] = [];
  let sink!: ConnectionSink;
  let handshakeId = 0;

  const attach = (
    connection: MessageConnection,
    onHandshake?: (text: string) => boolean,
    onHandshakeClosed?: () => void,
  ): void => {
    connection.start({
      message: (text) => {
        if (onHandshake?.(text)) return;
        if (connection === current) sink.message(text);
      },
      error: (error) => sink.error(error),
      closed: (info) => {
        if (connection !== current) return;
        if (closedByUs) sink.closed(info);
        // Closed before its handshake finished: that attempt failed (the loop tries the next),
        // not a new drop to recover from.
        else if (!ready && onHandshakeClosed) onHandshakeClosed();
        else void recover(info);
      },
    });
  };

  const handshake = async (connection: MessageConnection): Promise<void> => {
    const id = `reconnect-initialize-${++handshakeId}`;
    const answered = new Promise<true>((resolve, reject) => {
      attach(connection, (text) => {
        if (!text.includes(id)) return false;
        const reply = JSON.parse(text) as { error?: { message: string } };
        if (reply.error) reject(jsonRpcErrorFromWire({ code: -32603, ...reply.error }, "initialize"));
        else resolve(true);
        return true;
      }, () => reject(new TransportClosedError({ exitCode: null, signal: null, stderrTail: [], reason: "closed during the initialize handshake" })));
      connection.send(JSON.stringify({ id, method: "initialize", params: options.handshake }));
    });
    if (!(await within(answered, HANDSHAKE_TIMEOUT_MS))) throw new TimeoutError("initialize", HANDSHAKE_TIMEOUT_MS);
  };

  const recover = async (info: TransportCloseInfo): Promise<void> => {
    ready = false;
    current = undefined;
    const lostAt = Date.now();
    options.onLost?.(info);
    sink.reset?.(info);
    const maxAttempts = options.maxAttempts ?? 8;
    const backoff = {
      initialDelayMs: options.initialDelayMs ?? 250,
      maxDelayMs: options.maxDelayMs ?? 5000,
      jitterRatio: options.jitterRatio ?? 0.2,
    };
    for (let attempt = 1; attempt <= maxAttempts && !closedByUs; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, backoff)));
      if (closedByUs) break;
      let next: MessageConnection;
      try {
        next = await options.open();
      } catch {
        continue;
      }
      if (closedByUs) {
        // close() came while this one was opening (e.g. a process starting): it must not outlive us.
        await next.close().catch(() => {});
        break;
      }
      current = next;
      try {
        await handshake(next);
      } catch {
        current = undefined;
        await next.close().catch(() => {});
        continue;
      }
      next.send(JSON.stringify({ method: "initialized" }));
      ready = true;
      const queued = outbox;
      outbox = [];
      for (const text of queued) next.send(text);
      options.onRestored?.({ lostAt, restoredAt: Date.now(), attempts: attempt, reason: info.reason });
      return;
    }
    sink.closed({ ...info, reason: closedByUs ? "closed by the client" : `${info.reason}; gave up reconnecting after ${maxAttempts} attempts` });
  };

  return {
    start(target) {
      sink = target;
      attach(first);
    },
    send(text) {
      if (closedByUs) return;
      if (ready && current) current.send(text);
      else outbox.push(text);
    },
    async close() {
      if (closedByUs) return;
      closedByUs = true;
      if (current) await current.close();
      else sink.closed({ exitCode: null, signal: null, stderrTail: [], reason: "closed by the client" });
    },
  };
}
