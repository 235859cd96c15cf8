// Goals against the real codex binary: once a goal is set, the runtime starts turns toward it on
// its own until the model marks it complete (the scripted model calls the `update_goal` tool);
// the goal handle spans those turns. Also turn.textStream().
import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidArgumentError } from "../mod.ts";
import { GoalPreconditionError } from "../client.ts";
import { harness } from "./_support/harness.ts";

test("runGoal runs turn after turn until the model marks the goal complete", async () => {
  await using h = await harness();
  h.mock
    .queueText("step one done")
    .queueFunctionCall("update_goal", { status: "complete" })
    .queueText("The haiku is written.");
  const thread = await h.codex.threadStart();
  const result = await thread.runGoal("Write a haiku");
  assert.equal(result.status, "complete");
  assert.equal(result.goal.status, "complete");
  assert.equal(result.goal.objective, "Write a haiku");
  assert.equal(result.turnIds.length, 2, "the runtime started a second turn for the active goal");
  assert.equal(result.finalResponse, "The haiku is written.");
});

test("a goal's stream spans every turn and ends with the goal; textStream gives only text", async () => {
  await using h = await harness();
  h.mock.queueText("first").queueText("second").queueFunctionCall("update_goal", { status: "complete" }).queueText("third");
  const thread = await h.codex.threadStart();
  const goal = await thread.startGoal("Count to three");
  const texts: string[] = [];
  for await (const text of goal.textStream()) texts.push(text);
  assert.deepEqual(texts.join("|"), "first|second|third");
  const result = await goal.run();
  assert.equal(result.turnIds.length, 3);
});

test("interrupt pauses the goal, then interrupts its running turn", async () => {
  await using h = await harness();
  const held = h.mock.queueHeld();
  const thread = await h.codex.threadStart();
  const goal = await thread.startGoal("Work forever");
  await held.started;
  for await (const event of goal.stream()) {
    if (event.method === "turn/started") await goal.interrupt(); // the turn the runtime started
  }
  const result = await goal.run();
  assert.equal(result.status, "paused");
  assert.equal((await thread.goalGet())?.status, "paused");
});

test("startGoal refuses a busy thread, an ephemeral thread and an empty objective", async () => {
  await using h = await harness();
  const held = h.mock.queueHeld();
  const busy = await h.codex.threadStart();
  const turn = await busy.turn("hold on");
  await held.started;
  await assert.rejects(busy.startGoal("x"), (e) => e instanceof GoalPreconditionError && /a turn is running/.test(e.message));
  await turn.interrupt();
  const ephemeral = await h.codex.threadStart({ ephemeral: true });
  await assert.rejects(ephemeral.startGoal("x"), (e) => e instanceof GoalPreconditionError && /ephemeral/.test(e.message));
  await assert.rejects(busy.startGoal(""), InvalidArgumentError);
});

test("turn.textStream() yields only the agent's text deltas", async () => {
  await using h = await harness();
  h.mock.queueText("Hello there", { deltas: 3 });
  const turn = await (await h.codex.threadStart()).turn("hi");
  const parts: string[] = [];
  for await (const text of turn.textStream()) parts.push(text);
  assert.equal(parts.length, 3);
  assert.equal(parts.join(""), "Hello there");
});
