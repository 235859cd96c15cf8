// Structured output and abort through @codex/sdk/ai, with the real `ai` package on the real binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateObject, generateText, Output, streamText } from "ai";
import { z } from "zod";
import { aiHarness } from "./_support.ts";

const City = z.object({ name: z.string(), population: z.number() });

test("Output.object sends the schema as the turn's output schema and gives the typed object", async () => {
  await using h = await aiHarness();
  h.mock.queueText(JSON.stringify({ name: "Paris", population: 2100000 }));
  const result = await generateText({ model: h.codex("default"), prompt: "A city", output: Output.object({ schema: City }) });
  assert.deepEqual(result.output, { name: "Paris", population: 2100000 });
  const format = (h.mock.requests[0].body.text as { format?: { schema?: { properties?: object } } }).format;
  assert.deepEqual(Object.keys(format?.schema?.properties ?? {}).sort(), ["name", "population"]);
});

test("generateObject gives the typed object", async () => {
  await using h = await aiHarness();
  h.mock.queueText(JSON.stringify({ name: "Rome", population: 2800000 }));
  const { object } = await generateObject({ model: h.codex("default"), prompt: "A city", schema: City });
  assert.equal(object.name, "Rome");
});

test("abortSignal interrupts the turn and the call rejects with an AbortError", async () => {
  await using h = await aiHarness();
  const held = h.mock.queueHeld();
  const controller = new AbortController();
  const running = generateText({ model: h.codex("default"), prompt: "work forever", abortSignal: controller.signal, maxRetries: 0 });
  await held.started;
  controller.abort();
  await assert.rejects(running, (error: Error) => error.name === "AbortError");
  assert.equal(await held.ended, "clientClosed", "the app-server stopped sampling");
});

test("a failed turn ends with finishReason error and the reason in providerMetadata.codex.error", async () => {
  await using h = await aiHarness();
  h.mock.queueFailure({ code: "insufficient_quota", message: "You exceeded your quota" });
  const result = await generateText({ model: h.codex("default"), prompt: "hello", maxRetries: 0 });
  assert.equal(result.finishReason, "error");
  assert.match(String((result.providerMetadata?.codex as { error?: string }).error), /quota/i);
});

test("streamText reports a failed turn as an error part and finishReason error", async () => {
  await using h = await aiHarness();
  h.mock.queueFailure({ code: "insufficient_quota", message: "You exceeded your quota" });
  const errors: unknown[] = [];
  const result = streamText({ model: h.codex("default"), prompt: "hello", onError: ({ error }) => void errors.push(error) });
  await result.consumeStream();
  assert.equal(await result.finishReason, "error");
  assert.equal((errors[0] as Error).name, "TurnFailedError");
});
