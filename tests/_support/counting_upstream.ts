/**
 * A stand-in app-server WebSocket listener that counts what reaches it, for the relay tests that
 * must prove a refused page never reached the app-server: the real listener cannot report how
 * many connections it saw. It echoes every message back.
 */
import { type AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

export interface CountingUpstream extends AsyncDisposable {
  url: string;
  /** Connections opened to it so far. */
  connections: number;
  /** Messages received, in order. */
  messages: string[];
}

export async function startCountingUpstream(): Promise<CountingUpstream> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const state: CountingUpstream = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: 0,
    messages: [],
    async [Symbol.asyncDispose]() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on("connection", (socket) => {
    state.connections++;
    socket.on("message", (data) => {
      state.messages.push(String(data));
      socket.send(String(data));
    });
  });
  return state;
}
