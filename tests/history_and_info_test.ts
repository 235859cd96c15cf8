// The rest of the everyday API against the real codex binary: a thread's turns and items, unsubscribe,
// loaded threads, skills, model providers, config read/set/batch, feedback, rate limits and usage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError, InvalidRequestError } from "../mod.ts";
import { harness } from "./_support/harness.ts";

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const value of iterable) all.push(value);
  return all;
}

test("thread.turns() and thread.items() walk the history; a new thread has none", async () => {
  await using h = await harness();
  h.mock.queueText("one").queueText("two").queueText("three");
  const thread = await h.codex.threadStart();
  assert.deepEqual(await collect(thread.turns()), []);
  const ids: string[] = [];
  for (const text of ["a", "b", "c"]) ids.push((await thread.run(text)).id);
  const turns = await collect(thread.turns({ pageSize: 1, sortDirection: "asc" }));
  assert.deepEqual(turns.map((t) => t.id), ids);
  const items = await collect(thread.items());
  const agent = items.filter((e) => e.item.type === "agentMessage");
  assert.deepEqual(agent.map((e) => (e.item as { text: string }).text), ["one", "two", "three"]);
  assert.deepEqual(agent.map((e) => e.turnId), ids);
  const second = await collect(thread.items({ turnId: ids[1] }));
  assert.ok(second.length > 0 && second.every((e) => e.turnId === ids[1]));
});

test("loadedThreads lists loaded thread ids; unsubscribe reports the status", async () => {
  await using h = await harness();
  const a = await h.codex.threadStart();
  const b = await h.codex.threadStart();
  assert.deepEqual((await h.codex.loadedThreads()).sort(), [a.id, b.id].sort());
  assert.equal(await b.unsubscribe(), "unsubscribed");
});

test("skills lists the skills of a cwd; modelProviders lists providers and the default", async () => {
  await using h = await harness();
  const [entry] = await h.codex.skills({ cwd: process.cwd() });
  assert.equal(entry.cwd, process.cwd());
  assert.ok(entry.skills.length > 0, "the binary's system skills");
  const providers = await h.codex.modelProviders();
  assert.equal(providers.defaultProviderId, "mock");
  assert.ok(providers.data.some((p) => p.id === "mock"));
});

test("config.read reads the effective config; set and batch write config.toml", async () => {
  await using h = await harness();
  assert.equal((await h.codex.config.read()).config.model, "mock-model");
  const written = await h.codex.config.set("model_reasoning_effort", "high");
  assert.equal(written.status, "ok");
  await h.codex.config.batch([{ keyPath: "model_verbosity", value: "low" }, { keyPath: "model_reasoning_summary", value: "concise" }]);
  const { config } = await h.codex.config.read();
  assert.equal(config.model_reasoning_effort, "high");
  assert.equal(config.model_verbosity, "low");
  await assert.rejects(h.codex.config.set("", 1), InvalidArgumentError);
  await assert.rejects(h.codex.config.batch([]), /edits/);
});

test("feedback with savePath writes the report to that file", async () => {
  await using h = await harness();
  const dir = mkdtempSync(join(tmpdir(), "sdk-feedback-"));
  try {
    const thread = await h.codex.threadStart();
    const saved = await h.codex.feedback({ classification: "bug", reason: "test", threadId: thread.id, savePath: join(dir, "report.zip") });
    assert.ok("savedPath" in saved && saved.savedPath.startsWith(dir));
    await assert.rejects(h.codex.feedback({ classification: "" }), /classification/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("rateLimits and usage need a ChatGPT login: without one the server says so", async () => {
  await using h = await harness();
  await assert.rejects(h.codex.rateLimits(), (e) => e instanceof InvalidRequestError && /authentication required/.test(e.message));
  await assert.rejects(h.codex.usage(), (e) => e instanceof InvalidRequestError && /authentication required/.test(e.message));
});
