// @codex/sdk/ai with the real `ai` package on the real binary (MockModel): text, streaming,
// reasoning, usage, metadata, warnings and conversations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateText, streamText } from "ai";
import { messageItem, reasoningItem } from "../../testing.ts";
import { aiHarness, userTexts } from "./_support.ts";

test("generateText gives the answer, finishReason stop, the turn's usage and providerMetadata.codex", async () => {
  await using h = await aiHarness();
  h.mock.queueText("Hello there", { usage: { inputTokens: 12, cachedInputTokens: 2, outputTokens: 7, reasoningOutputTokens: 3 } });
  const result = await generateText({ model: h.codex("default"), prompt: "hi" });
  assert.equal(result.text, "Hello there");
  assert.equal(result.finishReason, "stop");
  assert.equal(result.usage.inputTokens, 12);
  assert.equal(result.usage.outputTokens, 7);
  assert.equal(result.usage.inputTokenDetails.cacheReadTokens, 2);
  assert.equal(result.usage.outputTokenDetails.reasoningTokens, 3);
  const codex = result.providerMetadata?.codex as { threadId: string; turnId: string };
  assert.match(codex.threadId, /\S/);
  assert.match(codex.turnId, /\S/);
  assert.equal(result.response.id, codex.turnId);
  assert.equal(result.response.modelId, "default");
});

test("streamText streams the deltas and reasoning parts from the reasoning events", async () => {
  await using h = await aiHarness();
  h.mock.queueItems([reasoningItem("Thinking it over"), messageItem("Hello there", { deltas: ["Hel", "lo ", "there"] })]);
  const result = streamText({ model: h.codex("default"), prompt: "hi" });
  const deltas: string[] = [];
  for await (const delta of result.textStream) deltas.push(delta);
  assert.deepEqual(deltas, ["Hel", "lo ", "there"]);
  assert.equal(await result.reasoningText, "Thinking it over");
  assert.equal(await result.finishReason, "stop");
});

test("settings the app-server has no equivalent for are warnings, not errors", async () => {
  await using h = await aiHarness();
  h.mock.queueText("ok");
  const result = await generateText({ model: h.codex("default"), prompt: "hi", temperature: 0.2, topP: 0.9, seed: 7 });
  assert.equal(result.text, "ok");
  assert.deepEqual(
    result.warnings?.map((w) => w.type === "unsupported" ? w.feature : w.type).sort(),
    ["seed", "temperature", "topP"],
  );
});

test("a new thread gets system as developer instructions and the whole conversation in order", async () => {
  await using h = await aiHarness();
  h.mock.queueText("Paris it is.");
  await generateText({
    model: h.codex("default"),
    system: "Answer in five words.",
    messages: [
      { role: "user", content: "Pick a city" },
      { role: "assistant", content: "Rome?" },
      { role: "user", content: "Another one" },
    ],
  });
  const body = h.mock.requests[0].body;
  assert.match(JSON.stringify(body.input), /Answer in five words\./, "the instructions reach the model");
  const texts = userTexts(body).join("\n");
  const order = ["User: Pick a city", "Assistant: Rome?", "Another one"].map((s) => texts.indexOf(s));
  assert.ok(order.every((i) => i >= 0), texts);
  assert.deepEqual([...order].sort((a, b) => a - b), order, "in order");
});

test("providerOptions.codex.threadId continues the thread and sends only what is new", async () => {
  await using h = await aiHarness();
  h.mock.queueText("Rome.");
  const first = await generateText({ model: h.codex("default"), prompt: "Pick a city" });
  const threadId = (first.providerMetadata?.codex as { threadId: string }).threadId;
  h.mock.queueText("Paris.");
  const second = await generateText({
    model: h.codex("default"),
    messages: [{ role: "user", content: "Pick a city" }, ...first.response.messages, { role: "user", content: "Another one" }],
    providerOptions: { codex: { threadId } },
  });
  assert.equal(second.text, "Paris.");
  assert.equal((second.providerMetadata?.codex as { threadId: string }).threadId, threadId);
  const texts = userTexts(h.mock.requests[1].body);
  assert.equal(texts.filter((t) => t === "Pick a city").length, 1, "the first message was not sent again");
  assert.ok(texts.includes("Another one"));
});

test("a continued thread with nothing new is a clear error", async () => {
  await using h = await aiHarness();
  h.mock.queueText("Rome.");
  const first = await generateText({ model: h.codex("default"), prompt: "Pick a city" });
  const threadId = (first.providerMetadata?.codex as { threadId: string }).threadId;
  await assert.rejects(
    generateText({
      model: h.codex("default"),
      messages: [{ role: "user", content: "Pick a city" }, ...first.response.messages],
      providerOptions: { codex: { threadId } },
      maxRetries: 0,
    }),
    /nothing new to send/,
  );
});
