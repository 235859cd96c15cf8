/**
 * Scenario 5, scale with concurrency (real codex): rounds of one turn on each of `level`
 * threads at once, by the SDK and by the bare driver (one app-server each), levels and
 * contenders interleaved.
 * @module
 */

import { BareClient } from "../lib/bare_driver.ts";
import { median, percentile } from "../lib/stats.ts";
import { cell, fmt, fmtCell } from "../format.ts";
import { type Cell, defineScenario, prompt, rotate, type RunnerContext } from "../scenario.ts";

type Who = "sdk" | "bare";

interface Params {
  levels: number[];
  reps: number;
}

interface Round {
  totalMs: number;
  turnMs: number[];
}

/** Rounds by contender and level. */
type Result = Record<Who, Record<string, Round[]>>;

/** `sdkTotal10`, `bareTurn50`, `sdkTurnP95_10`, … (keys as in bench/results.json). */
type Summary = Record<string, Cell>;

const now = () => performance.now();

async function measure(ctx: RunnerContext, p: Params): Promise<Result> {
  const max = Math.max(...p.levels);
  const codex = await ctx.sdk.Codex.start({ env: ctx.mockEnv, codexBin: ctx.codexBin });
  const bare = await BareClient.start(ctx.codexBin, ctx.childEnv);
  try {
    // Threads are made up front (not timed); each round runs one turn on each of `level` threads.
    const sdkThreads = await Promise.all(
      Array.from({ length: max }, () => codex.threadStart({ cwd: ctx.cwd })),
    );
    const bareThreads = await Promise.all(
      Array.from({ length: max }, () => bare.threadStart(ctx.cwd)),
    );
    let n = 0;
    const round = async (who: Who, level: number): Promise<Round> => {
      const t0 = now();
      const latencies = await Promise.all(Array.from({ length: level }, async (_, i) => {
        const t = now();
        const text = who === "sdk"
          ? (await sdkThreads[i].run(prompt(n++))).finalResponse ?? undefined
          : await bare.runTurn(bareThreads[i], prompt(n++));
        ctx.check(text, who);
        return now() - t;
      }));
      return { totalMs: now() - t0, turnMs: latencies };
    };
    // Warm-up: every thread's first turn (session files, JIT), not counted.
    await round("sdk", max);
    await round("bare", max);
    const out: Result = { sdk: {}, bare: {} };
    for (let r = 0; r < p.reps; r++) {
      for (const level of p.levels) {
        for (const who of rotate(["sdk", "bare"] as const, r)) {
          (out[who][level] ??= []).push(await round(who, level));
        }
      }
    }
    return out;
  } finally {
    await codex.close();
    await bare.close();
  }
}

/** Scenario 5: scale with concurrency. */
export const concurrency = defineScenario<Params, Params, Result, Result, Summary>({
  name: "concurrency",
  needsModel: true,
  exposeGc: false,
  sizes: { quick: { levels: [1, 10], reps: 1 }, full: { levels: [1, 10, 50], reps: 2 } },
  measure,
  async collect(s, _runtime, runChild) {
    return (await runChild(s, `levels ${s.levels.join("/")}`)).result;
  },
  summarize(r) {
    const out: Summary = {};
    for (const who of ["sdk", "bare"] as const) {
      for (const [level, runs] of Object.entries(r[who])) {
        out[`${who}Total${level}`] = cell(runs.map((x) => x.totalMs), "ms");
        out[`${who}Turn${level}`] = cell(runs.map((x) => median(x.turnMs)), "ms");
        out[`${who}TurnP95_${level}`] = cell(runs.map((x) => percentile(x.turnMs, 95)), "ms");
      }
    }
    return out;
  },
  rows: (s) =>
    s.levels.flatMap((level) => [
      {
        label: `5. ${level} concurrent turns: total, SDK / bare`,
        unit: "ms",
        cell: (x: Summary) =>
          `${fmtCell(x[`sdkTotal${level}`])} / ${fmt(x[`bareTotal${level}`]?.median ?? NaN)}`,
      },
      {
        label: `5. ${level} concurrent: median per-turn latency, SDK / bare`,
        unit: "ms",
        cell: (x: Summary) =>
          `${fmtCell(x[`sdkTurn${level}`])} / ${fmt(x[`bareTurn${level}`]?.median ?? NaN)}`,
      },
    ]),
  targets: () => [],
});
