/**
 * One app-server per set of start options, shared by every compat `Codex` of the program made
 * with those options. Programs written for the official SDK often make a `new Codex()` per
 * request, or resume in one `Codex` a thread another one ran: with an app-server each, the
 * second would be refused ("already has an active writer") and each would pay a process start.
 * The app-server closes when the last compat `Codex` using it closes, or with the program (it
 * never keeps the program alive). If it dies, the next turn starts a new one.
 *
 * @example
 * ```ts
 * import { sharedServer } from "./shared_server.ts";
 *
 * const server = sharedServer({ keepAlive: false });
 * // const codex = await server.codex(); … server.warnings(threadId)
 * ```
 * @module
 */

import { Codex as NativeCodex } from "../api/codex.ts";
import type { CodexStartOptions } from "../api/options.ts";

/** A shared app-server and the thread warnings it sent. */
export class SharedServer {
  /** How many compat `Codex` objects use it (the last `close()` closes it). */
  users = 0;
  readonly #options: CodexStartOptions;
  readonly #key: string;
  #codex: Promise<NativeCodex> | undefined;
  readonly #warnings = new Map<string, string[]>();

  /** @ignore made by {@link sharedServer}. */
  constructor(key: string, options: CodexStartOptions) {
    this.#key = key;
    this.#options = options;
  }

  /** The running app-server, started now if there is none (or the last one died). */
  async codex(): Promise<NativeCodex> {
    const current = this.#codex;
    if (current) {
      const codex = await current.catch(() => undefined);
      if (codex && !codex.isClosed) return codex;
      if (this.#codex !== current) return this.codex();
    }
    const started = NativeCodex.start(this.#options);
    this.#codex = started;
    // A failed start is forgotten: the next turn tries again, as the official SDK spawns anew each turn.
    started.then((codex) => void this.#collectWarnings(codex), () => {
      if (this.#codex === started) this.#codex = undefined;
    });
    return started;
  }

  /** The `warning` notifications the app-server sent for a thread so far (exec prints them as `error` items). */
  warnings(threadId: string): readonly string[] {
    return this.#warnings.get(threadId) ?? [];
  }

  /** One user is done; the last one closes the app-server. */
  async release(): Promise<void> {
    if (--this.users > 0) return;
    if (servers.get(this.#key) === this) servers.delete(this.#key);
    const codex = this.#codex;
    this.#codex = undefined;
    await codex?.then((c) => c.close(), () => {});
  }

  async #collectWarnings(codex: NativeCodex): Promise<void> {
    for await (const event of codex.notifications()) {
      if (event.method !== "warning" || !event.params.threadId) continue;
      const list = this.#warnings.get(event.params.threadId) ?? [];
      list.push(event.params.message);
      this.#warnings.set(event.params.threadId, list);
    }
  }
}

const servers = new Map<string, SharedServer>();

/** The shared app-server for these start options (made on first use). */
export function sharedServer(options: CodexStartOptions): SharedServer {
  const key = stableJson(options);
  let server = servers.get(key);
  if (!server) servers.set(key, server = new SharedServer(key, options));
  return server;
}

/** JSON with object keys sorted: equal options give one key whatever order their keys came in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v);
}
