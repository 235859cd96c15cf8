// The typed answer helpers, on the real binary. Each request is made by the scripted model:
// - item/tool/requestUserInput: the model's request_user_input tool (0.169.0 offers it outside
//   Plan mode with the feature default_mode_request_user_input);
// - item/permissions/requestApproval: the model's request_permissions tool (feature
//   request_permissions_tool, approval_policy on-request);
// - mcpServer/elicitation/request: the model calls a tool of a tiny MCP server
//   (tests/_support/mcp_elicitation_server.mjs, run with `node`) that asks with
//   elicitation/create; approval_policy on-request (under "never" the binary declines by itself).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  acceptElicitation,
  type ApprovalsOption,
  answerUserInput,
  cancelElicitation,
  declineElicitation,
  grantPermissions,
  type ServerRequestEvent,
  type TurnEvent,
} from "../mod.ts";
import { functionCallOutputs, type MockModelOptions, type MockRequest } from "../testing.ts";
import { harness } from "./_support/harness.ts";

const MCP_SERVER = fileURLToPath(new URL("./_support/mcp_elicitation_server.mjs", import.meta.url));

function outputOf(requests: readonly MockRequest[], callId: string): string {
  for (const request of requests) {
    const found = functionCallOutputs(request).find((o) => o.callId === callId);
    if (found) return found.output;
  }
  return "";
}

/** Runs one turn in which the model makes one tool call; returns the handled events and what the model got back. */
async function oneCall(
  mock: MockModelOptions,
  approvals: ApprovalsOption,
  call: { name: string; namespace?: string; args?: Record<string, never> | object },
) {
  await using h = await harness({ mock, codex: { approvals } });
  const thread = await h.codex.threadStart({ cwd: "/tmp" });
  h.mock.queueToolCall({ name: call.name, namespace: call.namespace }, (call.args ?? {}) as Record<string, never>, { callId: "c1" });
  h.mock.queueText("done");
  const turn = await thread.turn("go");
  const events: TurnEvent[] = [];
  for await (const event of turn.stream()) events.push(event);
  const handled = events.filter((e): e is ServerRequestEvent => e.method === "serverRequest/handled");
  return { handled, output: outputOf(h.mock.requests, "c1"), status: (await turn.result).status };
}

const USER_INPUT: MockModelOptions = { config: { features: { default_mode_request_user_input: true } } };
const QUESTIONS = {
  questions: [
    { id: "color", header: "Color", question: "Which color?", options: [{ label: "Blue", description: "calm" }, { label: "Red", description: "bold" }] },
    { id: "size", header: "Size", question: "How big?", options: [{ label: "S", description: "small" }, { label: "L", description: "large" }] },
  ],
};

test("answerUserInput answers the agent's questions by id; the model gets the answers", async () => {
  const { handled, output } = await oneCall(USER_INPUT, {
    "item/tool/requestUserInput": (params) => answerUserInput(params, { color: "Blue", size: ["L"] }),
  }, { name: "request_user_input", args: QUESTIONS });
  assert.equal(handled[0]?.params.outcome, "answered");
  assert.deepEqual(JSON.parse(output), { answers: { color: { answers: ["Blue"] }, size: { answers: ["L"] } } });
});

test("answerUserInput with an id no question has throws: the safe answer (no answers) is sent and the error shown", async () => {
  const { handled, output, status } = await oneCall(USER_INPUT, {
    "item/tool/requestUserInput": (params) => answerUserInput(params, { colour: "Blue" }),
  }, { name: "request_user_input", args: QUESTIONS });
  assert.equal(status, "completed");
  assert.equal(handled[0]?.params.outcome, "handlerFailed");
  assert.match(handled[0]?.params.error ?? "", /answers\.colour: no question has this id; the questions are "color", "size"/);
  assert.deepEqual(JSON.parse(output), { answers: {} });
});

test("answerUserInput refuses a value that is not an option when the question allows no other answer", () => {
  const params = {
    threadId: "t", turnId: "u", itemId: "i", isBlocking: true, autoResolutionMs: null,
    questions: [{ id: "size", header: "Size", question: "?", isOther: false, isSecret: false, options: [{ label: "S", description: "" }] }],
  };
  assert.throws(() => answerUserInput(params, { size: "XL" }), /"XL" is not an option of "Size"; choose one of "S"/);
});

const PERMISSIONS: MockModelOptions = { approvalPolicy: "on-request", config: { features: { request_permissions_tool: true } } };
const ASK_PERMISSIONS = {
  reason: "write the report",
  permissions: { network: { enabled: true }, file_system: { write: ["/tmp/report", "/tmp/cache"] } },
};

test("grantPermissions grants a subset for the session: the agent gets only that", async () => {
  const { handled, output } = await oneCall(PERMISSIONS, {
    "item/permissions/requestApproval": (params) => grantPermissions(params, { write: ["/tmp/report"] }, { scope: "session" }),
  }, { name: "request_permissions", args: ASK_PERMISSIONS });
  assert.equal(handled[0]?.params.outcome, "answered");
  assert.deepEqual(JSON.parse(output), { permissions: { network: null, file_system: { write: ["/tmp/report"] } }, scope: "session" });
});

test("grantPermissions() with no grant gives everything requested, for the turn", async () => {
  const { output } = await oneCall(PERMISSIONS, {
    "item/permissions/requestApproval": (params) => grantPermissions(params),
  }, { name: "request_permissions", args: ASK_PERMISSIONS });
  const granted = JSON.parse(output);
  assert.equal(granted.scope, "turn");
  assert.deepEqual(granted.permissions.network, { enabled: true });
  assert.deepEqual(granted.permissions.file_system.write, ["/tmp/report", "/tmp/cache"]);
});

test("grantPermissions beyond the request throws: nothing is granted (the safe answer)", async () => {
  const { handled, output } = await oneCall(PERMISSIONS, {
    "item/permissions/requestApproval": (params) => grantPermissions(params, { write: ["/etc"] }),
  }, { name: "request_permissions", args: ASK_PERMISSIONS });
  assert.equal(handled[0]?.params.outcome, "handlerFailed");
  assert.match(handled[0]?.params.error ?? "", /"\/etc" was not requested for write access/);
  assert.deepEqual(JSON.parse(output).permissions, { network: null, file_system: null });
});

const ELICITATION: MockModelOptions = {
  approvalPolicy: "on-request",
  config: { mcp_servers: { forms: { command: "node", args: [MCP_SERVER], default_tools_approval_mode: "approve" } } },
};
const SIGNUP = { name: "signup", namespace: "mcp__forms" };
const AUTHORIZE = { name: "authorize", namespace: "mcp__forms" };

/** What the MCP server received as the answer to its elicitation (its tool returns it). */
function mcpGot(output: string): unknown {
  const parts = JSON.parse(output) as { text: string }[];
  return JSON.parse(parts.at(-1)!.text);
}

test("acceptElicitation sends form content that fits the requested schema to the MCP server", async () => {
  const { handled, output } = await oneCall(ELICITATION, {
    "mcpServer/elicitation/request": (params) => acceptElicitation(params, { email: "me@example.com", frequency: "weekly" }),
  }, SIGNUP);
  assert.equal(handled[0]?.params.outcome, "answered");
  assert.deepEqual(mcpGot(output), { action: "accept", content: { email: "me@example.com", frequency: "weekly" } });
});

test("acceptElicitation with content that does not fit the form throws naming the fields: the safe decline is sent", async () => {
  const { handled, output } = await oneCall(ELICITATION, {
    "mcpServer/elicitation/request": (params) => acceptElicitation(params, { frequency: "hourly", age: 9 }),
  }, SIGNUP);
  assert.equal(handled[0]?.params.outcome, "handlerFailed");
  const error = handled[0]?.params.error ?? "";
  assert.match(error, /email: required, missing/);
  assert.match(error, /frequency: must be one of "daily", "weekly"/);
  assert.match(error, /age: must be ≥ 13/);
  assert.deepEqual(mcpGot(output), { action: "decline" });
});

test("a URL elicitation: acceptElicitation(params) accepts with no content; declineElicitation declines", async () => {
  const accepted = await oneCall(ELICITATION, {
    "mcpServer/elicitation/request": (params) => {
      assert.equal(params.mode, "url");
      return acceptElicitation(params);
    },
  }, AUTHORIZE);
  assert.deepEqual(accepted.handled[0]?.params.response, { action: "accept", content: null, _meta: null });
  assert.equal((mcpGot(accepted.output) as { action: string }).action, "accept");

  const declined = await oneCall(ELICITATION, { "mcpServer/elicitation/request": () => declineElicitation() }, AUTHORIZE);
  assert.deepEqual(mcpGot(declined.output), { action: "decline" });
});

test("cancelElicitation cancels a form", async () => {
  const { output } = await oneCall(ELICITATION, { "mcpServer/elicitation/request": () => cancelElicitation() }, SIGNUP);
  assert.deepEqual(mcpGot(output), { action: "cancel" });
});

test("with no handler an elicitation is still declined (the safe default is unchanged)", async () => {
  const { handled, output } = await oneCall(ELICITATION, {}, SIGNUP);
  assert.equal(handled[0]?.params.outcome, "default");
  assert.deepEqual(mcpGot(output), { action: "decline" });
});
