// The provider's lifecycle and settings: its own Codex or yours, close(), the approvals handler,
// tools on a continued thread, what it refuses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateText, stepCountIs, tool } from "ai";
import { z } from "zod";
import { Codex } from "../../mod.ts";
import { createCodex } from "../../ai.ts";
import { functionCallOutputs, MockModel } from "../../testing.ts";
import { aiHarness } from "./_support.ts";

test("with { codex } the provider uses that Codex, and close() leaves it running", async () => {
  await using mock = await MockModel.start();
  await using codex = await Codex.start({ env: mock.env, experimentalApi: true });
  const provider = createCodex({ codex });
  mock.queueText("from your Codex");
  assert.equal((await generateText({ model: provider("default"), prompt: "hi" })).text, "from your Codex");
  await provider.close();
  mock.queueText("still running");
  assert.equal((await (await codex.threadStart()).run("hi")).finalResponse, "still running");
});

test("after close() a call rejects saying the provider was closed; close() is idempotent", async () => {
  await using h = await aiHarness();
  h.mock.queueText("one");
  await generateText({ model: h.codex("default"), prompt: "hi" });
  await h.codex.close();
  await h.codex.close();
  await assert.rejects(generateText({ model: h.codex("default"), prompt: "hi", maxRetries: 0 }), /provider was closed/);
});

test("the approvals handler of createCodex answers Codex's approval requests", async () => {
  const dir = await mkdtemp(join(tmpdir(), "codex-ai-approval-"));
  const target = join(dir, "created.txt");
  try {
    await using mock = await MockModel.start({ approvalPolicy: "on-request" });
    const asked: string[] = [];
    await using codex = createCodex({
      env: mock.env,
      approvals: {
        "item/commandExecution/requestApproval": (params) => {
          asked.push(params.command ?? "");
          return { decision: "accept" };
        },
      },
    });
    mock.queueExecCommand({ cmd: `touch ${target}`, workdir: dir, escalated: true, justification: "create a file", yieldTimeMs: 30_000 })
      .queueText("done");
    const result = await generateText({ model: codex("default", { cwd: dir }), prompt: "create the file" });
    assert.equal(result.text, "done");
    assert.equal(asked.length, 1);
    assert.ok(existsSync(target), "the accepted command ran");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a continued thread answers its tools' calls in the same turn too", async () => {
  await using h = await aiHarness();
  const tools = {
    weather: tool({ description: "Weather", inputSchema: z.object({ city: z.string() }), execute: ({ city }) => `rain in ${city}` }),
  };
  h.mock.queueText("Ask me.");
  const first = await generateText({ model: h.codex("default"), prompt: "hi", tools });
  const threadId = (first.providerMetadata?.codex as { threadId: string }).threadId;
  h.mock.queueToolCall("weather", { city: "Oslo" }, { callId: "later" }).queueText("Rain in Oslo.");
  const second = await generateText({ model: h.codex("default"), prompt: "Oslo?", tools, stopWhen: stepCountIs(3), providerOptions: { codex: { threadId } } });
  assert.equal(second.text, "Rain in Oslo.");
  assert.deepEqual(h.mock.requests.flatMap((r) => functionCallOutputs(r)).map((o) => o.output), ["rain in Oslo"]);
});

test("embedding and image models are refused with a clear error", () => {
  const codex = createCodex();
  assert.throws(() => codex.embeddingModel("x"), /no embedding models/);
  assert.throws(() => codex.imageModel("x"), /no image models/);
  assert.throws(() => codex(""), /modelId/);
});

test("a thread from another provider (another app-server) is resumed, its tools answered here", async () => {
  await using mock = await MockModel.start();
  const tools = {
    weather: tool({ description: "Weather", inputSchema: z.object({ city: z.string() }), execute: ({ city }) => `snow in ${city}` }),
  };
  const before = createCodex({ env: mock.env });
  mock.queueText("Ask me.");
  const first = await generateText({ model: before("default"), prompt: "hi", tools });
  await before.close();
  const threadId = (first.providerMetadata?.codex as { threadId: string }).threadId;

  await using after = createCodex({ env: mock.env });
  mock.queueToolCall("weather", { city: "Bergen" }).queueText("Snow in Bergen.");
  const second = await generateText({ model: after("default"), prompt: "Bergen?", tools, stopWhen: stepCountIs(3), providerOptions: { codex: { threadId } } });
  assert.equal(second.text, "Snow in Bergen.");
  assert.equal((second.providerMetadata?.codex as { threadId: string }).threadId, threadId);
  assert.match(JSON.stringify(mock.requests.at(-1)?.body.input), /Ask me\./, "the resumed thread has its history");
});
