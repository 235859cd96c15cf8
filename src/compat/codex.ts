/**
 * The compat `Codex`: `@openai/codex-sdk`'s `Codex` (`startThread`, `resumeThread`) on one
 * app-server instead of a `codex exec` process per turn. The app-server starts lazily, at the
 * first turn of any of its threads, and is shared by all of them; it never keeps the program
 * running (only a turn in progress does), and it ends with the program, so a program written
 * for the official SDK, which never closes anything, runs unchanged. If the app-server dies, the
 * next turn starts a new one (the thread is resumed on it).
 *
 * Extensions, not in `@openai/codex-sdk`: `close()` / `await using` to stop the app-server
 * early, and `native()` for the native `Codex` of `@codex/sdk` on the same app-server.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk/compat"; // was: from "@openai/codex-sdk"
 *
 * const codex = new Codex();
 * const thread = codex.startThread({ skipGitRepoCheck: true });
 * const turn = await thread.run("Diagnose the failing test and propose a fix");
 * console.log(turn.finalResponse, turn.usage);
 * ```
 * @module
 */

import { Codex as NativeCodex } from "../api/codex.ts";
import { CodexError } from "../util/errors.ts";
import { KeepAlive } from "./keep_alive.ts";
import { startOptionsFor } from "./options.ts";
import { type CompatLink, Thread } from "./thread.ts";
import type { CodexOptions, ThreadOptions } from "./types.ts";

/** The entry point of the SDK: makes threads; one shared app-server behind them. */
export class Codex {
  readonly #options: CodexOptions;
  readonly #keepAlive = new KeepAlive();
  readonly #warnings = new Map<string, string[]>();
  #native: Promise<NativeCodex> | undefined;
  #closed = false;
  readonly #link: CompatLink;

  /** Takes the options; starts nothing (the app-server starts at the first turn). */
  constructor(options: CodexOptions = {}) {
    this.#options = options;
    this.#link = {
      native: () => this.native(),
      warnings: (threadId) => this.#warnings.get(threadId) ?? [],
      hold: () => this.#keepAlive.hold(),
    };
  }

  /** Starts a new conversation with the agent; the thread is created at its first turn. */
  startThread(options: ThreadOptions = {}): Thread {
    return new Thread(this.#link, options, null);
  }

  /**
   * Resumes a conversation by its id (threads are kept under `CODEX_HOME`), with these options
   * for its next turns.
   */
  resumeThread(id: string, options: ThreadOptions = {}): Thread {
    return new Thread(this.#link, options, id);
  }

  /**
   * Extension: the native `Codex` of `@codex/sdk` on this compat `Codex`'s app-server (started
   * now if it is not running). Its threads, approvals and events are the full API.
   */
  native(): Promise<NativeCodex> {
    if (this.#closed) return Promise.reject(new CodexError("closed", "this Codex was closed: make a new one"));
    const current = this.#native;
    if (current) {
      return current.then((codex) => (codex.isClosed ? this.#start() : codex), () => this.#start());
    }
    return this.#start();
  }

  /**
   * Extension: stops the app-server now (running turns fail) instead of with the program.
   * Idempotent; a `Codex` is not used after it.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const native = this.#native;
    this.#native = undefined;
    await native?.then((codex) => codex.close(), () => {});
  }

  /** Extension: closes on leaving an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #start(): Promise<NativeCodex> {
    const started = (async () => {
      const codex = await NativeCodex.start(startOptionsFor(this.#options));
      void this.#collectWarnings(codex);
      return codex;
    })();
    this.#native = started;
    // A failed start is retried by the next turn, as the official SDK spawns anew each turn.
    started.catch(() => {
      if (this.#native === started) this.#native = undefined;
    });
    return started;
  }

  /** The thread warnings (`warning` notifications), which exec prints as `error` items. */
  async #collectWarnings(codex: NativeCodex): Promise<void> {
    for await (const event of codex.notifications()) {
      if (event.method !== "warning" || !event.params.threadId) continue;
      const list = this.#warnings.get(event.params.threadId) ?? [];
      list.push(event.params.message);
      this.#warnings.set(event.params.threadId, list);
    }
  }
}
