/**
 * The bare protocol driver: the floor for any app-server client. It spawns `codex app-server`
 * with the runtime's most direct process API (Deno.Command, Bun.spawn, node:child_process with
 * `data` events — no Web Streams adapter on Node), writes JSON lines, splits what comes back on
 * `\n` and `JSON.parse`s it. No validation, no typed errors, no timeouts, no stderr capture, no
 * buffering of events for a consumer: just enough protocol to start, open a thread and run turns
 * to `turn/completed` (including a completion that arrives before the `turn/start` response).
 * @module
 */

import { runtime } from "./rt.ts";

/** A child process with piped stdin/stdout (stderr discarded). */
interface Pipe {
  write(text: string): void;
  /** Ends stdin and waits for the exit (kills after 3 s). */
  close(): Promise<void>;
}

interface DenoChild {
  stdin: WritableStream<Uint8Array>;
  stdout: ReadableStream<Uint8Array>;
  status: Promise<unknown>;
  kill(signal?: string): void;
}
interface DenoNs {
  Command: new (command: string, options: Record<string, unknown>) => { spawn(): DenoChild };
}
interface BunProc {
  stdin: { write(text: string): number; flush(): unknown; end(): unknown };
  stdout: ReadableStream<Uint8Array>;
  exited: Promise<number>;
  kill(): void;
}
interface BunNs {
  spawn(command: string[], options: Record<string, unknown>): BunProc;
}

async function spawnPipe(
  command: string,
  args: string[],
  env: Record<string, string>,
  onData: (chunk: Uint8Array) => void,
): Promise<Pipe> {
  const g = globalThis as unknown as { Deno?: DenoNs; Bun?: BunNs };
  if (runtime === "deno") {
    const child = new g.Deno!.Command(command, {
      args,
      env,
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const writer = child.stdin.getWriter();
    const encoder = new TextEncoder();
    (async () => {
      const reader = child.stdout.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        onData(value);
      }
    })();
    return {
      write: (text) => void writer.write(encoder.encode(text)).catch(() => {}),
      close: () =>
        closeWith(writer.close().catch(() => {}), child.status, () => child.kill("SIGKILL")),
    };
  }
  if (runtime === "bun") {
    const proc = g.Bun!.spawn([command, ...args], {
      env,
      stdin: "pipe",
      stdout: "pipe",
      stderr: "ignore",
    });
    (async () => {
      const reader = proc.stdout.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        onData(value);
      }
    })();
    return {
      write: (text) => {
        proc.stdin.write(text);
        proc.stdin.flush();
      },
      close: () => closeWith(Promise.resolve(proc.stdin.end()), proc.exited, () => proc.kill()),
    };
  }
  const { spawn } = await import("node:child_process");
  const child = spawn(command, args, { env, stdio: ["pipe", "pipe", "ignore"] });
  child.stdin!.on("error", () => {});
  child.stdout!.on("data", (chunk: Uint8Array) => onData(chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    write: (text) => void child.stdin!.write(text),
    close: () =>
      closeWith(Promise.resolve(child.stdin!.end()), exited, () => child.kill("SIGKILL")),
  };
}

async function closeWith(
  ending: Promise<unknown>,
  exited: Promise<unknown>,
  kill: () => void,
): Promise<void> {
  await ending;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((
    resolve,
  ) => (timer = setTimeout(() => resolve("timeout"), 3000)));
  if ((await Promise.race([exited, timeout])) === "timeout") {
    kill();
    await exited;
  }
  clearTimeout(timer);
}

/** A message as the bare driver reads it: the few fields it uses, nothing checked. */
interface Message {
  id?: number;
  method?: string;
  params?: { turnId?: string; item?: { type: string; text?: string }; turn?: { id: string } };
  result?: unknown;
  error?: { message: string };
}

interface TurnWait {
  resolve: (text: string) => void;
}

/** The bare client: spawn, initialize, thread/start, turn/start → turn/completed. */
export class BareClient {
  readonly #pending = new Map<number, (message: Message) => void>();
  readonly #decoder = new TextDecoder();
  #buffer = "";
  #nextId = 1;
  #pipe!: Pipe;
  // Turn completion: waiters by turn id, and completions that came before turn/start's response.
  readonly #waiting = new Map<string, TurnWait>();
  readonly #done = new Map<string, string>();
  readonly #lastText = new Map<string, string>();

  /** Spawns the app-server and completes the initialize handshake. */
  static async start(command: string, env: Record<string, string>): Promise<BareClient> {
    const client = new BareClient();
    client.#pipe = await spawnPipe(command, ["app-server"], env, (chunk) => client.#data(chunk));
    await client.request("initialize", {
      // The same initialize as the SDK's, so the server treats both clients alike.
      clientInfo: { name: "codex_sdk_ts", title: "Codex TypeScript SDK", version: "0.1.0" },
      capabilities: { experimentalApi: false, requestAttestation: false },
    });
    client.#pipe.write('{"method":"initialized"}\n');
    return client;
  }

  /** Sends a request; resolves with its result (rejects on an error response). */
  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(
        id,
        (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result as T)),
      );
      this.#pipe.write(JSON.stringify({ id, method, params }) + "\n");
    });
  }

  /** thread/start; resolves with the thread id. */
  async threadStart(cwd: string): Promise<string> {
    const result = await this.request<{ thread: { id: string } }>("thread/start", { cwd });
    return result.thread.id;
  }

  /** Runs one turn to `turn/completed`; resolves with the last agent message text. */
  async runTurn(threadId: string, text: string): Promise<string> {
    const { turn } = await this.request<{ turn: { id: string } }>("turn/start", {
      threadId,
      input: [{ type: "text", text, text_elements: [] }],
    });
    const id: string = turn.id;
    const early = this.#done.get(id);
    if (early !== undefined) {
      this.#done.delete(id);
      return early;
    }
    return new Promise((resolve) => this.#waiting.set(id, { resolve }));
  }

  /** Ends stdin; the app-server exits. */
  close(): Promise<void> {
    return this.#pipe.close();
  }

  #data(chunk: Uint8Array): void {
    const text = this.#buffer + this.#decoder.decode(chunk, { stream: true });
    let start = 0;
    let newline: number;
    while ((newline = text.indexOf("\n", start)) !== -1) {
      if (newline > start) this.#message(JSON.parse(text.slice(start, newline)));
      start = newline + 1;
    }
    this.#buffer = start === 0 ? text : text.slice(start);
  }

  #message(m: Message): void {
    if (m.method === undefined) {
      const settle = this.#pending.get(m.id!);
      this.#pending.delete(m.id!);
      settle?.(m);
      return;
    }
    if (m.id !== undefined) {
      // A server request (none with approval_policy = "never"): refuse it.
      this.#pipe.write(
        JSON.stringify({ id: m.id, error: { code: -32601, message: "bare driver" } }) + "\n",
      );
      return;
    }
    if (m.method === "item/completed" && m.params?.item?.type === "agentMessage") {
      this.#lastText.set(m.params.turnId!, m.params.item.text ?? "");
    } else if (m.method === "turn/completed") {
      const id = m.params!.turn!.id;
      const text = this.#lastText.get(id) ?? "";
      this.#lastText.delete(id);
      const waiter = this.#waiting.get(id);
      if (waiter) {
        this.#waiting.delete(id);
        waiter.resolve(text);
      } else {
        this.#done.set(id, text);
      }
    }
  }
}
