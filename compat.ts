/**
 * `@codex/sdk/compat` — a drop-in for `@openai/codex-sdk` (0.163.0): the same `Codex`, `Thread`,
 * events, items and options, on one shared `codex app-server` instead of a `codex exec` process
 * per turn. Change the import, keep the code:
 *
 * ```ts
 * import { Codex } from "@codex/sdk/compat"; // was: from "@openai/codex-sdk"
 * ```
 *
 * Extensions (not in the official SDK): `codex.close()` and `await using` to stop the app-server
 * early; `codex.native()` and `thread.native()` reach the native `@codex/sdk` API for what
 * compat cannot express (approvals, steer, interrupt, tools, review); the error classes below.
 * See MIGRATION.md.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk/compat";
 *
 * const codex = new Codex();
 * const thread = codex.startThread({ skipGitRepoCheck: true });
 * const { events } = await thread.runStreamed("Fix the failing test");
 * for await (const event of events) {
 *   if (event.type === "item.completed") console.log(event.item.type);
 *   if (event.type === "turn.completed") console.log(event.usage);
 * }
 * ```
 * @module
 */

export { Codex } from "./src/compat/codex.ts";
export { Thread } from "./src/compat/thread.ts";
export { CompatArgumentError, ExecExitError, TurnFailedCompatError } from "./src/compat/errors.ts";
// The official SDK's names, then (marked) the types they are built from, exported too so that
// every public type can be named.
export type {
  AgentMessageItem,
  CommandExecutionItem,
  ErrorItem,
  FileChangeItem,
  McpToolCallItem,
  ReasoningItem,
  ThreadItem,
  TodoListItem,
  WebSearchItem,
  // Building blocks (not exported by @openai/codex-sdk):
  CommandExecutionStatus,
  ContentBlock,
  FileUpdateChange,
  McpAnnotations,
  McpToolCallStatus,
  PatchApplyStatus,
  PatchChangeKind,
  TodoItem,
} from "./src/compat/items.ts";
export type {
  ApprovalMode,
  CodexOptions,
  CyberAccessProgram,
  Input,
  ItemCompletedEvent,
  ItemStartedEvent,
  ItemUpdatedEvent,
  ModelReasoningEffort,
  RunResult,
  RunStreamedResult,
  SandboxMode,
  ThreadError,
  ThreadErrorEvent,
  ThreadEvent,
  ThreadOptions,
  ThreadStartedEvent,
  TurnCompletedEvent,
  TurnFailedEvent,
  TurnOptions,
  TurnStartedEvent,
  Usage,
  UserInput,
  WebSearchMode,
  // Building blocks (not exported by @openai/codex-sdk):
  CodexConfigObject,
  CodexConfigValue,
  StreamedTurn,
  Turn,
} from "./src/compat/types.ts";
