/**
 * Scenario 3, memory under a long stream (in-memory): one turn streaming N agent-message deltas;
 * RSS is sampled after every chunk (the peak growth over a settled baseline), and the heap is
 * read again after a full GC (what stays retained). The bare loop is the reference.
 * @module
 */

import { barePipe } from "../lib/bare_reader.ts";
import {
  BENCH_THREAD_ID,
  BENCH_TURN_ID,
  deltaLine,
  turnCompletedLine,
} from "../lib/notifications.ts";
import { gc, heapUsed, nextMacrotask, rss, sleep } from "../lib/rt.ts";
import { assertNoFaults, sdkPipe } from "../lib/sdk_pipe.ts";
import { cell, fmtCell, MB } from "../format.ts";
import { type Cell, defineScenario, type RunnerContext } from "../scenario.ts";

type Mode = "sdk" | "bare";

interface Sizes {
  deltas: number;
  chunkSize: number;
  sdkRuns: number;
  bareRuns: number;
}

interface Params {
  deltas: number;
  chunkSize: number;
  mode: Mode;
}

interface MemoryRun {
  mode: Mode;
  deltas: number;
  chars: number;
  ms: number;
  /** Whether a full GC was available (else the after-GC figures are after a pause only). */
  hasGc: boolean;
  baseRss: number;
  peakGrowth: number;
  endGrowth: number;
  afterGcGrowth: number;
  heapGrowthAfterGc: number;
  /** RSS growth every 64 chunks. */
  growthSamples: number[];
}

type Raw = Record<Mode, MemoryRun[]>;

interface Summary {
  sdkPeak: Cell;
  sdkAfterGc: Cell;
  sdkHeapAfterGc: Cell;
  sdkRate: Cell;
  barePeak: Cell;
}

const now = () => performance.now();

/** A settled heap: collect, let finalizers and freed pages go, collect again. */
async function settle(): Promise<boolean> {
  const hasGc = gc();
  await sleep(20); // not a wait for an event: gives the allocator a moment to return pages
  gc();
  return hasGc;
}

async function measure(ctx: RunnerContext, p: Params): Promise<MemoryRun> {
  const encoder = new TextEncoder();
  let received = 0;
  let chars = 0;
  const onDelta = (delta: string) => {
    received++;
    chars += delta.length;
  };
  const pipe = p.mode === "sdk"
    ? await sdkPipe(ctx.sdk, (event) => {
      if (event.method === "item/agentMessage/delta") onDelta(event.params.delta);
    })
    : {
      ...barePipe((m) => {
        if (m.method === "item/agentMessage/delta") onDelta(m.params!.delta!);
      }),
      faults: (): string[] => [],
    };
  // Baseline: everything set up, a settled heap.
  const hasGc = await settle();
  const base = rss();
  const heapBase = heapUsed();
  let peak = base;
  const samples: number[] = [];
  const t0 = now();
  let seq = 0;
  let chunkCount = 0;
  while (seq < p.deltas) {
    let text = "";
    while (text.length < p.chunkSize && seq < p.deltas) {
      text += deltaLine(
        BENCH_THREAD_ID,
        BENCH_TURN_ID,
        "msg_1",
        ` word${seq % 1000}`,
        1795557601000 + seq,
      ) + "\n";
      seq++;
    }
    await pipe.write(encoder.encode(text));
    await nextMacrotask();
    const r = rss();
    if (r > peak) peak = r;
    if (++chunkCount % 64 === 0) samples.push(r - base);
  }
  await pipe.write(encoder.encode(turnCompletedLine(BENCH_THREAD_ID, BENCH_TURN_ID) + "\n"));
  const faults = pipe.faults();
  await pipe.finish();
  const ms = now() - t0;
  const endRss = rss();
  await settle();
  const afterRss = rss();
  const heapAfter = heapUsed();
  if (received !== p.deltas) throw new Error(`memory: received ${received} of ${p.deltas} deltas`);
  assertNoFaults(faults);
  return {
    mode: p.mode,
    deltas: p.deltas,
    chars,
    ms,
    hasGc,
    baseRss: base,
    peakGrowth: peak - base,
    endGrowth: endRss - base,
    afterGcGrowth: afterRss - base,
    heapGrowthAfterGc: heapAfter - heapBase,
    growthSamples: samples,
  };
}

/** Scenario 3: memory under a long stream. */
export const memory = defineScenario<Sizes, Params, MemoryRun, Raw, Summary>({
  name: "memory",
  needsModel: false,
  exposeGc: true,
  sizes: {
    quick: { deltas: 200_000, chunkSize: 65536, sdkRuns: 1, bareRuns: 1 },
    full: { deltas: 1_000_000, chunkSize: 65536, sdkRuns: 3, bareRuns: 1 },
  },
  measure,
  async collect(s, _runtime, runChild) {
    const out: Raw = { sdk: [], bare: [] };
    const runs: Record<Mode, number> = { sdk: s.sdkRuns, bare: s.bareRuns };
    for (const mode of ["sdk", "bare"] as const) {
      for (let i = 0; i < runs[mode]; i++) {
        const params = { deltas: s.deltas, chunkSize: s.chunkSize, mode };
        out[mode].push((await runChild(params, `${mode} #${i + 1}`)).result);
      }
    }
    return out;
  },
  summarize: (r) => ({
    sdkPeak: cell(r.sdk.map((x) => x.peakGrowth / MB), "MB"),
    sdkAfterGc: cell(r.sdk.map((x) => x.afterGcGrowth / MB), "MB"),
    sdkHeapAfterGc: cell(r.sdk.map((x) => x.heapGrowthAfterGc / MB), "MB"),
    sdkRate: cell(r.sdk.map((x) => x.deltas / x.ms * 1000 / 1e6), "M deltas/s"),
    barePeak: cell(r.bare.map((x) => x.peakGrowth / MB), "MB"),
  }),
  rows: (s) => [
    {
      label: `3. ${s.deltas / 1e6}M deltas: peak RSS growth, SDK`,
      unit: "MB",
      cell: (x) => fmtCell(x.sdkPeak),
    },
    {
      label: "3. … retained after GC (heap), SDK",
      unit: "MB",
      cell: (x) => fmtCell(x.sdkHeapAfterGc),
    },
    {
      label: "3. … peak RSS growth, bare loop (reference)",
      unit: "MB",
      cell: (x) => fmtCell(x.barePeak),
    },
  ],
  targets: (s) => [{
    id: "3",
    text: `peak RSS growth, ${s.deltas / 1e6}M deltas < 50 MB (worst run)`,
    judge: (x) => ({ value: `${x.sdkPeak.max.toFixed(1)} MB`, met: x.sdkPeak.max < 50 }),
  }],
});
