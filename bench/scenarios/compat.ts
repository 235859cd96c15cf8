/**
 * Scenario C, the drop-in (real codex + MockModel): N turns on one thread written the official
 * way (`new Codex()`, `startThread`, `run`), once through `@codex/sdk/compat` (one app-server,
 * started lazily by the first turn: its start is in the total) and once through
 * `@openai/codex-sdk` itself (one `codex exec` per turn). The program is the same; only the
 * import differs.
 * @module
 */

import { cell, fmt, fmtCell } from "../format.ts";
import { type Cell, defineScenario, rotate, type RunnerContext } from "../scenario.ts";
import { OFFICIAL_SDK, officialConversation, type OfficialShape } from "../lib/official_program.ts";
import { median } from "../lib/stats.ts";

type Contender = "compat" | "official";

interface Sizes {
  turns: number;
  /** Runs on Node (the official SDK's runtime). */
  runs: number;
  /** Runs on Deno and Bun (a bonus: the official SDK works there too). */
  runsBonus: number;
}

interface Params {
  turns: number;
  runs: number;
}

interface Run {
  totalMs: number;
  turnMs: number[];
}

type Result = Record<Contender, Run[]>;

interface Summary {
  compat: Cell;
  official: Cell;
  compatTurn: Cell;
  officialTurn: Cell;
  ratio: number;
}


/** The compat entry next to the SDK entry under test (`compat.ts`, or `npm/compat.js` on Node). */
function compatEntry(ctx: RunnerContext): string {
  return ctx.sdkEntry.replace(/mod\.(ts|js)$/, "compat.$1");
}


async function measure(ctx: RunnerContext, p: Params): Promise<Result> {
  const sdks: Record<Contender, OfficialShape> = {
    compat: await import(compatEntry(ctx)) as OfficialShape,
    official: await import(OFFICIAL_SDK) as OfficialShape,
  };
  const out: Result = { compat: [], official: [] };
  for (let r = 0; r < p.runs; r++) {
    for (const who of rotate(["compat", "official"] as const, r)) {
      out[who].push(await officialConversation(ctx, sdks[who], p.turns, who));
    }
  }
  return out;
}

/** Scenario C: the drop-in against the SDK it replaces. */
export const compat = defineScenario<Sizes, Params, Result, Result, Summary>({
  name: "compat",
  needsModel: true,
  exposeGc: false,
  sizes: {
    quick: { turns: 10, runs: 1, runsBonus: 1 },
    full: { turns: 40, runs: 3, runsBonus: 1 },
  },
  measure,
  async collect(s, runtime, runChild) {
    const runs = runtime === "node" ? s.runs : s.runsBonus;
    const { result } = await runChild({ turns: s.turns, runs }, `${runs}×(compat, official)`);
    return result;
  },
  summarize(r) {
    const totals = (runs: Run[]) => runs.map((x) => x.totalMs / 1000);
    const turns = (runs: Run[]) => runs.map((x) => median(x.turnMs));
    return {
      compat: cell(totals(r.compat), "s"),
      official: cell(totals(r.official), "s"),
      compatTurn: cell(turns(r.compat), "ms"),
      officialTurn: cell(turns(r.official), "ms"),
      ratio: median(totals(r.official)) / median(totals(r.compat)),
    };
  },
  rows: (s) => [
    { label: `C. ${s.turns} turns: (a) @codex/sdk/compat`, unit: "s", cell: (x) => fmtCell(x.compat) },
    { label: `C. ${s.turns} turns: (c) @openai/codex-sdk`, unit: "s", cell: (x) => fmtCell(x.official) },
    { label: "C. c/a", unit: "×", cell: (x) => fmt(x.ratio) },
    {
      label: "C. median turn: a / c",
      unit: "ms",
      cell: (x) => `${fmt(x.compatTurn.median)} / ${fmt(x.officialTurn.median)}`,
    },
  ],
  targets: (s) => [
    {
      id: "C c/a",
      text: `@openai/codex-sdk ÷ @codex/sdk/compat, ${s.turns} turns ≥ 4`,
      judge: (x) => ({ value: x.ratio.toFixed(2), met: x.ratio >= 4 }),
    },
  ],
});
