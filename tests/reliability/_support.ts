/**
 * Helpers of the reliability suite: bounded waits, unhandled-rejection watching, a seeded random
 * source, memory sampling, and a scripted app-server on an in-memory connection for the faults
 * the real binary cannot produce (garbage, wrong shapes, unknown ids, fuzzed frames, overload).
 */
import process from "node:process";
import v8 from "node:v8";
import vm from "node:vm";
import { Codex, type CodexError, type ConnectionOptions } from "../../mod.ts";
import { streamConnection } from "../../rpc.ts";

/** Resolves or rejects like `promise`, or rejects after `ms` saying what did not happen. */
export async function deadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How a promise settled, and when (`Date.now()`). Never rejects. */
export interface Settled<T> {
  ok: boolean;
  value?: T;
  error?: unknown;
  at: number;
}

/** Records how and when `promise` settles (the rejection is handled here). */
export function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value, at: Date.now() }),
    (error: unknown) => ({ ok: false, error, at: Date.now() }),
  );
}

/** Collects unhandled rejections and uncaught exceptions until `stop()`. */
export function watchUnhandled(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onRejection = (reason: unknown): void => void errors.push(reason);
  const onException = (error: unknown): void => void errors.push(error);
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return {
    errors,
    stop() {
      process.off("unhandledRejection", onRejection);
      process.off("uncaughtException", onException);
    },
  };
}

/** Waits `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A seeded pseudo-random source (mulberry32), so that a failing fuzz run can be replayed. */
export function random(
  seed: number,
): { next(): number; int(n: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)] };
}

let gc: (() => void) | undefined;

/** Runs a full garbage collection (Bun.gc, or V8's gc exposed at run time on Deno and Node). */
export function collectGarbage(): void {
  if (!gc) {
    const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
    if (g.Bun) {
      const bun = g.Bun;
      gc = () => bun.gc(true);
    } else if (typeof g.gc === "function") {
      gc = g.gc;
    } else {
      v8.setFlagsFromString("--expose-gc");
      gc = vm.runInNewContext("gc") as () => void;
    }
  }
  gc!();
}

/**
 * This process's resident set size, in bytes, after a full garbage collection: what is retained,
 * not the garbage that happens to await collection (which makes raw RSS samples noisy).
 */
export function rss(): number {
  collectGarbage();
  return process.memoryUsage().rss;
}

/** A JSON-RPC message as the scripted server sees it. */
export type Message = Record<string, unknown> & {
  id?: number | string;
  method?: string;
  params?: unknown;
};

/** The far end of an in-memory connection: the test plays the app-server. */
export interface FakeServer {
  /** Everything the client sent, parsed, in order. */
  readonly received: Message[];
  /** The next message the client sends (or one it already sent and nobody took yet). */
  nextMessage(): Promise<Message>;
  /** The next client message with this method; earlier ones of other methods stay queued. */
  nextRequest(method: string): Promise<Message>;
  /** Writes bytes as they are (framing is the test's business). */
  writeBytes(bytes: Uint8Array): Promise<void>;
  /** Writes text as it is. */
  writeText(text: string): Promise<void>;
  /** Writes one message as a JSON line. */
  send(message: unknown): Promise<void>;
  /** Ends the server's output: the client sees the connection close. */
  end(): Promise<void>;
}

/** A fake app-server and the `Codex` connected to it (the handshake is answered). */
export interface FakeCodex {
  codex: Codex;
  server: FakeServer;
  /** Everything the SDK reported through `logger.warn`. */
  warnings: CodexError[];
}

/** Options of {@link fakeCodex}. */
export interface FakeCodexOptions extends ConnectionOptions {
  /** The connection's line bound (default: the SDK's default). */
  maxLineLength?: number;
}

/**
 * Opens `Codex.fromConnection` over an in-memory stream pair whose far side the test scripts,
 * answering `initialize` like the real 0.169.0 app-server does.
 */
export async function fakeCodex(options: FakeCodexOptions = {}): Promise<FakeCodex> {
  const { maxLineLength, ...connectionOptions } = options;
  const toClient = new TransformStream<Uint8Array, Uint8Array>();
  const toServer = new TransformStream<Uint8Array, Uint8Array>();
  const writer = toClient.writable.getWriter();
  const encoder = new TextEncoder();
  const received: Message[] = [];
  const backlog: Message[] = [];
  const waiters: { method?: string; resolve: (message: Message) => void }[] = [];
  const take = (message: Message): void => {
    const index = waiters.findIndex((w) => w.method === undefined || w.method === message.method);
    if (index === -1) backlog.push(message);
    else waiters.splice(index, 1)[0].resolve(message);
  };
  (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of toServer.readable) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let nl = buffer.indexOf("\n"); nl !== -1; nl = buffer.indexOf("\n")) {
        const message = JSON.parse(buffer.slice(0, nl)) as Message;
        buffer = buffer.slice(nl + 1);
        received.push(message);
        take(message);
      }
    }
  })();
  const wait = (method?: string): Promise<Message> => {
    const index = backlog.findIndex((m) => method === undefined || m.method === method);
    if (index !== -1) return Promise.resolve(backlog.splice(index, 1)[0]);
    return new Promise((resolve) => waiters.push({ method, resolve }));
  };
  const server: FakeServer = {
    received,
    nextMessage: () => wait(),
    nextRequest: (method) => wait(method),
    writeBytes: (bytes) => writer.write(bytes),
    writeText: (text) => writer.write(encoder.encode(text)),
    send: (message) => writer.write(encoder.encode(JSON.stringify(message) + "\n")),
    end: () => writer.close(),
  };
  const warnings: CodexError[] = [];
  const logger = options.logger ??
    { warn: (_message: string, error?: CodexError) => void (error && warnings.push(error)) };
  const connection = streamConnection(toClient.readable, toServer.writable, { maxLineLength });
  const opening = Codex.fromConnection(connection, { ...connectionOptions, logger });
  const initialize = await server.nextRequest("initialize");
  await server.send({
    id: initialize.id,
    result: {
      userAgent: "fake_app_server/0.169.0",
      codexHome: "/nonexistent/codex-home",
      platformFamily: "unix",
      platformOs: "linux",
    },
  });
  const codex = await opening;
  await server.nextRequest("initialized");
  return { codex, server, warnings };
}

/** A `Turn` record as 0.169.0 sends it in `turn/start` and `turn/completed`. */
export function wireTurn(
  id: string,
  status: "inProgress" | "completed" | "failed" | "interrupted" = "inProgress",
) {
  const done = status !== "inProgress";
  return {
    id,
    items: [],
    status,
    error: null,
    startedAt: 1_700_000_000,
    completedAt: done ? 1_700_000_001 : null,
    durationMs: done ? 1000 : null,
  };
}

/**
 * Starts a turn on the fake server: answers the client's `turn/start` for `threadId` with a turn
 * `turnId` in progress and returns the client's handle.
 */
export async function startFakeTurn(fake: FakeCodex, threadId: string, turnId: string) {
  const starting = fake.codex.thread(threadId).turn("hello");
  const request = await fake.server.nextRequest("turn/start");
  await fake.server.send({ id: request.id, result: { turn: wireTurn(turnId) } });
  return await starting;
}

/** A finished agent message as 0.169.0 sends it in `item/completed`. */
export function agentMessageCompleted(threadId: string, turnId: string, text: string) {
  return {
    method: "item/completed",
    params: {
      threadId,
      turnId,
      completedAtMs: 1_700_000_000_500,
      item: {
        type: "agentMessage",
        id: `msg_${turnId}`,
        text,
        phase: null,
        memoryCitation: null,
        startedAtMs: 1_700_000_000_400,
        completedAtMs: 1_700_000_000_500,
      },
    },
  };
}

/** A delta of an agent message. */
export function agentDelta(threadId: string, turnId: string, delta: string) {
  return {
    method: "item/agentMessage/delta",
    params: { threadId, turnId, itemId: `msg_${turnId}`, delta },
  };
}

/** `turn/completed` for a turn. */
export function turnCompleted(threadId: string, turnId: string) {
  return { method: "turn/completed", params: { threadId, turn: wireTurn(turnId, "completed") } };
}
