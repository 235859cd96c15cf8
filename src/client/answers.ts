/**
 * Answers to the app-server's requests: the safe default for every method, the explicit
 * `"accept-all"` opt-in, and a shape check of what a handler returns.
 *
 * | method | safe default answer |
 * |---|---|
 * | `item/commandExecution/requestApproval` | `{ decision: "decline" }` (the turn goes on without running it) |
 * | `item/fileChange/requestApproval` | `{ decision: "decline" }` |
 * | `item/permissions/requestApproval` | `{ permissions: {}, scope: "turn" }` (nothing granted) |
 * | `item/tool/requestUserInput` | `{ answers: {} }` (no answers) |
 * | `mcpServer/elicitation/request` | `{ action: "decline", content: null, _meta: null }` |
 * | `item/tool/call` | `{ success: false, contentItems: [a text saying no handler] }` |
 * | `applyPatchApproval`, `execCommandApproval` (legacy) | `{ decision: { denied: … } }` |
 * | `account/chatgptAuthTokens/refresh`, `attestation/generate` | an error answer (this client has no tokens to give) |
 *
 * `"accept-all"` accepts command and file-change approvals, grants requested permissions and
 * approves legacy approvals; everything else keeps its safe answer. **It lets the agent run any
 * command it proposes, outside the sandbox: use it only in a throwaway environment.**
 *
 * @example
 * ```ts
 * import { safeAnswer } from "@codex/sdk/client";
 *
 * safeAnswer("item/fileChange/requestApproval", {} as never); // { decision: "decline" }
 * ```
 * @module
 */

import { JsonRpcError } from "../rpc/errors.ts";
import type { ServerRequestMap } from "../protocol/generated/methods.ts";
import type { ServerRequestMethod, ServerRequestParams, ServerRequestResponse } from "../protocol/messages.ts";

/** The reason given wherever a safe default refuses. */
const REFUSAL = "refused by the client's default policy (no handler for this request)";

type Answerers = { [M in ServerRequestMethod]: (params: ServerRequestParams<M>) => ServerRequestResponse<M> };

function refuse(method: string): never {
  throw new JsonRpcError({ code: -32603, message: `${method}: ${REFUSAL}` });
}

const SAFE: Answerers = {
  "item/commandExecution/requestApproval": () => ({ decision: "decline" }),
  "item/fileChange/requestApproval": () => ({ decision: "decline" }),
  "item/permissions/requestApproval": () => ({ permissions: {}, scope: "turn" }),
  "item/tool/requestUserInput": () => ({ answers: {} }),
  "mcpServer/elicitation/request": () => ({ action: "decline", content: null, _meta: null }),
  "item/tool/call": (params) => ({
    success: false,
    contentItems: [{ type: "inputText", text: `tool ${params.tool}: ${REFUSAL}` }],
  }),
  "applyPatchApproval": () => ({ decision: { denied: { rejection: REFUSAL } } }),
  "execCommandApproval": () => ({ decision: { denied: { rejection: REFUSAL } } }),
  "account/chatgptAuthTokens/refresh": () => refuse("account/chatgptAuthTokens/refresh"),
  "attestation/generate": () => refuse("attestation/generate"),
};

const ACCEPT: Partial<Answerers> = {
  "item/commandExecution/requestApproval": () => ({ decision: "accept" }),
  "item/fileChange/requestApproval": () => ({ decision: "accept" }),
  "item/permissions/requestApproval": (params) => ({
    permissions: {
      ...(params.permissions.network ? { network: params.permissions.network } : {}),
      ...(params.permissions.fileSystem ? { fileSystem: params.permissions.fileSystem } : {}),
    },
    scope: "turn",
  }),
  "applyPatchApproval": () => ({ decision: "approved" }),
  "execCommandApproval": () => ({ decision: "approved" }),
};

/** The safe answer to server request `method` (throws a JSON-RPC error where refusing is the answer). */
export function safeAnswer<M extends ServerRequestMethod>(method: M, params: ServerRequestParams<M>): ServerRequestResponse<M> {
  const answer = SAFE[method] as ((p: ServerRequestParams<M>) => ServerRequestResponse<M>) | undefined;
  if (!answer) refuse(method);
  return answer(params);
}

/** The `"accept-all"` answer to `method` (the safe one where accepting does not apply). */
export function acceptAnswer<M extends ServerRequestMethod>(method: M, params: ServerRequestParams<M>): ServerRequestResponse<M> {
  const answer = ACCEPT[method] as ((p: ServerRequestParams<M>) => ServerRequestResponse<M>) | undefined;
  return answer ? answer(params) : safeAnswer(method, params);
}

const DECISIONS: Partial<Record<ServerRequestMethod, readonly string[]>> = {
  "item/commandExecution/requestApproval": ["accept", "acceptForSession", "decline", "cancel"],
  "item/fileChange/requestApproval": ["accept", "acceptForSession", "decline", "cancel"],
  "applyPatchApproval": ["approved", "approved_for_session", "approved_mcp_policy_amendment", "timed_out", "abort"],
  "execCommandApproval": ["approved", "approved_for_session", "approved_mcp_policy_amendment", "timed_out", "abort"],
};

const REQUIRED_FIELDS: { [M in keyof ServerRequestMap]: readonly string[] } = {
  "item/commandExecution/requestApproval": ["decision"],
  "item/fileChange/requestApproval": ["decision"],
  "item/permissions/requestApproval": ["permissions", "scope"],
  "item/tool/requestUserInput": ["answers"],
  "mcpServer/elicitation/request": ["action"],
  "item/tool/call": ["contentItems", "success"],
  "applyPatchApproval": ["decision"],
  "execCommandApproval": ["decision"],
  "account/chatgptAuthTokens/refresh": ["accessToken", "chatgptAccountId"],
  "attestation/generate": ["token"],
};

/**
 * Why `answer` is not a well-formed answer to `method`, or null when it is. Checks what a
 * mistaken handler gets wrong (not an object, a missing field, an unknown decision word); the
 * server checks the rest.
 */
export function answerProblem(method: ServerRequestMethod, answer: unknown): string | null {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) {
    return `expected an object, got ${answer === null ? "null" : Array.isArray(answer) ? "an array" : typeof answer}`;
  }
  const record = answer as Record<string, unknown>;
  for (const field of REQUIRED_FIELDS[method] ?? []) {
    if (!(field in record)) return `missing field "${field}"`;
  }
  const allowed = DECISIONS[method];
  const decision = record.decision;
  if (allowed && typeof decision === "string" && !allowed.includes(decision)) {
    return `decision ${JSON.stringify(decision)} is not one of ${allowed.map((d) => JSON.stringify(d)).join(", ")}`;
  }
  if (allowed && typeof decision !== "string" && (typeof decision !== "object" || decision === null)) {
    return `decision must be a string or an object, got ${decision === null ? "null" : typeof decision}`;
  }
  return null;
}
