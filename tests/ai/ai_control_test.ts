// Structured output and abort through @codex/sdk/ai, with the real `ai` package on the real binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateObject, generateText, Output } from "ai";
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
