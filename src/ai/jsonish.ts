/**
 * Small helpers of the AI SDK provider: JSON text that never throws, and the error the provider
 * throws for a prompt it cannot send.
 *
 * @module
 */

import { CodexError } from "../util/errors.ts";

/** `JSON.stringify` that never throws (a cycle or a BigInt becomes its `String`). */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    return JSON.stringify(String(value));
  }
}

/** A prompt the provider cannot turn into Codex input. The message says what to change. */
export class CodexPromptError extends CodexError {
  /** Creates the error. */
  constructor(message: string) {
    super("invalid_prompt", message);
  }
}
