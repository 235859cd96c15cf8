// One server-request router (issue 20, item 4): handlers added with `codex.client.onRequest`,
// `codex.onServerRequest`, the `approvals` option and client-side tools all go through it, and
// removing one restores what answered before it. Against the real binary (approval_policy
// "on-request"; an escalated command makes codex ask).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ApprovalsOption, ServerRequestEvent, TurnEvent } from "../mod.ts";
import { harness, type Harness } from "./_support/harness.ts";

/** Runs one turn whose command needs approval; returns the handled events and whether the file exists. */
async function escalatedTurn(h: Harness) {
  const dir = await mkdtemp(join(tmpdir(), "codex-router-"));
  const target = join(dir, "created.txt");
  try {
    h.mock.queueExecCommand({ cmd: `touch ${target}`, workdir: dir, escalated: true, justification: "x", yieldTimeMs: 30_000 });
    h.mock.queueText("done");
    const thread = await h.codex.threadStart({ cwd: dir });
    const turn = await thread.turn("create the file");
    const events: TurnEvent[] = [];
    for await (const event of turn.stream()) events.push(event);
    const handled = events.filter((e): e is ServerRequestEvent => e.method === "serverRequest/handled");
    return { handled, created: existsSync(target), result: await turn.run() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function withApprovals(approvals?: ApprovalsOption) {
  return harness({ mock: { approvalPolicy: "on-request" }, codex: approvals ? { approvals } : {} });
}

test("a codex.client.onRequest handler added and removed leaves the safe answer, with its serverRequest/handled event", async () => {
  await using h = await withApprovals();
  const remove = h.codex.client.onRequest("item/commandExecution/requestApproval", () => ({ decision: "accept" }));
  remove();
  const { handled, created, result } = await escalatedTurn(h);
  assert.equal(created, false, "declined");
  assert.equal(result.status, "completed");
  assert.equal(handled.length, 1, "the request shows in the stream");
  assert.equal(handled[0].params.outcome, "default");
  assert.deepEqual(handled[0].params.response, { decision: "decline" });
});

test("a codex.client.onRequest handler answers through the router: the stream shows its answer", async () => {
  await using h = await withApprovals();
  h.codex.client.onRequest("item/commandExecution/requestApproval", () => ({ decision: "accept" }));
  const { handled, created } = await escalatedTurn(h);
  assert.equal(created, true);
  assert.equal(handled[0].params.outcome, "answered");
  assert.deepEqual(handled[0].params.response, { decision: "accept" });
});

test("removing an onServerRequest handler restores the approvals option's handler", async () => {
  const seen: string[] = [];
  await using h = await withApprovals({
    "item/commandExecution/requestApproval": () => {
      seen.push("approvals option");
      return { decision: "accept" };
    },
  });
  const remove = h.codex.onServerRequest("item/commandExecution/requestApproval", () => {
    seen.push("later handler");
    return { decision: "decline" };
  });
  remove();
  const { handled, created } = await escalatedTurn(h);
  assert.deepEqual(seen, ["approvals option"]);
  assert.equal(created, true);
  assert.equal(handled[0].params.outcome, "answered");
});
