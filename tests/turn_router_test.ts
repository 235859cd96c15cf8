// Unit tests of the turn router (src/api/turn/router.ts), the notification dispatcher of a
// Codex: notifications to turns by turn id, early events held while a turn/start is in flight,
// the rest to `unrouted` in wire order, nothing dropped.
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
  const router = new TurnRouter(() => assert.fail("nothing is unrouted"));
  const a = sink(), b = sink();
  router.register("u1", a);
  router.register("u2", b);
  router.dispatch(started("t", "u1"));
  router.dispatch(delta("t", "u2", "x"));
  router.dispatch(delta("t", "u1", "y"));
  assert.deepEqual(a.events.map((e) => e.method), ["turn/started", "item/agentMessage/delta"]);
  assert.deepEqual(b.events.map((e) => e.method), ["item/agentMessage/delta"]);
  assert.equal(router.activeTurns, 2);
  assert.deepEqual(router.turnIds(), ["u1", "u2"]);
});

const text = (n: Notification): string =>
  (n.params as { delta?: string }).delta ?? n.method;

test("a notification without a turn id, or for an unknown turn with no turn/start in flight, goes to unrouted at once", () => {
  const unrouted: Notification[] = [];
  const router = new TurnRouter((n) => unrouted.push(n));
  router.register("u1", sink());
  router.dispatch(threadEvent);
  router.dispatch(delta("t", "u9", "x"));
  assert.deepEqual(unrouted.map(text), ["thread/status/changed", "x"]);
});

test("while a turn/start is in flight, events of a turn not yet known are held and handed to it on register", () => {
  const unrouted: Notification[] = [];
  const router = new TurnRouter((n) => unrouted.push(n));
  router.startPending("t");
  router.dispatch(started("t", "u1"));
  router.dispatch(delta("t", "u1", "early"));
  router.dispatch(delta("other-thread", "u5", "x"));
  assert.deepEqual(unrouted, [], "another thread's event waits behind the held ones (wire order)");
  const held = router.register("u1", sink());
  assert.deepEqual(held.map((e) => e.method), ["turn/started", "item/agentMessage/delta"]);
  assert.deepEqual(unrouted.map(text), ["x"], "released once the held events were claimed");
  router.startSettled("t");
});

test("held events no turn claims go to unrouted, in order, once the last start settles", () => {
  const unrouted: Notification[] = [];
  const router = new TurnRouter((n) => unrouted.push(n));
  router.startPending("t");
  router.startPending("t");
  router.dispatch(delta("t", "u7", "a"));
  router.dispatch(delta("t", "u7", "b"));
  router.startSettled("t");
  assert.equal(unrouted.length, 0, "one start is still in flight");
  router.startSettled("t");
  assert.deepEqual(unrouted.map(text), ["a", "b"]);
  router.dispatch(delta("t", "u7", "c"));
  assert.deepEqual(unrouted.map(text), ["a", "b", "c"], "no longer held");
});

test("released early events keep their wire place among the notifications of no turn", () => {
  const unrouted: Notification[] = [];
  const router = new TurnRouter((n) => unrouted.push(n));
  router.dispatch(delta("t", "u0", "before"));
  router.startPending("t");
  router.dispatch(delta("t", "u7", "held 1"));
  router.dispatch(threadEvent);
  router.dispatch(delta("t", "u7", "held 2"));
  router.dispatch(delta("t", "u8", "held for another turn"));
  assert.deepEqual(unrouted.map(text), ["before"], "everything after the first held event waits");
  router.register("u8", sink());
  assert.deepEqual(unrouted.map(text), ["before"], "u7's events are still held, in front");
  router.startSettled("t");
  assert.deepEqual(unrouted.map(text), ["before", "held 1", "thread/status/changed", "held 2"]);
  router.dispatch(threadEvent);
  assert.equal(unrouted.length, 5, "nothing held: straight through");
});

test("when the connection ends, held events are released in order before the turns fail", () => {
  const unrouted: Notification[] = [];
  const router = new TurnRouter((n) => unrouted.push(n));
  router.startPending("t");
  router.dispatch(delta("t", "u7", "held"));
  router.dispatch(threadEvent);
  router.failAll(new Error("gone"));
  assert.deepEqual(unrouted.map(text), ["held", "thread/status/changed"]);
});

test("after unregister a turn's events are not taken; deliver reaches only registered turns", () => {
  const unrouted: Notification[] = [];
  const router = new TurnRouter((n) => unrouted.push(n));
  const a = sink();
  router.register("u1", a);
  router.dispatch(delta("t", "u1", "x"));
  router.unregister("u1");
  router.dispatch(delta("t", "u1", "y"));
  assert.deepEqual(unrouted.map(text), ["y"]);
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
  router.dispatch(delta("t", "u1", "late"));
  assert.equal(a.events.length, 0, "not routed to a failed turn");
});
