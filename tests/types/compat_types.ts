/**
 * Type-level test of `@codex/sdk/compat` against `@openai/codex-sdk` 0.163.0: every type the
 * official package exports is structurally the same in compat, both ways (each assigned to the
 * other), and the public members of `Codex` and `Thread` have the same types. This file must
 * type-check under strict settings (`deno check tests/types/`, the `check` step); the package
 * check compiles the same assertions with `tsc --strict` against the published tarball.
 * Nothing here runs.
 */

import type * as Official from "@openai/codex-sdk";
import type * as Compat from "../../compat.ts";

/** True exactly when A and B are assignable to each other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** A class's public instance surface (private members make classes nominal). */
type Public<T, K extends keyof T> = Pick<T, K>;

export const types: true[] = [
  true as Same<Official.AgentMessageItem, Compat.AgentMessageItem>,
  true as Same<Official.ApprovalMode, Compat.ApprovalMode>,
  true as Same<Official.CodexOptions, Compat.CodexOptions>,
  true as Same<Official.CommandExecutionItem, Compat.CommandExecutionItem>,
  true as Same<Official.CyberAccessProgram, Compat.CyberAccessProgram>,
  true as Same<Official.ErrorItem, Compat.ErrorItem>,
  true as Same<Official.FileChangeItem, Compat.FileChangeItem>,
  true as Same<Official.Input, Compat.Input>,
  true as Same<Official.ItemCompletedEvent, Compat.ItemCompletedEvent>,
  true as Same<Official.ItemStartedEvent, Compat.ItemStartedEvent>,
  true as Same<Official.ItemUpdatedEvent, Compat.ItemUpdatedEvent>,
  true as Same<Official.McpToolCallItem, Compat.McpToolCallItem>,
  true as Same<Official.ModelReasoningEffort, Compat.ModelReasoningEffort>,
  true as Same<Official.ReasoningItem, Compat.ReasoningItem>,
  true as Same<Official.RunResult, Compat.RunResult>,
  true as Same<Official.RunStreamedResult, Compat.RunStreamedResult>,
  true as Same<Official.SandboxMode, Compat.SandboxMode>,
  true as Same<Official.ThreadError, Compat.ThreadError>,
  true as Same<Official.ThreadErrorEvent, Compat.ThreadErrorEvent>,
  true as Same<Official.ThreadEvent, Compat.ThreadEvent>,
  true as Same<Official.ThreadItem, Compat.ThreadItem>,
  true as Same<Official.ThreadOptions, Compat.ThreadOptions>,
  true as Same<Official.ThreadStartedEvent, Compat.ThreadStartedEvent>,
  true as Same<Official.TodoListItem, Compat.TodoListItem>,
  true as Same<Official.TurnCompletedEvent, Compat.TurnCompletedEvent>,
  true as Same<Official.TurnFailedEvent, Compat.TurnFailedEvent>,
  true as Same<Official.TurnOptions, Compat.TurnOptions>,
  true as Same<Official.TurnStartedEvent, Compat.TurnStartedEvent>,
  true as Same<Official.Usage, Compat.Usage>,
  true as Same<Official.UserInput, Compat.UserInput>,
  true as Same<Official.WebSearchItem, Compat.WebSearchItem>,
  true as Same<Official.WebSearchMode, Compat.WebSearchMode>,
  // The classes: the same constructor parameters and public members.
  true as Same<ConstructorParameters<typeof Official.Codex>, ConstructorParameters<typeof Compat.Codex>>,
  true as Same<Parameters<Official.Codex["startThread"]>, Parameters<Compat.Codex["startThread"]>>,
  true as Same<Parameters<Official.Codex["resumeThread"]>, Parameters<Compat.Codex["resumeThread"]>>,
  // The threads they return: the same public surface (the classes' private fields differ).
  true as Same<
    Public<ReturnType<Official.Codex["startThread"]>, keyof Official.Thread>,
    Public<ReturnType<Compat.Codex["startThread"]>, keyof Official.Thread>
  >,
  true as Same<
    Public<ReturnType<Official.Codex["resumeThread"]>, keyof Official.Thread>,
    Public<ReturnType<Compat.Codex["resumeThread"]>, keyof Official.Thread>
  >,
  true as Same<
    Public<Official.Thread, keyof Official.Thread>,
    Public<Compat.Thread, keyof Official.Thread>
  >,
];

// A program's values move both ways: an official event handler takes compat events, and back.
declare const compatEvent: Compat.ThreadEvent;
declare const officialEvent: Official.ThreadEvent;
export const handledByOfficial: Official.ThreadEvent = compatEvent;
export const handledByCompat: Compat.ThreadEvent = officialEvent;

// The check would see nothing if a side were `any`: refuse that.
type IsAny<T> = 0 extends 1 & T ? true : false;
export const notAny: false[] = [false as IsAny<Official.ThreadEvent>, false as IsAny<Compat.ThreadEvent>];
