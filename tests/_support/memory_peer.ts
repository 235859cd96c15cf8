/**
 * The far end of an in-memory connection, for unit tests of the JSON-RPC layer: the test plays
 * the server by hand. Used only where the real app-server cannot produce the situation (garbage
 * lines, unknown ids, a server that never answers, an exact moment of closing).
 */
import { streamConnection } from "../../rpc.ts";
import type { MessageConnection } from "../../mod.ts";

export interface ScriptedServer {
  /** The client's side: hand it to a JsonRpcPeer or CodexClient. */
  connection: MessageConnection;
  /** Everything the client sent, parsed. */
  received: Record<string, unknown>[];
  /** Resolves with the next message the client sends. */
  nextMessage(): Promise<Record<string, unknown>>;
  /** Writes raw text to the client (add "\n" yourself). */
  writeRaw(text: string): Promise<void>;
  /** Writes one message as a JSON line. */
  send(message: unknown): Promise<void>;
  /** Ends the server's output (the client sees the connection close). */
  end(): Promise<void>;
}

export function scriptedServer(options: { maxLineLength?: number } = {}): ScriptedServer {
  const toClient = new TransformStream<Uint8Array, Uint8Array>();
  const toServer = new TransformStream<Uint8Array, Uint8Array>();
  const writer = toClient.writable.getWriter();
  const encoder = new TextEncoder();
  const received: Record<string, unknown>[] = [];
  const waiters: ((m: Record<string, unknown>) => void)[] = [];
  const backlog: Record<string, unknown>[] = [];
  (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of toServer.readable) {
      buffer += decoder.decode(chunk, { stream: true });
      let nl;
      while ((nl = buffer.indexOf("\n")) !== -1) {
        const message = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        received.push(message);
        const waiter = waiters.shift();
        if (waiter) waiter(message);
        else backlog.push(message);
      }
    }
  })();
  return {
    connection: streamConnection(toClient.readable, toServer.writable, { maxLineLength: options.maxLineLength }),
    received,
    nextMessage: () => {
      const m = backlog.shift();
      return m ? Promise.resolve(m) : new Promise((resolve) => waiters.push(resolve));
    },
    writeRaw: (text) => writer.write(encoder.encode(text)),
    send: (message) => writer.write(encoder.encode(JSON.stringify(message) + "\n")),
    end: () => writer.close(),
  };
}
