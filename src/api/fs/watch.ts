/**
 * `FsWatcher`: the changes under a path on the app-server's machine (`fs/watch`, then
 * `fs/changed` notifications), as an async iterable that unwatches (`fs/unwatch`) when the loop
 * ends (`break`, `return`, a throw), the signal aborts, `close()` is called or the connection ends.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const watcher = codex.fs.watch("/tmp/project", { signal: AbortSignal.timeout(60_000) });
 * for await (const change of watcher) {
 *   console.log("changed:", change.paths);
 *   break; // unwatches
 * }
 * ```
 * @module
 */

import type { CodexClient } from "../../client/client.ts";
import { AsyncQueue } from "../../util/async_queue.ts";

/** One batch of changes the server reported. */
export interface FsChange {
  /** The absolute paths that changed (created, written, removed or renamed). */
  paths: string[];
}

/** Options of `codex.fs.watch`. */
export interface FsWatchOptions {
  /** Aborting ends the iteration and unwatches. */
  signal?: AbortSignal;
}

/** Changes under one path, as they come (see the module doc). */
export class FsWatcher implements AsyncIterableIterator<FsChange>, AsyncDisposable {
  /** The connection-scoped watch id this SDK chose. */
  readonly watchId: string;
  /**
   * Resolves with the canonical path once the server watches it (changes before that are not
   * reported); rejects with the server's error (then the iteration throws it too).
   */
  readonly ready: Promise<string>;
  readonly #queue: AsyncQueue<FsChange>;
  readonly #client: CodexClient;
  #closed: Promise<void> | undefined;
  #stop: () => void = () => {};

  /**
   * Starts watching `path` (one `fs/watch` request).
   * @ignore the SDK's own wiring: applications call `codex.fs.watch`.
   */
  constructor(client: CodexClient, path: string, options: FsWatchOptions, toError: (error: unknown) => unknown) {
    this.#client = client;
    this.watchId = `sdk-${crypto.randomUUID()}`;
    this.#queue = new AsyncQueue<FsChange>({ onCancel: () => void this.close() });
    const stopListening = client.onNotification((n) => {
      if (n.method === "fs/changed" && n.params.watchId === this.watchId) this.#queue.push({ paths: n.params.changedPaths });
    });
    const signal = options.signal;
    const onAbort = (): void => void this.close();
    signal?.addEventListener("abort", onAbort, { once: true });
    client.closed.then(() => this.#queue.end());
    this.#stop = () => {
      stopListening();
      signal?.removeEventListener("abort", onAbort);
    };
    this.ready = client.request("fs/watch", { watchId: this.watchId, path }).then(
      (response) => response.path,
      (error) => {
        const wrapped = toError(error);
        this.#stop();
        this.#queue.fail(wrapped);
        throw wrapped;
      },
    );
    this.ready.catch(() => {}); // the iteration reports it
    if (signal?.aborted) onAbort();
  }

  /**
   * The next change.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const watcher = codex.fs.watch("/tmp");
   * const { value } = await watcher.next();
   * console.log(value?.paths);
   * await watcher.close();
   * ```
   */
  next(): Promise<IteratorResult<FsChange>> {
    return this.#queue.next();
  }

  /**
   * Ends the iteration and unwatches.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const watcher = codex.fs.watch("/tmp");
   * await watcher.return();
   * ```
   */
  async return(): Promise<IteratorResult<FsChange>> {
    await this.close();
    return { done: true, value: undefined };
  }

  /** This watcher. */
  [Symbol.asyncIterator](): AsyncIterableIterator<FsChange> {
    return this;
  }

  /**
   * Stops watching (`fs/unwatch`) and ends the iteration. Idempotent.
   *
   * @example
   * ```ts
   * import { Codex } from "@codex/sdk";
   *
   * await using codex = await Codex.start();
   * const watcher = codex.fs.watch("/tmp");
   * await watcher.close();
   * ```
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#stop();
      this.#queue.end();
      const watching = await this.ready.then(() => true, () => false);
      if (watching && !this.#client.isClosed) {
        await this.#client.request("fs/unwatch", { watchId: this.watchId }).catch(() => {});
      }
    })();
    return this.#closed;
  }

  /** Closes on leaving an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
