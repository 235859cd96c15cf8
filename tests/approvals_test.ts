// Server requests against the real binary: an escalated command under approval_policy
// "on-request" makes codex ask for approval; the SDK answers safely unless told otherwise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ApprovalsOption,
  type CodexError,
  InvalidParamsError,
  MethodNotFoundError,
  type ServerRequestEvent,
  type TurnEvent,
} from "../mod.ts";
import { functionCallOutputs } from "../testing.ts";
import { harness } from "./_support/harness.ts";

async function escalatedTouch(approvals: ApprovalsOption | undefined, extra: { approvalTimeoutMs?: number } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "codex-approval-"));
  const target = join(dir, "created.txt");
  const warnings: CodexError[] = [];
  const h = await harness({
    mock: { approvalPolicy: "on-request" },
    codex: { approvals, ...extra, logger: { warn: (_message, error) => error && warnings.push(error) } },
  });
  try {
    // A long yield time: the tool result waits for the command to exit even on a loaded machine,
    // so the turn cannot complete before the file is written.
    h.mock.queueExecCommand({
      cmd: `touch ${target}`,
      workdir: dir,
      escalated: true,
      justification: "create a file",
      yieldTimeMs: 30_000,
    });
    h.mock.queueText("done");
    const thread = await h.codex.threadStart({ cwd: dir });
    const turn = await thread.turn("create the file");
    const events: TurnEvent[] = [];
    for await (const event of turn.stream()) events.push(event);
    const result = await turn.run();
    const requests = events.filter((e): e is ServerRequestEvent => e.method === "serverRequest/handled");
    // What the turn did, for an assertion's message: the command item (or none), the turn's status
    // and items, and what codex told the model the tool call gave.
    const story = JSON.stringify({
      status: result.status,
      error: result.error,
      items: result.items.map((item) => item.type),
      command: result.items.find((item) => item.type === "commandExecution"),
      started: events.filter((e) => e.method === "item/started").map((e) => e.params.item.type),
      toolOutputs: h.mock.requests.flatMap((request) => functionCallOutputs(request)),
    });
    return { result, requests, created: existsSync(target), warnings, command: story };
  } finally {
    await h[Symbol.asyncDispose]();
    await rm(dir, { recursive: true, force: true });
  }
}

test("with no handler, an escalated command is declined and the file is not created; the stream shows the request", async () => {
  const { result, requests, created } = await escalatedTouch(undefined);
  assert.equal(created, false);
  assert.equal(result.status, "completed", "declining lets the turn go on");
  assert.equal(requests.length, 1);
  const [event] = requests;
  assert.equal(event.params.request.method, "item/commandExecution/requestApproval");
  assert.equal(event.params.outcome, "default");
  assert.deepEqual(event.params.response, { decision: "decline" });
  const command = result.items.find((item) => item.type === "commandExecution");
  assert.equal(command?.type === "commandExecution" && command.status, "declined");
});

test("a handler that accepts lets the command run: the file exists", async () => {
  const seen: string[] = [];
  const { requests, created, command } = await escalatedTouch({
    "item/commandExecution/requestApproval": (params, { signal, turn }) => {
      seen.push(`${params.reason}|${signal.aborted}|${turn !== undefined}`);
      return { decision: "accept" };
    },
  });
  assert.equal(created, true, command);
  assert.deepEqual(seen, ["create a file|false|true"], "the handler got the params, a live signal and the turn");
  assert.equal(requests[0].params.outcome, "answered");
  assert.deepEqual(requests[0].params.response, { decision: "accept" });
});

test("an async handler that answers later is waited for", async () => {
  const { created, command } = await escalatedTouch({
    "item/commandExecution/requestApproval": async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { decision: "accept" };
    },
  });
  assert.equal(created, true, command);
});

test("a handler that throws: the command is declined, the error is reported and shown in the stream", async () => {
  const { requests, created, warnings, result } = await escalatedTouch({
    "item/commandExecution/requestApproval": () => {
      throw new Error("approval service is down");
    },
  });
  assert.equal(created, false);
  assert.equal(result.status, "completed");
  assert.equal(requests[0].params.outcome, "handlerFailed");
  assert.deepEqual(requests[0].params.response, { decision: "decline" });
  assert.match(requests[0].params.error ?? "", /approval service is down/);
  assert.ok(warnings.some((w) => w.code === "handler_failed" && /approval service is down/.test(w.message)));
});

test("a handler that returns a malformed answer gets the safe answer sent instead", async () => {
  const { requests, created } = await escalatedTouch({
    "item/commandExecution/requestApproval": () => ({ decision: "yes please" }) as never,
  });
  assert.equal(created, false);
  assert.equal(requests[0].params.outcome, "handlerFailed");
  assert.match(requests[0].params.error ?? "", /not one of/);
});

test("a handler that never answers times out into the safe answer; the turn completes", async () => {
  const { requests, created, result } = await escalatedTouch(
    { "item/commandExecution/requestApproval": () => new Promise(() => {}) },
    { approvalTimeoutMs: 300 },
  );
  assert.equal(created, false);
  assert.equal(result.status, "completed");
  assert.equal(requests[0].params.outcome, "handlerFailed");
  assert.match(requests[0].params.error ?? "", /within 300 ms/);
});

test('approvals: "accept-all" accepts (explicit, dangerous opt-in)', async () => {
  const { created, requests, command } = await escalatedTouch("accept-all");
  assert.equal(created, true, command);
  assert.equal(requests[0].params.outcome, "default");
  assert.deepEqual(requests[0].params.response, { decision: "accept" });
});

test("interrupting the turn while a handler waits withdraws the request: the signal fires and the late answer is dropped", async () => {
  const dir = await mkdtemp(join(tmpdir(), "codex-approval-"));
  const target = join(dir, "never.txt");
  await using h = await harness({ mock: { approvalPolicy: "on-request" } });
  try {
    h.mock.queueExecCommand({ cmd: `touch ${target}`, workdir: dir, escalated: true, justification: "x" });
    let asked!: () => void;
    const askedPromise = new Promise<void>((resolve) => (asked = resolve));
    let aborted = false;
    h.codex.onServerRequest("item/commandExecution/requestApproval", (_params, { signal }) =>
      new Promise((resolve) => {
        asked();
        signal.addEventListener("abort", () => {
          aborted = true;
          resolve({ decision: "accept" }); // too late: must be dropped
        });
      }));
    const thread = await h.codex.threadStart({ cwd: dir });
    const turn = await thread.turn("go");
    const events: TurnEvent[] = [];
    const consumed = (async () => {
      for await (const event of turn.stream()) events.push(event);
    })();
    await askedPromise;
    await turn.interrupt();
    await consumed;
    const result = await turn.run();
    assert.equal(result.status, "interrupted");
    assert.equal(aborted, true);
    assert.equal(existsSync(target), false);
    const handled = events.filter((e): e is ServerRequestEvent => e.method === "serverRequest/handled");
    assert.equal(handled[0]?.params.outcome, "withdrawn");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the real server's -32600 answers map to MethodNotFoundError and InvalidParamsError", async () => {
  await using h = await harness();
  await assert.rejects(h.codex.client.requestUntyped("thread/teleport", {}), (error: MethodNotFoundError) => {
    assert.ok(error instanceof MethodNotFoundError);
    assert.equal(error.rpcCode, -32600);
    assert.match(error.message, /unknown variant/);
    return true;
  });
  await assert.rejects(
    h.codex.client.request("thread/start", { cwd: 5 as unknown as string }),
    (error: InvalidParamsError) => error instanceof InvalidParamsError && error.code === "invalid_params",
  );
  assert.ok((await h.codex.threadStart()).id, "the client stays usable");
});
