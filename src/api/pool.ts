/**
 * `CodexPool`: one program driving several app-servers — local processes or remote ones, each
 * executing the agent's commands in its own workspace. New threads go to the least-busy live
 * endpoint; a thread stays on the endpoint that owns it (its state lives there). An endpoint
 * whose connection dies is taken out: its running turns fail with `TransportClosedError`, later
 * calls for its threads fail with `EndpointDownError`, and the other endpoints keep working.
 *
 * @example
 * ```ts
 * import { CodexPool } from "@codex/sdk";
 *
 * await using pool = await CodexPool.start([{}, {}, { cwd: "/srv/workspace-3" }]);
 * const thread = await pool.threadStart();
 * console.log((await thread.run("hello")).finalResponse, pool.endpointOf(thread.id));
 * ```
 * @module
 */

import { Codex, type ThreadStartOptions } from "./codex.ts";
import { CodexError, InvalidArgumentError } from "../util/errors.ts";
import type { CodexStartOptions } from "./options.ts";
import type { Thread } from "./thread.ts";

/** How to open one endpoint: start options for a local process, or a function that opens any `Codex`. */
export type PoolEndpoint = CodexStartOptions | (() => Promise<Codex>);

/** An endpoint of the pool was lost; the threads it owned cannot be reached any more. */
export class EndpointDownError extends CodexError {
  /** The endpoint's index in the pool. */
  readonly endpoint: number;

  /** Creates the error for `endpoint`, saying why. */
  constructor(endpoint: number, detail: string) {
    super("endpoint_down", `pool endpoint ${endpoint} is down (${detail}); its threads live there and cannot be reached`);
    this.endpoint = endpoint;
  }
}

/**
 * Every endpoint of the pool is down (`code` `"pool_down"`): no new thread can start. Open a new
 * pool (threads persist in each endpoint's `CODEX_HOME`), or bring the app-servers back.
 */
export class PoolDownError extends CodexError {
  /** How many endpoints the pool has (all down). */
  readonly endpoints: number;

  /** Creates the error for a pool of `endpoints` endpoints. */
  constructor(endpoints: number) {
    super("pool_down", `every endpoint of the pool (${endpoints}) is down; open a new pool or bring the app-servers back`);
    this.endpoints = endpoints;
  }
}

/** What the pool knows about one endpoint. */
export interface PoolEndpointStatus {
  /** Its index, in the order given to `start`. */
  index: number;
  /** Whether it is still connected. */
  alive: boolean;
  /** Its current load (running turns + waiting requests). */
  load: number;
  /** How many threads it owns. */
  threads: number;
}

/** Several app-servers behind one thread API. */
export class CodexPool {
  readonly #members: Codex[];
  readonly #owner = new Map<string, number>();
  readonly #down = new Map<number, string>();

  private constructor(members: Codex[]) {
    this.#members = members;
    members.forEach((codex, index) => {
      codex.client.closed.then((error) => this.#down.set(index, error.message.split("\n")[0]));
    });
  }

  /** Opens every endpoint (in parallel); if any fails to open, the others are closed and the error thrown. */
  static async start(endpoints: PoolEndpoint[]): Promise<CodexPool> {
    if (!Array.isArray(endpoints) || endpoints.length === 0) {
      throw new InvalidArgumentError("endpoints", "give at least one endpoint (start options or an opener function)");
    }
    // The option rules are loaded here, on first use, not with the root entry.
    const { checkStartOptions } = await import("./starting.ts");
    endpoints.forEach((endpoint, i) => {
      if (typeof endpoint !== "function") checkStartOptions(endpoint, "CodexPool.start", `endpoints[${i}].`);
    });
    const opened = await Promise.allSettled(
      endpoints.map((endpoint) => typeof endpoint === "function" ? endpoint() : Codex.start(endpoint)),
    );
    const failure = opened.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failure) {
      await Promise.all(opened.map((o) => o.status === "fulfilled" ? o.value.close() : undefined));
      throw failure.reason;
    }
    return new CodexPool(opened.map((o) => (o as PromiseFulfilledResult<Codex>).value));
  }

  /** The `Codex` of each endpoint, in the order given to `start` (e.g. for `pid` or the raw client). */
  get members(): readonly Codex[] {
    return this.#members;
  }

  /** The endpoints' state, for monitoring. */
  get endpoints(): PoolEndpointStatus[] {
    const owned = new Map<number, number>();
    for (const index of this.#owner.values()) owned.set(index, (owned.get(index) ?? 0) + 1);
    return this.#members.map((codex, index) => ({
      index,
      alive: !this.#down.has(index) && !codex.isClosed,
      load: codex.load,
      threads: owned.get(index) ?? 0,
    }));
  }

  /** Starts a thread on the least-busy live endpoint (ties: the one owning fewest threads). */
  async threadStart(options: ThreadStartOptions = {}): Promise<Thread> {
    const live = this.endpoints.filter((e) => e.alive);
    if (live.length === 0) throw new PoolDownError(this.endpoints.length);
    live.sort((a, b) => a.load - b.load || a.threads - b.threads || a.index - b.index);
    const index = live[0].index;
    // Count the thread before the request returns, so concurrent starts spread out.
    const placeholder = `pending:${Math.random()}`;
    this.#owner.set(placeholder, index);
    try {
      const thread = await this.#members[index].threadStart(options);
      this.#owner.set(thread.id, index);
      return thread;
    } finally {
      this.#owner.delete(placeholder);
    }
  }

  /** The thread with this id, on the endpoint that owns it. */
  thread(id: string): Thread {
    return this.#memberFor(id).thread(id);
  }

  /** Which endpoint owns thread `id`, or undefined if this pool did not start it. */
  endpointOf(id: string): number | undefined {
    return this.#owner.get(id);
  }

  /** Closes every endpoint (processes this pool started are stopped). */
  async close(): Promise<void> {
    await Promise.all(this.#members.map((codex) => codex.close()));
  }

  /** Closes on leaving an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #memberFor(id: string): Codex {
    const index = this.#owner.get(id);
    if (index === undefined) {
      throw new InvalidArgumentError("threadId", `thread ${JSON.stringify(id)} was not started through this pool`);
    }
    const down = this.#down.get(index);
    if (down !== undefined) throw new EndpointDownError(index, down);
    return this.#members[index];
  }
}
