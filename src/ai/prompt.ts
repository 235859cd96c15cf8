/**
 * The AI SDK prompt, as Codex input. Three shapes of call:
 *
 * - a new thread: the system messages become the thread's developer instructions; the messages
 *   become the turn's input (one user message as it is; a longer conversation as a transcript of
 *   the earlier messages followed by the last user message);
 * - a continued thread (`providerOptions.codex.threadId`): only the messages after the prompt's
 *   last assistant message are sent (what is new since the thread's last turn);
 * - a tool round trip: the prompt ends with results for calls a Codex turn is waiting on; those
 *   answer the calls (and user messages after them are added to the same turn).
 *
 * @module
 */

import type {
  LanguageModelV4FilePart,
  LanguageModelV4Message,
  LanguageModelV4Prompt,
  LanguageModelV4ToolResultOutput,
  LanguageModelV4ToolResultPart,
  SharedV4Warning,
} from "@ai-sdk/provider";
import type { UserInput } from "../protocol/generated/types.ts";
import { ToolOutput, toolOutput } from "../api/tools/output.ts";
import { CodexPromptError, jsonText } from "./jsonish.ts";

/** The prompt, split for Codex. */
export interface SplitPrompt {
  /** The system messages, joined (empty when none). */
  instructions: string;
  /** The messages after the last assistant message (tool results and user messages). */
  tail: LanguageModelV4Message[];
  /** Everything before `tail` (without system messages). */
  history: LanguageModelV4Message[];
}

/** Splits the prompt into instructions, history and what is new since the last assistant message. */
export function splitPrompt(prompt: LanguageModelV4Prompt): SplitPrompt {
  if (!Array.isArray(prompt) || prompt.length === 0) throw new CodexPromptError("the prompt is empty: give a prompt or messages");
  const instructions = prompt.filter((m) => m.role === "system").map((m) => m.content as string).join("\n\n");
  const messages = prompt.filter((m) => m.role !== "system");
  let last = -1;
  messages.forEach((m, i) => {
    if (m.role === "assistant") last = i;
  });
  return { instructions, history: messages.slice(0, last + 1), tail: messages.slice(last + 1) };
}

/** The tool results among `messages`. */
export function toolResultsOf(messages: readonly LanguageModelV4Message[]): LanguageModelV4ToolResultPart[] {
  return messages.flatMap((m) =>
    m.role === "tool" ? m.content.filter((p): p is LanguageModelV4ToolResultPart => p.type === "tool-result") : []
  );
}

/** The user messages among `messages` as turn input (tool results as text; other parts dropped). */
export function userInput(messages: readonly LanguageModelV4Message[], warnings: SharedV4Warning[]): UserInput[] {
  const input: UserInput[] = [];
  for (const message of messages) {
    if (message.role === "user") {
      for (const part of message.content) {
        if (part.type === "text") input.push({ type: "text", text: part.text, text_elements: [] });
        else input.push(...fileInput(part, warnings));
      }
    } else if (message.role === "tool") {
      const results = toolResultsOf([message]);
      if (results.length) {
        input.push({ type: "text", text: results.map((r) => `Result of tool ${r.toolName} (call ${r.toolCallId}): ${outputText(r.output)}`).join("\n"), text_elements: [] });
      }
    }
  }
  return input;
}

/** The earlier messages as one transcript text, for a new thread given a conversation. */
export function transcript(messages: readonly LanguageModelV4Message[]): string {
  const lines: string[] = [];
  for (const message of messages) {
    if (message.role === "user") {
      lines.push(`User: ${message.content.map((p) => p.type === "text" ? p.text : `[${p.mediaType} file]`).join("\n")}`);
    } else if (message.role === "assistant") {
      for (const part of message.content) {
        if (part.type === "text") lines.push(`Assistant: ${part.text}`);
        else if (part.type === "tool-call") lines.push(`Assistant called tool ${part.toolName} (call ${part.toolCallId}) with ${jsonText(part.input)}`);
        else if (part.type === "tool-result") lines.push(`Tool ${part.toolName} (call ${part.toolCallId}) returned: ${outputText(part.output)}`);
      }
    } else if (message.role === "tool") {
      for (const r of toolResultsOf([message])) lines.push(`Tool ${r.toolName} (call ${r.toolCallId}) returned: ${outputText(r.output)}`);
    }
  }
  return `The conversation so far:\n${lines.join("\n")}\n(end of the conversation so far)`;
}

function fileInput(part: LanguageModelV4FilePart, warnings: SharedV4Warning[]): UserInput[] {
  const data = part.data;
  if (part.mediaType.startsWith("image")) {
    if (data.type === "url") return [{ type: "image", url: data.url.toString() }];
    if (data.type === "data") {
      const base64 = typeof data.data === "string" ? data.data : bytesToBase64(data.data);
      const media = part.mediaType.includes("/") ? part.mediaType : "image/png";
      return [{ type: "image", url: `data:${media};base64,${base64}` }];
    }
  }
  if (data.type === "text") return [{ type: "text", text: data.text, text_elements: [] }];
  warnings.push({ type: "unsupported", feature: `file part (${part.mediaType})`, details: "Codex takes text and images; the file was left out" });
  return [];
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A tool result as text. */
export function outputText(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "json":
    case "error-json":
      return jsonText(output.value);
    case "execution-denied":
      return `The user denied this call${output.reason ? `: ${output.reason}` : "."}`;
    case "content":
      return output.value.map((p) => p.type === "text" ? p.text : "[file]").join("\n");
    default:
      return jsonText(output);
  }
}

/** A tool result as the answer to a waiting Codex tool call (errors and denials as failed calls). */
export function toolAnswer(output: LanguageModelV4ToolResultOutput): ToolOutput {
  const failed = output.type === "error-text" || output.type === "error-json" || output.type === "execution-denied";
  if (output.type === "content") {
    const items = output.value.map((p) => {
      if (p.type === "text") return { type: "inputText" as const, text: p.text };
      if (p.type === "file" && p.mediaType.startsWith("image")) {
        if (p.data.type === "url") return { type: "inputImage" as const, imageUrl: p.data.url.toString() };
        if (p.data.type === "data") {
          const base64 = typeof p.data.data === "string" ? p.data.data : bytesToBase64(p.data.data);
          return { type: "inputImage" as const, imageUrl: `data:${p.mediaType};base64,${base64}` };
        }
      }
      return { type: "inputText" as const, text: "[file]" };
    });
    return toolOutput(items.length ? items : "", { success: true });
  }
  return toolOutput(outputText(output), { success: !failed });
}
