/**
 * Messages as codex 0.169.0 sends them (recorded, ids replaced), for the scripted fake
 * app-server: the handshake's answer, a started thread, turns, agent messages and deltas.
 * Shared by the tests and the benchmarks.
 * @module
 */

/** The `initialize` result. */
export const INITIALIZE_RESULT = {
  userAgent: "fake_app_server/0.169.0 (Debian 12.0.0; x86_64) xterm (x; 0)",
  codexHome: "/nonexistent/codex-home",
  platformFamily: "unix",
  platformOs: "linux",
};

/** A turn's status on the wire. */
export type WireTurnStatus = "inProgress" | "completed" | "failed" | "interrupted";

/** A `Turn` record as sent in `turn/start`'s answer and in `turn/completed`. */
export function wireTurn(id: string, status: WireTurnStatus = "inProgress") {
  const done = status !== "inProgress";
  return {
    id,
    rootTurnId: id,
    items: [],
    itemsView: "notLoaded",
    status,
    error: null,
    startedAt: 1_700_000_000,
    completedAt: done ? 1_700_000_001 : null,
    durationMs: done ? 1000 : null,
  };
}

/** The `thread/start` result for a new, empty thread in `cwd`. */
export function threadStartResult(threadId: string, cwd = "/tmp/fake") {
  return {
    thread: {
      id: threadId,
      environments: [{ environmentId: "local", cwd, runtimeWorkspaceRoots: [cwd] }],
      extra: null,
      sessionId: threadId,
      forkedFromId: null,
      attachedToThreadId: null,
      parentThreadId: null,
      preview: "",
      ephemeral: false,
      section: null,
      sectionEnteredAt: null,
      projectId: null,
      historyMode: "paginated",
      modelProvider: "mock",
      model: "mock-model",
      reasoningEffort: null,
      createdAt: 1795558751,
      updatedAt: 1795558751,
      recencyAt: 1795558751,
      status: { type: "idle" },
      path: `/nonexistent/codex-home/sessions/rollout-${threadId}.jsonl`,
      cwd,
      cliVersion: "0.169.0",
      originator: "codex_sdk_ts",
      source: "vscode",
      canAcceptDirectInput: true,
      threadSource: null,
      agentNickname: null,
      agentRole: null,
      gitInfo: null,
      name: null,
      daybreakEnabled: null,
      turns: [],
    },
    model: "mock-model",
    modelProvider: "mock",
    serviceTier: null,
    disabledPluginIds: [],
    cwd,
    runtimeWorkspaceRoots: [cwd],
    instructionSources: [],
    approvalPolicy: "never",
    approvalsReviewer: "user",
    sandbox: { type: "readOnly", networkAccess: false },
    activePermissionProfile: null,
    reasoningEffort: null,
    multiAgentMode: "explicitRequestOnly",
  };
}

/** A finished agent message as sent in `item/completed`. */
export function agentMessageCompleted(threadId: string, turnId: string, text: string) {
  return {
    method: "item/completed",
    params: {
      threadId,
      turnId,
      completedAtMs: 1_700_000_000_500,
      item: {
        type: "agentMessage",
        id: `msg_${turnId}`,
        text,
        phase: null,
        memoryCitation: null,
        startedAtMs: 1_700_000_000_400,
        completedAtMs: 1_700_000_000_500,
      },
    },
  };
}

/** A delta of an agent message. */
export function agentDelta(threadId: string, turnId: string, delta: string) {
  return {
    method: "item/agentMessage/delta",
    params: { threadId, turnId, itemId: `msg_${turnId}`, delta },
  };
}

/** `turn/completed` for a turn. */
export function turnCompleted(threadId: string, turnId: string) {
  return { method: "turn/completed", params: { threadId, turn: wireTurn(turnId, "completed") } };
}
