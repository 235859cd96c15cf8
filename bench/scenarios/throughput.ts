/**
 * Scenario 2, notification throughput (in-memory): a recorded-shape stream of notifications
 * for one turn, in 64 KiB chunks with a macrotask between them (as from a pipe), read by the
 * SDK's `turn.stream()` (default validation, and validation off) and by the bare
 * split + JSON.parse loop, interleaved round by round.
 * @module
 */

import { barePipe } from "../lib/bare_reader.ts";
import { BENCH_TURN_ID, buildJsonl, chunkBytes } from "../lib/notifications.ts";
import { nextMacrotask } from "../lib/rt.ts";
import { assertNoFaults, sdkPipe } from "../lib/sdk_pipe.ts";
import { median, spread, type Spread } from "../lib/stats.ts";
import { cell, fmt, fmtCell, pairedCell } from "../format.ts";
import { type Cell, defineScenario, rotate, type RunnerContext } from "../scenario.ts";

type Contender = "sdk" | "bare" | "sdkNoValidation";

interface Sizes {
  count: number;
  rounds: number;
  chunkSize: number;
}

interface Params extends Sizes {
  contenders: Contender[];
}

interface Round {
  ms: number;
  events: number;
}

interface Result {
  messages: number;
  bytes: number;
  chunks: number;
  runs: Record<Contender, Round[]>;
}

interface Summary {
  sdk: Cell;
  bare: Cell;
  sdkNoValidation: Cell;
  ab: { value: number; paired: Spread };
  abNoValidation: { value: number };
}

const now = () => performance.now();

async function feed(chunks: Uint8Array[], write: (chunk: Uint8Array) => Promise<void>) {
  for (const chunk of chunks) {
    await write(chunk);
    await nextMacrotask(); // the next chunk comes with the next I/O event, as from a pipe
  }
}

async function throughputSdk(
  ctx: RunnerContext,
  chunks: Uint8Array[],
  validation: "off" | "boundary",
): Promise<Round> {
  let events = 0;
  const pipe = await sdkPipe(ctx.sdk, () => events++, { validation });
  const t0 = now();
  await feed(chunks, pipe.write);
  const faults = pipe.faults();
  await pipe.finish();
  const ms = now() - t0;
  assertNoFaults(faults);
  return { ms, events };
}

async function throughputBare(chunks: Uint8Array[]): Promise<Round> {
  let events = 0;
  const pipe = barePipe((m) => {
    if (m.method !== undefined) events++;
  });
  const t0 = now();
  await feed(chunks, pipe.write);
  await pipe.finish();
  return { ms: now() - t0, events };
}

async function measure(ctx: RunnerContext, p: Params): Promise<Result> {
  const jsonl = buildJsonl(p.count, { turnId: BENCH_TURN_ID });
  const chunks = chunkBytes(jsonl, p.chunkSize);
  const runs: Record<Contender, Round[]> = { sdk: [], bare: [], sdkNoValidation: [] };
  const once = (c: Contender) =>
    c === "sdk"
      ? throughputSdk(ctx, chunks, "boundary")
      : c === "sdkNoValidation"
      ? throughputSdk(ctx, chunks, "off")
      : throughputBare(chunks);
  for (const c of p.contenders) await once(c); // warm-up (JIT), not counted
  for (let r = 0; r < p.rounds; r++) {
    for (const c of rotate(p.contenders, r)) runs[c].push(await once(c));
  }
  return { messages: p.count, bytes: jsonl.length, chunks: chunks.length, runs };
}

/** Scenario 2: notification throughput. */
export const throughput = defineScenario<Sizes, Params, Result, Result, Summary>({
  name: "throughput",
  needsModel: false,
  exposeGc: false,
  sizes: {
    quick: { count: 50_000, rounds: 2, chunkSize: 65536 },
    full: { count: 200_000, rounds: 5, chunkSize: 65536 },
  },
  measure,
  async collect(s, _runtime, runChild) {
    const params: Params = { ...s, contenders: ["sdk", "bare", "sdkNoValidation"] };
    return (await runChild(params, `${s.rounds} rounds`)).result;
  },
  summarize(r) {
    const rate = (runs: Round[]) => runs.map((x) => r.messages / x.ms * 1000 / 1e6);
    const sdk = rate(r.runs.sdk), bare = rate(r.runs.bare), off = rate(r.runs.sdkNoValidation);
    return {
      sdk: cell(sdk, "M msg/s"),
      bare: cell(bare, "M msg/s"),
      sdkNoValidation: cell(off, "M msg/s"),
      ab: {
        value: median(sdk) / median(bare),
        paired: spread(r.runs.sdk.map((x, i) => r.runs.bare[i].ms / x.ms)),
      },
      abNoValidation: { value: median(off) / median(bare) },
    };
  },
  rows: () => [
    {
      label: "2. throughput: (a) SDK, default validation",
      unit: "M msg/s",
      cell: (x) => fmtCell(x.sdk),
    },
    {
      label: "2. throughput: (b) split + JSON.parse",
      unit: "M msg/s",
      cell: (x) => fmtCell(x.bare),
    },
    {
      label: "2. a/b (paired rounds in brackets)",
      unit: "×",
      cell: (x) => pairedCell(x.ab.value, x.ab.paired),
    },
    {
      label: "2. SDK with validation off ÷ b (for reference)",
      unit: "×",
      cell: (x) => fmt(x.abNoValidation.value),
    },
  ],
  targets: () => [{
    id: "2 a/b",
    text: "SDK ÷ bare throughput ≥ 0.8 (default validation)",
    judge: (x) => ({ value: x.ab.value.toFixed(3), met: x.ab.value >= 0.8 }),
  }],
});
