/**
 * Only the agent's text, as it streams: the `delta` of each `item/agentMessage/delta` of an
 * event stream (what `turn.textStream()` and a goal's `textStream()` yield).
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * const turn = await (await codex.threadStart()).turn("Write a haiku");
 * for await (const text of turn.textStream()) console.log(text);
 * ```
 * @module
 */

/** The agent-message text deltas of `events`, in order; ends when the events end. */
export async function* textDeltas(events: AsyncIterable<{ method: string; params?: unknown }>): AsyncGenerator<string, void, undefined> {
  for await (const event of events) {
    if (event.method === "item/agentMessage/delta") yield (event.params as { delta: string }).delta;
  }
}
