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
import type { ApprovalsOption, ServerRequestEvent, ThreadItem, Turn, TurnEvent } from "../mod.ts";
import { CodexClient, startAppServer } from "../client.ts";
import { MockModel } from "../testing.ts";
import { harness, type Harness } from "./_support/harness.ts";
import { FakeAppServer } from "./_support/fake_app_server.ts";
import { ServerRequestRouter } from "../src/client/server_request_router.ts";

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

test("a raw CodexClient answers a protocol request it has no handler for with the safe answer, not -32601", async () => {
  await using mock = await MockModel.start({ approvalPolicy: "on-request" });
  const dir = await mkdtemp(join(tmpdir(), "codex-router-raw-"));
  const { connection } = await startAppServer({ env: mock.env });
  const client = new CodexClient(connection);
  try {
    await client.request("initialize", { clientInfo: { name: "raw_test", title: null, version: "1.0.0" }, capabilities: null });
    client.notify("initialized");
    mock.queueExecCommand({ cmd: `touch ${join(dir, "x.txt")}`, workdir: dir, escalated: true, justification: "x", yieldTimeMs: 30_000 });
    mock.queueText("done");
    const { thread } = await client.request("thread/start", { cwd: dir });
    let completed!: (turn: Turn) => void;
    const done = new Promise<Turn>((resolve) => (completed = resolve));
    const items: ThreadItem[] = [];
    client.onNotification((n) => {
      if (n.method === "item/completed") items.push(n.params.item);
      if (n.method === "turn/completed") completed(n.params.turn);
    });
    await client.request("turn/start", { threadId: thread.id, input: [{ type: "text", text: "go", text_elements: [] }] });
    assert.equal((await done).status, "completed");
    const command = items.find((item) => item.type === "commandExecution");
    assert.equal(command?.type === "commandExecution" && command.status, "declined", "the safe answer: decline");
    assert.equal(existsSync(join(dir, "x.txt")), false);
  } finally {
    await client.close();
    await rm(dir, { recursive: true, force: true });
  }
});

// The fake app-server: the real binary sends only the server requests of its protocol.
test("a raw CodexClient answers a method the protocol does not define with -32601", async () => {
  const server = new FakeAppServer();
  const client = new CodexClient(server.connection);
  await server.send({ id: 7, method: "future/request", params: {} });
  const answer = await server.nextMessage();
  assert.equal(answer.id, 7);
  assert.equal((answer.error as { code: number }).code, -32601);
  await client.close();
});

test("the router asks handlers with a matching `when` first, then the newest for the whole method; removing one restores the one below", () => {
  const router = new ServerRequestRouter();
  const first = () => "first";
  const second = () => "second";
  const tools = () => "tool";
  const removeFirst = router.add("item/tool/call", first);
  const removeSecond = router.add("item/tool/call", second);
  router.add("item/tool/call", tools, { when: (params) => (params as { tool?: string }).tool === "mine" });
  assert.equal(router.pick("item/tool/call", { tool: "mine" }), tools);
  assert.equal(router.pick("item/tool/call", { tool: "other" }), second);
  removeSecond();
  assert.equal(router.pick("item/tool/call", { tool: "other" }), first);
  removeFirst();
  assert.equal(router.pick("item/tool/call", { tool: "other" }), undefined, "none: the policy's safe answer");
});
