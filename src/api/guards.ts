/**
 * Guards of the high-level `Codex` at its edges: refuse an `optOutNotifications` list that would
 * mute what the API waits for (a `run()` that never ends is worse than an error at start), and
 * answer the server requests of older supported servers that the pinned protocol no longer has
 * (0.160's `currentTime/read`), so such a server never waits on a -32601.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * // Fine: deltas are not needed by run(). ["turn/completed"] would be refused.
 * await using codex = await Codex.start({ optOutNotifications: ["item/agentMessage/delta"] });
 * ```
 * @module
 */

import type { CodexClient } from "../client/client.ts";
import type { ServerRequestMethod } from "../protocol/messages.ts";
import { InvalidArgumentError } from "../util/errors.ts";

/** The notifications the high-level API needs, and what stops working without each. */
export const REQUIRED_NOTIFICATIONS: Readonly<Record<string, string>> = {
  "turn/completed": "run() and stream() would never end",
  "item/completed": "a turn's items and finalResponse would be empty",
  "error": "a failed turn's error would be lost",
  "serverRequest/resolved": "approval handlers would not learn that a request was withdrawn",
  "thread/tokenUsage/updated": "a turn's usage would be null",
  "turn/diff/updated": "a turn's diff would be missing",
  "turn/plan/updated": "a turn's plan would be missing",
  "command/exec/outputDelta": "codex.spawn() would stream no output",
  "fs/changed": "codex.fs.watch() would report no change",
  "account/login/completed": "a login's wait() would never resolve",
  "mcpServer/oauthLogin/completed": "an MCP login's wait() would never resolve",
  "thread/goal/updated": "a goal run would not see its goal complete",
};

/** Throws `InvalidArgumentError` naming every opted-out notification the high-level API needs. */
export function checkOptOutNotifications(optOut: readonly string[] | undefined): void {
  if (optOut === undefined) return;
  if (!Array.isArray(optOut) || optOut.some((m) => typeof m !== "string")) {
    throw new InvalidArgumentError("optOutNotifications", "must be an array of notification method names");
  }
  const needed = optOut.filter((method) => Object.hasOwn(REQUIRED_NOTIFICATIONS, method));
  if (needed.length === 0) return;
  throw new InvalidArgumentError(
    "optOutNotifications",
    `the SDK needs ${needed.map((m) => `${m} (without it ${REQUIRED_NOTIFICATIONS[m]})`).join(", ")}; ` +
      "remove them from the list (or use the low-level CodexClient, which has no such needs)",
  );
}

/**
 * Answers the server requests of older supported servers that are not in the pinned protocol:
 * `currentTime/read` (0.160, `{ threadId }` → `{ currentTimeAt }` in whole Unix seconds).
 */
export function answerLegacyServerRequests(client: CodexClient): void {
  // Not a method of the pinned protocol: registered by name, answered in 0.160's shape.
  client.onRequest("currentTime/read" as ServerRequestMethod, (() => ({ currentTimeAt: Math.floor(Date.now() / 1000) })) as never);
}
