/**
 * `npm run bench` (= `deno run -A bench/main.ts`): the SDK's benchmarks, offline, on Deno, Bun
 * and Node, against the real codex 0.169.0 binary and MockModel (or, for the in-memory
 * scenarios, a bench-only fake server). Prints a table, writes `bench/results.json` (a quick or
 * partial run writes `bench/.tmp/results.quick.json` or `results.partial.json` instead).
 *
 *   deno run -A bench/main.ts [--quick] [--no-build] [--runtimes deno,bun,node]
 *                             [--scenarios turns,throughput,memory,coldstart,concurrency,latency]
 *                             [--update-docs]
 *
 *   --quick        small counts and one or two runs: a smoke test (about a minute), not figures
 *   --no-build     reuse npm/ as it is (default: rebuild it, so Node measures the current source)
 *   --update-docs  also write the table and machine into BENCHMARKS.md (between its markers)
 *
 * What runs where: this orchestrator (Deno) builds the npm package, bundles `bench/runner.ts`
 * for Node, hosts MockModel (so the model side is the same process and runtime for every
 * client measured) and starts one child process per scenario × runtime (× run, where a fresh
 * process matters: memory, cold start, latency). See BENCHMARKS.md for what each figure means.
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MockModel, textReply } from "../testing.ts";
import { BareClient } from "./lib/bare_driver.ts";
import { median, percentile, type Spread, spread } from "./lib/stats.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(ROOT, "node_modules", ".bin");
const TMP = join(ROOT, "bench", ".tmp");
const CODEX_BIN = join(
  ROOT,
  "node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex",
);
const RUNTIMES = ["deno", "bun", "node"] as const;
type Runtime = typeof RUNTIMES[number];
const SCENARIOS = ["turns", "throughput", "memory", "coldstart", "concurrency", "latency"] as const;
type Scenario = typeof SCENARIOS[number];

/** Every mock reply: a short answer streamed as 8 deltas. */
const REPLY = "Done: the parser now reads each line once and the tests cover empty input.";

// ───────────────────────── options ─────────────────────────

const argv = [...Deno.args];
const flag = (name: string) => {
  const i = argv.indexOf(name);
  if (i === -1) return false;
  argv.splice(i, 1);
  return true;
};
const option = (name: string) => {
  const i = argv.indexOf(name);
  if (i === -1) return undefined;
  const value = argv[i + 1];
  argv.splice(i, 2);
  return value;
};
const quick = flag("--quick");
const noBuild = flag("--no-build");
const updateDocs = flag("--update-docs");
const runtimes = (option("--runtimes")?.split(",") ?? [...RUNTIMES]) as Runtime[];
const scenarios = (option("--scenarios")?.split(",") ?? [...SCENARIOS]) as Scenario[];
if (argv.length) usage(`unknown argument ${argv[0]}`);
for (const r of runtimes) if (!RUNTIMES.includes(r)) usage(`unknown runtime ${r}`);
for (const s of scenarios) if (!SCENARIOS.includes(s)) usage(`unknown scenario ${s}`);

function usage(message: string): never {
  console.error(
    `bench: ${message}\nusage: deno run -A bench/main.ts [--quick] [--no-build] [--update-docs] ` +
      `[--runtimes ${RUNTIMES.join(",")}] [--scenarios ${SCENARIOS.join(",")}]`,
  );
  Deno.exit(2);
}

/** Run counts and sizes. The full set fits in 10 minutes on a 2-core machine. */
const P = quick
  ? {
    turns: { turns: 10, runs: 1, officialRuns: 1, officialRunsBonus: 1, lockstep: 10 },
    throughput: { count: 50_000, rounds: 2, chunkSize: 65536 },
    memory: { deltas: 200_000, chunkSize: 65536, sdkRuns: 1, bareRuns: 1 },
    coldstart: { processes: 2, warm: 1 },
    concurrency: { levels: [1, 10], reps: 1 },
    latency: { rate: 10_000, durationMs: 1000, warmupMs: 200, sdkRuns: 1, bareRuns: 1 },
  }
  : {
    turns: { turns: 40, runs: 5, officialRuns: 3, officialRunsBonus: 2, lockstep: 40 },
    throughput: { count: 200_000, rounds: 5, chunkSize: 65536 },
    memory: { deltas: 1_000_000, chunkSize: 65536, sdkRuns: 3, bareRuns: 1 },
    coldstart: { processes: 8, warm: 3 },
    concurrency: { levels: [1, 10, 50], reps: 2 },
    latency: { rate: 10_000, durationMs: 3000, warmupMs: 500, sdkRuns: 3, bareRuns: 1 },
  };

// ───────────────────────── helpers ─────────────────────────

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)}s`;

async function run(
  command: string,
  args: string[],
  options: { timeoutMs?: number; quiet?: boolean } = {},
) {
  const child = new Deno.Command(command, { args, cwd: ROOT, stdout: "piped", stderr: "piped" })
    .spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  }, options.timeoutMs ?? 300_000);
  const output = await child.output();
  clearTimeout(timer);
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  if (!output.success) {
    throw new Error(
      `${command} ${
        args.slice(0, 3).join(" ")
      } … failed (exit ${output.code}):\n${stderr}${stdout}`,
    );
  }
  return { stdout, stderr };
}

function runtimeCommand(runtime: Runtime, config: unknown, exposeGc: boolean): [string, string[]] {
  const json = JSON.stringify(config);
  switch (runtime) {
    case "deno":
      return [Deno.execPath(), [
        "run",
        "-A",
        ...(exposeGc ? ["--v8-flags=--expose-gc"] : []),
        "bench/runner.ts",
        json,
      ]];
    case "bun":
      return [join(BIN, "bun"), ["bench/runner.ts", json]];
    case "node":
      return ["node", [...(exposeGc ? ["--expose-gc"] : []), join(TMP, "runner.mjs"), json]];
  }
}

const SDK_ENTRY: Record<Runtime, string> = {
  deno: pathToFileURL(join(ROOT, "mod.ts")).href,
  bun: pathToFileURL(join(ROOT, "mod.ts")).href,
  node: pathToFileURL(join(ROOT, "npm", "mod.js")).href,
};

let threadCwd = "";

/** Runs one child: scenario on runtime; with a fresh MockModel when it needs the real binary. */
async function child(
  runtime: Runtime,
  scenario: Scenario,
  params: Record<string, unknown>,
  label: string,
): Promise<any> {
  const needsModel = ["turns", "coldstart", "concurrency"].includes(scenario);
  const mock = needsModel
    ? await MockModel.start({ defaultReply: () => textReply(REPLY, { deltas: 8 }) })
    : undefined;
  try {
    if (mock) {
      // The first codex start in a fresh CODEX_HOME sets up its state (≈ +200–400 ms, once):
      // do that here, untimed, so that no contender in the child pays it.
      const warm = await BareClient.start(CODEX_BIN, { ...Deno.env.toObject(), ...mock.env });
      await warm.runTurn(await warm.threadStart(threadCwd), "warm-up");
      await warm.close();
    }
    const config = {
      scenario,
      sdkEntry: SDK_ENTRY[runtime],
      codexBin: CODEX_BIN,
      mockEnv: mock?.env,
      cwd: threadCwd,
      expectedText: REPLY,
      params,
    };
    const [command, args] = runtimeCommand(runtime, config, scenario === "memory");
    const load1 = await loadavg();
    loads.push({ at: `${scenario} ${label} ${runtime}`, load1 });
    const t = performance.now();
    const { stdout } = await run(command, args);
    const line = stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
    if (!line) throw new Error(`${runtime} ${scenario}: no BENCH_RESULT in its output:\n${stdout}`);
    console.error(
      `  [${elapsed()}] ${scenario} ${label} on ${runtime}: ${
        ((performance.now() - t) / 1000).toFixed(1)
      }s (load before: ${load1.toFixed(2)})`,
    );
    return JSON.parse(line.slice("BENCH_RESULT ".length));
  } finally {
    await mock?.close();
  }
}

/** The 1-minute load average (how busy the machine was: other processes skew every figure). */
async function loadavg(): Promise<number> {
  const text = await Deno.readTextFile("/proc/loadavg").catch(() => "");
  return Number(text.split(" ")[0]) || 0;
}
const loads: { at: string; load1: number }[] = [];

async function machine() {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const meminfo = await Deno.readTextFile("/proc/meminfo").catch(() => "");
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1] ?? 0);
  const versions: Record<string, string> = {};
  for (
    const [name, command, args] of [
      ["deno", Deno.execPath(), ["--version"]],
      ["bun", join(BIN, "bun"), ["--version"]],
      ["node", "node", ["--version"]],
      ["codex", CODEX_BIN, ["--version"]],
    ] as const
  ) {
    versions[name] = (await run(command, [...args]).catch(() => ({ stdout: "?" }))).stdout.split(
      "\n",
    )[0].trim();
  }
  const git = async (...args: string[]) =>
    (await run("git", args).catch(() => ({ stdout: "" }))).stdout.trim();
  const commit = await git("rev-parse", "--short", "HEAD");
  const dirty = (await git("status", "--porcelain", "--", "mod.ts", "testing.ts", "src")) !== "";
  return {
    /** The commit measured; "+dirty" when mod.ts, testing.ts or src/ had uncommitted changes. */
    commit: commit ? `${commit}${dirty ? "+dirty" : ""}` : "unknown",
    nproc: navigator.hardwareConcurrency,
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
    memoryGiB: Math.round((memKb / 1024 / 1024) * 10) / 10,
    os: `${Deno.build.os} ${Deno.osRelease()} ${Deno.build.arch}`,
    versions,
    officialSdk:
      JSON.parse(await Deno.readTextFile(join(ROOT, "node_modules/@openai/codex-sdk/package.json")))
        .version,
  };
}

// ───────────────────────── the run ─────────────────────────

const raw: Record<string, Partial<Record<Runtime, any>>> = {};
const scenarioSeconds: Record<string, number> = {};
const date = new Date().toISOString();
const info = await machine();
console.error(
  `bench: ${quick ? "QUICK (smoke test) " : ""}${scenarios.join(", ")} on ${runtimes.join(", ")}`,
);
console.error(
  `  ${info.nproc} cores, ${info.cpu}, ${info.memoryGiB} GiB; ${
    Object.values(info.versions).join("; ")
  }`,
);
const loadAtStart = await loadavg();
loads.push({ at: "start", load1: loadAtStart });
if (loadAtStart > info.nproc / 2) {
  console.error(
    `  WARNING: load average ${loadAtStart} on ${info.nproc} cores: other processes are busy; figures will be noisy`,
  );
}

if (runtimes.includes("node")) {
  if (noBuild) {
    try {
      await Deno.stat(join(ROOT, "npm", "mod.js"));
    } catch {
      usage("--no-build, but npm/mod.js does not exist (run without --no-build)");
    }
  } else {
    console.error(`  [${elapsed()}] building npm/ (scripts/build_npm.ts) …`);
    await run(Deno.execPath(), ["run", "-A", "scripts/build_npm.ts"]);
  }
  await Deno.mkdir(TMP, { recursive: true });
  await run(join(BIN, "bun"), [
    "build",
    "bench/runner.ts",
    "--target=node",
    `--outfile=${join(TMP, "runner.mjs")}`,
    "--external",
    "@openai/codex-sdk",
  ]);
  console.error(`  [${elapsed()}] npm/ built, runner bundled for Node`);
}

threadCwd = await Deno.makeTempDir({ prefix: "codex-bench-cwd-" });
try {
  for (const scenario of scenarios) {
    raw[scenario] = {};
    const t = performance.now();
    for (const runtime of runtimes) raw[scenario][runtime] = await runScenario(scenario, runtime);
    scenarioSeconds[scenario] = Math.round((performance.now() - t) / 1000);
  }
} finally {
  await Deno.remove(threadCwd, { recursive: true }).catch(() => {});
}

async function runScenario(scenario: Scenario, runtime: Runtime): Promise<unknown> {
  switch (scenario) {
    case "turns": {
      // Official SDK runs fewer times (each run is ~15 s of exec-per-turn); interleaved with the rest.
      // @openai/codex-sdk is a Node SDK: 3 runs there; on Deno and Bun (a bonus: it works) 2.
      const { turns, runs, lockstep } = P.turns;
      const officialRuns = runtime === "node" ? P.turns.officialRuns : P.turns.officialRunsBonus;
      const a = await child(runtime, "turns", {
        turns,
        runs: officialRuns,
        contenders: ["sdk", "bare", "official"],
      }, `${officialRuns}×(sdk, bare, official)`);
      const extra = runs - officialRuns;
      const b = await child(runtime, "turns", {
        turns,
        runs: extra,
        contenders: ["sdk", "bare"],
        lockstep,
      }, `${extra}×(sdk, bare) + ${lockstep} lockstep pairs`);
      return {
        version: a.version,
        sdk: [...a.result.sdk, ...b.result.sdk],
        bare: [...a.result.bare, ...b.result.bare],
        official: a.result.official,
        lockstep: b.result.lockstep,
      };
    }
    case "throughput": {
      const r = await child(runtime, "throughput", {
        ...P.throughput,
        contenders: ["sdk", "bare", "sdkNoValidation"],
      }, `${P.throughput.rounds} rounds`);
      return r.result;
    }
    case "memory": {
      const out: { sdk: unknown[]; bare: unknown[] } = { sdk: [], bare: [] };
      for (let i = 0; i < P.memory.sdkRuns; i++) {
        out.sdk.push(
          (await child(runtime, "memory", { ...P.memory, mode: "sdk" }, `sdk #${i + 1}`)).result,
        );
      }
      for (let i = 0; i < P.memory.bareRuns; i++) {
        out.bare.push(
          (await child(runtime, "memory", { ...P.memory, mode: "bare" }, `bare #${i + 1}`)).result,
        );
      }
      return out;
    }
    case "coldstart": {
      const out: unknown[] = [];
      for (let i = 0; i < P.coldstart.processes; i++) {
        const sdkFirst = i % 2 === 0;
        out.push(
          (await child(
            runtime,
            "coldstart",
            { sdkFirst, warm: P.coldstart.warm },
            `process #${i + 1}`,
          )).result,
        );
      }
      return out;
    }
    case "concurrency": {
      return (await child(
        runtime,
        "concurrency",
        P.concurrency,
        `levels ${P.concurrency.levels.join("/")}`,
      )).result;
    }
    case "latency": {
      const out: { sdk: unknown[]; bare: unknown[] } = { sdk: [], bare: [] };
      const { sdkRuns, bareRuns, ...params } = P.latency;
      for (let i = 0; i < sdkRuns; i++) {
        out.sdk.push(
          (await child(runtime, "latency", { ...params, mode: "sdk" }, `sdk #${i + 1}`)).result,
        );
      }
      for (let i = 0; i < bareRuns; i++) {
        out.bare.push(
          (await child(runtime, "latency", { ...params, mode: "bare" }, `bare #${i + 1}`)).result,
        );
      }
      return out;
    }
  }
}

// ───────────────────────── summary ─────────────────────────

const MB = 1024 * 1024;
type Cell = Spread & { unit: string };
const cell = (xs: number[], unit: string): Cell => ({ ...spread(xs), unit });

const summary: Record<string, Partial<Record<Runtime, Record<string, unknown>>>> = {};
for (const scenario of scenarios) {
  summary[scenario] = {};
  for (const runtime of runtimes) {
    const r = raw[scenario]![runtime];
    if (r) summary[scenario][runtime] = summarize(scenario, r);
  }
}

function summarize(scenario: Scenario, r: any): Record<string, unknown> {
  switch (scenario) {
    case "turns": {
      const totals = (runs: any[]) => runs.map((x) => x.totalMs / 1000);
      const sdk = totals(r.sdk), bare = totals(r.bare), official = totals(r.official);
      const paired = r.sdk.map((x: any, i: number) => x.totalMs / r.bare[i].totalMs);
      return {
        sdk: cell(sdk, "s"),
        bare: cell(bare, "s"),
        official: cell(official, "s"),
        sdkStart: cell(r.sdk.map((x: any) => x.startMs), "ms"),
        bareStart: cell(r.bare.map((x: any) => x.startMs), "ms"),
        sdkTurn: cell(r.sdk.map((x: any) => median(x.turnMs)), "ms"),
        bareTurn: cell(r.bare.map((x: any) => median(x.turnMs)), "ms"),
        officialTurn: cell(r.official.map((x: any) => median(x.turnMs)), "ms"),
        ab: { value: median(sdk) / median(bare), paired: spread(paired) },
        ca: { value: median(official) / median(sdk) },
        lockstepSdkTurn: cell(r.lockstep.sdk, "ms"),
        lockstepBareTurn: cell(r.lockstep.bare, "ms"),
        lockstepAb: {
          value: median(r.lockstep.sdk) / median(r.lockstep.bare),
          sum: r.lockstep.sdk.reduce((x: number, y: number) => x + y, 0) /
            r.lockstep.bare.reduce((x: number, y: number) => x + y, 0),
        },
      };
    }
    case "throughput": {
      const rate = (runs: any[]) => runs.map((x) => r.messages / x.ms * 1000 / 1e6);
      const sdk = rate(r.runs.sdk), bare = rate(r.runs.bare), off = rate(r.runs.sdkNoValidation);
      const paired = r.runs.sdk.map((x: any, i: number) => r.runs.bare[i].ms / x.ms);
      return {
        sdk: cell(sdk, "M msg/s"),
        bare: cell(bare, "M msg/s"),
        sdkNoValidation: cell(off, "M msg/s"),
        ab: { value: median(sdk) / median(bare), paired: spread(paired) },
        abNoValidation: { value: median(off) / median(bare) },
      };
    }
    case "memory":
      return {
        sdkPeak: cell(r.sdk.map((x: any) => x.peakGrowth / MB), "MB"),
        sdkAfterGc: cell(r.sdk.map((x: any) => x.afterGcGrowth / MB), "MB"),
        sdkHeapAfterGc: cell(r.sdk.map((x: any) => x.heapGrowthAfterGc / MB), "MB"),
        sdkRate: cell(r.sdk.map((x: any) => x.deltas / x.ms * 1000 / 1e6), "M deltas/s"),
        barePeak: cell(r.bare.map((x: any) => x.peakGrowth / MB), "MB"),
      };
    case "coldstart": {
      const coldSdk = r.filter((x: any) => x.first.who === "sdk").map((x: any) => x.first.ms);
      const coldBare = r.filter((x: any) => x.first.who === "bare").map((x: any) => x.first.ms);
      const warmSdk = r.flatMap((x: any) => x.warm.sdk);
      const warmBare = r.flatMap((x: any) => x.warm.bare);
      return {
        coldSdk: cell(coldSdk, "ms"),
        coldBare: cell(coldBare, "ms"),
        warmSdk: cell(warmSdk, "ms"),
        warmBare: cell(warmBare, "ms"),
        importMs: cell(r.map((x: any) => x.importMs), "ms"),
        overCold: { value: median(coldSdk) - median(coldBare) },
        overWarm: { value: median(warmSdk) - median(warmBare) },
      };
    }
    case "concurrency": {
      const out: Record<string, unknown> = {};
      for (const who of ["sdk", "bare"]) {
        for (const [level, runs] of Object.entries(r[who] as Record<string, any[]>)) {
          out[`${who}Total${level}`] = cell(runs.map((x) => x.totalMs), "ms");
          out[`${who}Turn${level}`] = cell(runs.map((x) => median(x.turnMs)), "ms");
          out[`${who}TurnP95_${level}`] = cell(runs.map((x) => percentile(x.turnMs, 95)), "ms");
        }
      }
      return out;
    }
    case "latency":
      return {
        sdkP50: cell(r.sdk.map((x: any) => x.p50 * 1000), "µs"),
        sdkP99: cell(r.sdk.map((x: any) => x.p99 * 1000), "µs"),
        sdkMax: cell(r.sdk.map((x: any) => x.max * 1000), "µs"),
        sdkRate: cell(r.sdk.map((x: any) => x.achievedRate), "msg/s"),
        bareP50: cell(r.bare.map((x: any) => x.p50 * 1000), "µs"),
        bareP99: cell(r.bare.map((x: any) => x.p99 * 1000), "µs"),
      };
  }
}

// ───────────────────────── targets ─────────────────────────

interface TargetRow {
  id: string;
  target: string;
  results: Partial<Record<Runtime, { value: string; met: boolean }>>;
}

const targets: TargetRow[] = [];
function target(
  id: string,
  text: string,
  scenario: Scenario,
  judge: (s: any) => { value: string; met: boolean },
) {
  if (!scenarios.includes(scenario)) return;
  const results: TargetRow["results"] = {};
  for (const runtime of runtimes) {
    const s = summary[scenario]?.[runtime];
    if (s) results[runtime] = judge(s);
  }
  targets.push({ id, target: text, results });
}
target(
  "1 a/b",
  `SDK ÷ bare driver, ${P.turns.turns} turns ≤ 1.05`,
  "turns",
  (s) => ({ value: s.ab.value.toFixed(3), met: s.ab.value <= 1.05 }),
);
target(
  "1 c/a",
  `official SDK ÷ SDK, ${P.turns.turns} turns ≥ 4`,
  "turns",
  (s) => ({ value: s.ca.value.toFixed(2), met: s.ca.value >= 4 }),
);
target(
  "2 a/b",
  "SDK ÷ bare throughput ≥ 0.8 (default validation)",
  "throughput",
  (s) => ({ value: s.ab.value.toFixed(3), met: s.ab.value >= 0.8 }),
);
target(
  "3",
  `peak RSS growth, ${P.memory.deltas / 1e6}M deltas < 50 MB (worst run)`,
  "memory",
  (s) => ({ value: `${s.sdkPeak.max.toFixed(1)} MB`, met: s.sdkPeak.max < 50 }),
);
target(
  "4",
  "Codex.start() − bare start ≤ 10 ms (first start in a process)",
  "coldstart",
  (s) => ({ value: `${fmtSigned(s.overCold.value)} ms`, met: s.overCold.value <= 10 }),
);
target(
  "6",
  "event latency p99 ≤ 1 ms (median of runs)",
  "latency",
  (s) => ({ value: `${(s.sdkP99.median / 1000).toFixed(3)} ms`, met: s.sdkP99.median <= 1000 }),
);

function fmtSigned(x: number): string {
  return (x >= 0 ? "+" : "") + x.toFixed(1);
}

// ───────────────────────── the table ─────────────────────────

function fmt(x: number): string {
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
}
function fmtCell(c: Cell | undefined): string {
  if (!c || !Number.isFinite(c.median)) return "–";
  return c.n > 1 ? `${fmt(c.median)} (${fmt(c.min)}–${fmt(c.max)})` : fmt(c.median);
}

interface Row {
  scenario: Scenario;
  label: string;
  unit: string;
  get: (s: any) => Cell | { value: number } | undefined;
}
const levels = P.concurrency.levels;
const rows: Row[] = [
  {
    scenario: "turns",
    label: `1. ${P.turns.turns} turns: (a) this SDK`,
    unit: "s",
    get: (s) => s.sdk,
  },
  {
    scenario: "turns",
    label: `1. ${P.turns.turns} turns: (b) bare driver`,
    unit: "s",
    get: (s) => s.bare,
  },
  {
    scenario: "turns",
    label: `1. ${P.turns.turns} turns: (c) @openai/codex-sdk`,
    unit: "s",
    get: (s) => s.official,
  },
  {
    scenario: "turns",
    label: "1. a/b (ratio of medians; paired runs in brackets)",
    unit: "×",
    get: (s) => ({ ...s.ab.paired, median: s.ab.value }),
  },
  { scenario: "turns", label: "1. c/a", unit: "×", get: (s) => ({ value: s.ca.value }) },
  {
    scenario: "turns",
    label: "1. diagnostic: a/b turn by turn in lockstep (median turn; sum of turns)",
    unit: "×",
    get: (s) => ({ text: `${fmt(s.lockstepAb.value)}; ${fmt(s.lockstepAb.sum)}` }) as never,
  },
  {
    scenario: "turns",
    label: "1. median turn: a / b / c",
    unit: "ms",
    get: (s) =>
      ({
        text: `${fmt(s.sdkTurn.median)} / ${fmt(s.bareTurn.median)} / ${
          fmt(s.officialTurn.median)
        }`,
      }) as never,
  },
  {
    scenario: "throughput",
    label: "2. throughput: (a) SDK, default validation",
    unit: "M msg/s",
    get: (s) => s.sdk,
  },
  {
    scenario: "throughput",
    label: "2. throughput: (b) split + JSON.parse",
    unit: "M msg/s",
    get: (s) => s.bare,
  },
  {
    scenario: "throughput",
    label: "2. a/b (paired rounds in brackets)",
    unit: "×",
    get: (s) => ({ ...s.ab.paired, median: s.ab.value }),
  },
  {
    scenario: "throughput",
    label: "2. SDK with validation off ÷ b (for reference)",
    unit: "×",
    get: (s) => ({ value: s.abNoValidation.value }),
  },
  {
    scenario: "memory",
    label: `3. ${P.memory.deltas / 1e6}M deltas: peak RSS growth, SDK`,
    unit: "MB",
    get: (s) => s.sdkPeak,
  },
  {
    scenario: "memory",
    label: "3. … retained after GC (heap), SDK",
    unit: "MB",
    get: (s) => s.sdkHeapAfterGc,
  },
  {
    scenario: "memory",
    label: "3. … peak RSS growth, bare loop (reference)",
    unit: "MB",
    get: (s) => s.barePeak,
  },
  {
    scenario: "coldstart",
    label: "4. first start in a process: Codex.start()",
    unit: "ms",
    get: (s) => s.coldSdk,
  },
  {
    scenario: "coldstart",
    label: "4. first start in a process: bare spawn + initialize",
    unit: "ms",
    get: (s) => s.coldBare,
  },
  {
    scenario: "coldstart",
    label: "4. SDK − bare, first start (medians)",
    unit: "ms",
    get: (s) => ({ value: s.overCold.value }),
  },
  {
    scenario: "coldstart",
    label: "4. later starts: SDK − bare (medians)",
    unit: "ms",
    get: (s) => ({ value: s.overWarm.value }),
  },
  {
    scenario: "coldstart",
    label: "4. import of the SDK module (not in the above)",
    unit: "ms",
    get: (s) => s.importMs,
  },
  ...levels.flatMap((level): Row[] => [
    {
      scenario: "concurrency",
      label: `5. ${level} concurrent turns: total, SDK / bare`,
      unit: "ms",
      get: (s) =>
        ({
          text: `${fmtCell(s[`sdkTotal${level}`])} / ${fmt(s[`bareTotal${level}`]?.median)}`,
        }) as never,
    },
    {
      scenario: "concurrency",
      label: `5. ${level} concurrent: median per-turn latency, SDK / bare`,
      unit: "ms",
      get: (s) =>
        ({
          text: `${fmtCell(s[`sdkTurn${level}`])} / ${fmt(s[`bareTurn${level}`]?.median)}`,
        }) as never,
    },
  ]),
  {
    scenario: "latency",
    label: "6. event latency at 10k msg/s: p50, SDK",
    unit: "µs",
    get: (s) => s.sdkP50,
  },
  {
    scenario: "latency",
    label: "6. event latency at 10k msg/s: p99, SDK",
    unit: "µs",
    get: (s) => s.sdkP99,
  },
  { scenario: "latency", label: "6. … max, SDK", unit: "µs", get: (s) => s.sdkMax },
  {
    scenario: "latency",
    label: "6. … p50 / p99, bare loop (reference)",
    unit: "µs",
    get: (s) => ({ text: `${fmt(s.bareP50.median)} / ${fmt(s.bareP99.median)}` }) as never,
  },
];

function render(): string {
  const lines: string[] = [];
  lines.push(
    `| Figure | Unit | ${runtimes.map((r) => `${r[0].toUpperCase()}${r.slice(1)}`).join(" | ")} |`,
  );
  lines.push(`|---|---|${runtimes.map(() => "---").join("|")}|`);
  for (const row of rows) {
    if (!scenarios.includes(row.scenario)) continue;
    const cells = runtimes.map((runtime) => {
      const s = summary[row.scenario]?.[runtime];
      if (!s) return "–";
      const v = row.get(s) as any;
      if (v === undefined) return "–";
      if ("text" in v) return v.text;
      if ("value" in v) return fmt(v.value);
      return fmtCell(v);
    });
    lines.push(`| ${row.label} | ${row.unit} | ${cells.join(" | ")} |`);
  }
  lines.push("");
  lines.push(
    `| Target | ${runtimes.map((r) => `${r[0].toUpperCase()}${r.slice(1)}`).join(" | ")} |`,
  );
  lines.push(`|---|${runtimes.map(() => "---").join("|")}|`);
  for (const t of targets) {
    const cells = runtimes.map((r) => {
      const x = t.results[r];
      return x ? `${x.met ? "met" : "**missed**"} (${x.value})` : "–";
    });
    lines.push(`| ${t.id}: ${t.target} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

const table = render();
const medianLoad = median(loads.map((l) => l.load1));
const maxLoad = Math.max(...loads.map((l) => l.load1));
const day = date.slice(0, 10);
const versions = [
  info.versions.deno.replace(/ \(.*/, ""),
  `bun ${info.versions.bun}`,
  `node ${info.versions.node.replace(/^v/, "")}`,
  info.versions.codex,
  `@openai/codex-sdk ${info.officialSdk}`,
].join(", ");
const loadText = `1-min load average before each measurement: median ${medianLoad.toFixed(1)}, ` +
  `max ${maxLoad.toFixed(1)}`;
const seconds = Math.round((performance.now() - started) / 1000);
const machineLine = [
  day,
  `commit ${info.commit}`,
  `${info.nproc} cores (${info.cpu})`,
  `${info.memoryGiB} GiB RAM`,
  info.os,
  versions,
  loadText,
  `${seconds} s in all`,
  ...(quick ? ["QUICK RUN (smoke test, not figures)"] : []),
].join(" · ");
console.log(`\n${machineLine}\n\n${table}\n`);

const results = {
  date,
  quick,
  machine: info,
  parameters: P,
  runtimes,
  scenarios,
  durationSeconds: Math.round((performance.now() - started) / 1000),
  scenarioSeconds,
  /** The 1-minute load average at the start and before each child (≫ 1 means a busy machine). */
  loads,
  targets,
  summary,
  raw,
};
// Only a complete, full-size run replaces bench/results.json (the figures BENCHMARKS.md shows);
// quick and partial runs go to bench/.tmp/.
const complete = !quick && runtimes.length === RUNTIMES.length &&
  scenarios.length === SCENARIOS.length;
const resultsPath = complete
  ? "bench/results.json"
  : `bench/.tmp/results.${quick ? "quick" : "partial"}.json`;
await Deno.mkdir(TMP, { recursive: true });
await Deno.writeTextFile(join(ROOT, resultsPath), JSON.stringify(results, null, 1) + "\n");
console.error(`bench: wrote ${resultsPath} (${elapsed()} in all)`);

if (updateDocs && !complete) {
  console.error(
    "bench: --update-docs needs a complete run (no --quick, every runtime and scenario)",
  );
} else if (updateDocs) {
  const path = join(ROOT, "BENCHMARKS.md");
  const doc = await Deno.readTextFile(path);
  const start = "<!-- bench:table:start -->";
  const end = "<!-- bench:table:end -->";
  const i = doc.indexOf(start), j = doc.indexOf(end);
  if (i === -1 || j === -1) throw new Error(`BENCHMARKS.md has no ${start} … ${end} markers`);
  const block = `${start}\n${machineLine}\n\n${table}\n${end}`;
  await Deno.writeTextFile(path, doc.slice(0, i) + block + doc.slice(j + end.length));
  console.error("bench: updated the table in BENCHMARKS.md");
}
