/**
 * What runtime validation of incoming notifications costs on the hot path.
 *
 * Builds 200k realistic server notifications as JSONL (agent-message, reasoning and command
 * output deltas ~85%, item started/completed, token usage, rate limits, turn and status
 * changes; shapes as codex 0.169.0 sends them; the generator is bench/lib/notifications.ts,
 * shared with bench/main.ts), then times, per round:
 *   parse:    split on "\n" + JSON.parse
 *   validate: the same + validateNotification(method, params) from src/protocol/generated/validators.ts
 *   route:    the same + routeOf(method, params) from src/protocol/generated/routing.ts
 * and prints messages/second and the overhead over `parse`.
 *
 *   deno run -A bench/validation.ts
 *   bun bench/validation.ts
 *   node: bun build bench/validation.ts --target=node --outfile=/tmp/validation.mjs && node /tmp/validation.mjs
 *
 * Optional argument: the number of messages (default 200000).
 */

import { validateNotification } from "../src/protocol/generated/validators.ts";
import { routeOf } from "../src/protocol/generated/routing.ts";
import { buildJsonl } from "./lib/notifications.ts";

declare const Deno: { args: string[] } | undefined;
declare const process: { argv: string[] } | undefined;
const args: string[] = typeof Deno !== "undefined"
  ? Deno.args
  : typeof process !== "undefined"
  ? process.argv.slice(2)
  : [];
const COUNT = Number(args[0] ?? 200_000);
const ROUNDS = 7;

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
