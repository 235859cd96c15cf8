/**
 * Scenario 4, cold start (real codex): in a fresh process, the first `Codex.start()` against the
 * first bare spawn + initialize (who goes first alternates between processes), then later
 * starts of each; and how long importing the SDK took.
 * @module
 */

import { BareClient } from "../lib/bare_driver.ts";
import { median } from "../lib/stats.ts";
import { cell, fmt, fmtCell, fmtSigned } from "../format.ts";
import { type Cell, defineScenario, rotate, type RunnerContext } from "../scenario.ts";

type Who = "sdk" | "bare";

interface Sizes {
  /** Fresh processes per runtime. */
  processes: number;
  /** Later starts of each, per process. */
  warm: number;
}

interface Params {
  sdkFirst: boolean;
  warm: number;
}

interface Start {
  who: Who;
  ms: number;
}

interface ColdstartRun {
  importMs: number;
  first: Start;
  second: Start;
  warm: Record<Who, number[]>;
}

interface Summary {
  coldSdk: Cell;
  coldBare: Cell;
  warmSdk: Cell;
  warmBare: Cell;
  importMs: Cell;
  overCold: { value: number };
  overWarm: { value: number };
}

const now = () => performance.now();

async function startSdkOnce(ctx: RunnerContext): Promise<number> {
  const t0 = now();
  const codex = await ctx.sdk.Codex.start({ env: ctx.mockEnv, codexBin: ctx.codexBin });
  const ms = now() - t0;
  await codex.close();
  return ms;
}

async function startBareOnce(ctx: RunnerContext): Promise<number> {
  const t0 = now();
  const client = await BareClient.start(ctx.codexBin, ctx.childEnv);
  const ms = now() - t0;
  await client.close();
  return ms;
}

async function measure(ctx: RunnerContext, p: Params): Promise<ColdstartRun> {
  const once = async (who: Who): Promise<Start> => ({
    who,
    ms: who === "sdk" ? await startSdkOnce(ctx) : await startBareOnce(ctx),
  });
  const order: Who[] = p.sdkFirst ? ["sdk", "bare"] : ["bare", "sdk"];
  const first = await once(order[0]);
  const second = await once(order[1]);
  const warm: Record<Who, number[]> = { sdk: [], bare: [] };
  for (let i = 0; i < p.warm; i++) {
    for (const who of rotate(["sdk", "bare"] as const, i)) warm[who].push((await once(who)).ms);
  }
  return { importMs: ctx.importMs, first, second, warm };
}

/** Scenario 4: cold start. */
export const coldstart = defineScenario<Sizes, Params, ColdstartRun, ColdstartRun[], Summary>({
  name: "coldstart",
  needsModel: true,
  exposeGc: false,
  sizes: { quick: { processes: 2, warm: 1 }, full: { processes: 8, warm: 3 } },
  measure,
  async collect(s, _runtime, runChild) {
    const out: ColdstartRun[] = [];
    for (let i = 0; i < s.processes; i++) {
      const params = { sdkFirst: i % 2 === 0, warm: s.warm };
      out.push((await runChild(params, `process #${i + 1}`)).result);
    }
    return out;
  },
  summarize(r) {
    const cold = (who: Who) => r.filter((x) => x.first.who === who).map((x) => x.first.ms);
    const coldSdk = cold("sdk"), coldBare = cold("bare");
    const warmSdk = r.flatMap((x) => x.warm.sdk), warmBare = r.flatMap((x) => x.warm.bare);
    return {
      coldSdk: cell(coldSdk, "ms"),
      coldBare: cell(coldBare, "ms"),
      warmSdk: cell(warmSdk, "ms"),
      warmBare: cell(warmBare, "ms"),
      importMs: cell(r.map((x) => x.importMs), "ms"),
      overCold: { value: median(coldSdk) - median(coldBare) },
      overWarm: { value: median(warmSdk) - median(warmBare) },
    };
  },
  rows: () => [
    {
      label: "4. first start in a process: Codex.start()",
      unit: "ms",
      cell: (x) => fmtCell(x.coldSdk),
    },
    {
      label: "4. first start in a process: bare spawn + initialize",
      unit: "ms",
      cell: (x) => fmtCell(x.coldBare),
    },
    {
      label: "4. SDK − bare, first start (medians)",
      unit: "ms",
      cell: (x) => fmt(x.overCold.value),
    },
    {
      label: "4. later starts: SDK − bare (medians)",
      unit: "ms",
      cell: (x) => fmt(x.overWarm.value),
    },
    {
      label: "4. import of the SDK module (not in the above)",
      unit: "ms",
      cell: (x) => fmtCell(x.importMs),
    },
  ],
  targets: () => [{
    id: "4",
    text: "Codex.start() − bare start ≤ 10 ms (first start in a process)",
    judge: (x) => ({ value: `${fmtSigned(x.overCold.value)} ms`, met: x.overCold.value <= 10 }),
  }],
});
