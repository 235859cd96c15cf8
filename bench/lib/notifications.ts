/**
 * Realistic server notifications, as codex 0.169.0 sends them (shapes copied from the wire):
 * agent-message, reasoning and command-output deltas (~85%), item started/completed, token
 * usage, rate limits, thread status and turn start/completion. Deterministic (seeded PRNG), so
 * every runtime measures the same bytes.
 *
 * Two layouts:
 * - `buildNotificationLines(count)`: many short turns, each from `turn/started` to
 *   `turn/completed` (what `bench/validation.ts` measures);
 * - `buildNotificationLines(count, { turnId })`: ONE long turn with that id — the same mix of
 *   steps, but a single `turn/started` at the start and a single `turn/completed` as the last
 *   line, so a consumer of that turn's `stream()` sees all of it end to end.
 *
 * @module
 */

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ("the parser reads each line and returns a token stream so that the checker can " +
  "walk it once; tests cover empty input, unicode, and very long lines. ").split(" ");

/** The thread id every generated notification carries. */
export const BENCH_THREAD_ID = "01a20f92-af39-7743-b1cf-203b404b5ff8";

/** The bench's turn id for in-memory scenarios. */
export const BENCH_TURN_ID = "01a20fa4-3d88-73a2-82fc-3db525ad78d8";

/** Options of {@link buildNotificationLines}. */
export interface NotificationOptions {
  /** One long turn with this id instead of many short ones. */
  turnId?: string;
  /** The thread id (default {@link BENCH_THREAD_ID}). */
  threadId?: string;
}

/** `count` notification lines (JSON texts, no newline), in wire order. */
export function buildNotificationLines(count: number, options: NotificationOptions = {}): string[] {
  const rand = prng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const text = (words: number) => Array.from({ length: words }, () => pick(WORDS)).join(" ");
  const threadId = options.threadId ?? BENCH_THREAD_ID;
  const single = options.turnId;
  let turn = 0;
  let turnId = single ?? "";
  let now = 1795557601000;
  const lines: string[] = [];
  const push = (method: string, params: unknown) =>
    lines.push(JSON.stringify({ method, params, emittedAtMs: now++ }));
  const usage = () => ({
    totalTokens: 1500 + turn,
    inputTokens: 1000 + turn,
    cachedInputTokens: 512,
    cacheWriteInputTokens: 0,
    outputTokens: 500,
    reasoningOutputTokens: 64,
  });
  const agentMessage = (id: string, body: string, done: boolean) => ({
    type: "agentMessage",
    moderation: null,
    id,
    text: body,
    phase: done ? "final_answer" : null,
    memoryCitation: null,
    delivery: null,
    questions: null,
    startedAtMs: now - 50,
    completedAtMs: done ? now : null,
  });
  const command = (id: string, done: boolean) => ({
    type: "commandExecution",
    id,
    pluginId: null,
    scriptPath: null,
    command: "/bin/bash -lc 'cargo test --quiet'",
    cwd: "/home/user/project",
    processId: done ? "7976" : null,
    source: "agent",
    status: done ? "completed" : "inProgress",
    commandActions: [{ type: "unknown", command: "cargo test --quiet" }],
    aggregatedOutput: done ? text(40) : null,
    exitCode: done ? 0 : null,
    durationMs: done ? 812 : null,
    startedAtMs: now - 900,
    completedAtMs: done ? now : null,
  });
  const turnObj = (status: string) => ({
    id: turnId,
    rootTurnId: turnId,
    items: [],
    itemsView: "notLoaded",
    status,
    error: null,
    startedAt: 1795557601,
    completedAt: status === "completed" ? 1795557609 : null,
    durationMs: status === "completed" ? 8000 : null,
  });
  const limit = single ? count - 2 : count; // single turn: room for the closing status + turn/completed

  if (single) {
    push("thread/status/changed", { threadId, status: { type: "active", activeFlags: [] } });
    push("turn/started", { threadId, turn: turnObj("inProgress") });
  }
  while (lines.length < limit) {
    // One step: a command with streamed output, reasoning, a streamed answer, usage.
    turn++;
    if (!single) {
      turnId = `01a20f92-af5b-7f82-b89c-${String(turn).padStart(12, "0")}`;
      push("thread/status/changed", { threadId, status: { type: "active", activeFlags: [] } });
      push("turn/started", { threadId, turn: turnObj("inProgress") });
    }
    const base = { threadId, turnId };
    const cmdId = `call_${turn}`;
    push("item/started", { item: command(cmdId, false), ...base, startedAtMs: now });
    for (let i = 0; i < 8; i++) {
      push("item/commandExecution/outputDelta", { ...base, itemId: cmdId, delta: text(6) + "\n" });
    }
    push("item/completed", {
      item: command(cmdId, true),
      ...base,
      contentTokenCount: null,
      completedAtMs: now,
    });
    for (let i = 0; i < 8; i++) {
      push("item/reasoning/summaryTextDelta", {
        ...base,
        itemId: `rs_${turn}`,
        delta: text(2),
        summaryIndex: 0,
      });
    }
    const msgId = `msg_${turn}`;
    push("item/started", { item: agentMessage(msgId, "", false), ...base, startedAtMs: now });
    const deltas = 30 + Math.floor(rand() * 30);
    let answer = "";
    for (let i = 0; i < deltas; i++) {
      const delta = (rand() < 0.5 ? " " : "") + pick(WORDS);
      answer += delta;
      push("item/agentMessage/delta", { ...base, itemId: msgId, delta });
    }
    push("item/completed", {
      item: agentMessage(msgId, answer, true),
      ...base,
      contentTokenCount: null,
      completedAtMs: now,
    });
    push("thread/tokenUsage/updated", {
      ...base,
      tokenUsage: { total: usage(), last: usage(), modelContextWindow: 258400 },
    });
    push("account/rateLimits/updated", {
      rateLimits: {
        limitId: "codex",
        limitName: null,
        normalModelSlug: null,
        primary: { usedPercent: 12, windowDurationMins: 300, resetsAt: 1795560000 },
        secondary: null,
        credits: null,
        individualLimit: null,
        spendControlReached: null,
        planType: null,
        rateLimitReachedType: null,
      },
    });
    if (!single) {
      push("thread/status/changed", { threadId, status: { type: "idle" } });
      push("turn/completed", { threadId, turn: turnObj("completed") });
    }
  }
  lines.length = limit;
  if (single) {
    push("thread/status/changed", { threadId, status: { type: "idle" } });
    push("turn/completed", { threadId, turn: turnObj("completed") });
  }
  return lines;
}

/** The same as one JSONL text (every line ends with `\n`). */
export function buildJsonl(count: number, options: NotificationOptions = {}): string {
  return buildNotificationLines(count, options).join("\n") + "\n";
}

/**
 * One `item/agentMessage/delta` line for `turnId` (for the memory and latency scenarios, which
 * make them on the fly instead of holding them all).
 */
export function deltaLine(
  threadId: string,
  turnId: string,
  itemId: string,
  delta: string,
  emittedAtMs: number,
): string {
  return JSON.stringify({
    method: "item/agentMessage/delta",
    params: { threadId, turnId, itemId, delta },
    emittedAtMs,
  });
}

/** Cuts `text` into chunks of `size` bytes (cutting lines and characters anywhere, as a pipe does). */
export function chunkBytes(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    chunks.push(bytes.subarray(i, Math.min(bytes.length, i + size)));
  }
  return chunks;
}

/** The `turn/completed` line that ends the in-memory scenarios' turn. */
export function turnCompletedLine(threadId: string, turnId: string): string {
  return JSON.stringify({
    method: "turn/completed",
    params: {
      threadId,
      turn: {
        id: turnId,
        rootTurnId: turnId,
        items: [],
        itemsView: "notLoaded",
        status: "completed",
        error: null,
        startedAt: 1795557601,
        completedAt: 1795557609,
        durationMs: 8000,
      },
    },
    emittedAtMs: 1795557609000,
  });
}
