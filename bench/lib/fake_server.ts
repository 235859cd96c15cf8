/**
 * A bench-only fake app-server over an in-memory stream pair, for the scenarios that push
 * recorded or generated notifications (throughput, memory, latency). It answers `initialize`,
 * `thread/start` and `turn/start` with responses recorded from codex 0.169.0 (ids replaced),
 * so the SDK runs its real handshake, its real `thread.turn()` and its default validation on
 * them; the bench then writes notification bytes for that turn into the stream, exactly as
 * bytes from a pipe, and reads `turn.stream()`.
 *
 * The SDK side is the full path: `streamConnection` (LineSplitter) → `JsonRpcPeer` (JSON.parse)
 * → `CodexClient` (validation) → `TurnRouter` → `TurnHandle` (AsyncQueue) → the consumer.
 * @module
 */

import type * as Sdk from "../../mod.ts";
import type * as Rpc from "../../rpc.ts";
import { BENCH_THREAD_ID } from "./notifications.ts";

/** The bench's turn id for in-memory scenarios. */
export const BENCH_TURN_ID = "01a20fa4-3d88-73a2-82fc-3db525ad78d8";

const INITIALIZE_RESULT = {
  userAgent: "bench_fake/0.169.0 (Debian 12.0.0; x86_64) xterm (x; 0)",
  codexHome: "/tmp/bench-fake-codex-home",
  platformFamily: "unix",
  platformOs: "linux",
};

function threadStartResult(threadId: string) {
  return {
    thread: {
      id: threadId,
      environments: [{
        environmentId: "local",
        cwd: "/tmp/bench",
        runtimeWorkspaceRoots: ["/tmp/bench"],
      }],
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
      path: `/tmp/bench-fake-codex-home/sessions/rollout-${threadId}.jsonl`,
      cwd: "/tmp/bench",
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
    cwd: "/tmp/bench",
    runtimeWorkspaceRoots: ["/tmp/bench"],
    instructionSources: [],
    approvalPolicy: "never",
    approvalsReviewer: "user",
    sandbox: { type: "readOnly", networkAccess: false },
    activePermissionProfile: null,
    reasoningEffort: null,
    multiAgentMode: "explicitRequestOnly",
  };
}

function turnStartResult(turnId: string) {
  return {
    turn: {
      id: turnId,
      rootTurnId: turnId,
      items: [],
      itemsView: "notLoaded",
      status: "inProgress",
      error: null,
      startedAt: null,
      completedAt: null,
      durationMs: null,
    },
  };
}

/** A `Codex` connected to the fake server, with one turn started. */
export interface FakeSession {
  codex: Sdk.Codex;
  turn: Sdk.TurnHandle;
  /** Writes bytes to the client, as the server's stdout would; resolves once the client took them. */
  write(chunk: Uint8Array): Promise<void>;
  /** Faults the SDK reported (garbage, failed validation): must stay 0 for a valid stream. */
  faults(): string[];
  close(): Promise<void>;
}

/** Opens a `Codex` over an in-memory connection to the fake server and starts one turn. */
export async function fakeSession(
  sdk: typeof Sdk,
  rpc: typeof Rpc,
  options: { validation?: "off" | "boundary" | "strict"; turnId?: string } = {},
): Promise<FakeSession> {
  const turnId = options.turnId ?? BENCH_TURN_ID;
  const toClient = new TransformStream<Uint8Array, Uint8Array>();
  const toServer = new TransformStream<Uint8Array, Uint8Array>();
  const writer = toClient.writable.getWriter();
  const encoder = new TextEncoder();
  const reply = (id: unknown, result: unknown) =>
    writer.write(encoder.encode(JSON.stringify({ id, result }) + "\n"));

  (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of toServer.readable) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n")) !== -1) {
        const message = JSON.parse(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (message.id === undefined) continue; // `initialized`
        if (message.method === "initialize") reply(message.id, INITIALIZE_RESULT);
        else if (message.method === "thread/start") {
          reply(message.id, threadStartResult(BENCH_THREAD_ID));
        } else if (message.method === "turn/start") reply(message.id, turnStartResult(turnId));
        else {
          writer.write(
            encoder.encode(
              JSON.stringify({ id: message.id, error: { code: -32600, message: "fake" } }) + "\n",
            ),
          );
        }
      }
    }
  })().catch(() => {});

  const faults: string[] = [];
  const codex = await sdk.Codex.fromConnection(
    rpc.streamConnection(toClient.readable, toServer.writable),
    {
      validation: options.validation,
      logger: { warn: (message) => faults.push(message) },
    },
  );
  const thread = await codex.threadStart({ cwd: "/tmp/bench" });
  if (thread.id !== BENCH_THREAD_ID) {
    throw new Error(`fake server: unexpected thread id ${thread.id}`);
  }
  const turn = await thread.turn("bench");
  return {
    codex,
    turn,
    write: (chunk) => writer.write(chunk),
    faults: () => faults,
    close: async () => {
      await codex.close();
      await writer.close().catch(() => {});
    },
  };
}
