// The basics of the SDK against the OLDEST supported app-server (MIN_CODEX_VERSION, installed as
// the codex-min-linux-x64 alias), on the real binary with the scripted model: what a user
// pinned to an older codex relies on keeps working. Skipped, saying why, off linux-x64.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { type CodexError, type ServerRequestEvent, type TurnEvent } from "../mod.ts";
import { MIN_CODEX_VERSION } from "../protocol.ts";
import { lastUserText, type MockModelOptions } from "../testing.ts";
import { harness, type Harness } from "./_support/harness.ts";
import { minCodex, skipWithout } from "./_support/codex_versions.ts";

const skip = skipWithout(minCodex, "the basics against the MIN binary");

function onMin(options: { mock?: MockModelOptions; warnings?: CodexError[] } = {}): Promise<Harness> {
  return harness({
    mock: options.mock,
    codex: {
      codexBin: minCodex.bin,
      logger: { warn: (_message, error) => error && options.warnings?.push(error) },
    },
  });
}

test("the MIN binary installed is MIN_CODEX_VERSION", { skip }, () => {
  assert.equal(minCodex.version, MIN_CODEX_VERSION);
});

test("start on the MIN binary: the handshake reads its version and warns about nothing", { skip }, async () => {
  const warnings: CodexError[] = [];
  await using h = await onMin({ warnings });
  assert.equal(h.codex.metadata.serverVersion, MIN_CODEX_VERSION);
  assert.match(h.codex.metadata.userAgent, new RegExp(`/${MIN_CODEX_VERSION.replaceAll(".", "\\.")} `));
  assert.deepEqual(warnings.map((w) => w.code), []);
});

test("a turn on the MIN binary returns the final response, items and usage", { skip }, async () => {
  await using h = await onMin();
  h.mock.queueText("The answer is 42.", { usage: { inputTokens: 11, outputTokens: 7 } });
  const thread = await h.codex.threadStart();
  const result = await thread.run("What is the answer?");
  assert.equal(result.status, "completed");
  assert.equal(result.finalResponse, "The answer is 42.");
  assert.deepEqual(result.items.map((item) => item.type), ["userMessage", "agentMessage"]);
  assert.equal(result.usage?.last.outputTokens, 7);
});

test("turn.stream() on the MIN binary yields the deltas in order and ends with turn/completed", { skip }, async () => {
  await using h = await onMin();
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
  assert.equal(methods[0], "turn/started");
  assert.equal(methods.at(-1), "turn/completed");
});

// Unlike the pinned binary, 0.160.0 does not cut the model's running response on a steer: it
// sends the steered input with the turn's next model request, after that response ends.
test("steer on the MIN binary reaches the model in the same turn, after the running response", { skip }, async () => {
  await using h = await onMin();
  const held = h.mock.queueHeld();
  h.mock.queueText("Steered answer.");
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("start long work");
  await held.started;
  await turn.steer("actually, focus on the tests");
  held.release("Working on it.");
  const result = await turn.run();
  assert.equal(result.finalResponse, "Steered answer.");
  assert.equal(h.mock.requests.length, 2);
  assert.equal(lastUserText(h.mock.requests[1]), "actually, focus on the tests");
});

test("interrupt() on the MIN binary ends a held-open turn as interrupted", { skip }, async () => {
  await using h = await onMin();
  const held = h.mock.queueHeld();
  const thread = await h.codex.threadStart();
  const turn = await thread.turn("work forever");
  await held.started;
  await turn.interrupt();
  const result = await turn.run();
  assert.equal(result.status, "interrupted");
});

test("an approval on the MIN binary: the handler's accept runs the escalated command", { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "codex-min-approval-"));
  const target = join(dir, "created.txt");
  try {
    await using h = await harness({
      mock: { approvalPolicy: "on-request" },
      codex: {
        codexBin: minCodex.bin,
        approvals: { "item/commandExecution/requestApproval": () => ({ decision: "accept" }) },
      },
    });
    // login: false — a login shell's profile can take longer than the tool waits on a loaded
    // machine, and the turn would then end before the file exists.
    h.mock.queueFunctionCall("exec_command", {
      cmd: `touch ${target}`,
      workdir: dir,
      sandbox_permissions: "require_escalated",
      justification: "create a file",
      login: false,
      yield_time_ms: 30_000,
    });
    h.mock.queueText("done");
    const thread = await h.codex.threadStart({ cwd: dir });
    const turn = await thread.turn("create the file");
    const events: TurnEvent[] = [];
    for await (const event of turn.stream()) events.push(event);
    const handled = events.filter((e): e is ServerRequestEvent => e.method === "serverRequest/handled");
    assert.deepEqual(handled.map((e) => [e.params.request.method, e.params.outcome]), [
      ["item/commandExecution/requestApproval", "answered"],
    ]);
    assert.equal(existsSync(target), true, "the accepted command ran");
    assert.equal((await turn.run()).finalResponse, "done");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("structured output on the MIN binary: the schema is sent and result.parsed is validated", { skip }, async () => {
  await using h = await onMin();
  h.mock.queueText(JSON.stringify({ score: 9, why: "well tested" }));
  const thread = await h.codex.threadStart();
  const result = await thread.run("rate it", { outputSchema: z.object({ score: z.number(), why: z.string() }) });
  assert.deepEqual(result.parsed, { score: 9, why: "well tested" });
  assert.match(JSON.stringify(h.mock.requests[0].body), /"score"/, "the schema reached the model request");
});
