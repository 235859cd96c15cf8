/**
 * The argument checks `Codex` and `Thread` share: each throws an `InvalidArgumentError` that
 * names the argument, before anything is sent.
 *
 * @module
 */

import { InvalidArgumentError } from "../util/errors.ts";

export { checkCwd } from "../util/arguments.ts";

/** A thread id is a non-empty string; returns it. */
export function checkThreadId(id: string): string {
  if (typeof id !== "string" || id === "") {
    throw new InvalidArgumentError("threadId", `must be a thread id string, got ${JSON.stringify(id)}`);
  }
  return id;
}
