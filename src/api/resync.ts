/**
 * After a reconnect (`Codex.connect` with `reconnect`) or a restart (`Codex.start` with
 * `restart`): resume this client's threads — before any call made meanwhile is sent, so that a
 * `turn/start` never reaches a server that has not loaded its thread — then tell every running
 * turn and the notifications stream what was missed, and complete the turns that ended during
 * the gap from the server's own record (their `turn/completed` was lost).
 *
 * @module
 */

import type { RestoredConnection } from "../client/client.ts";
import type { CodexError } from "../util/errors.ts";
import { ResubscribeFailedError } from "./errors.ts";
import type { ConnectionGap } from "../client/reconnect.ts";
import type { ConnectionGapEvent } from "./turn/events.ts";
import type { Turn } from "../protocol/generated/types.ts";
import type { TurnRouter } from "./turn/router.ts";
import type { NotificationFeed } from "./notification_feed.ts";

/** What a resync works on. */
export interface ResyncContext {
  /** The router of the running turns (handles carry their thread id). */
  router: TurnRouter<{ threadId: string }>;
  /** Where the gap event goes besides the turns. */
  feed: NotificationFeed;
  /** The threads this client opened. */
  threadIds: string[];
  /** Where a failed resubscription is reported. */
  report: (error: CodexError) => void;
}

/**
 * Runs the resync for `gap` on the restored connection: resolves once every thread is resumed
 * (the client holds its other calls until then); the completion of ended turns goes on after.
 * Never rejects.
 */
export async function resyncAfterReconnect(
  gap: ConnectionGap,
  client: RestoredConnection,
  context: ResyncContext,
): Promise<void> {
  const { router, threadIds } = context;
  await Promise.all(threadIds.map((threadId) =>
    client.request("thread/resume", { threadId, excludeTurns: true }).catch((error: CodexError) =>
      context.report(
        new ResubscribeFailedError(threadId, error),
      )
    )
  ));
  const event: ConnectionGapEvent = { method: "connection/gap", params: { ...gap, threadIds } };
  const turnIds = router.turnIds();
  for (const turnId of turnIds) router.deliver(turnId, event);
  context.feed.deliver(event);
  void Promise.all(turnIds.map(async (turnId) => {
    const threadId = router.turn(turnId)?.threadId;
    if (!threadId) return;
    const read = await client.request("thread/read", { threadId, includeTurns: true })
      .catch((error: CodexError) => error);
    if (read instanceof Error) {
      // The new process cannot read the thread (e.g. the old one died before writing any of
      // it): the turn can never complete there.
      const error = {
        message: `the turn was lost while the connection was down (its thread could not be read: ${read.message})`,
        codexErrorInfo: null,
        additionalDetails: null,
        misalignment: null,
      };
      router.deliver(turnId, {
        method: "turn/completed",
        params: { threadId, turn: { ...lostTurn(turnId), status: "failed", error } },
      });
      return;
    }
    const { thread } = read;
    const recorded = thread.turns.find((t) => t.id === turnId);
    if (recorded && recorded.status !== "inProgress") {
      router.deliver(turnId, { method: "turn/completed", params: { threadId: thread.id, turn: recorded } });
    } else if (thread.status.type !== "active") {
      // The server is not running it any more (it restarted): it will never complete. A turn
      // the old process died before recording at all is lost the same way.
      const turn = recorded ?? lostTurn(turnId);
      const error = {
        message: "the turn was lost while the connection was down",
        codexErrorInfo: null,
        additionalDetails: null,
        misalignment: null,
      };
      router.deliver(turnId, {
        method: "turn/completed",
        params: { threadId: thread.id, turn: { ...turn, status: "failed", error } },
      });
    }
  }));
}

/** A turn the server has no record of: only its id is known. */
function lostTurn(id: string): Turn {
  return {
    id,
    rootTurnId: null,
    items: [],
    itemsView: "notLoaded",
    status: "inProgress",
    error: null,
    startedAt: null,
    completedAt: null,
    durationMs: null,
  };
}
