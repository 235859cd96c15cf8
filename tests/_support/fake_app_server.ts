/**
 * The scripted fake app-server: the far end of an in-memory connection pair
 * (`src/rpc/memory_pair.ts`) that a test or a benchmark plays by hand. The one fake server of
 * the project: the peer and retry unit tests, the reliability suite and the in-memory
 * benchmarks all use it.
 *
 * Tests use it only for what the real binary cannot be made to produce on cue (garbage lines,
 * unknown ids, wrong shapes, fuzzed frames, an overload storm, a server that never answers, an
 * exact moment of closing), and each such test says which. Everything else runs against the
 * real codex binary with MockModel.
 *
 * This module imports no SDK value: the benchmarks pass the SDK under test (on Node, the built
 * npm package) to {@link connectCodex}; tests use `fakeCodex` from `fake_codex.ts`.
 * @module
 */

import type { MessageConnection } from "../../src/rpc/connection.ts";
import { type MemoryConnection, memoryPair } from "../../rpc.ts";
import { INITIALIZE_RESULT } from "./wire.ts";

/** A JSON-RPC message as the fake server sees it. */
export type Message = Record<string, unknown> & {
  id?: number | string;
  method?: string;
  params?: unknown;
};

/** Options of {@link FakeAppServer}. */
export interface FakeAppServerOptions {
  /** The client end's line bound (default: the SDK's default). */
  maxLineLength?: number;
}

/** The far end of an in-memory connection: the test plays the app-server. */
export class FakeAppServer {
  /** The client's end: hand it to `Codex.fromConnection`, a `CodexClient` or a `JsonRpcPeer`. */
  readonly connection: MessageConnection;
  /** Everything the client sent, parsed, in order (answered requests included). */
  readonly received: Message[] = [];
  readonly #end: MemoryConnection;
  readonly #encoder = new TextEncoder();
  readonly #answers = new Map<string, (request: Message) => unknown>();
  readonly #backlog: Message[] = [];
  readonly #waiters: { method?: string; resolve: (message: Message) => void }[] = [];

  constructor(options: FakeAppServerOptions = {}) {
    const [client, server] = memoryPair({ maxLineLength: options.maxLineLength });
    this.connection = client;
    this.#end = server;
    server.start({
      message: (text) => this.#receive(JSON.parse(text) as Message),
      error: () => {},
      closed: () => {},
    });
  }

  /**
   * Answers every request for `method` with `result(request)` from now on (a scripted reply);
   * such requests are recorded in `received` but not handed to `nextMessage`/`nextRequest`.
   */
  answer(method: string, result: (request: Message) => unknown): this {
    this.#answers.set(method, result);
    return this;
  }

  /** The next message the client sends (or one it already sent and nobody took yet). */
  nextMessage(): Promise<Message> {
    return this.#wait(undefined);
  }

  /** The next client message with this method; earlier ones of other methods stay queued. */
  nextRequest(method: string): Promise<Message> {
    return this.#wait(method);
  }

  /** Writes one message as a JSON line; resolves once the client has read it. */
  send(message: unknown): Promise<void> {
    return this.#end.sendBytes(this.#encoder.encode(JSON.stringify(message) + "\n"));
  }

  /** Writes text as it is (framing is the test's business). */
  writeText(text: string): Promise<void> {
    return this.#end.sendBytes(this.#encoder.encode(text));
  }

  /** Writes bytes as they are. */
  writeBytes(bytes: Uint8Array): Promise<void> {
    return this.#end.sendBytes(bytes);
  }

  /** Ends the server's output: the client sees the connection close ("the stream ended"). */
  end(): Promise<void> {
    return this.#end.close();
  }

  #receive(message: Message): void {
    this.received.push(message);
    const answer = message.method === undefined ? undefined : this.#answers.get(message.method);
    if (answer && message.id !== undefined) {
      this.send({ id: message.id, result: answer(message) }).catch(() => {});
      return;
    }
    const index = this.#waiters.findIndex((w) => !w.method || w.method === message.method);
    if (index === -1) this.#backlog.push(message);
    else this.#waiters.splice(index, 1)[0].resolve(message);
  }

  #wait(method: string | undefined): Promise<Message> {
    const index = this.#backlog.findIndex((m) => !method || m.method === method);
    if (index !== -1) return Promise.resolve(this.#backlog.splice(index, 1)[0]);
    return new Promise((resolve) => this.#waiters.push({ method, resolve }));
  }
}

/** What {@link connectCodex} needs of the SDK: `Codex.fromConnection`. */
export interface CodexFactory<C, O> {
  fromConnection(connection: MessageConnection, options: O): Promise<C>;
}

/**
 * Opens a `Codex` on `server` and answers the handshake as 0.169.0 does (the `initialize` result,
 * then the client's `initialized` notification is taken off the queue).
 */
export async function connectCodex<C, O>(
  Codex: CodexFactory<C, O>,
  server: FakeAppServer,
  options: O,
): Promise<C> {
  const opening = Codex.fromConnection(server.connection, options);
  const initialize = await server.nextRequest("initialize");
  await server.send({ id: initialize.id, result: INITIALIZE_RESULT });
  const codex = await opening;
  await server.nextRequest("initialized");
  return codex;
}
