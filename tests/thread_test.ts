// The Thread API against the real codex binary and MockModel: the manual, as tests. Resume,
// fork, listing and archiving, read and setName, compact, goals, presets and the model list;
// running turns is in thread_turn_test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Codex, InvalidArgumentError } from "../mod.ts";
import { inputTexts, lastUserText, MockModel } from "../testing.ts";
import { harness } from "./_support/harness.ts";
import { recordedCodex } from "./_support/wire_log.ts";

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
