// The Thread/Turn API against the real codex binary and MockModel: the manual, as tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import {
  AbortError,
  Codex,
  InvalidArgumentError,
  StructuredOutputError,
  text,
  type TurnEvent,
  TurnFailedError,
} from "../mod.ts";
import { inputTexts, lastUserText, MockModel, textReply } from "../testing.ts";
import { harness } from "./_support/harness.ts";
import { recordedCodex } from "./_support/wire_log.ts";

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

test("turn.readable gives the same events as a ReadableStream", async () => {
  await using h = await harness();
  h.mock.queueText("via readable");
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("go");
  const events: TurnEvent[] = [];
  const reader = turn.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    events.push(value);
  }
  assert.equal(events.at(-1)?.method, "turn/completed");
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

test("resume after close: a new app-server on the same CODEX_HOME continues the thread", async () => {
  const mock = await MockModel.start();
  try {
    mock.queueText("Remembered: blue.").queueText("Your colour is blue.");
    let threadId: string;
    {
      await using codex = await Codex.start({ env: mock.env });
      const thread = await codex.threadStart();
      threadId = thread.id;
      await thread.run("My colour is blue.");
    }
    await using codex = await Codex.start({ env: mock.env });
    const resumed = await codex.threadResume(threadId);
    assert.equal(resumed.id, threadId);
    const result = await resumed.run("What is my colour?");
    assert.equal(result.finalResponse, "Your colour is blue.");
    assert.match(inputTexts(mock.requests[1]).join("\n"), /My colour is blue\./);
  } finally {
    await mock.close();
  }
});

test("fork makes a new thread with the history; thread(id) binds without a request", async () => {
  await using h = await harness();
  h.mock.queueText("first answer").queueText("forked answer");
  const thread = await h.codex.threadStart();
  await thread.run("original question");
  const fork = await h.codex.threadFork(thread.id);
  assert.notEqual(fork.id, thread.id);
  await fork.run("question in the fork");
  assert.match(inputTexts(h.mock.requests[1]).join("\n"), /original question/);
  assert.equal(h.codex.thread(thread.id).id, thread.id);
  assert.throws(() => h.codex.thread(""), InvalidArgumentError);
});

test("threads() finds every thread across pages; archive hides one, unarchive brings it back", async () => {
  await using h = await harness();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const thread = await h.codex.threadStart();
    await thread.run(`thread number ${i}`); // a thread is listed once it has a turn
    ids.push(thread.id);
  }
  const page = await h.codex.threadList({ limit: 2 });
  assert.equal(page.data.length, 2);
  assert.ok(page.nextCursor, "more than one page");
  const listed: string[] = [];
  for await (const info of h.codex.threads({ limit: 2 })) listed.push(info.id);
  assert.deepEqual([...listed].sort(), [...ids].sort());

  await h.codex.threadArchive(ids[0]);
  const active: string[] = [];
  for await (const info of h.codex.threads({ limit: 2 })) active.push(info.id);
  assert.ok(!active.includes(ids[0]));
  await h.codex.threadUnarchive(ids[0]);
  const again: string[] = [];
  for await (const info of h.codex.threads({})) again.push(info.id);
  assert.ok(again.includes(ids[0]));
});

test("read and setName: the name and the turns come back from the server", async () => {
  await using h = await harness();
  h.mock.queueText("hello");
  const thread = await h.codex.threadStart();
  await thread.run("hi");
  await thread.setName("My thread");
  const info = await thread.read({ includeTurns: true });
  assert.equal(info.name, "My thread");
  assert.equal(info.turns.length, 1);
});

test("compact() makes the server summarize the thread: the model is asked for a summary, and the next turn carries it", async () => {
  await using h = await harness();
  h.mock.queueText("hello").queueText("SUMMARY-OF-THE-THREAD").queueText("after");
  const thread = await h.codex.threadStart();
  await thread.run("hi there");
  // Compaction runs as a turn of its own (no TurnHandle): its events come through notifications().
  const compacted = (async () => {
    let item = false;
    for await (const event of h.codex.notifications()) {
      if (event.method === "item/completed" && event.params.item.type === "contextCompaction") item = true;
      if (event.method === "turn/completed" && event.params.threadId === thread.id) return item;
    }
    return false;
  })();
  await thread.compact();
  assert.equal(await compacted, true, "a contextCompaction item completed before the compaction turn ended");
  assert.equal(h.mock.requests.length, 2, "compaction asked the model once");
  assert.match(lastUserText(h.mock.requests[1]) ?? "", /summary/i, "the model was asked for a summary");
  await thread.run("next");
  const seen = inputTexts(h.mock.requests[2]);
  assert.ok(seen.some((t) => t.includes("SUMMARY-OF-THE-THREAD")), "the next turn's input carries the summary");
});

test("goalSet, goalGet and goalClear round-trip a thread's goal", async () => {
  await using h = await harness();
  const thread = await h.codex.threadStart();
  const goal = await thread.goalSet("ship the SDK");
  assert.equal(goal.objective, "ship the SDK");
  assert.equal((await thread.goalGet())?.objective, "ship the SDK");
  await thread.goalClear();
  assert.equal(await thread.goalGet(), null);
});

test("thread presets are sent as their wire fields, and the server applies them", async () => {
  await using mock = await MockModel.start();
  const { codex, wire } = await recordedCodex(mock);
  try {
    await codex.threadStart({ approvalMode: "deny-all", sandbox: "read-only" });
    await codex.threadStart({ approvalMode: "auto-review", sandbox: "workspace-write" });
    const [denyAll, autoReview] = wire.requests("thread/start");
    assert.equal(denyAll.approvalPolicy, "never");
    assert.equal(denyAll.sandbox, "read-only");
    assert.equal("approvalMode" in denyAll, false, "the preset names never reach the wire");
    assert.equal(autoReview.approvalPolicy, "on-request");
    assert.equal(autoReview.approvalsReviewer, "auto_review");
    assert.equal(autoReview.sandbox, "workspace-write");
    // What the server says it applied (thread/start's answer).
    const applied = [wire.resultOf("thread/start", 0), wire.resultOf("thread/start", 1)];
    assert.equal(applied[0]?.approvalPolicy, "never");
    assert.equal((applied[0]?.sandbox as { type: string }).type, "readOnly");
    assert.equal(applied[1]?.approvalPolicy, "on-request");
    assert.equal(applied[1]?.approvalsReviewer, "auto_review");
    assert.equal((applied[1]?.sandbox as { type: string }).type, "workspaceWrite");
  } finally {
    await codex.close();
  }
});

test("turn presets are sent as turn/start's wire fields", async () => {
  await using mock = await MockModel.start();
  const { codex, wire } = await recordedCodex(mock);
  try {
    mock.queueText("ok");
    const thread = await codex.threadStart();
    await thread.run("hi", { approvalMode: "deny-all", sandbox: "full-access" });
    const [params] = wire.requests("turn/start");
    assert.equal(params.approvalPolicy, "never");
    assert.deepEqual(params.sandboxPolicy, { type: "dangerFullAccess" });
    assert.equal("sandbox" in params, false);
  } finally {
    await codex.close();
  }
});

test("a preset with its raw field, or an unknown preset value, is refused before anything is sent", async () => {
  await using mock = await MockModel.start();
  const { codex, wire } = await recordedCodex(mock);
  try {
    await assert.rejects(
      codex.threadStart({ approvalMode: "deny-all", approvalPolicy: "on-request" }),
      (e: InvalidArgumentError) => e.argument === "approvalMode",
    );
    await assert.rejects(codex.threadStart({ sandbox: "everything" as never }), /sandbox/);
    assert.deepEqual(wire.requests("thread/start"), [], "no thread/start was sent");
  } finally {
    await codex.close();
  }
});

test("models() lists the binary's models", async () => {
  await using h = await harness();
  const models = await h.codex.models();
  assert.ok(models.length > 0);
  assert.equal(typeof models[0].id, "string");
});
