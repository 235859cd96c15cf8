/**
 * A real app-server whose wire traffic the test can read: `Codex.fromConnection` over the
 * process connection wrapped by a recorder of every message each way. For tests that must
 * assert what the SDK actually sent (and what the server answered), not what it was asked to do.
 */
import { Codex, type MessageConnection } from "../../mod.ts";
import { startAppServer } from "../../src/client/start.ts";
import type { MockModel } from "../../testing.ts";

/** One JSON-RPC message seen on the wire. */
export type WireMessage = Record<string, unknown> & {
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
};

/** Every message each way, parsed, in order. */
export interface WireLog {
  sent: WireMessage[];
  received: WireMessage[];
  /** The params of every request the client sent for `method`. */
  requests(method: string): Record<string, unknown>[];
  /** The result the server gave to the `index`-th request for `method`. */
  resultOf(method: string, index?: number): Record<string, unknown> | undefined;
}

/** Wraps `connection` so that every message through it is recorded in `log`. */
export function recording(connection: MessageConnection): { connection: MessageConnection; log: WireLog } {
  const sent: WireMessage[] = [];
  const received: WireMessage[] = [];
  const log: WireLog = {
    sent,
    received,
    requests: (method) => sent.filter((m) => m.method === method && m.id !== undefined).map((m) => m.params ?? {}),
    resultOf(method, index = 0) {
      const request = sent.filter((m) => m.method === method && m.id !== undefined)[index];
      return received.find((m) => m.id === request?.id && m.method === undefined)?.result;
    },
  };
  return {
    log,
    connection: {
      start: (sink) =>
        connection.start({
          ...sink,
          message(text) {
            received.push(JSON.parse(text));
            sink.message(text);
          },
          error: (error) => sink.error(error),
          closed: (info) => sink.closed(info),
        }),
      send(text) {
        sent.push(JSON.parse(text));
        connection.send(text);
      },
      close: () => connection.close(),
    },
  };
}

/** Starts the real app-server on `mock` and a `Codex` whose traffic is recorded. */
export async function recordedCodex(mock: MockModel): Promise<{ codex: Codex; wire: WireLog }> {
  const started = await startAppServer({ env: mock.env });
  const { connection, log } = recording(started.connection);
  const codex = await Codex.fromConnection(connection, {});
  return { codex, wire: log };
}
