// Reliability: many turns at once on one client, and a consumer that does not keep up. Against
// the real codex binary, except the memory bound of a stalled stream, which needs more events
// than a test should wait for the binary to produce (a scripted peer sends them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamOverflowError, type Thread, type TurnEvent, type TurnHandle } from "../../mod.ts";
import { lastUserText, textReply } from "../../testing.ts";
import { harness } from "../_support/harness.ts";
import {
  agentDelta,
  agentMessageCompleted,
  fakeCodex,
  startFakeTurn,
  turnCompleted,
} from "../_support/fake_codex.ts";
import { deadline, rss } from "./_support.ts";

const DELTAS = 5;
/** What a text turn with five deltas streams on 0.169.0, in order. */
const TEXT_TURN = [
  "turn/started",
  "item/started", // the user message
  "item/completed",
  "item/started", // the agent message
  ...Array<string>(DELTAS).fill("item/agentMessage/delta"),
  "item/completed",
  "thread/tokenUsage/updated",
  "turn/completed",
];

const echo = {
  defaultReply: (request: Parameters<typeof lastUserText>[0]) =>
    textReply(`echo:${lastUserText(request)}`, { deltas: DELTAS }),
};

/** The turn id an event names, wherever the protocol puts it. */
function turnIdOf(event: TurnEvent): string | undefined {
  const params = event.params as { turnId?: unknown; turn?: { id?: unknown } };
  if (typeof params.turnId === "string") return params.turnId;
  if (typeof params.turn?.id === "string") return params.turn.id;
  return undefined;
}

interface Collected {
  turn: TurnHandle;
  prompt: string;
  methods: string[];
  text: string;
  crossed: string[];
  finalResponse: string | null;
}

/** Starts a turn and reads its whole stream, checking that every event is its own. */
async function streamTurn(thread: Thread, prompt: string): Promise<Collected> {
  const turn = await thread.turn(prompt);
  const methods: string[] = [];
  const crossed: string[] = [];
  let text = "";
  for await (const event of turn.stream()) {
    methods.push(event.method);
    const id = turnIdOf(event);
    if (id !== undefined && id !== turn.id) crossed.push(`${event.method} of ${id}`);
    if (event.method === "item/agentMessage/delta") text += event.params.delta;
  }
  const result = await turn.run();
  return { turn, prompt, methods, text, crossed, finalResponse: result.finalResponse };
}

test("two turns started at once on one thread each get their own turn and their own answer", async () => {
  await using h = await harness({ mock: echo });
  const thread = await h.codex.threadStart();
  const both = Promise.all([streamTurn(thread, "first"), streamTurn(thread, "second")]);
  const [first, second] = await deadline(both, 10_000, "two turns started at once on one thread");
  assert.notEqual(first.turn.id, second.turn.id, "each call got a turn of its own");
  assert.equal(first.finalResponse, "echo:first");
  assert.equal(second.finalResponse, "echo:second");
  assert.deepEqual(first.methods, TEXT_TURN);
  assert.deepEqual(second.methods, TEXT_TURN);
});

test("100 turns over 20 threads at once on one client: each turn's events and final text are exactly right", async () => {
  await using h = await harness({ mock: echo });
  const threads = await Promise.all(Array.from({ length: 20 }, () => h.codex.threadStart()));
  const all = threads.flatMap((thread, t) =>
    Array.from({ length: 5 }, (_, n) => streamTurn(thread, `thread ${t} turn ${n}`))
  );
  // A guard against a hang, not a speed figure (a loaded 2-core machine takes ~30 s).
  const outcomes = await deadline(
    Promise.allSettled(all),
    180_000,
    "100 turns (5 started at once on each thread)",
  );
  const failed = outcomes.filter((o) => o.status === "rejected").map((o) =>
    String((o as PromiseRejectedResult).reason)
  );
  assert.deepEqual(failed, [], "every turn completed");
  const turns = outcomes.map((o) => (o as PromiseFulfilledResult<Collected>).value);
  assert.equal(new Set(turns.map((c) => c.turn.id)).size, 100, "100 distinct turns");
  for (const c of turns) {
    assert.deepEqual(c.crossed, [], `events of other turns in ${c.prompt}`);
    assert.deepEqual(c.methods, TEXT_TURN, `the events of ${c.prompt}`);
    assert.equal(c.text, `echo:${c.prompt}`, `the streamed text of ${c.prompt}`);
    assert.equal(c.finalResponse, `echo:${c.prompt}`, `the final response of ${c.prompt}`);
  }
  assert.equal(h.mock.requests.length, 100, "one model request per turn");
});

test("a stalled stream consumer does not hold up other turns or requests; it overflows at maxBufferedEvents while run() stays right", async () => {
  const maxBufferedEvents = 50;
  const longText = Array.from({ length: 300 }, (_, i) => `w${i} `).join("");
  const mock = {
    defaultReply: (request: Parameters<typeof lastUserText>[0]) =>
      lastUserText(request) === "a long answer please"
        ? textReply(longText, { deltas: 300 })
        : textReply(`echo:${lastUserText(request)}`, { deltas: DELTAS }),
  };
  await using h = await harness({ mock, codex: { maxBufferedEvents } });
  const [slowThread, ...others] = await Promise.all(
    Array.from({ length: 9 }, () => h.codex.threadStart()),
  );
  const slow = await slowThread.turn("a long answer please");
  const stalled = slow.stream(); // taken, and not read until the end

  const traffic = Promise.all([
    ...others.map((thread, t) => streamTurn(thread, `other ${t}`).then((c) => c.finalResponse)),
    ...Array.from({ length: 10 }, () => h.codex.models().then((models) => models.length > 0)),
  ]);
  const answers = await deadline(
    traffic,
    20_000,
    "other turns and requests while one stream is stalled",
  );
  assert.deepEqual(answers.slice(0, 8), others.map((_, t) => `echo:other ${t}`));
  assert.ok(answers.slice(8).every(Boolean));

  const result = await deadline(slow.result, 10_000, "the stalled turn's result");
  assert.equal(result.status, "completed");
  assert.equal(
    result.finalResponse,
    longText,
    "the result is whole although the stream overflowed",
  );
  await assert.rejects(
    (async () => {
      for await (const _ of stalled) { /* the buffered events were dropped at the bound */ }
    })(),
    (error: StreamOverflowError) =>
      error instanceof StreamOverflowError && error.maxBufferedEvents === maxBufferedEvents,
  );
});

test("a stream consumer that reads slowly but keeps up gets every event of its turn", async () => {
  await using h = await harness({ mock: echo, codex: { maxBufferedEvents: 1000 } });
  const thread = await h.codex.threadStart();
  h.mock.queueText("x".repeat(200), { deltas: 200 });
  const turn = await thread.turn("slowly");
  let deltas = 0;
  for await (const event of turn.stream()) {
    if (event.method === "item/agentMessage/delta") deltas++;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  assert.equal(deltas, 200);
  assert.equal((await turn.run()).finalResponse, "x".repeat(200));
});

test("scripted: a stalled stream holds at most maxBufferedEvents events, so memory stays bounded under 200,000 events", async () => {
  // 200,000 events of 1 kB for one turn whose stream nobody reads: about 230 MiB retained if they
  // were all kept (measured), 10-15 MiB as bounded. The real binary cannot be made to send that
  // many quickly; a scripted peer does.
  const maxBufferedEvents = 1000;
  const fake = await fakeCodex({ maxBufferedEvents, validation: "off" });
  const { codex, server } = fake;
  const turn = await startFakeTurn(fake, "t1", "u1");
  const stalled = turn.stream();
  const piece = "z".repeat(1000);
  const line = JSON.stringify(agentDelta("t1", "u1", piece)) + "\n";
  // Small writes, as a pipe delivers them.
  const batch = new TextEncoder().encode(line.repeat(32));
  const before = rss();
  let peak = before;
  for (let i = 0; i < 200_000 / 32; i++) {
    await server.writeBytes(batch);
    if (i % 1000 === 999) peak = Math.max(peak, rss());
  }
  await server.send(agentMessageCompleted("t1", "u1", "done"));
  await server.send(turnCompleted("t1", "u1"));
  const result = await deadline(turn.result, 10_000, "the turn's result");
  peak = Math.max(peak, rss());
  const growthMiB = (peak - before) / (1 << 20);
  assert.equal(result.finalResponse, "done");
  assert.ok(
    growthMiB < 64,
    `memory grew by ${
      growthMiB.toFixed(0)
    } MiB for a stream bounded at ${maxBufferedEvents} events`,
  );
  await assert.rejects(stalled.next(), StreamOverflowError);
  await codex.close();
});
