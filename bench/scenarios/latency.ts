/**
 * Scenario 6, event latency (in-memory): agent-message deltas written one by one at a steady
 * rate (10k/s), each stamped just before its bytes enter the stream, and timed until the
 * consumer of `turn.stream()` (or the bare loop) sees it.
 * @module
 */

import { barePipe } from "../lib/bare_reader.ts";
import {
  BENCH_THREAD_ID,
  BENCH_TURN_ID,
  deltaLine,
  turnCompletedLine,
} from "../lib/notifications.ts";
import { nextMacrotask } from "../lib/rt.ts";
import { assertNoFaults, sdkPipe } from "../lib/sdk_pipe.ts";
import { percentile } from "../lib/stats.ts";
import { cell, fmt, fmtCell } from "../format.ts";
import { type Cell, defineScenario, type RunnerContext } from "../scenario.ts";

type Mode = "sdk" | "bare";

interface Pace {
  /** Messages per second. */
  rate: number;
  durationMs: number;
  /** Sent first and not counted. */
  warmupMs: number;
}

interface Sizes extends Pace {
  sdkRuns: number;
  bareRuns: number;
}

interface Params extends Pace {
  mode: Mode;
}

/** Latencies in ms. */
interface LatencyRun {
  mode: Mode;
  messages: number;
  achievedRate: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  over1ms: number;
}

type Raw = Record<Mode, LatencyRun[]>;

interface Summary {
  sdkP50: Cell;
  sdkP99: Cell;
  sdkMax: Cell;
  sdkRate: Cell;
  bareP50: Cell;
  bareP99: Cell;
}

const now = () => performance.now();

async function measure(ctx: RunnerContext, p: Params): Promise<LatencyRun> {
  const warmup = Math.round((p.rate * p.warmupMs) / 1000);
  const total = warmup + Math.round((p.rate * p.durationMs) / 1000);
  const stamps = new Float64Array(total);
  const latency = new Float64Array(total).fill(-1);
  const encoder = new TextEncoder();
  const arrived = (delta: string, at: number) => {
    const seq = Number(delta.slice(2));
    latency[seq] = at - stamps[seq];
  };
  const pipe = p.mode === "sdk"
    ? await sdkPipe(ctx.sdk, (event) => {
      if (event.method === "item/agentMessage/delta") arrived(event.params.delta, now());
    })
    : {
      ...barePipe((m) => {
        if (m.method === "item/agentMessage/delta") arrived(m.params!.delta!, now());
      }),
      faults: (): string[] => [],
    };
  // Paced producer: every message is written as its own chunk when it is due (rate/s), and
  // stamped just before its bytes enter the stream. Between due times the producer yields to
  // the event loop (setImmediate, not a timer: timers are clamped to 1–4 ms and would send
  // bursts), so messages arrive one by one, 100 µs apart, as from a steady pipe.
  const t0 = now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((now() - t0) * p.rate) / 1000) + 1);
    while (sent < due) {
      const bytes = encoder.encode(
        deltaLine(BENCH_THREAD_ID, BENCH_TURN_ID, "msg_1", ` w${sent}`, 0) + "\n",
      );
      stamps[sent] = now();
      pipe.write(bytes).catch(() => {});
      sent++;
    }
    await nextMacrotask(); // lets the consumer run; then the next message as soon as it is due
  }
  const sendMs = now() - t0;
  await pipe.write(encoder.encode(turnCompletedLine(BENCH_THREAD_ID, BENCH_TURN_ID) + "\n"));
  const faults = pipe.faults();
  await pipe.finish();
  assertNoFaults(faults);
  const measured = Array.from(latency.subarray(warmup));
  if (measured.some((x) => x < 0)) throw new Error("latency: a message never arrived");
  return {
    mode: p.mode,
    messages: measured.length,
    achievedRate: (total / sendMs) * 1000,
    p50: percentile(measured, 50),
    p99: percentile(measured, 99),
    p999: percentile(measured, 99.9),
    max: Math.max(...measured),
    over1ms: measured.filter((x) => x > 1).length,
  };
}

const micro = (runs: LatencyRun[], key: "p50" | "p99" | "max") =>
  cell(runs.map((x) => x[key] * 1000), "µs");

/** Scenario 6: event latency. */
export const latency = defineScenario<Sizes, Params, LatencyRun, Raw, Summary>({
  name: "latency",
  needsModel: false,
  exposeGc: false,
  sizes: {
    quick: { rate: 10_000, durationMs: 1000, warmupMs: 200, sdkRuns: 1, bareRuns: 1 },
    full: { rate: 10_000, durationMs: 3000, warmupMs: 500, sdkRuns: 3, bareRuns: 1 },
  },
  measure,
  async collect(s, _runtime, runChild) {
    const { sdkRuns, bareRuns, ...pace } = s;
    const out: Raw = { sdk: [], bare: [] };
    const runs: Record<Mode, number> = { sdk: sdkRuns, bare: bareRuns };
    for (const mode of ["sdk", "bare"] as const) {
      for (let i = 0; i < runs[mode]; i++) {
        out[mode].push((await runChild({ ...pace, mode }, `${mode} #${i + 1}`)).result);
      }
    }
    return out;
  },
  summarize: (r) => ({
    sdkP50: micro(r.sdk, "p50"),
    sdkP99: micro(r.sdk, "p99"),
    sdkMax: micro(r.sdk, "max"),
    sdkRate: cell(r.sdk.map((x) => x.achievedRate), "msg/s"),
    bareP50: micro(r.bare, "p50"),
    bareP99: micro(r.bare, "p99"),
  }),
  rows: () => [
    {
      label: "6. event latency at 10k msg/s: p50, SDK",
      unit: "µs",
      cell: (x) => fmtCell(x.sdkP50),
    },
    {
      label: "6. event latency at 10k msg/s: p99, SDK",
      unit: "µs",
      cell: (x) => fmtCell(x.sdkP99),
    },
    { label: "6. … max, SDK", unit: "µs", cell: (x) => fmtCell(x.sdkMax) },
    {
      label: "6. … p50 / p99, bare loop (reference)",
      unit: "µs",
      cell: (x) => `${fmt(x.bareP50.median)} / ${fmt(x.bareP99.median)}`,
    },
  ],
  targets: () => [{
    id: "6",
    text: "event latency p99 ≤ 1 ms (median of runs)",
    judge: (x) => ({
      value: `${(x.sdkP99.median / 1000).toFixed(3)} ms`,
      met: x.sdkP99.median <= 1000,
    }),
  }],
});
