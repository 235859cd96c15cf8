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
import { type SharedServer, sharedServer } from "./shared_server.ts";
import { type CompatLink, Thread } from "./thread.ts";
import type { CodexOptions, ThreadOptions } from "./types.ts";

/** The entry point of the SDK: makes threads; one shared app-server behind them. */
export class Codex {
  readonly #options: CodexOptions;
  readonly #keepAlive = new KeepAlive();
  #server: SharedServer | undefined;
  #closed = false;
  readonly #link: CompatLink;

  /** Takes the options; starts nothing (the app-server starts at the first turn). */
  constructor(options: CodexOptions = {}) {
    this.#options = options;
    this.#link = {
      native: () => this.native(),
      warnings: (threadId) => this.#server?.warnings(threadId) ?? [],
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
  async native(): Promise<NativeCodex> {
    if (this.#closed) throw new CodexError("closed", "this Codex was closed: make a new one");
    if (!this.#server) {
      // The options are checked here, at the first turn, as the official SDK checks them when it spawns.
      const server = sharedServer(startOptionsFor(this.#options));
      server.users++;
      this.#server = server;
    }
    return await this.#server.codex();
  }

  /**
   * Extension: stops using the app-server now; the last compat `Codex` sharing it (same
   * options) stops it, and running turns fail. Idempotent; a closed `Codex` starts no turn.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#server?.release();
  }

  /** Extension: closes on leaving an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
