/**
 * A thread's history, page by page as you iterate: its turns (`thread/turns/list`) and its
 * items (`thread/items/list`; on a server that does not serve that yet, such as 0.171.0, the
 * items of the turns, in order).
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const thread = codex.thread("thr_123");
 * for await (const turn of thread.turns()) console.log(turn.id, turn.status);
 * for await (const { turnId, item } of thread.items()) console.log(turnId, item.type);
 * ```
 * @module
 */

import type { CodexClient } from "../client/client.ts";
import { InvalidRequestError, MethodNotFoundError } from "../rpc/errors.ts";
import type { SortDirection, ThreadItemEntry, Turn, TurnItemsView } from "../protocol/generated/types.ts";
import { paginate } from "./paginate.ts";

/** Options of `thread.turns()`. */
export interface TurnsOptions {
  /** `"asc"` (oldest first) or `"desc"`; the server's default when left out. */
  sortDirection?: SortDirection;
  /** How much of each turn's items to load: `"notLoaded"`, `"summary"` or `"full"`. */
  itemsView?: TurnItemsView;
  /** Page size (the pages are fetched as you iterate). */
  pageSize?: number;
}

/** Options of `thread.items()`. */
export interface ItemsOptions {
  /** Only this turn's items. */
  turnId?: string;
  /** Page size (the pages are fetched as you iterate). */
  pageSize?: number;
}

/** Every turn of a thread; a thread with no turn yet (not materialized) has none. */
export async function* threadTurns(client: CodexClient, threadId: string, options: TurnsOptions = {}): AsyncGenerator<Turn, void, undefined> {
  try {
    yield* paginate((cursor) =>
      client.request("thread/turns/list", {
        threadId,
        cursor,
        ...(options.sortDirection ? { sortDirection: options.sortDirection } : {}),
        ...(options.itemsView ? { itemsView: options.itemsView } : {}),
        ...(options.pageSize !== undefined ? { limit: options.pageSize } : {}),
      })
    );
  } catch (error) {
    // A thread before its first turn has no history, rather than an error.
    if (error instanceof InvalidRequestError && /not materialized/.test(error.message)) return;
    throw error;
  }
}

/** Every item of a thread (or of one turn), oldest first, with the turn it belongs to. */
export async function* threadItems(client: CodexClient, threadId: string, options: ItemsOptions = {}): AsyncGenerator<ThreadItemEntry, void, undefined> {
  let supported = true;
  try {
    const first = await client.request("thread/items/list", {
      threadId,
      ...(options.turnId ? { turnId: options.turnId } : {}),
      ...(options.pageSize !== undefined ? { limit: options.pageSize } : {}),
    });
    yield* first.data;
    if (first.nextCursor) {
      yield* paginate((cursor) =>
        client.request("thread/items/list", {
          threadId,
          cursor: cursor ?? first.nextCursor,
          ...(options.turnId ? { turnId: options.turnId } : {}),
          ...(options.pageSize !== undefined ? { limit: options.pageSize } : {}),
        })
      );
    }
  } catch (error) {
    if (!(error instanceof MethodNotFoundError)) throw error;
    supported = false;
  }
  if (supported) return;
  // 0.171.0 answers "thread/items/list is not supported yet": the turns carry the same items.
  for await (const turn of threadTurns(client, threadId, { itemsView: "full", sortDirection: "asc", pageSize: options.pageSize })) {
    if (options.turnId && turn.id !== options.turnId) continue;
    for (const item of turn.items) yield { turnId: turn.id, item, startedAtMs: null, completedAtMs: null };
  }
}
