/**
 * The items of `@openai/codex-sdk` 0.163.0 (`ThreadItem` and each item type), declared here with
 * the same structure, so a program written against that package compiles unchanged against
 * `@codex/sdk/compat` (a `tsc --strict` test assigns each type to the other, both ways).
 *
 * @example
 * ```ts
 * import type { ThreadItem } from "@codex/sdk/compat";
 *
 * function describe(item: ThreadItem): string {
 *   return item.type === "command_execution" ? `$ ${item.command}` : item.type;
 * }
 * ```
 * @module
 */

/** The status of a command execution. */
export type CommandExecutionStatus = "in_progress" | "completed" | "failed";

/** A command executed by the agent. */
export type CommandExecutionItem = {
  id: string;
  type: "command_execution";
  /** The command line executed by the agent. */
  command: string;
  /** Aggregated stdout and stderr captured while the command was running. */
  aggregated_output: string;
  /** Set when the command exits; omitted while still running. */
  exit_code?: number;
  /** Current status of the command execution. */
  status: CommandExecutionStatus;
};

/** Indicates the type of the file change. */
export type PatchChangeKind = "add" | "delete" | "update";

/** One file changed by the agent. */
export type FileUpdateChange = {
  path: string;
  kind: PatchChangeKind;
};

/** The status of a file change. */
export type PatchApplyStatus = "completed" | "failed";

/** A set of file changes by the agent. Emitted once the patch succeeds or fails. */
export type FileChangeItem = {
  id: string;
  type: "file_change";
  /** Individual file changes that comprise the patch. */
  changes: FileUpdateChange[];
  /** Whether the patch ultimately succeeded or failed. */
  status: PatchApplyStatus;
};

/** The status of an MCP tool call. */
export type McpToolCallStatus = "in_progress" | "completed" | "failed";

/** Optional MCP annotations of a content block. */
export type McpAnnotations = {
  audience?: ("user" | "assistant")[] | undefined;
  priority?: number | undefined;
  lastModified?: string | undefined;
};

/**
 * One block of an MCP tool result: the `ContentBlock` of the MCP specification (the official
 * SDK imports it from `@modelcontextprotocol/sdk`; declared here so no MCP package is needed).
 */
export type ContentBlock =
  | {
    type: "text";
    text: string;
    annotations?: McpAnnotations | undefined;
    _meta?: Record<string, unknown> | undefined;
  }
  | {
    type: "image";
    data: string;
    mimeType: string;
    annotations?: McpAnnotations | undefined;
    _meta?: Record<string, unknown> | undefined;
  }
  | {
    type: "audio";
    data: string;
    mimeType: string;
    annotations?: McpAnnotations | undefined;
    _meta?: Record<string, unknown> | undefined;
  }
  | {
    uri: string;
    description?: string | undefined;
    mimeType?: string | undefined;
    size?: number | undefined;
    annotations?: McpAnnotations | undefined;
    _meta?: { [key: string]: unknown } | undefined;
    icons?: {
      src: string;
      mimeType?: string | undefined;
      sizes?: string[] | undefined;
      theme?: "light" | "dark" | undefined;
    }[] | undefined;
    name: string;
    title?: string | undefined;
    type: "resource_link";
  }
  | {
    type: "resource";
    resource:
      | { uri: string; mimeType?: string | undefined; _meta?: Record<string, unknown> | undefined; text: string }
      | { uri: string; mimeType?: string | undefined; _meta?: Record<string, unknown> | undefined; blob: string };
    annotations?: McpAnnotations | undefined;
    _meta?: Record<string, unknown> | undefined;
  };

/**
 * A call to an MCP tool. The item starts when the invocation is dispatched and completes when
 * the MCP server reports success or failure.
 */
export type McpToolCallItem = {
  id: string;
  type: "mcp_tool_call";
  /** Name of the MCP server handling the request. */
  server: string;
  /** The tool invoked on the MCP server. */
  tool: string;
  /** Arguments forwarded to the tool invocation. */
  arguments: unknown;
  /** Result payload returned by the MCP server for successful calls. */
  result?: {
    content: ContentBlock[];
    _meta?: unknown;
    structured_content: unknown;
  };
  /** Error message reported for failed calls. */
  error?: {
    message: string;
  };
  /** Current status of the tool invocation. */
  status: McpToolCallStatus;
};

/** Response from the agent: natural-language text, or JSON when structured output is requested. */
export type AgentMessageItem = {
  id: string;
  type: "agent_message";
  /** Either natural-language text or JSON when structured output is requested. */
  text: string;
};

/** The agent's reasoning summary. */
export type ReasoningItem = {
  id: string;
  type: "reasoning";
  text: string;
};

/** A web search request. Completes when results are returned to the agent. */
export type WebSearchItem = {
  id: string;
  type: "web_search";
  query: string;
};

/** A non-fatal error surfaced as an item. */
export type ErrorItem = {
  id: string;
  type: "error";
  message: string;
};

/** An item in the agent's to-do list. */
export type TodoItem = {
  text: string;
  completed: boolean;
};

/**
 * The agent's running to-do list. Starts when the plan is issued, updates as steps change, and
 * completes when the turn ends.
 */
export type TodoListItem = {
  id: string;
  type: "todo_list";
  items: TodoItem[];
};

/** Every item of a thread, by `type`. */
export type ThreadItem =
  | AgentMessageItem
  | ReasoningItem
  | CommandExecutionItem
  | FileChangeItem
  | McpToolCallItem
  | WebSearchItem
  | TodoListItem
  | ErrorItem;
