/**
 * The events, options and results of `@openai/codex-sdk` 0.163.0, declared here with the same
 * structure (the items are in `items.ts`), so a program written for that package compiles
 * unchanged against `@codex/sdk/compat`.
 *
 * @example
 * ```ts
 * import type { ThreadEvent } from "@codex/sdk/compat";
 *
 * function log(event: ThreadEvent): void {
 *   if (event.type === "turn.completed") console.log(event.usage.output_tokens);
 * }
 * ```
 * @module
 */

import type { ThreadItem } from "./items.ts";

/** Emitted when a new thread is started as the first event. */
export type ThreadStartedEvent = {
  type: "thread.started";
  /** The identifier of the new thread. Can be used to resume the thread later. */
  thread_id: string;
};

/** Emitted when a turn is started by sending a new prompt to the model. */
export type TurnStartedEvent = {
  type: "turn.started";
};

/** The token usage reported at the end of a turn (the thread's running totals, as `codex exec` reports them). */
export type Usage = {
  /** The number of input tokens used. */
  input_tokens: number;
  /** The number of cached input tokens used. */
  cached_input_tokens: number;
  /** The number of input tokens written to the prompt cache. */
  cache_write_input_tokens: number;
  /** The number of output tokens used. */
  output_tokens: number;
  /** The number of reasoning output tokens used. */
  reasoning_output_tokens: number;
};

/** Emitted when a turn is completed. */
export type TurnCompletedEvent = {
  type: "turn.completed";
  usage: Usage;
};

/** Indicates that a turn failed with an error. */
export type TurnFailedEvent = {
  type: "turn.failed";
  error: ThreadError;
};

/** Emitted when a new item is added to the thread. */
export type ItemStartedEvent = {
  type: "item.started";
  item: ThreadItem;
};

/** Emitted when an item is updated. */
export type ItemUpdatedEvent = {
  type: "item.updated";
  item: ThreadItem;
};

/** Signals that an item has reached a terminal state, success or failure. */
export type ItemCompletedEvent = {
  type: "item.completed";
  item: ThreadItem;
};

/** A fatal error of a turn. */
export type ThreadError = {
  message: string;
};

/** An error reported by the event stream. */
export type ThreadErrorEvent = {
  type: "error";
  message: string;
};

/** Every event of `runStreamed()`, by `type`. */
export type ThreadEvent =
  | ThreadStartedEvent
  | TurnStartedEvent
  | TurnCompletedEvent
  | TurnFailedEvent
  | ItemStartedEvent
  | ItemUpdatedEvent
  | ItemCompletedEvent
  | ThreadErrorEvent;

/** The cyber program of a turn (the built-in OpenAI provider only). */
export type CyberAccessProgram = "standard" | "daybreak_blue" | "daybreak_red";

/** Options of one turn (`run`, `runStreamed`). */
export type TurnOptions = {
  /** Experimental cyber selection for this turn with the built-in OpenAI provider. */
  cyberAccessProgram?: CyberAccessProgram;
  /** JSON schema describing the expected agent output. */
  outputSchema?: unknown;
  /** Aborting cancels the turn. */
  signal?: AbortSignal;
};

/** A completed turn. */
export type Turn = {
  items: ThreadItem[];
  finalResponse: string;
  usage: Usage | null;
};

/** The result of `run()`. */
export type RunResult = Turn;

/** The result of `runStreamed()`. */
export type StreamedTurn = {
  events: AsyncGenerator<ThreadEvent>;
};

/** The result of `runStreamed()`. */
export type RunStreamedResult = StreamedTurn;

/** One input to the agent: text, or a local image file. */
export type UserInput =
  | { type: "text"; text: string }
  | { type: "local_image"; path: string };

/** The input of a turn: a prompt, or text and images. */
export type Input = string | UserInput[];

/** A config value (TOML-representable). */
export type CodexConfigValue = string | number | boolean | CodexConfigValue[] | CodexConfigObject;

/** A config table. */
export type CodexConfigObject = {
  [key: string]: CodexConfigValue;
};

/** Options of `new Codex()`. */
export type CodexOptions = {
  /** The codex binary (default: the one of the `@openai/codex` package). */
  codexPathOverride?: string;
  /** The OpenAI API base URL (`openai_base_url`). */
  baseUrl?: string;
  /** The API key (`CODEX_API_KEY` of the app-server). */
  apiKey?: string;
  /** Config values, flattened into dotted `--config key=value` overrides (TOML values). */
  config?: CodexConfigObject;
  /** Raw `--config key=value` overrides, after `config`. */
  configOverrides?: string[];
  /** The app-server's environment. When given, `process.env` is not inherited. */
  env?: Record<string, string>;
};

/** When the agent asks before acting. */
export type ApprovalMode = "never" | "on-request" | "on-failure" | "untrusted";

/** What commands may touch. */
export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";

/** How hard the model reasons. */
export type ModelReasoningEffort = "minimal" | "low" | "medium" | "high" | "xhigh" | "max" | "ultra" | "persistent";

/** Whether and how the agent searches the web. */
export type WebSearchMode = "disabled" | "cached" | "live";

/** Options of a thread (`startThread`, `resumeThread`); they apply to each of its turns. */
export type ThreadOptions = {
  model?: string;
  /** Source classification applied when this thread is first created. */
  threadSource?: string;
  sandboxMode?: SandboxMode;
  workingDirectory?: string;
  skipGitRepoCheck?: boolean;
  modelReasoningEffort?: ModelReasoningEffort;
  networkAccessEnabled?: boolean;
  webSearchMode?: WebSearchMode;
  webSearchEnabled?: boolean;
  approvalPolicy?: ApprovalMode;
  additionalDirectories?: string[];
};
