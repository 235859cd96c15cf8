/**
 * The compat `Thread`: `@openai/codex-sdk`'s `Thread` (`id`, `run`, `runStreamed`) on the shared
 * app-server of its `Codex`. Each turn yields what `codex exec` would print for it:
 * `thread.started` (every turn, as each exec process prints it), the thread's warnings as
 * `error` items, `turn.started`, the items, then `turn.completed` or `turn.failed`.
 * Extension: `native()` reaches the native `Thread` of `@codex/sdk` for the same id.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk/compat";
 *
 * const thread = new Codex().startThread({ skipGitRepoCheck: true });
 * const { events } = await thread.runStreamed("Summarize this repository");
 * for await (const event of events) {
 *   if (event.type === "item.completed") console.log(event.item);
 * }
 * ```
 * @module
 */

import type { Codex as NativeCodex } from "../api/codex.ts";
import type { Thread as NativeThread, TurnOptions as NativeTurnOptions } from "../api/thread.ts";
import type { TurnHandle } from "../api/turn/turn_handle.ts";
import { AbortError } from "../api/turn/errors.ts";
import type { UserInput as WireInput } from "../protocol/generated/types.ts";
import { CodexError } from "../util/errors.ts";
import { ExecEventMapper } from "./event_mapper.ts";
import { CompatArgumentError, ExecExitError, TurnFailedCompatError } from "./errors.ts";
import { insideGitRepository, resolveDir, serverCwd } from "./git_check.ts";
import { threadParamsFor } from "./options.ts";
import type { Input, RunResult, StreamedTurn, ThreadEvent, ThreadOptions, TurnOptions, Usage } from "./types.ts";
import type { ThreadItem } from "./items.ts";

/** What a compat thread needs from its `Codex`; never public. */
export interface CompatLink {
  /** The shared app-server (started on first use). */
  native(): Promise<NativeCodex>;
  /** The warnings the app-server sent for a thread so far. */
  warnings(threadId: string): readonly string[];
  /** Holds the program open until the returned function is called. */
  hold(): () => void;
}

const CYBER_PROGRAMS = { standard: "standard", daybreak_blue: "daybreakBlue", daybreak_red: "daybreakRed" } as const;

/** A conversation with the agent; one thread runs one turn at a time. */
export class Thread {
  readonly #link: CompatLink;
  readonly #options: ThreadOptions;
  #id: string | null;
  #native: { codex: NativeCodex; thread: NativeThread } | undefined;
  #gitChecked = false;
  #warned = 0;

  /**
   * @ignore the compat `Codex` makes threads (`startThread`, `resumeThread`).
   */
  constructor(link: CompatLink, options: ThreadOptions, id: string | null) {
    this.#link = link;
    this.#options = options;
    this.#id = id;
  }

  /** The thread's id: null until its first turn starts (or the id given to `resumeThread`). */
  get id(): string | null {
    return this.#id;
  }

  /** Gives the input to the agent and streams the turn's events as they happen. */
  runStreamed(input: Input, turnOptions: TurnOptions = {}): Promise<StreamedTurn> {
    return Promise.resolve({ events: this.#events(input, turnOptions) });
  }

  /** Gives the input to the agent and resolves with the completed turn. */
  async run(input: Input, turnOptions: TurnOptions = {}): Promise<RunResult> {
    const items: ThreadItem[] = [];
    let finalResponse = "";
    let usage: Usage | null = null;
    const events = this.#events(input, turnOptions, true);
    for await (const event of events) {
      if (event.type === "item.completed") {
        if (event.item.type === "agent_message") finalResponse = event.item.text;
        items.push(event.item);
      } else if (event.type === "turn.completed") {
        usage = event.usage;
      } else if (event.type === "turn.failed") {
        await events.return(undefined);
        throw new TurnFailedCompatError(event.error.message);
      }
    }
    return { items, finalResponse, usage };
  }

  /**
   * Extension (not in `@openai/codex-sdk`): the native `Thread` of `@codex/sdk` for this thread,
   * on the same app-server, for what compat cannot express (steer, interrupt, approvals, tools,
   * review, diff). Starts the app-server, and the thread when it has no id yet.
   */
  async native(): Promise<NativeThread> {
    const codex = await this.#link.native();
    return (await this.#open(codex)).thread;
  }

  async *#events(input: Input, options: TurnOptions, forRun = false): AsyncGenerator<ThreadEvent> {
    const outputSchema = options.outputSchema;
    if (outputSchema !== undefined && (typeof outputSchema !== "object" || outputSchema === null || Array.isArray(outputSchema))) {
      throw new CompatArgumentError("outputSchema", "outputSchema must be a plain JSON object");
    }
    const wireInput = toWireInput(input);
    const signal = options.signal;
    if (signal?.aborted) throw abortError(signal.reason);
    const release = this.#link.hold();
    let turn: TurnHandle | undefined;
    let ended = false;
    try {
      const codex = await this.#link.native();
      await this.#checkGit(codex);
      const { thread } = await this.#open(codex);
      yield { type: "thread.started", thread_id: thread.id };
      const mapper = new ExecEventMapper();
      // The app-server warns per turn (before turn/started); each warning is printed once.
      const warnings = function* (self: Thread, link: CompatLink): Generator<ThreadEvent> {
        const all = link.warnings(thread.id);
        for (; self.#warned < all.length; self.#warned++) yield* mapper.warning(all[self.#warned]);
      };
      const turnOptions = {
        signal,
        ...(outputSchema !== undefined ? { outputSchema } : {}),
        // An experimental turn/start field (the compat app-server runs with experimentalApi).
        ...(options.cyberAccessProgram !== undefined
          ? { cyberAccessProgram: CYBER_PROGRAMS[options.cyberAccessProgram] ?? options.cyberAccessProgram }
          : {}),
      } as NativeTurnOptions;
      try {
        turn = await thread.turn(wireInput, turnOptions);
        for await (const event of turn.stream()) {
          yield* warnings(this, this.#link);
          yield* mapper.map(event);
        }
      } catch (error) {
        if (error instanceof AbortError || signal?.aborted) throw abortError(signal?.reason, error);
        throw error;
      }
      ended = true;
      const outcome = mapper.outcome;
      if (signal?.aborted) throw abortError(signal.reason);
      // exec exits with 1 after a failed turn; run() has returned before it sees that.
      if (outcome.status === "failed" && !forRun) throw new ExecExitError(outcome.message);
    } finally {
      // A consumer that stops early ends the turn, as the official SDK kills its process.
      if (turn && !ended) await turn.interrupt().catch(() => {});
      release();
    }
  }

  async #checkGit(codex: NativeCodex): Promise<void> {
    if (this.#gitChecked || this.#options.skipGitRepoCheck) return;
    const dir = this.#options.workingDirectory;
    const absolute = dir?.startsWith("/") ? dir : resolveDir(await serverCwd(codex), dir ?? ".");
    if (!(await insideGitRepository(codex, absolute))) {
      throw new ExecExitError("Not inside a trusted directory and --skip-git-repo-check was not specified.\n");
    }
    this.#gitChecked = true;
  }

  /** The native thread on `codex`: started (no id yet), resumed (an id from elsewhere), or the one open. */
  async #open(codex: NativeCodex): Promise<{ codex: NativeCodex; thread: NativeThread }> {
    if (this.#native?.codex === codex) return this.#native;
    const isNew = this.#id === null;
    const params = threadParamsFor(this.#options, isNew);
    try {
      const thread = isNew ? await codex.threadStart(params) : await codex.threadResume(this.#id!, params);
      this.#id = thread.id;
      this.#native = { codex, thread };
      // A resumed thread's earlier warnings were printed by whoever ran it then; a new thread's are all new.
      this.#warned = isNew ? 0 : this.#link.warnings(thread.id).length;
      return this.#native;
    } catch (error) {
      if (!(error instanceof CodexError) || error.code === "invalid_argument") throw error;
      throw new ExecExitError(error.message, { cause: error });
    }
  }
}

/** The official SDK's rule: the texts joined by blank lines, the images as local files, images first as exec sends them. */
function toWireInput(input: Input): WireInput[] {
  if (typeof input === "string") return [{ type: "text", text: input, text_elements: [] }];
  const texts: string[] = [];
  const images: WireInput[] = [];
  for (const item of input) {
    if (item.type === "text") texts.push(item.text);
    else if (item.type === "local_image") images.push({ type: "localImage", path: item.path });
  }
  return [...images, { type: "text", text: texts.join("\n\n"), text_elements: [] }];
}

/** The official SDK's abort: an `AbortError` with Node's message. */
function abortError(reason: unknown, cause?: unknown): AbortError {
  return new AbortError("The operation was aborted", undefined, cause ?? reason);
}
