// The Turn API against the real codex binary and MockModel: the manual, as tests. Running,
// streaming, steering, interrupting and aborting turns, structured output and inputs; threads'
// own operations (resume, fork, list, compact, goals, presets) are in thread_test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import {
  AbortError,
  InvalidArgumentError,
  StructuredOutputError,
  text,
  type TurnEvent,
  TurnFailedError,
} from "../mod.ts";
import { inputTexts, lastUserText, textReply } from "../testing.ts";
import { harness } from "./_support/harness.ts";

test("thread.run returns the final response, items, usage and timing of a text turn", async () => {
  await using h = await harness();
  h.mock.queueText("The answer is 42.", { deltas: 4, usage: { inputTokens: 11, outputTokens: 7 } });
  const thread = await h.codex.threadStart();
  const result = await thread.run("What is the answer?");
  assert.equal(result.status, "completed");
  assert.equal(result.finalResponse, "The answer is 42.");
  assert.equal(result.threadId, thread.id);
  assert.equal(result.error, null);
  assert.deepEqual(result.items.map((item) => item.type), ["userMessage", "agentMessage"]);
  assert.equal(result.usage?.last.inputTokens, 11);
  assert.equal(result.usage?.last.outputTokens, 7);
  assert.ok(typeof result.startedAt === "number" && typeof result.completedAt === "number");
  assert.ok(typeof result.durationMs === "number" && result.durationMs >= 0);
});

test("a three-turn conversation keeps its context: the model sees the earlier turns", async () => {
  await using h = await harness();
  h.mock.queueText("Nice to meet you, Ada.").queueText("You like tea.").queueText("Ada, who likes tea.");
  const thread = await h.codex.threadStart();
  await thread.run("My name is Ada.");
  await thread.run("I like tea.");
  const third = await thread.run("Who am I?");
  assert.equal(third.finalResponse, "Ada, who likes tea.");
  const seen = inputTexts(h.mock.requests[2]).join("\n");
  assert.match(seen, /My name is Ada\./);
  assert.match(seen, /I like tea\./);
  assert.equal(lastUserText(h.mock.requests[2]), "Who am I?");
  const all = inputTexts(h.mock.requests[2], "assistant").join("\n");
  assert.match(all, /Nice to meet you, Ada\./, "the model's earlier answers are in its input too");
});

test("turn.stream() yields this turn's events in order, ending with turn/completed, typed by method", async () => {
  await using h = await harness();
  h.mock.queueText("streamed words here", { deltas: ["streamed ", "words ", "here"] });
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("stream please");
  const deltas: string[] = [];
  const methods: string[] = [];
  for await (const event of turn.stream()) {
    methods.push(event.method);
    if (event.method === "item/agentMessage/delta") deltas.push(event.params.delta);
  }
  assert.deepEqual(deltas, ["streamed ", "words ", "here"]);
  assert.equal(methods[0], "turn/started", "the events before the turn/start reply were kept");
  assert.equal(methods.at(-1), "turn/completed");
  const result = await turn.run();
  assert.equal(result.finalResponse, "streamed words here");
});

test("turn.toReadableStream() gives the same events as a ReadableStream", async () => {
  await using h = await harness();
  h.mock.queueText("via readable");
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("go");
  const events: TurnEvent[] = [];
  const reader = turn.toReadableStream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    events.push(value);
  }
  assert.equal(events.at(-1)?.method, "turn/completed");
});

test("the deprecated turn.readable getter still gives the stream", async () => {
  await using h = await harness();
  h.mock.queueText("via the getter");
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("go");
  const events: TurnEvent[] = [];
  for await (const event of turn.readable) events.push(event);
  assert.equal(events.at(-1)?.method, "turn/completed");
});

test("turn.result resolves for a failed turn too, typed without parsed, where run() rejects", async () => {
  await using h = await harness();
  h.mock.queueFailure({ code: "server_error", message: "the model broke" });
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("go", { outputSchema: z.object({ ok: z.boolean() }) });
  const result = await turn.result;
  assert.equal(result.status, "failed");
  const parsed: undefined = result.parsed; // typed: turn.result never carries parsed
  assert.equal(parsed, undefined);
  await assert.rejects(turn.run(), TurnFailedError);
});

test("a consumer that stops early does not stall the turn or others", async () => {
  await using h = await harness();
  h.mock.queueText("one two three four", { deltas: 4 }).queueText("second turn");
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("first");
  for await (const event of turn.stream()) {
    if (event.method === "item/agentMessage/delta") break;
  }
  const result = await turn.run();
  assert.equal(result.finalResponse, "one two three four");
  assert.equal((await thread.run("again")).finalResponse, "second turn");
});

test("a tool-call turn: the command runs, its item is in the result, and the final answer follows", async () => {
  await using h = await harness();
  h.mock.queueExecCommand({ cmd: "echo tool-output" }).queueText("The command printed tool-output.");
  const thread = await h.codex.threadStart();
  const result = await thread.run("run echo");
  assert.equal(result.status, "completed");
  const command = result.items.find((item) => item.type === "commandExecution");
  assert.ok(command && command.type === "commandExecution");
  assert.match(command.aggregatedOutput ?? "", /tool-output/);
  assert.equal(result.finalResponse, "The command printed tool-output.");
  assert.equal(h.mock.requests.length, 2, "the command output went back to the model");
});

test("a failed turn rejects run() with TurnFailedError carrying the result and the error", async () => {
  await using h = await harness();
  h.mock.queueFailure({ code: "insufficient_quota", message: "You exceeded your quota" });
  const thread = await h.codex.threadStart();
  await assert.rejects(thread.run("hello"), (error: TurnFailedError) => {
    assert.ok(error instanceof TurnFailedError);
    assert.equal(error.code, "turn_failed");
    assert.equal(error.result.status, "failed");
    assert.equal(error.result.finalResponse, null);
    assert.ok(error.result.error);
    assert.equal(error.result.error.codexErrorInfo, "usageLimitExceeded");
    assert.match(error.message, /Quota exceeded.*usageLimitExceeded/);
    return true;
  });
  h.mock.queueText("after the failure");
  assert.equal((await thread.run("and again")).finalResponse, "after the failure", "the thread is still usable");
});

test("steer during a held-open turn reaches the model in the same turn", async () => {
  await using h = await harness();
  const held = h.mock.queueHeld();
  h.mock.queueText("Steered answer.");
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("start long work");
  await held.started;
  await turn.steer("actually, focus on the tests");
  const result = await turn.run();
  assert.equal(result.finalResponse, "Steered answer.");
  assert.equal(lastUserText(h.mock.requests.at(-1)!), "actually, focus on the tests");
});

test("interrupt() ends a held-open turn as interrupted", async () => {
  await using h = await harness();
  const held = h.mock.queueHeld();
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("work forever");
  await held.started;
  await turn.interrupt();
  // The held reply never ends by itself: the turn ending at all is the interrupt's doing.
  const result = await turn.run();
  assert.equal(result.status, "interrupted");
});

test("an AbortSignal interrupts the turn and run() rejects with an AbortError", async () => {
  await using h = await harness();
  const held = h.mock.queueHeld();
  const thread = await h.codex.threadStart();
  const controller = new AbortController();
  const running = thread.run("work forever", { signal: controller.signal });
  await held.started;
  controller.abort();
  // The held reply never ends by itself: run() settling at all is the abort's doing.
  await assert.rejects(running, (error: AbortError) => {
    assert.equal(error.name, "AbortError");
    assert.equal(error.result?.status, "interrupted");
    return true;
  });
  h.mock.queueText("still usable");
  assert.equal((await thread.run("next")).finalResponse, "still usable");
});

test("an aborted signal on stream() ends the iteration with an AbortError after the turn is interrupted", async () => {
  await using h = await harness();
  const held = h.mock.queueHeld();
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("work");
  const controller = new AbortController();
  const methods: string[] = [];
  await assert.rejects(async () => {
    for await (const event of turn.stream({ signal: controller.signal })) {
      methods.push(event.method);
      if (event.method === "turn/started") held.started.then(() => controller.abort());
    }
  }, (error: Error) => error.name === "AbortError");
  assert.equal(methods.at(-1), "turn/completed");
});

test("two threads' turns run at the same time on one client, with no event crossing over", async () => {
  await using h = await harness({
    mock: { defaultReply: (request) => textReply(`echo:${lastUserText(request)}`, { deltas: 5 }) },
  });
  const [a, b] = await Promise.all([h.codex.threadStart(), h.codex.threadStart()]);
  const [ta, tb] = await Promise.all([a.turn("alpha alpha alpha"), b.turn("bravo bravo bravo")]);
  const collect = async (turn: typeof ta) => {
    const deltas: string[] = [];
    for await (const event of turn.stream()) {
      if ("turnId" in event.params && event.params.turnId !== turn.id) throw new Error("event crossed turns");
      if (event.method === "item/agentMessage/delta") deltas.push(event.params.delta);
    }
    return deltas.join("");
  };
  const [textA, textB] = await Promise.all([collect(ta), collect(tb)]);
  assert.equal(textA, "echo:alpha alpha alpha");
  assert.equal(textB, "echo:bravo bravo bravo");
});

test("structured output with zod: the JSON Schema is sent and result.parsed is typed and validated", async () => {
  await using h = await harness();
  h.mock.queueText(JSON.stringify({ score: 9, why: "well tested" }));
  const thread = await h.codex.threadStart();
  const schema = z.object({ score: z.number(), why: z.string() });
  const result = await thread.run("rate it", { outputSchema: schema });
  const score: number = result.parsed!.score;
  assert.equal(score, 9);
  assert.equal(result.parsed!.why, "well tested");
  const sent = JSON.stringify(h.mock.requests[0].body);
  assert.match(sent, /"score"/, "the schema reached the model request");
});

test("structured output that does not match the zod schema gives StructuredOutputError with the raw text", async () => {
  await using h = await harness();
  h.mock.queueText(JSON.stringify({ score: "nine" }));
  const thread = await h.codex.threadStart();
  await assert.rejects(
    thread.run("rate it", { outputSchema: z.object({ score: z.number() }) }),
    (error: StructuredOutputError) => {
      assert.ok(error instanceof StructuredOutputError);
      assert.equal(error.text, '{"score":"nine"}');
      assert.match(error.message, /score/);
      return true;
    },
  );
});

test("inputs: strings, helpers, wire objects and arrays all work; empty prompts are refused", async () => {
  await using h = await harness();
  h.mock.queueText("ok");
  const thread = await h.codex.threadStart();
  await thread.run([text("first part"), { type: "text", text: "second part", text_elements: [] }, "third part"]);
  const texts = inputTexts(h.mock.requests[0]).join("|");
  assert.match(texts, /first part.*second part.*third part/s);
  await assert.rejects(thread.run(""), InvalidArgumentError);
  await assert.rejects(thread.run([]), InvalidArgumentError);
  await assert.rejects(thread.run([{ type: "bogus" } as never]), /input/);
});
