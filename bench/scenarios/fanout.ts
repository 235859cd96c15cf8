/**
 * Scenario 7, wide fan-out (real codex): N `threadStart` calls at once on one `Codex`, then one
 * turn on each of the N threads at once. Admission control (64 requests in flight by default)
 * queues what the app-server's ingress queue (128) would refuse with -32001, so every call
 * completes; the row gives the time for all of it and the peak RSS of the SDK's process.
 * @module
 */

import { rss } from "../lib/rt.ts";
import { cell, fmtCell, MB } from "../format.ts";
import { type Cell, defineScenario, prompt, type RunnerContext } from "../scenario.ts";

interface Sizes {
  levels: number[];
}

interface Params {
  n: number;
}

interface Run {
  n: number;
  threadsMs: number;
  turnsMs: number;
  peakRssMb: number;
}

type Raw = Run[];

type Summary = Record<string, Cell>;

const now = () => performance.now();

async function measure(ctx: RunnerContext, p: Params): Promise<Run> {
  const codex = await ctx.sdk.Codex.start({ env: ctx.mockEnv, codexBin: ctx.codexBin });
  let peak = rss();
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 5);
  try {
    const t0 = now();
    const threads = await Promise.all(Array.from({ length: p.n }, () => codex.threadStart({ cwd: ctx.cwd })));
    const t1 = now();
    await Promise.all(threads.map(async (thread, i) => {
      ctx.check((await thread.run(prompt(i))).finalResponse ?? undefined, "sdk");
    }));
    const t2 = now();
    peak = Math.max(peak, rss());
    return { n: p.n, threadsMs: t1 - t0, turnsMs: t2 - t1, peakRssMb: peak / MB };
  } finally {
    clearInterval(sampler);
    await codex.close();
  }
}

/** Scenario 7: wide fan-out. */
export const fanout = defineScenario<Sizes, Params, Run, Raw, Summary>({
  name: "fanout",
  needsModel: true,
  exposeGc: false,
  sizes: { quick: { levels: [50] }, full: { levels: [50, 200, 500] } },
  measure,
  async collect(s, _runtime, runChild) {
    const runs: Run[] = [];
    // A fresh process per N: peak RSS is the process's own.
    for (const n of s.levels) runs.push((await runChild({ n }, `fan-out ${n}`)).result);
    return runs;
  },
  summarize(runs) {
    const out: Summary = {};
    for (const r of runs) {
      out[`threads${r.n}`] = cell([r.threadsMs], "ms");
      out[`turns${r.n}`] = cell([r.turnsMs], "ms");
      out[`peakRss${r.n}`] = cell([r.peakRssMb], "MB");
    }
    return out;
  },
  rows: (s) =>
    s.levels.flatMap((n) => [
      {
        label: `7. fan-out ${n}: ${n} threadStart, then ${n} turns, at once`,
        unit: "ms",
        cell: (x: Summary) => `${fmtCell(x[`threads${n}`])} + ${fmtCell(x[`turns${n}`])}`,
      },
      {
        label: `7. fan-out ${n}: peak RSS of the SDK's process`,
        unit: "MB",
        cell: (x: Summary) => fmtCell(x[`peakRss${n}`]),
      },
    ]),
  targets: () => [],
});
