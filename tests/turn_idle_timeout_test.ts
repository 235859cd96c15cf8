// The idle timeout of a turn, against the real codex binary and MockModel: a held model reply
// keeps the turn quiet for as long as the test wants.
import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidArgumentError, TimeoutError, type TurnEvent } from "../mod.ts";
import { TurnIdleTimeoutError } from "../client.ts";
import { harness } from "./_support/harness.ts";

/**
 * Resumes a timed-out wait until the turn ends. Once the model is released the turn's events come
 * quickly, but the resumed wait keeps the 300 ms bound, and on a loaded machine two events may
 * still be further apart: each such timeout is resumed the same way, so no wall-clock guess.
 */
async function resumeToTheEnd(error: TurnIdleTimeoutError) {
  for (let waiting = error;;) {
    try {
      return await waiting.resume();
    } catch (again) {
      if (!(again instanceof TurnIdleTimeoutError)) throw again;
      waiting = again;
    }
  }
}

test("run() with idleTimeoutMs rejects with TurnIdleTimeoutError when the turn goes quiet, and the turn goes on", async () => {
  await using h = await harness();
  const held = h.mock.queueHeld();
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("Take your time");
  await held.started;
  const error = await turn.run({ idleTimeoutMs: 300 }).catch((e: unknown) => e);
  assert.ok(error instanceof TurnIdleTimeoutError, String(error));
  assert.ok(error instanceof TimeoutError, "it is a TimeoutError too");
  assert.equal(error.code, "timeout");
  assert.equal(error.timeoutMs, 300);
  assert.equal(error.turn, turn);
  assert.equal(error.stream, null);
  assert.match(error.message, /no event for 300 ms/);
  const { turns } = await thread.read({ includeTurns: true });
  assert.equal(turns.at(-1)?.status, "inProgress", "the turn was not interrupted");

  held.release("Finally done.");
  const result = await resumeToTheEnd(error);
  assert.equal(result.status, "completed");
  assert.equal(result.finalResponse, "Finally done.");
  assert.equal(await held.ended, "released");
});

test("idleTimeoutMs given to thread.run applies to the wait, and resume() waits again with it", async () => {
  await using h = await harness();
  const first = h.mock.queueHeld();
  const thread = await h.codex.threadStart();
  const running = thread.run("Slowly", { idleTimeoutMs: 300 });
  const error = await running.catch((e: unknown) => e);
  assert.ok(error instanceof TurnIdleTimeoutError, String(error));
  // Still quiet: the resumed wait times out again with the same idle timeout.
  const again = await error.resume().catch((e: unknown) => e);
  assert.ok(again instanceof TurnIdleTimeoutError, String(again));
  assert.equal(again.timeoutMs, 300);
  first.release("Here.");
  assert.equal((await resumeToTheEnd(again)).finalResponse, "Here.");
});

test("a stream with idleTimeoutMs times out, and error.stream continues it without losing an event", async () => {
  await using h = await harness();
  const held = h.mock.queueHeld();
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("Stream slowly");
  // The model has the request: the server has sent turn/started, and the quiet period is the
  // held reply (without this, a loaded machine could be quiet for 300 ms before turn/started).
  await held.started;
  const seen: TurnEvent[] = [];
  let error: unknown;
  try {
    for await (const event of turn.stream({ idleTimeoutMs: 300 })) {
      seen.push(event);
    }
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof TurnIdleTimeoutError, String(error));
  assert.ok(error.stream, "a stream timeout carries the continued stream");
  assert.ok(seen.some((event) => event.method === "turn/started"), "events before the quiet period were delivered");

  held.release("Streamed.");
  // The continued stream keeps the 300 ms bound: on a loaded machine it may time out again
  // between two events, and its error continues it the same way; no event may be lost.
  for (let stream = error.stream;;) {
    try {
      for await (const event of stream) seen.push(event);
      break;
    } catch (again) {
      if (!(again instanceof TurnIdleTimeoutError) || !again.stream) throw again;
      stream = again.stream;
    }
  }
  const result = await turn.result;
  assert.equal(seen.at(-1)?.method, "turn/completed");
  const streamedItems = seen.filter((event) => event.method === "item/completed").length;
  assert.equal(streamedItems, result.items.length, "every completed item reached the stream");
  assert.equal(result.finalResponse, "Streamed.");
});

test("an idleTimeoutMs that is not a positive number is refused before the turn starts", async () => {
  await using h = await harness();
  const thread = await h.codex.threadStart();
  await assert.rejects(thread.turn("Hi", { idleTimeoutMs: 0 }), InvalidArgumentError);
  await assert.rejects(thread.run("Hi", { idleTimeoutMs: Number.NaN }), InvalidArgumentError);
  assert.equal(h.mock.requests.length, 0, "no turn was started");
});
