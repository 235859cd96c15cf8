/**
 * The output items a scripted reply is made of: an assistant message, a reasoning item, a
 * function (tool) call, or any raw Responses output item. Combine several in one reply with
 * {@linkcode MockModel.queueItems} or {@linkcode itemsReply}.
 *
 * @example
 * ```ts
 * import { MockModel, execCommandItem, messageItem, reasoningItem } from "../../testing.ts";
 * await using mock = await MockModel.start();
 * mock.queueItems([
 *   reasoningItem("Checking the files"),
 *   messageItem("Let me look.", { phase: "commentary" }),
 *   execCommandItem({ cmd: "ls" }),
 * ]);
 * ```
 * @module
 */
import type { JsonObject } from "./requests.ts";

/**
 * The `phase` of an assistant message: `"commentary"` for progress notes during a turn,
 * `"final_answer"` for the answer (the SDK's `finalResponse` prefers it).
 */
export type MockMessagePhase = "commentary" | "final_answer";

/** An assistant message. */
export interface MessageItem {
  /** Discriminator. */
  readonly type: "message";
  /** The full text (sent in `response.output_item.done`). */
  readonly text: string;
  /** Item id; generated when omitted. It becomes the agentMessage item id. */
  readonly id?: string;
  /** The message phase; omitted from the wire when undefined. */
  readonly phase?: MockMessagePhase;
  /**
   * How the text streams before the item completes: a number of roughly equal
   * `response.output_text.delta` pieces (0 = no deltas), or the exact pieces (sent as given,
   * even if they do not join to `text`). Default 1: the whole text as one delta.
   */
  readonly deltas?: number | readonly string[];
}

/** A reasoning item (summary and optional raw content). */
export interface ReasoningItem {
  /** Discriminator. */
  readonly type: "reasoning";
  /** Summary parts, each streamed as one `response.reasoning_summary_text.delta`. */
  readonly summary: readonly string[];
  /** Raw reasoning text parts (only in the completed item). */
  readonly content?: readonly string[];
  /** Item id; generated when omitted. */
  readonly id?: string;
}

/** A function call: the model asks the agent to run a tool. */
export interface FunctionCallItem {
  /** Discriminator. */
  readonly type: "function_call";
  /** The tool name, e.g. `"exec_command"`. */
  readonly name: string;
  /** The arguments as a JSON string (as the API sends them). */
  readonly arguments: string;
  /** The call id the tool result will answer; generated when omitted. */
  readonly callId?: string;
  /** Item id; generated when omitted. */
  readonly id?: string;
  /** The namespace of the tool (a client-side tool in a namespace); omitted from the wire when undefined. */
  readonly namespace?: string;
}

/** Any Responses output item, sent as is in `response.output_item.done`. */
export interface RawItem {
  /** Discriminator. */
  readonly type: "raw";
  /** The output item, e.g. `{ type: "web_search_call", … }`. */
  readonly item: JsonObject;
}

/** One output item of a scripted reply. */
export type MockOutputItem = MessageItem | ReasoningItem | FunctionCallItem | RawItem;

/** Options of {@linkcode messageItem}. */
export interface MessageOptions {
  /** See {@linkcode MessageItem.phase}. */
  readonly phase?: MockMessagePhase;
  /** See {@linkcode MessageItem.deltas}. */
  readonly deltas?: number | readonly string[];
  /** See {@linkcode MessageItem.id}. */
  readonly id?: string;
}

/**
 * An assistant message.
 *
 * @example
 * ```ts
 * messageItem("Done.", { phase: "final_answer", deltas: ["Do", "ne."] });
 * ```
 */
export function messageItem(text: string, options: MessageOptions = {}): MessageItem {
  return { type: "message", text, ...options };
}

/** Options of {@linkcode reasoningItem}. */
export interface ReasoningOptions {
  /** See {@linkcode ReasoningItem.content}. */
  readonly content?: readonly string[];
  /** See {@linkcode ReasoningItem.id}. */
  readonly id?: string;
}

/**
 * A reasoning item with one or more summary parts.
 *
 * @example
 * ```ts
 * reasoningItem(["Reading the code", "Planning the fix"], { content: ["raw thoughts"] });
 * ```
 */
export function reasoningItem(
  summary: string | readonly string[],
  options: ReasoningOptions = {},
): ReasoningItem {
  return {
    type: "reasoning",
    summary: typeof summary === "string" ? [summary] : summary,
    ...options,
  };
}

/** Options of {@linkcode functionCallItem} and {@linkcode execCommandItem}. */
export interface FunctionCallOptions {
  /** See {@linkcode FunctionCallItem.callId}. */
  readonly callId?: string;
  /** See {@linkcode FunctionCallItem.id}. */
  readonly id?: string;
  /** See {@linkcode FunctionCallItem.namespace}. */
  readonly namespace?: string;
}

/**
 * A call to any tool by name. An object is JSON-encoded; a string is sent as is (so tests can
 * send malformed arguments). The binary answers a name it does not know with an
 * `unsupported call: <name>` tool output on the next request.
 *
 * @example
 * ```ts
 * functionCallItem("request_user_input", { questions: [] });
 * ```
 */
export function functionCallItem(
  name: string,
  args: JsonObject | string = {},
  options: FunctionCallOptions = {},
): FunctionCallItem {
  const encoded = typeof args === "string" ? args : JSON.stringify(args);
  return { type: "function_call", name, arguments: encoded, ...options };
}

/** Arguments of the binary's `exec_command` tool (the ones tests need). */
export interface ExecCommandArgs {
  /** The shell command line. */
  readonly cmd: string;
  /** Working directory; defaults to the turn's cwd. */
  readonly workdir?: string;
  /**
   * Ask to run outside the sandbox (`sandbox_permissions: "require_escalated"`). With
   * `approval_policy = "on-request"` this makes the server send
   * `item/commandExecution/requestApproval`.
   */
  readonly escalated?: boolean;
  /** The reason shown in the approval request. */
  readonly justification?: string;
  /** How long the tool waits for output before yielding, in ms. */
  readonly yieldTimeMs?: number;
  /**
   * Run the command in a login shell (`bash -lc`, which reads the machine's profile). Default
   * `false` (`bash -c`): a scripted command should not depend on the machine it runs on, and a
   * profile can stall it. Seen here: root's `.bashrc` runs `pyenv init`, whose shim rehash waits
   * up to 60 s for a lock file that a killed shell left behind, so an unsandboxed `bash -lc` (an
   * approved escalation) outlived the tool's yield while a sandboxed one, unable to take the
   * lock, went on at once.
   */
  readonly login?: boolean;
}

/**
 * A call to `exec_command`: makes the agent run a shell command.
 *
 * @example
 * ```ts
 * execCommandItem({ cmd: "touch out.txt", escalated: true, justification: "write a file" });
 * ```
 */
export function execCommandItem(
  args: ExecCommandArgs,
  options: FunctionCallOptions = {},
): FunctionCallItem {
  const wire: Record<string, string | number | boolean> = { cmd: args.cmd, login: args.login ?? false };
  if (args.workdir !== undefined) wire.workdir = args.workdir;
  if (args.escalated) wire.sandbox_permissions = "require_escalated";
  if (args.justification !== undefined) wire.justification = args.justification;
  if (args.yieldTimeMs !== undefined) wire.yield_time_ms = args.yieldTimeMs;
  return functionCallItem("exec_command", wire, options);
}

/**
 * Any Responses output item, sent as is (the escape hatch for item types without a builder).
 *
 * @example
 * ```ts
 * rawItem({ type: "web_search_call", id: "ws_1", status: "completed" });
 * ```
 */
export function rawItem(item: JsonObject): RawItem {
  return { type: "raw", item };
}
