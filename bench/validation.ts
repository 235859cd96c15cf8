/**
 * What runtime validation of incoming notifications costs on the hot path.
 *
 * Builds 200k realistic server notifications as JSONL (agent-message, reasoning and command
 * output deltas ~85%, item started/completed, token usage, rate limits, turn and status
 * changes; shapes as codex 0.169.0 sends them), then times, per round:
 *   parse:    split on "\n" + JSON.parse
 *   validate: the same + validateNotification(method, params) from src/generated/validators.ts
 *   route:    the same + routeOf(method, params) from src/generated/routing.ts
 * and prints messages/second and the overhead over `parse`.
 *
 *   deno run -A bench/validation.ts
 *   bun bench/validation.ts
 *   node: bun build bench/validation.ts --target=node --outfile=/tmp/validation.mjs && node /tmp/validation.mjs
 *
 * Optional argument: the number of messages (default 200000).
 */

import { validateNotification } from "../src/generated/validators.ts";
import { routeOf } from "../src/generated/routing.ts";

declare const Deno: { args: string[] } | undefined;
declare const process: { argv: string[] } | undefined;
const args: string[] = typeof Deno !== "undefined"
  ? Deno.args
  : typeof process !== "undefined"
  ? process.argv.slice(2)
  : [];
const COUNT = Number(args[0] ?? 200_000);
const ROUNDS = 7;

/** Deterministic PRNG (mulberry32), so every runtime measures the same bytes. */
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

function buildJsonl(count: number): string {
  const rand = prng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const text = (words: number) => Array.from({ length: words }, () => pick(WORDS)).join(" ");
  const threadId = "01a20f92-af39-7743-b1cf-203b404b5ff8";
  let turn = 0;
  let turnId = "";
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

  while (lines.length < count) {
    // One turn: started, a command with streamed output, reasoning, a streamed answer, usage.
    turn++;
    turnId = `01a20f92-af5b-7f82-b89c-${String(turn).padStart(12, "0")}`;
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
    push("thread/status/changed", { threadId, status: { type: "active", activeFlags: [] } });
    push("turn/started", { threadId, turn: turnObj("inProgress") });
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
    push("thread/status/changed", { threadId, status: { type: "idle" } });
    push("turn/completed", { threadId, turn: turnObj("completed") });
  }
  return lines.slice(0, count).join("\n") + "\n";
}

type Mode = "parse" | "validate" | "route";

function round(jsonl: string, mode: Mode): { ms: number; sink: number } {
  const start = performance.now();
  let sink = 0;
  const lines = jsonl.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === "") continue;
    const msg = JSON.parse(line);
    sink += msg.method.length;
    if (mode !== "parse") {
      const issue = validateNotification(msg.method, msg.params);
      if (issue !== null) throw new Error(`${msg.method}: ${issue.path}: ${issue.message}`);
      if (mode === "route") sink += routeOf(msg.method, msg.params).turnId?.length ?? 0;
    }
  }
  return { ms: performance.now() - start, sink };
}

const runtime = typeof Deno !== "undefined"
  ? "deno"
  : (globalThis as { Bun?: unknown }).Bun
  ? "bun"
  : "node";
const jsonl = buildJsonl(COUNT);
const counts = new Map<string, number>();
for (const line of jsonl.split("\n")) {
  if (line) counts.set(JSON.parse(line).method, (counts.get(JSON.parse(line).method) ?? 0) + 1);
}
const deltas = [...counts].filter(([m]) => /delta$/i.test(m)).reduce((a, [, n]) => a + n, 0);
console.log(
  `${runtime}: ${COUNT} notifications, ${(jsonl.length / 1e6).toFixed(1)} MB, ` +
    `${((deltas / COUNT) * 100).toFixed(1)}% deltas`,
);

const modes: Mode[] = ["parse", "validate", "route"];
const times: Record<Mode, number[]> = { parse: [], validate: [], route: [] };
for (const mode of modes) round(jsonl, mode); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (const mode of modes) times[mode].push(round(jsonl, mode).ms); // interleaved
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times.parse);
for (const mode of modes) {
  const ms = median(times[mode]);
  console.log(
    `  ${mode.padEnd(9)} ${ms.toFixed(1).padStart(7)} ms  ${
      (COUNT / ms / 1000).toFixed(2)
    } M msg/s` +
      (mode === "parse" ? "" : `  overhead ${(((ms - base) / base) * 100).toFixed(1)}%`),
  );
}
