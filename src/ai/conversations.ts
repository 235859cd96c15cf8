/**
 * The provider's memory of its turns: which session each thread has, which calls are waiting,
 * and how a call's prompt becomes a turn — a new thread, a continued one, or the answer to a
 * waiting tool call. Also the bridge tools: the AI SDK's function tools as client-side tools of
 * the Codex thread, whose calls are handed to the AI SDK instead of run here.
 *
 * The rules (see the README's AI SDK section):
 * - results in the prompt for calls a turn waits on answer them, and that turn goes on; user
 *   messages after them are added to the turn (`turn/steer`); calls of that turn the prompt gives
 *   no result for are answered as failed;
 * - any other call on a thread whose turn still waits interrupts that turn (its waiting calls
 *   are let go) before the new one starts;
 * - a call the application never answers is answered as failed after `toolResultTimeoutMs`.
 *
 * @module
 */

import { InvalidStateError } from "../util/errors.ts";
import type { LanguageModelV4CallOptions, LanguageModelV4FunctionTool, SharedV4Warning } from "@ai-sdk/provider";
import type { Codex } from "../api/codex.ts";
import type { Thread } from "../api/thread.ts";
import { type ClientTool, tool } from "../api/tools/tool.ts";
import type { JsonSchema } from "../api/structured_output.ts";
import type { UserInput } from "../protocol/generated/types.ts";
import { CodexPromptError } from "./jsonish.ts";
import { splitPrompt, toolAnswer, toolResultsOf, transcript, userInput } from "./prompt.ts";
import { TurnSession } from "./session.ts";
import { type CodexCallOptions, DEFAULT_TOOL_RESULT_TIMEOUT_MS } from "./settings.ts";

/** What a model call needs to run its step. */
export interface PreparedCall {
  /** The session the step reads. */
  session: TurnSession;
  /** Whether the session was already running (a tool round trip). */
  resumed: boolean;
}

/** The turns of one provider. */
export class Conversations {
  readonly #sessions = new Map<string, TurnSession>();
  readonly #known = new Set<string>();

  /** Turns a call into a running session. */
  async prepare(
    codex: Codex,
    modelId: string,
    options: LanguageModelV4CallOptions,
    settings: CodexCallOptions,
    warnings: SharedV4Warning[],
  ): Promise<PreparedCall> {
    const split = splitPrompt(options.prompt);
    const results = toolResultsOf(split.tail);
    const waiting = [...this.#sessions.values()].find((s) => !s.ended && results.some((r) => s.waiting.has(r.toolCallId)));
    if (waiting) {
      for (const r of results) waiting.waiting.get(r.toolCallId)?.answer(toolAnswer(r.output));
      waiting.failWaiting("The application gave no result for this call.");
      const lastTool = split.tail.findLastIndex((m) => m.role === "tool");
      const steer = userInput(split.tail.slice(lastTool + 1).filter((m) => m.role === "user"), warnings);
      if (steer.length && waiting.turn) await waiting.turn.steer(steer);
      return { session: waiting, resumed: true };
    }

    const tools = this.#bridges(options, warnings);
    const timeoutMs = settings.toolResultTimeoutMs ?? DEFAULT_TOOL_RESULT_TIMEOUT_MS;
    let thread: Thread;
    let input: UserInput[];
    if (settings.threadId !== undefined) {
      const previous = this.#sessions.get(settings.threadId);
      if (previous && !previous.ended) {
        // Interrupt first: the turn ends without sampling again, then its calls are let go.
        await previous.turn?.interrupt().catch(() => {});
        previous.failWaiting("The application moved on without a result for this call.");
      }
      if (split.instructions) {
        warnings.push({ type: "other", message: "system instructions are set when a thread starts; this continued thread keeps its own" });
      }
      input = userInput(split.tail, warnings);
      if (input.length === 0) {
        throw new CodexPromptError(
          `nothing new to send to thread ${settings.threadId}: with providerOptions.codex.threadId, only the messages after the last assistant message are sent; add a user message`,
        );
      }
      const bridges = tools.map((t) => this.#bridge(t, timeoutMs));
      thread = this.#known.has(settings.threadId)
        ? codex.thread(settings.threadId)
        : await codex.threadResume(settings.threadId, bridges.length ? { tools: bridges } : {});
    } else {
      const history = split.history.length ? [{ type: "text" as const, text: transcript(split.history), text_elements: [] }] : [];
      input = [...history, ...userInput(split.tail, warnings)];
      if (input.length === 0) throw new CodexPromptError("the prompt has no user message to send");
      thread = await codex.threadStart({
        ...(modelId === "default" ? {} : { model: modelId }),
        ...(settings.cwd !== undefined ? { cwd: settings.cwd } : {}),
        ...(settings.sandbox !== undefined ? { sandbox: settings.sandbox } : {}),
        ...(settings.approvalMode !== undefined ? { approvalMode: settings.approvalMode } : {}),
        ...(split.instructions ? { developerInstructions: split.instructions } : {}),
        ...(tools.length ? { tools: tools.map((t) => this.#bridge(t, timeoutMs)) } : {}),
      });
    }
    this.#known.add(thread.id);
    // An ended turn is forgotten (a long-running chat server keeps no turn it is done with).
    const session: TurnSession = new TurnSession(thread.id, modelId, () => {
      if (this.#sessions.get(thread.id) === session) this.#sessions.delete(thread.id);
    });
    this.#sessions.set(thread.id, session);
    const format = options.responseFormat;
    if (format?.type === "json" && !format.schema) {
      warnings.push({ type: "unsupported", feature: "responseFormat json without a schema", details: "give a JSON schema (Output.object, generateObject) for structured output" });
    }
    const effort = settings.effort ?? reasoningEffort(options.reasoning);
    const turn = await thread.turn(input, {
      ...(modelId === "default" ? {} : { model: modelId }),
      ...(effort ? { effort } : {}),
      ...(settings.cwd !== undefined ? { cwd: settings.cwd } : {}),
      ...(format?.type === "json" && format.schema ? { outputSchema: format.schema as JsonSchema } : {}),
    });
    session.attach(turn);
    return { session, resumed: false };
  }

  /** Answers every waiting call as failed and forgets the sessions (the provider closes). */
  closeAll(): void {
    for (const session of this.#sessions.values()) session.failWaiting("The application closed the provider.");
    this.#sessions.clear();
  }

  #bridges(options: LanguageModelV4CallOptions, warnings: SharedV4Warning[]): LanguageModelV4FunctionTool[] {
    const tools = options.tools ?? [];
    for (const t of tools) {
      if (t.type !== "function") warnings.push({ type: "unsupported", feature: `provider tool ${t.id}`, details: "Codex runs only function tools of the application" });
    }
    const choice = options.toolChoice?.type;
    if (choice === "none") return [];
    if (choice === "required" || choice === "tool") {
      warnings.push({ type: "unsupported", feature: `toolChoice ${choice}`, details: "the model chooses freely among the tools (toolChoice auto)" });
    }
    return tools.filter((t): t is LanguageModelV4FunctionTool => t.type === "function");
  }

  #bridge(definition: LanguageModelV4FunctionTool, timeoutMs: number): ClientTool {
    const schema = definition.inputSchema as JsonSchema;
    return tool({
      name: definition.name,
      description: definition.description?.trim() || definition.name,
      input: schema.type === "object" ? schema : { type: "object", properties: {} },
      timeoutMs,
      run: (args, context) => {
        const session = this.#sessions.get(context.threadId);
        if (!session || session.ended) return toolFailure("No request is waiting for this tool's result.");
        return session.callArrived(context.callId, definition.name, args, context.signal);
      },
    });
  }
}

function toolFailure(text: string): never {
  // The message is what the model sees as the failed call's output.
  throw new InvalidStateError("no_waiting_request", text);
}

function reasoningEffort(reasoning: LanguageModelV4CallOptions["reasoning"]): string | undefined {
  switch (reasoning) {
    case undefined:
    case "provider-default":
      return undefined;
    case "max":
      return "xhigh";
    default:
      return reasoning;
  }
}
