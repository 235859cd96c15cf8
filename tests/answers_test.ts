// Unit tests of the answers to server requests (src/client/answers.ts): the exact safe default
// for every method, the accept-all answers, and the shape check of handler answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { JsonRpcError } from "../src/rpc/errors.ts";
import { acceptAnswer, answerProblem, safeAnswer } from "../src/client/answers.ts";
import { SERVER_REQUEST_METHODS } from "../src/protocol/generated/methods.ts";

const REFUSAL = "refused by the client's default policy (no handler for this request)";
const any = {} as never;

test("the safe answer of every approval and input request refuses or grants nothing", () => {
  assert.deepEqual(safeAnswer("item/commandExecution/requestApproval", any), { decision: "decline" });
  assert.deepEqual(safeAnswer("item/fileChange/requestApproval", any), { decision: "decline" });
  assert.deepEqual(safeAnswer("item/permissions/requestApproval", any), { permissions: {}, scope: "turn" });
  assert.deepEqual(safeAnswer("item/tool/requestUserInput", any), { answers: {} });
  assert.deepEqual(safeAnswer("mcpServer/elicitation/request", any), { action: "decline", content: null, _meta: null });
  assert.deepEqual(safeAnswer("applyPatchApproval", any), { decision: { denied: { rejection: REFUSAL } } });
  assert.deepEqual(safeAnswer("execCommandApproval", any), { decision: { denied: { rejection: REFUSAL } } });
});

test("the safe answer to a tool call is a failed call naming the tool", () => {
  assert.deepEqual(safeAnswer("item/tool/call", { tool: "lookup" } as never), {
    success: false,
    contentItems: [{ type: "inputText", text: `tool lookup: ${REFUSAL}` }],
  });
});

test("token and attestation requests are answered with a JSON-RPC error", () => {
  for (const method of ["account/chatgptAuthTokens/refresh", "attestation/generate"] as const) {
    assert.throws(
      () => safeAnswer(method, any),
      (e: JsonRpcError) => e instanceof JsonRpcError && e.rpcCode === -32603 && e.message.includes(`${method}: ${REFUSAL}`),
    );
  }
});

test("every server request method of the protocol has a safe answer (or a refusal), and it passes the shape check", () => {
  for (const method of SERVER_REQUEST_METHODS) {
    let answer: unknown;
    try {
      answer = safeAnswer(method, { tool: "t" } as never);
    } catch (error) {
      assert.ok(error instanceof JsonRpcError, `${method}: ${error}`);
      continue;
    }
    assert.equal(answerProblem(method, answer), null, `${method}: ${JSON.stringify(answer)}`);
  }
});

test("accept-all accepts approvals, grants exactly the requested permissions, and keeps the safe answer elsewhere", () => {
  assert.deepEqual(acceptAnswer("item/commandExecution/requestApproval", any), { decision: "accept" });
  assert.deepEqual(acceptAnswer("item/fileChange/requestApproval", any), { decision: "accept" });
  assert.deepEqual(acceptAnswer("applyPatchApproval", any), { decision: "approved" });
  assert.deepEqual(acceptAnswer("execCommandApproval", any), { decision: "approved" });
  const network = { enabled: true };
  assert.deepEqual(
    acceptAnswer("item/permissions/requestApproval", { permissions: { network } } as never),
    { permissions: { network }, scope: "turn" },
  );
  assert.deepEqual(acceptAnswer("item/tool/requestUserInput", any), { answers: {} });
});

test("the shape check names what a handler got wrong", () => {
  const method = "item/commandExecution/requestApproval";
  assert.equal(answerProblem(method, "accept"), "expected an object, got string");
  assert.equal(answerProblem(method, null), "expected an object, got null");
  assert.equal(answerProblem(method, []), "expected an object, got an array");
  assert.equal(answerProblem(method, {}), 'missing field "decision"');
  assert.equal(
    answerProblem(method, { decision: "yes" }),
    'decision "yes" is not one of "accept", "acceptForSession", "decline", "cancel"',
  );
  assert.equal(answerProblem(method, { decision: 1 }), "decision must be a string or an object, got number");
  assert.equal(answerProblem(method, { decision: "accept" }), null);
  assert.equal(answerProblem("item/tool/call", { success: true }), 'missing field "contentItems"');
});
