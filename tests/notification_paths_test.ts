// The one notification dispatcher of a Codex (issue 20, item 3): each notification goes to its
// turn's stream(), or, when it is no turn's, to codex.notifications() and
// codex.client.notifications(), in wire order; client.onNotification sees everything first.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ClientEvent, Notification, TurnEvent } from "../mod.ts";
import { harness } from "./_support/harness.ts";
import { CodexClient } from "../client.ts";
import { agentDelta, FakeAppServer, fakeCodex, wireTurn } from "./_support/fake_codex.ts";

const THREAD = "thr_paths";

/** Reads an async iterator to its end into an array (the readers end when the connection does). */
function collect<T>(iterator: AsyncIterableIterator<T>): Promise<T[]> {
  return (async () => {
    const seen: T[] = [];
    for await (const value of iterator) seen.push(value);
    return seen;
  })();
}

function turnIdOf(n: { params?: unknown }): string | undefined {
  const params = n.params as { turnId?: string; turn?: { id?: string } } | undefined;
  return params?.turnId ?? params?.turn?.id;
}

const label = (n: { method: string; params?: unknown }) => `${n.method}:${(n.params as { delta?: string })?.delta ?? ""}`;

test("on the real binary: turn.stream() gets its turn's notifications; codex.notifications() and client.notifications() get the rest, in wire order", async () => {
  await using h = await harness();
  h.mock.queueText("Hello there", { deltas: 3 });
  const wire: Notification[] = [];
  h.codex.client.onNotification((n) => void wire.push(n));
  const codexReader = collect(h.codex.notifications());
  const clientReader = collect(h.codex.client.notifications());
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("hi");
  const streamed: TurnEvent[] = [];
  for await (const event of turn.stream()) streamed.push(event);
  await h.codex.close();
  const [fromCodex, fromClient] = await Promise.all([codexReader, clientReader]);

  const ofTurn = wire.filter((n) => turnIdOf(n) === turn.id);
  const notTurns = wire.filter((n) => turnIdOf(n) !== turn.id);
  assert.ok(ofTurn.length >= 5 && notTurns.length >= 2, `a turn and its thread's events: ${wire.map((n) => n.method)}`);
  assert.deepEqual(streamed.map(label), ofTurn.map(label), "the stream: every event of the turn, in wire order");
  assert.deepEqual(fromCodex.map(label), notTurns.map(label), "codex.notifications(): the rest, in wire order");
  assert.deepEqual(fromClient.map(label), notTurns.map(label), "client.notifications(): the same");
});

// The fake app-server: the race (events of a turn this client did not start arriving while its
// own turn/start is in flight, on the same thread) cannot be produced on cue by the real binary.
test("an early event that no turn claims reaches codex.notifications() and client.notifications() in its wire place", async () => {
  const fake = await fakeCodex();
  const codexReader = collect(fake.codex.notifications());
  const clientReader = collect(fake.codex.client.notifications());
  const starting = fake.codex.thread(THREAD).turn("hello");
  const request = await fake.server.nextRequest("turn/start");
  // Another client's turn on the same thread, while ours is being started: held, then released.
  await fake.server.send({ method: "turn/started", params: { threadId: THREAD, turn: wireTurn("u_other") } });
  await fake.server.send({ method: "thread/status/changed", params: { threadId: THREAD, status: { type: "active", activeFlags: [] } } });
  await fake.server.send(agentDelta(THREAD, "u_other", "theirs"));
  await fake.server.send(agentDelta(THREAD, "u_mine", "early, mine"));
  await fake.server.send({ id: request.id, result: { turn: wireTurn("u_mine") } });
  const turn = await starting;
  await fake.server.send({ method: "thread/status/changed", params: { threadId: THREAD, status: { type: "idle" } } });
  await fake.server.send({ method: "turn/completed", params: { threadId: THREAD, turn: wireTurn("u_mine", "completed") } });
  const streamed: TurnEvent[] = [];
  for await (const event of turn.stream()) streamed.push(event);
  await fake.codex.close();
  const [fromCodex, fromClient] = await Promise.all([codexReader, clientReader]);

  const expected = ["turn/started:", "thread/status/changed:", "item/agentMessage/delta:theirs", "thread/status/changed:"];
  assert.deepEqual(fromCodex.map((e: ClientEvent) => label(e)), expected);
  assert.deepEqual(fromClient.map(label), expected);
  assert.deepEqual(streamed.map(label), ["item/agentMessage/delta:early, mine", "turn/completed:"]);
});

// The fake app-server: a bare connection with no handshake, to show the raw client on its own.
test("a raw CodexClient's notifications() and onNotification get every notification, in wire order", async () => {
  const server = new FakeAppServer();
  const client = new CodexClient(server.connection);
  const heard: string[] = [];
  client.onNotification((n) => void heard.push(label(n)));
  const reader = collect(client.notifications());
  await server.send(agentDelta(THREAD, "u1", "a"));
  await server.send({ method: "thread/status/changed", params: { threadId: THREAD, status: { type: "idle" } } });
  await server.send(agentDelta(THREAD, "u1", "b"));
  await client.close();
  const expected = ["item/agentMessage/delta:a", "thread/status/changed:", "item/agentMessage/delta:b"];
  assert.deepEqual((await reader).map(label), expected);
  assert.deepEqual(heard, expected);
});
