/**
 * Scenario 1, multi-turn conversation (real codex + MockModel): N turns on one thread by this
 * SDK, by the bare protocol driver, and by `@openai/codex-sdk` (exec per turn); plus a lockstep
 * diagnostic where the SDK and the bare driver alternate turn by turn.
 * @module
 */

import { BareClient } from "../lib/bare_driver.ts";
import { OFFICIAL_SDK, officialConversation, type OfficialShape } from "../lib/official_program.ts";
import { cell, fmt, fmtCell, pairedCell } from "../format.ts";
import { type Cell, defineScenario, prompt, rotate, type RunnerContext } from "../scenario.ts";
import { median, spread, type Spread } from "../lib/stats.ts";

type Contender = "sdk" | "bare" | "official";

interface Sizes {
  turns: number;
  /** Runs of this SDK and the bare driver. */
  runs: number;
  /** Runs of @openai/codex-sdk on Node (a Node SDK: its own runtime). */
  officialRuns: number;
  /** … on Deno and Bun (a bonus: it works there too). */
  officialRunsBonus: number;
  lockstep: number;
}

interface Params {
  turns: number;
  runs: number;
  contenders: Contender[];
  lockstep?: number;
}

/** One conversation. */
interface TurnsRun {
  totalMs: number;
  /** Until the client was ready (process start + handshake); 0 for exec-per-turn. */
  startMs: number;
  turnMs: number[];
}

interface Lockstep {
  sdk: number[];
  bare: number[];
}

type Result = Partial<Record<Contender, TurnsRun[]>> & { lockstep?: Lockstep };

interface Raw {
  version: string;
  sdk: TurnsRun[];
  bare: TurnsRun[];
  official: TurnsRun[];
  lockstep: Lockstep;
}

interface Summary {
  sdk: Cell;
  bare: Cell;
  official: Cell;
  sdkStart: Cell;
  bareStart: Cell;
  sdkTurn: Cell;
  bareTurn: Cell;
  officialTurn: Cell;
  ab: { value: number; paired: Spread };
  ca: { value: number };
  lockstepSdkTurn: Cell;
  lockstepBareTurn: Cell;
  lockstepAb: { value: number; sum: number };
}


const now = () => performance.now();

async function turnsSdk(ctx: RunnerContext, turns: number): Promise<TurnsRun> {
  const t0 = now();
  const codex = await ctx.sdk.Codex.start({ env: ctx.mockEnv, codexBin: ctx.codexBin });
  const startMs = now() - t0;
  const turnMs: number[] = [];
  try {
    const thread = await codex.threadStart({ cwd: ctx.cwd });
    for (let i = 0; i < turns; i++) {
      const t = now();
      const result = await thread.run(prompt(i));
      turnMs.push(now() - t);
      ctx.check(result.finalResponse ?? undefined, "sdk");
    }
    return { totalMs: now() - t0, startMs, turnMs };
  } finally {
    await codex.close();
  }
}

async function turnsBare(ctx: RunnerContext, turns: number): Promise<TurnsRun> {
  const t0 = now();
  const client = await BareClient.start(ctx.codexBin, ctx.childEnv);
  const startMs = now() - t0;
  const turnMs: number[] = [];
  try {
    const threadId = await client.threadStart(ctx.cwd);
    for (let i = 0; i < turns; i++) {
      const t = now();
      const text = await client.runTurn(threadId, prompt(i));
      turnMs.push(now() - t);
      ctx.check(text, "bare");
    }
    return { totalMs: now() - t0, startMs, turnMs };
  } finally {
    await client.close();
  }
}

async function turnsOfficial(ctx: RunnerContext, turns: number, official: OfficialShape): Promise<TurnsRun> {
  return { ...(await officialConversation(ctx, official, turns, "official")), startMs: 0 };
}

/**
 * Diagnostic: the SDK and the bare driver side by side (two app-servers, one thread each),
 * alternating turn by turn, so that a change in the machine's load hits both alike.
 */
async function turnsLockstep(ctx: RunnerContext, pairs: number): Promise<Lockstep> {
  const codex = await ctx.sdk.Codex.start({ env: ctx.mockEnv, codexBin: ctx.codexBin });
  const bare = await BareClient.start(ctx.codexBin, ctx.childEnv);
  try {
    const thread = await codex.threadStart({ cwd: ctx.cwd });
    const threadId = await bare.threadStart(ctx.cwd);
    const out: Lockstep = { sdk: [], bare: [] };
    for (let i = 0; i < pairs; i++) {
      for (const who of rotate(["sdk", "bare"] as const, i)) {
        const t = now();
        if (who === "sdk") ctx.check((await thread.run(prompt(i))).finalResponse ?? undefined, who);
        else ctx.check(await bare.runTurn(threadId, prompt(i)), who);
        out[who].push(now() - t);
      }
    }
    return out;
  } finally {
    await codex.close();
    await bare.close();
  }
}

async function measure(ctx: RunnerContext, p: Params): Promise<Result> {
  const official = p.contenders.includes("official")
    ? (await import(OFFICIAL_SDK) as OfficialShape)
    : undefined;
  const out: Result = {};
  for (const c of p.contenders) out[c] = [];
  for (let r = 0; r < p.runs; r++) {
    for (const c of rotate(p.contenders, r)) {
      const run = c === "sdk"
        ? await turnsSdk(ctx, p.turns)
        : c === "bare"
        ? await turnsBare(ctx, p.turns)
        : await turnsOfficial(ctx, p.turns, official!);
      out[c]!.push(run);
    }
  }
  if (p.lockstep) out.lockstep = await turnsLockstep(ctx, p.lockstep);
  return out;
}

const sum = (xs: number[]): number => xs.reduce((x, y) => x + y, 0);

/** Scenario 1: multi-turn conversation. */
export const turns = defineScenario<Sizes, Params, Result, Raw, Summary>({
  name: "turns",
  needsModel: true,
  exposeGc: false,
  sizes: {
    quick: { turns: 10, runs: 1, officialRuns: 1, officialRunsBonus: 1, lockstep: 10 },
    full: { turns: 40, runs: 5, officialRuns: 3, officialRunsBonus: 2, lockstep: 40 },
  },
  measure,
  async collect(s, runtime, runChild) {
    // The official SDK runs fewer times (each run is ~15 s of exec-per-turn), interleaved with
    // the rest; the remaining SDK and bare runs come in a second child with the lockstep pairs.
    const officialRuns = runtime === "node" ? s.officialRuns : s.officialRunsBonus;
    const a = await runChild(
      { turns: s.turns, runs: officialRuns, contenders: ["sdk", "bare", "official"] },
      `${officialRuns}×(sdk, bare, official)`,
    );
    const extra = s.runs - officialRuns;
    const b = await runChild(
      { turns: s.turns, runs: extra, contenders: ["sdk", "bare"], lockstep: s.lockstep },
      `${extra}×(sdk, bare) + ${s.lockstep} lockstep pairs`,
    );
    return {
      version: a.version,
      sdk: [...a.result.sdk ?? [], ...b.result.sdk ?? []],
      bare: [...a.result.bare ?? [], ...b.result.bare ?? []],
      official: a.result.official ?? [],
      lockstep: b.result.lockstep ?? { sdk: [], bare: [] },
    };
  },
  summarize(r) {
    const totals = (runs: TurnsRun[]) => runs.map((x) => x.totalMs / 1000);
    const sdk = totals(r.sdk), bare = totals(r.bare), official = totals(r.official);
    const medianTurn = (runs: TurnsRun[]) => runs.map((x) => median(x.turnMs));
    return {
      sdk: cell(sdk, "s"),
      bare: cell(bare, "s"),
      official: cell(official, "s"),
      sdkStart: cell(r.sdk.map((x) => x.startMs), "ms"),
      bareStart: cell(r.bare.map((x) => x.startMs), "ms"),
      sdkTurn: cell(medianTurn(r.sdk), "ms"),
      bareTurn: cell(medianTurn(r.bare), "ms"),
      officialTurn: cell(medianTurn(r.official), "ms"),
      ab: {
        value: median(sdk) / median(bare),
        paired: spread(r.sdk.map((x, i) => x.totalMs / r.bare[i].totalMs)),
      },
      ca: { value: median(official) / median(sdk) },
      lockstepSdkTurn: cell(r.lockstep.sdk, "ms"),
      lockstepBareTurn: cell(r.lockstep.bare, "ms"),
      lockstepAb: {
        value: median(r.lockstep.sdk) / median(r.lockstep.bare),
        sum: sum(r.lockstep.sdk) / sum(r.lockstep.bare),
      },
    };
  },
  rows: (s) => [
    { label: `1. ${s.turns} turns: (a) this SDK`, unit: "s", cell: (x) => fmtCell(x.sdk) },
    { label: `1. ${s.turns} turns: (b) bare driver`, unit: "s", cell: (x) => fmtCell(x.bare) },
    {
      label: `1. ${s.turns} turns: (c) @openai/codex-sdk`,
      unit: "s",
      cell: (x) => fmtCell(x.official),
    },
    {
      label: "1. a/b (ratio of medians; paired runs in brackets)",
      unit: "×",
      cell: (x) => pairedCell(x.ab.value, x.ab.paired),
    },
    { label: "1. c/a", unit: "×", cell: (x) => fmt(x.ca.value) },
    {
      label: "1. diagnostic: a/b turn by turn in lockstep (median turn; sum of turns)",
      unit: "×",
      cell: (x) => `${fmt(x.lockstepAb.value)}; ${fmt(x.lockstepAb.sum)}`,
    },
    {
      label: "1. median turn: a / b / c",
      unit: "ms",
      cell: (x) =>
        `${fmt(x.sdkTurn.median)} / ${fmt(x.bareTurn.median)} / ${fmt(x.officialTurn.median)}`,
    },
  ],
  targets: (s) => [
    {
      id: "1 a/b",
      text: `SDK ÷ bare driver, ${s.turns} turns ≤ 1.05`,
      judge: (x) => ({ value: x.ab.value.toFixed(3), met: x.ab.value <= 1.05 }),
    },
    {
      id: "1 c/a",
      text: `official SDK ÷ SDK, ${s.turns} turns ≥ 4`,
      judge: (x) => ({ value: x.ca.value.toFixed(2), met: x.ca.value >= 4 }),
    },
  ],
});

