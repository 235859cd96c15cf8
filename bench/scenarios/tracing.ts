/**
 * Scenario 7, the cost of tracing per turn (real codex + MockModel): the same conversation with
 * tracing off (no provider: the SDK loads nothing) and on (`tracerProvider` with an in-memory
 * exporter, so the figure is the SDK's own span work, not an exporter's network), alternating
 * runs, each on a fresh app-server.
 * @module
 */

import { cell, fmtCell } from "../format.ts";
import { type Cell, defineScenario, prompt, type RunnerContext } from "../scenario.ts";
import { median } from "../lib/stats.ts";

interface Sizes {
  turns: number;
  runs: number;
}

type Mode = "off" | "on";

interface Result {
  /** Per-turn ms of every run, by mode. */
  off: number[][];
  on: number[][];
  spans: number;
}

interface Summary {
  off: Cell;
  on: Cell;
  cost: Cell;
}

const now = () => performance.now();

/** What the bench uses of @opentelemetry/sdk-trace (imported by name: a dev-only package). */
interface SdkTrace {
  TracerProvider: new (options: { spanProcessors: unknown[] }) => { getTracer(name: string): unknown };
  SimpleSpanProcessor: new (options: { exporter: unknown }) => unknown;
  InMemorySpanExporter: new () => { getFinishedSpans(): unknown[] };
}
const SDK_TRACE = "@opentelemetry/sdk-trace";

async function conversation(ctx: RunnerContext, turns: number, mode: Mode, sdkTrace: SdkTrace): Promise<{ turnMs: number[]; spans: number }> {
  const exporter = new sdkTrace.InMemorySpanExporter();
  const tracerProvider = mode === "on"
    ? new sdkTrace.TracerProvider({ spanProcessors: [new sdkTrace.SimpleSpanProcessor({ exporter })] })
    : undefined;
  const codex = await ctx.sdk.Codex.start({ env: ctx.mockEnv, codexBin: ctx.codexBin, ...(tracerProvider ? { tracerProvider } : {}) });
  const turnMs: number[] = [];
  try {
    const thread = await codex.threadStart({ cwd: ctx.cwd });
    for (let i = 0; i < turns; i++) {
      const t = now();
      const result = await thread.run(prompt(i));
      turnMs.push(now() - t);
      ctx.check(result.finalResponse ?? undefined, `sdk (tracing ${mode})`);
    }
  } finally {
    await codex.close();
  }
  return { turnMs, spans: exporter.getFinishedSpans().length };
}

async function measure(ctx: RunnerContext, p: Sizes): Promise<Result> {
  const sdkTrace = await import(SDK_TRACE) as SdkTrace;
  const result: Result = { off: [], on: [], spans: 0 };
  await conversation(ctx, 2, "on", sdkTrace); // warm-up (JIT, the lazy imports), not counted
  for (let r = 0; r < p.runs; r++) {
    for (const mode of (r % 2 ? ["on", "off"] : ["off", "on"]) as Mode[]) {
      const { turnMs, spans } = await conversation(ctx, p.turns, mode, sdkTrace);
      result[mode].push(turnMs);
      if (mode === "on") result.spans = spans;
    }
  }
  return result;
}

/** Scenario 7: cost per turn with tracing on. */
export const tracing = defineScenario<Sizes, Sizes, Result, Result, Summary>({
  name: "tracing",
  needsModel: true,
  exposeGc: false,
  sizes: {
    quick: { turns: 10, runs: 1 },
    full: { turns: 40, runs: 4 },
  },
  measure,
  async collect(s, _runtime, runChild) {
    return (await runChild(s, `${s.runs}×2 conversations of ${s.turns} turns`)).result;
  },
  summarize(r) {
    // Per run, the median turn: the figure is robust to one slow turn.
    const off = r.off.map(median), on = r.on.map(median);
    const cost = on.map((x, i) => x - off[i]);
    return { off: cell(off, "ms"), on: cell(on, "ms"), cost: cell(cost, "ms") };
  },
  rows: () => [
    { label: "7. tracing: turn, tracing off (median turn per run)", unit: "ms", cell: (x) => fmtCell(x.off) },
    { label: "7. tracing: turn, tracing on (in-memory exporter)", unit: "ms", cell: (x) => fmtCell(x.on) },
    { label: "7. tracing: cost per turn (on − off, paired runs)", unit: "ms", cell: (x) => fmtCell(x.cost) },
  ],
  targets: () => [],
});
