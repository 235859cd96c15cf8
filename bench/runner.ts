/**
 * The per-runtime bench runner: ONE file that Deno and Bun run as TypeScript and Node runs as
 * `bench/.tmp/runner.mjs` (this file bundled by `bun build --target=node`; the SDK itself is NOT
 * in that bundle — it is imported at run time from `sdkEntry`, which for Node is the built npm
 * package `npm/mod.js`, the exact code Node users get).
 *
 *   <runtime> bench/runner.ts '<json config>'
 *
 * It runs one scenario (see `Config`) and prints one line `BENCH_RESULT <json>` on stdout.
 * `bench/main.ts` starts it once per scenario, runtime and (where a fresh process matters)
 * run. Times are `performance.now()` milliseconds.
 * @module
 */

import type * as Sdk from "../mod.ts";
import type * as Rpc from "../rpc.ts";
import { BareClient } from "./lib/bare_driver.ts";
import { BENCH_TURN_ID, fakeSession } from "./lib/fake_server.ts";
import {
  BENCH_THREAD_ID,
  buildJsonl,
  chunkBytes,
  deltaLine,
  turnCompletedLine,
} from "./lib/notifications.ts";
import { percentile } from "./lib/stats.ts";
import {
  args,
  environment,
  exit,
  gc,
  heapUsed,
  nextMacrotask,
  rss,
  runtime,
  runtimeVersion,
  sleep,
} from "./lib/rt.ts";

/** What `bench/main.ts` passes. */
export interface Config {
  scenario: "turns" | "throughput" | "memory" | "coldstart" | "concurrency" | "latency";
  /** URL of the SDK entry: `mod.ts` (Deno, Bun) or `npm/mod.js` (Node). */
  sdkEntry: string;
  /** The codex 0.169.0 native binary. */
  codexBin: string;
  /** MockModel's env (CODEX_HOME, …) for scenarios with the real binary. */
  mockEnv?: Record<string, string>;
  /** The working directory for threads. */
  cwd?: string;
  /** The text every mock reply has (checked). */
  expectedText?: string;
  /** Scenario parameters. */
  params: Record<string, any>;
}

const now = () => performance.now();
const OFFICIAL_SDK = "@openai/codex-sdk";

const config: Config = JSON.parse(args()[0]);
const importStart = now();
const sdk: typeof Sdk = await import(config.sdkEntry);
const importMs = now() - importStart;
// The JSON-RPC entry beside it (`rpc.ts` or `npm/rpc.js`), after the timed import of `@codex/sdk`.
const rpc: typeof Rpc = await import(config.sdkEntry.replace(/mod\.(ts|js)$/, "rpc.$1"));
const childEnv = { ...environment(), ...config.mockEnv };

function prompt(i: number): string {
  return `Turn ${i}: summarize the previous answer in one short sentence.`;
}

function check(answer: string | undefined, who: string): void {
  if (config.expectedText !== undefined && answer !== config.expectedText) {
    throw new Error(`${who}: unexpected answer ${JSON.stringify(answer)?.slice(0, 200)}`);
  }
}

function rotate<T>(xs: readonly T[], by: number): T[] {
  return xs.map((_, i) => xs[(i + by) % xs.length]);
}

// ───────────────────────── 1. Multi-turn conversation (real codex + MockModel) ─────────────────

interface TurnsRun {
  totalMs: number;
  /** Until the client was ready (process start + handshake); 0 for exec-per-turn. */
  startMs: number;
  turnMs: number[];
}

async function turnsSdk(turns: number): Promise<TurnsRun> {
  const t0 = now();
  const codex = await sdk.Codex.start({ env: config.mockEnv, codexBin: config.codexBin });
  const startMs = now() - t0;
  const turnMs: number[] = [];
  try {
    const thread = await codex.threadStart({ cwd: config.cwd });
    for (let i = 0; i < turns; i++) {
      const t = now();
      const result = await thread.run(prompt(i));
      turnMs.push(now() - t);
      check(result.finalResponse ?? undefined, "sdk");
    }
    return { totalMs: now() - t0, startMs, turnMs };
  } finally {
    await codex.close();
  }
}

async function turnsBare(turns: number): Promise<TurnsRun> {
  const t0 = now();
  const client = await BareClient.start(config.codexBin, childEnv);
  const startMs = now() - t0;
  const turnMs: number[] = [];
  try {
    const threadId = await client.threadStart(config.cwd!);
    for (let i = 0; i < turns; i++) {
      const t = now();
      const text = await client.runTurn(threadId, prompt(i));
      turnMs.push(now() - t);
      check(text, "bare");
    }
    return { totalMs: now() - t0, startMs, turnMs };
  } finally {
    await client.close();
  }
}

interface OfficialSdk {
  Codex: new (options: Record<string, unknown>) => {
    startThread(
      options: Record<string, unknown>,
    ): { run(input: string): Promise<{ finalResponse: string }> };
  };
}

async function turnsOfficial(turns: number, official: OfficialSdk): Promise<TurnsRun> {
  const t0 = now();
  const codex = new official.Codex({ codexPathOverride: config.codexBin, env: childEnv });
  const thread = codex.startThread({ workingDirectory: config.cwd, skipGitRepoCheck: true });
  const turnMs: number[] = [];
  for (let i = 0; i < turns; i++) {
    const t = now();
    const result = await thread.run(prompt(i));
    turnMs.push(now() - t);
    check(result.finalResponse, "official");
  }
  return { totalMs: now() - t0, startMs: 0, turnMs };
}

/**
 * Diagnostic: the SDK and the bare driver side by side (two app-servers, one thread each),
 * alternating turn by turn, so that a change in the machine's load hits both alike.
 */
async function turnsLockstep(pairs: number) {
  const codex = await sdk.Codex.start({ env: config.mockEnv, codexBin: config.codexBin });
  const bare = await BareClient.start(config.codexBin, childEnv);
  try {
    const thread = await codex.threadStart({ cwd: config.cwd });
    const threadId = await bare.threadStart(config.cwd!);
    const out = { sdk: [] as number[], bare: [] as number[] };
    for (let i = 0; i < pairs; i++) {
      for (const who of rotate(["sdk", "bare"], i)) {
        const t = now();
        if (who === "sdk") check((await thread.run(prompt(i))).finalResponse ?? undefined, "sdk");
        else check(await bare.runTurn(threadId, prompt(i)), "bare");
        out[who as "sdk" | "bare"].push(now() - t);
      }
    }
    return out;
  } finally {
    await codex.close();
    await bare.close();
  }
}

async function scenarioTurns(
  p: { runs: number; turns: number; contenders: string[]; lockstep?: number },
) {
  const official = p.contenders.includes("official")
    ? (await import(OFFICIAL_SDK) as OfficialSdk)
    : undefined;
  const out: Record<string, TurnsRun[]> = {};
  for (const c of p.contenders) out[c] = [];
  for (let r = 0; r < p.runs; r++) {
    for (const c of rotate(p.contenders, r)) {
      const run = c === "sdk"
        ? await turnsSdk(p.turns)
        : c === "bare"
        ? await turnsBare(p.turns)
        : await turnsOfficial(p.turns, official!);
      out[c].push(run);
    }
  }
  return p.lockstep ? { ...out, lockstep: await turnsLockstep(p.lockstep) } : out;
}

// ───────────────────────── 2. Notification throughput (in-memory) ─────────────────────────────

async function throughputSdk(chunks: Uint8Array[], validation: "off" | "boundary") {
  const session = await fakeSession(sdk, rpc, { validation });
  let events = 0;
  const consumed = (async () => {
    for await (const _event of session.turn.stream()) events++;
  })();
  const t0 = now();
  for (const chunk of chunks) {
    await session.write(chunk);
    await nextMacrotask(); // the next chunk comes with the next I/O event, as from a pipe
  }
  await consumed;
  const ms = now() - t0;
  const faults = session.faults();
  await session.close();
  if (faults.length) throw new Error(`the SDK reported ${faults.length} faults, e.g. ${faults[0]}`);
  return { ms, events };
}

/** Split on "\n" + JSON.parse over the same stream: the floor for reading JSONL. */
async function bareReader(
  readable: ReadableStream<Uint8Array>,
  onMessage: (m: any) => void,
): Promise<void> {
  const reader = readable.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = buffer + decoder.decode(value, { stream: true });
    let start = 0;
    let newline: number;
    while ((newline = text.indexOf("\n", start)) !== -1) {
      if (newline > start) onMessage(JSON.parse(text.slice(start, newline)));
      start = newline + 1;
    }
    buffer = start === 0 ? text : text.slice(start);
  }
}

async function throughputBare(chunks: Uint8Array[]) {
  const stream = new TransformStream<Uint8Array, Uint8Array>();
  const writer = stream.writable.getWriter();
  let events = 0;
  const consumed = bareReader(stream.readable, (m) => {
    if (m.method !== undefined) events++;
  });
  const t0 = now();
  for (const chunk of chunks) {
    await writer.write(chunk);
    await nextMacrotask();
  }
  await writer.close();
  await consumed;
  return { ms: now() - t0, events };
}

async function scenarioThroughput(
  p: { count: number; rounds: number; chunkSize: number; contenders: string[] },
) {
  const jsonl = buildJsonl(p.count, { turnId: BENCH_TURN_ID });
  const chunks = chunkBytes(jsonl, p.chunkSize);
  const out: Record<string, { ms: number; events: number }[]> = {};
  for (const c of p.contenders) out[c] = [];
  const once = (c: string) =>
    c === "sdk"
      ? throughputSdk(chunks, "boundary")
      : c === "sdkNoValidation"
      ? throughputSdk(chunks, "off")
      : throughputBare(chunks);
  for (const c of p.contenders) await once(c); // warm-up (JIT), not counted
  for (let r = 0; r < p.rounds; r++) {
    for (const c of rotate(p.contenders, r)) out[c].push(await once(c));
  }
  return { messages: p.count, bytes: jsonl.length, chunks: chunks.length, runs: out };
}

// ───────────────────────── 3. Memory under a long stream (in-memory) ──────────────────────────

async function scenarioMemory(p: { deltas: number; chunkSize: number; mode: "sdk" | "bare" }) {
  const encoder = new TextEncoder();
  let write: (chunk: Uint8Array) => Promise<void>;
  let finish: () => Promise<void>;
  let consumed: Promise<void>;
  let received = 0;
  let chars = 0;
  let faults: () => string[] = () => [];
  if (p.mode === "sdk") {
    const session = await fakeSession(sdk, rpc);
    write = (chunk) => session.write(chunk);
    faults = session.faults;
    consumed = (async () => {
      for await (const event of session.turn.stream()) {
        if (event.method === "item/agentMessage/delta") {
          received++;
          chars += event.params.delta.length;
        }
      }
    })();
    finish = async () => {
      await consumed;
      await session.close();
    };
  } else {
    const stream = new TransformStream<Uint8Array, Uint8Array>();
    const writer = stream.writable.getWriter();
    write = (chunk) => writer.write(chunk);
    consumed = bareReader(stream.readable, (m) => {
      if (m.method === "item/agentMessage/delta") {
        received++;
        chars += m.params.delta.length;
      }
    });
    finish = async () => {
      await writer.close();
      await consumed;
    };
  }
  // Baseline: everything set up, a settled heap.
  const hasGc = gc();
  await sleep(20);
  gc();
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
    await write(encoder.encode(text));
    await nextMacrotask();
    const r = rss();
    if (r > peak) peak = r;
    if (++chunkCount % 64 === 0) samples.push(r - base);
  }
  await write(encoder.encode(turnCompletedLine(BENCH_THREAD_ID, BENCH_TURN_ID) + "\n"));
  const faultList = faults();
  await finish();
  const ms = now() - t0;
  const endRss = rss();
  gc();
  await sleep(20);
  gc();
  const afterRss = rss();
  const heapAfter = heapUsed();
  if (received !== p.deltas) throw new Error(`memory: received ${received} of ${p.deltas} deltas`);
  if (faultList.length) {
    throw new Error(`the SDK reported ${faultList.length} faults, e.g. ${faultList[0]}`);
  }
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

// ───────────────────────── 4. Cold start (real codex) ─────────────────────────────────────────

async function startSdkOnce(): Promise<number> {
  const t0 = now();
  const codex = await sdk.Codex.start({ env: config.mockEnv, codexBin: config.codexBin });
  const ms = now() - t0;
  await codex.close();
  return ms;
}

async function startBareOnce(): Promise<number> {
  const t0 = now();
  const client = await BareClient.start(config.codexBin, childEnv);
  const ms = now() - t0;
  await client.close();
  return ms;
}

async function scenarioColdstart(p: { sdkFirst: boolean; warm: number }) {
  const first = p.sdkFirst
    ? { who: "sdk", ms: await startSdkOnce() }
    : { who: "bare", ms: await startBareOnce() };
  const second = p.sdkFirst
    ? { who: "bare", ms: await startBareOnce() }
    : { who: "sdk", ms: await startSdkOnce() };
  const warm: Record<string, number[]> = { sdk: [], bare: [] };
  for (let i = 0; i < p.warm; i++) {
    for (const who of rotate(["sdk", "bare"], i)) {
      warm[who].push(who === "sdk" ? await startSdkOnce() : await startBareOnce());
    }
  }
  return { importMs, first, second, warm };
}

// ───────────────────────── 5. Scale with concurrency (real codex) ─────────────────────────────

async function scenarioConcurrency(p: { levels: number[]; reps: number }) {
  const max = Math.max(...p.levels);
  const codex = await sdk.Codex.start({ env: config.mockEnv, codexBin: config.codexBin });
  const bare = await BareClient.start(config.codexBin, childEnv);
  try {
    // Threads are made up front (not timed); each round runs one turn on each of `level` threads.
    const sdkThreads = await Promise.all(
      Array.from({ length: max }, () => codex.threadStart({ cwd: config.cwd })),
    );
    const bareThreads = await Promise.all(
      Array.from({ length: max }, () => bare.threadStart(config.cwd!)),
    );
    let n = 0;
    const round = async (who: string, level: number) => {
      const t0 = now();
      const latencies = await Promise.all(Array.from({ length: level }, async (_, i) => {
        const t = now();
        const text = who === "sdk"
          ? (await sdkThreads[i].run(prompt(n++))).finalResponse ?? undefined
          : await bare.runTurn(bareThreads[i], prompt(n++));
        check(text, who);
        return now() - t;
      }));
      return { totalMs: now() - t0, turnMs: latencies };
    };
    // Warm-up: every thread's first turn (session files, JIT), not counted.
    await round("sdk", max);
    await round("bare", max);
    const out: Record<string, Record<string, { totalMs: number; turnMs: number[] }[]>> = {
      sdk: {},
      bare: {},
    };
    for (let r = 0; r < p.reps; r++) {
      for (const level of p.levels) {
        for (const who of rotate(["sdk", "bare"], r)) {
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

// ───────────────────────── 6. Event latency (in-memory) ───────────────────────────────────────

async function scenarioLatency(
  p: { rate: number; durationMs: number; warmupMs: number; mode: "sdk" | "bare" },
) {
  const warmup = Math.round((p.rate * p.warmupMs) / 1000);
  const total = warmup + Math.round((p.rate * p.durationMs) / 1000);
  const stamps = new Float64Array(total);
  const latency = new Float64Array(total).fill(-1);
  const encoder = new TextEncoder();
  const arrived = (delta: string, at: number) => {
    const seq = Number(delta.slice(2));
    latency[seq] = at - stamps[seq];
  };
  let write: (chunk: Uint8Array) => Promise<void>;
  let finish: () => Promise<void>;
  let faults: () => string[] = () => [];
  if (p.mode === "sdk") {
    const session = await fakeSession(sdk, rpc);
    write = (chunk) => session.write(chunk);
    faults = session.faults;
    const consumed = (async () => {
      for await (const event of session.turn.stream()) {
        if (event.method === "item/agentMessage/delta") arrived(event.params.delta, now());
      }
    })();
    finish = async () => {
      await consumed;
      await session.close();
    };
  } else {
    const stream = new TransformStream<Uint8Array, Uint8Array>();
    const writer = stream.writable.getWriter();
    write = (chunk) => writer.write(chunk);
    const consumed = bareReader(stream.readable, (m) => {
      if (m.method === "item/agentMessage/delta") arrived(m.params.delta, now());
    });
    finish = async () => {
      await writer.close();
      await consumed;
    };
  }
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
      write(bytes).catch(() => {});
      sent++;
    }
    await nextMacrotask(); // lets the consumer run; then the next message as soon as it is due
  }
  const sendMs = now() - t0;
  await write(encoder.encode(turnCompletedLine(BENCH_THREAD_ID, BENCH_TURN_ID) + "\n"));
  const faultList = faults();
  await finish();
  if (faultList.length) {
    throw new Error(`the SDK reported ${faultList.length} faults, e.g. ${faultList[0]}`);
  }
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

// ───────────────────────── main ────────────────────────────────────────────────────────────────

const scenarios: Record<Config["scenario"], (params: any) => Promise<unknown>> = {
  turns: scenarioTurns,
  throughput: scenarioThroughput,
  memory: scenarioMemory,
  coldstart: scenarioColdstart,
  concurrency: scenarioConcurrency,
  latency: scenarioLatency,
};

try {
  const result = await scenarios[config.scenario](config.params);
  console.log(`BENCH_RESULT ${JSON.stringify({ runtime, version: runtimeVersion(), result })}`);
  exit(0);
} catch (error) {
  console.error(`runner (${runtime}, ${config.scenario}) failed:`, error);
  exit(1);
}
