// Unit tests of the turn router (src/api/turn/router.ts): notifications to turns by turn id,
// early events held while a turn/start is in flight, nothing dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TurnRouter, type TurnSink } from "../src/api/turn/router.ts";
import type { TurnEvent } from "../src/api/turn/events.ts";
import type { Notification } from "../src/protocol/messages.ts";

const delta = (threadId: string, turnId: string, text: string) =>
  ({ method: "item/agentMessage/delta", params: { threadId, turnId, itemId: "m", delta: text } }) as Notification;
const started = (threadId: string, turnId: string) =>
  ({ method: "turn/started", params: { threadId, turn: { id: turnId } } }) as Notification;
const threadEvent = { method: "thread/status/changed", params: { threadId: "t", status: { type: "idle" } } } as Notification;

function sink(): TurnSink<string> & { events: TurnEvent[]; errors: unknown[] } {
  const events: TurnEvent[] = [];
  const errors: unknown[] = [];
  return { handle: "a turn handle", events, errors, push: (e) => void events.push(e), fail: (e) => void errors.push(e) };
}

test("a turn's notifications go to its sink, found by the turn id wherever the method carries it", () => {
  const router = new TurnRouter(() => assert.fail("nothing is unclaimed"));
  const a = sink(), b = sink();
  router.register("u1", a);
  router.register("u2", b);
  assert.equal(router.route(started("t", "u1")), true);
  assert.equal(router.route(delta("t", "u2", "x")), true);
  assert.equal(router.route(delta("t", "u1", "y")), true);
  assert.deepEqual(a.events.map((e) => e.method), ["turn/started", "item/agentMessage/delta"]);
  assert.deepEqual(b.events.map((e) => e.method), ["item/agentMessage/delta"]);
  assert.equal(router.activeTurns, 2);
  assert.deepEqual(router.turnIds(), ["u1", "u2"]);
});

test("a notification without a turn id, or for an unknown turn with no turn/start in flight, is not taken", () => {
  const router = new TurnRouter(() => assert.fail("nothing is unclaimed"));
  router.register("u1", sink());
  assert.equal(router.route(threadEvent), false);
  assert.equal(router.route(delta("t", "u9", "x")), false);
});

test("while a turn/start is in flight, events of a turn not yet known are held and handed to it on register", () => {
  const router = new TurnRouter(() => assert.fail("the turn claims them"));
  router.startPending("t");
  assert.equal(router.route(started("t", "u1")), true);
  assert.equal(router.route(delta("t", "u1", "early")), true);
  assert.equal(router.route(delta("other-thread", "u5", "x")), false, "another thread's start is not in flight");
  const held = router.register("u1", sink());
  assert.deepEqual(held.map((e) => e.method), ["turn/started", "item/agentMessage/delta"]);
  router.startSettled("t");
});

test("held events no turn claims go to the unclaimed callback, in order, once the last start settles", () => {
  const unclaimed: Notification[][] = [];
  const router = new TurnRouter((events) => unclaimed.push(events));
  router.startPending("t");
  router.startPending("t");
  router.route(delta("t", "u7", "a"));
  router.route(delta("t", "u7", "b"));
  router.startSettled("t");
  assert.equal(unclaimed.length, 0, "one start is still in flight");
  router.startSettled("t");
  assert.deepEqual(unclaimed.map((events) => events.map((e) => (e.params as { delta: string }).delta)), [["a", "b"]]);
  assert.equal(router.route(delta("t", "u7", "c")), false, "no longer held");
});

test("after unregister a turn's events are not taken; deliver reaches only registered turns", () => {
  const router = new TurnRouter(() => {});
  const a = sink();
  router.register("u1", a);
  router.route(delta("t", "u1", "x"));
  router.unregister("u1");
  assert.equal(router.route(delta("t", "u1", "y")), false);
  assert.equal(router.deliver("u1", delta("t", "u1", "z")), false);
  assert.equal(a.events.length, 1);
  const b = sink();
  router.register("u2", b);
  assert.equal(router.deliver("u2", delta("t", "u2", "made by the SDK")), true);
  assert.equal(b.events.length, 1);
});

test("failAll fails every registered turn with the error and forgets them", () => {
  const router = new TurnRouter(() => {});
  const a = sink(), b = sink();
  router.register("u1", a);
  router.register("u2", b);
  const error = new Error("connection gone");
  router.failAll(error);
  assert.deepEqual(a.errors, [error]);
  assert.deepEqual(b.errors, [error]);
  assert.equal(router.activeTurns, 0);
  assert.equal(router.route(delta("t", "u1", "late")), false);
});
