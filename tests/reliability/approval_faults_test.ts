// Reliability: approval handlers that fail. Against the real binary (an escalated command under
// approval_policy "on-request" makes it ask), and, for the server requests the binary cannot be
// made to send offline (user input, elicitation, dynamic tools, token refresh, …), a scripted peer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ApprovalsOption, CodexError, ServerRequestEvent, TurnEvent } from "../../mod.ts";
import { harness } from "../_support/harness.ts";
import { fakeCodex, type Message, startFakeTurn } from "../_support/fake_codex.ts";
import { deadline } from "./_support.ts";

/** Runs a turn whose agent asks to run an escalated `touch`; returns what happened. */
async function escalatedTouch(approvals: ApprovalsOption, approvalTimeoutMs?: number) {
  const dir = await mkdtemp(join(tmpdir(), "codex-reliability-"));
  const target = join(dir, "created.txt");
  const warnings: CodexError[] = [];
  const h = await harness({
    mock: { approvalPolicy: "on-request" },
    codex: {
      approvals,
      approvalTimeoutMs,
      logger: { warn: (_message, error) => void (error && warnings.push(error)) },
    },
  });
  try {
    h.mock.queueExecCommand({
      cmd: `touch ${target}`,
      workdir: dir,
      escalated: true,
      justification: "create a file",
    });
    h.mock.queueText("The command was declined; done.");
    const thread = await h.codex.threadStart({ cwd: dir });
    const started = Date.now();
    const turn = await thread.turn("create the file");
    const events: TurnEvent[] = [];
    await deadline(
      (async () => {
        for await (const event of turn.stream()) events.push(event);
      })(),
      15_000,
      "the turn",
    );
    const result = await turn.run();
    const handled = events.filter((e): e is ServerRequestEvent =>
      e.method === "serverRequest/handled"
    );
    return {
      result,
      handled,
      warnings,
      created: existsSync(target),
      elapsed: Date.now() - started,
    };
  } finally {
    await h[Symbol.asyncDispose]();
    await rm(dir, { recursive: true, force: true });
  }
}

test("an approval handler that throws: the safe answer (decline) is sent and the turn completes", async () => {
  const { result, handled, warnings, created } = await escalatedTouch({
    "item/commandExecution/requestApproval": () => {
      throw new Error("the approval UI crashed");
    },
  });
  assert.equal(result.status, "completed");
  assert.equal(result.finalResponse, "The command was declined; done.");
  assert.equal(created, false, "the command did not run");
  const command = result.items.find((item) => item.type === "commandExecution");
  assert.equal(command?.type === "commandExecution" && command.status, "declined");
  assert.equal(handled.length, 1);
  assert.equal(handled[0].params.outcome, "handlerFailed");
  assert.deepEqual(handled[0].params.response, { decision: "decline" });
  assert.ok(
    warnings.some((w) => /the approval UI crashed/.test(w.message)),
    "the handler's failure is reported",
  );
});

test("an approval handler that never returns: after approvalTimeoutMs the safe answer is sent, its signal fires, and the turn completes", async () => {
  let signal: AbortSignal | undefined;
  const { result, handled, created, elapsed } = await escalatedTouch({
    "item/commandExecution/requestApproval": (_params, context) => {
      signal = context.signal;
      return new Promise(() => {});
    },
  }, 300);
  assert.equal(result.status, "completed");
  assert.equal(created, false);
  assert.equal(handled[0]?.params.outcome, "handlerFailed");
  assert.deepEqual(handled[0]?.params.response, { decision: "decline" });
  assert.ok(signal, "the handler was called");
  assert.equal(signal.aborted, true, "the handler is told to stop once its time is up");
  assert.ok(elapsed >= 300 && elapsed < 5000, `took ${elapsed} ms`);
});

/** Every server request of the pinned codex, with params of the shape it sends, and what a safe answer has. */
const SERVER_REQUESTS: {
  method: string;
  params: Record<string, unknown>;
  answer: (reply: Message) => boolean;
}[] = [
  {
    method: "item/commandExecution/requestApproval",
    params: {
      threadId: "t1",
      turnId: "u1",
      itemId: "i1",
      command: "rm -rf /",
      cwd: "/",
      reason: "cleanup",
    },
    answer: (r) => (r.result as { decision?: unknown })?.decision === "decline",
  },
  {
    method: "item/fileChange/requestApproval",
    params: { threadId: "t1", turnId: "u1", itemId: "i2", reason: null, grantRoot: null },
    answer: (r) => (r.result as { decision?: unknown })?.decision === "decline",
  },
  {
    method: "item/permissions/requestApproval",
    params: {
      threadId: "t1",
      turnId: "u1",
      itemId: "i3",
      reason: null,
      permissions: { network: { enabled: true } },
    },
    answer: (r) => JSON.stringify((r.result as { permissions?: unknown })?.permissions) === "{}",
  },
  {
    method: "item/tool/requestUserInput",
    params: { threadId: "t1", turnId: "u1", itemId: "i4", questions: [] },
    answer: (r) => JSON.stringify((r.result as { answers?: unknown })?.answers) === "{}",
  },
  {
    method: "mcpServer/elicitation/request",
    params: {
      threadId: "t1",
      turnId: "u1",
      serverName: "s",
      environmentId: null,
      mode: "form",
      message: "?",
      requestedSchema: { type: "object", properties: {} },
    },
    answer: (r) => (r.result as { action?: unknown })?.action === "decline",
  },
  {
    method: "item/tool/call",
    params: { threadId: "t1", turnId: "u1", callId: "c1", tool: "deploy", arguments: {} },
    answer: (r) => (r.result as { success?: unknown })?.success === false,
  },
  {
    method: "account/chatgptAuthTokens/refresh",
    params: { reason: "unauthorized", previousAccountId: null },
    answer: (r) => r.error !== undefined,
  },
];

test("scripted: for every kind of server request, a throwing handler still gets exactly one safe answer back", async () => {
  const throwing = Object.fromEntries(SERVER_REQUESTS.map(({ method }) => [method, () => {
    throw new Error(`handler of ${method} broke`);
  }])) as ApprovalsOption;
  // Scripted: most server requests (user input, elicitation, dynamic tools, token refresh, …) cannot be made to come from the binary offline.
  const fake = await fakeCodex({ approvals: throwing });
  const { codex, server } = fake;
  await startFakeTurn(fake, "t1", "u1");
  for (const [i, { method, params }] of SERVER_REQUESTS.entries()) {
    await server.send({ id: 100 + i, method, params });
  }
  const replies: Message[] = [];
  while (replies.length < SERVER_REQUESTS.length) {
    replies.push(
      await deadline(
        server.nextMessage(),
        2000,
        `answers (got ${replies.length} of ${SERVER_REQUESTS.length})`,
      ),
    );
  }
  for (const [i, { method, answer }] of SERVER_REQUESTS.entries()) {
    const reply = replies.find((r) => r.id === 100 + i);
    assert.ok(reply, `${method}: answered`);
    assert.ok(answer(reply), `${method}: safe answer, got ${JSON.stringify(reply)}`);
  }
  // A request of ours after the answers: the connection is in order, so a second answer to any
  // of them would have reached the server before this request does.
  codex.client.request("model/list", {}).catch(() => {});
  await server.nextRequest("model/list");
  assert.equal(
    server.received.filter((m) => typeof m.id === "number" && m.id >= 100).length,
    SERVER_REQUESTS.length,
    "one answer each",
  );
  await codex.close();
});
