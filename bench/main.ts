/**
 * `npm run bench` (= `deno run -A bench/main.ts`): the SDK's benchmarks, offline, on Deno, Bun
 * and Node, against the real codex 0.169.0 binary and MockModel (or, for the in-memory
 * scenarios, the scripted fake app-server of tests/_support). Prints a table, writes
 * `bench/results.json` (a quick or partial run writes `bench/.tmp/results.quick.json` or
 * `results.partial.json` instead).
 *
 *   deno run -A bench/main.ts [--quick] [--no-build] [--runtimes deno,bun,node]
 *                             [--scenarios turns,throughput,memory,coldstart,concurrency,latency,tracing]
 *                             [--update-docs]
 *
 *   --quick        small counts and one or two runs: a smoke test (about a minute), not figures
 *   --no-build     reuse npm/ as it is (default: rebuild it, so Node measures the current source)
 *   --update-docs  also write the table and machine into BENCHMARKS.md (between its markers)
 *
 * What runs where: this orchestrator (Deno) builds the npm package, bundles `bench/runner.ts`
 * for Node, hosts MockModel (so the model side is the same process and runtime for every
 * client measured) and starts one child process per scenario × runtime (× run, where a fresh
 * process matters: memory, cold start, latency). Each scenario is one module in
 * `bench/scenarios/`; `bench/report.ts` makes the table. See BENCHMARKS.md for each figure.
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ChildRunner, loadavg, paths, run } from "./children.ts";
import { machine } from "./machine.ts";
import {
  type BenchRun,
  judge,
  machineLine,
  renderTable,
  summarize,
  updateDocs,
  writeResults,
} from "./report.ts";
import { RUNTIMES, type RuntimeName, SCENARIO_NAMES, type ScenarioName } from "./scenario.ts";
import { SCENARIOS } from "./scenarios/mod.ts";

interface Options {
  quick: boolean;
  noBuild: boolean;
  updateDocs: boolean;
  runtimes: RuntimeName[];
  scenarios: ScenarioName[];
}

function usage(message: string): never {
  console.error(
    `bench: ${message}\nusage: deno run -A bench/main.ts [--quick] [--no-build] [--update-docs] ` +
      `[--runtimes ${RUNTIMES.join(",")}] [--scenarios ${SCENARIO_NAMES.join(",")}]`,
  );
  Deno.exit(2);
}

function isOneOf<T extends string>(values: readonly T[], x: string): x is T {
  return (values as readonly string[]).includes(x);
}

function parseOptions(args: readonly string[]): Options {
  const argv = [...args];
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    if (i !== -1) argv.splice(i, 1);
    return i !== -1;
  };
  const list = <T extends string>(name: string, all: readonly T[], what: string): T[] => {
    const i = argv.indexOf(name);
    if (i === -1) return [...all];
    const values = (argv.splice(i, 2)[1] ?? "").split(",");
    return values.map((v) => isOneOf(all, v) ? v : usage(`unknown ${what} ${v}`));
  };
  const options: Options = {
    quick: flag("--quick"),
    noBuild: flag("--no-build"),
    updateDocs: flag("--update-docs"),
    runtimes: list("--runtimes", RUNTIMES, "runtime"),
    scenarios: list("--scenarios", SCENARIO_NAMES, "scenario"),
  };
  if (argv.length) usage(`unknown argument ${argv[0]}`);
  return options;
}

const options = parseOptions(Deno.args);
const p = paths(dirname(dirname(fileURLToPath(import.meta.url))));
const startedAt = performance.now();
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(0)}s`;
const log = (line: string) => console.error(`  [${elapsed()}] ${line}`);

const info = await machine(p.root, p.bin, p.codexBin);
console.error(
  `bench: ${options.quick ? "QUICK (smoke test) " : ""}${options.scenarios.join(", ")} on ` +
    options.runtimes.join(", "),
);
console.error(
  `  ${info.nproc} cores, ${info.cpu}, ${info.memoryGiB} GiB; ${
    Object.values(info.versions).join("; ")
  }`,
);
const loadAtStart = await loadavg();
if (loadAtStart > info.nproc / 2) {
  console.error(
    `  WARNING: load average ${loadAtStart} on ${info.nproc} cores: other processes are busy; ` +
      "figures will be noisy",
  );
}

if (options.runtimes.includes("node")) {
  if (options.noBuild) {
    await Deno.stat(join(p.root, "npm", "mod.js")).catch(() =>
      usage("--no-build, but npm/mod.js does not exist (run without --no-build)")
    );
  } else {
    log("building npm/ (scripts/build_npm.ts) …");
    await run(p.root, Deno.execPath(), ["run", "-A", "scripts/build_npm.ts"]);
  }
  await Deno.mkdir(p.tmp, { recursive: true });
  await run(p.root, join(p.bin, "bun"), [
    "build",
    "bench/runner.ts",
    "--target=node",
    `--outfile=${join(p.tmp, "runner.mjs")}`,
    "--external",
    "@openai/codex-sdk",
  ]);
  log("npm/ built, runner bundled for Node");
}

const threadCwd = await Deno.makeTempDir({ prefix: "codex-bench-cwd-" });
const children = new ChildRunner(p, threadCwd, log);
children.loads.push({ at: "start", load1: loadAtStart });
const bench: BenchRun = {
  date: new Date().toISOString(),
  quick: options.quick,
  machine: info,
  runtimes: options.runtimes,
  scenarios: options.scenarios.map((name) => SCENARIOS[name]),
  raw: {},
  scenarioSeconds: {},
  loads: children.loads,
  startedAt,
};
try {
  for (const scenario of bench.scenarios) {
    const byRuntime: Partial<Record<RuntimeName, unknown>> = {};
    bench.raw[scenario.name] = byRuntime;
    const t = performance.now();
    for (const runtime of options.runtimes) {
      byRuntime[runtime] = await scenario.collect(
        options.quick,
        runtime,
        (params, label) => children.run(runtime, scenario, params, label),
      );
    }
    bench.scenarioSeconds[scenario.name] = Math.round((performance.now() - t) / 1000);
  }
} finally {
  await Deno.remove(threadCwd, { recursive: true }).catch(() => {});
}

const summary = summarize(bench);
const targets = judge(bench, summary);
const table = renderTable(bench, summary, targets);
const line = machineLine(bench);
console.log(`\n${line}\n\n${table}\n`);

const complete = !options.quick && options.runtimes.length === RUNTIMES.length &&
  options.scenarios.length === SCENARIO_NAMES.length;
const written = await writeResults(p.root, bench, complete, summary, targets);
console.error(`bench: wrote ${written} (${elapsed()} in all)`);

if (options.updateDocs && !complete) {
  console.error(
    "bench: --update-docs needs a complete run (no --quick, every runtime and scenario)",
  );
} else if (options.updateDocs) {
  await updateDocs(p.root, line, table);
  console.error("bench: updated the table in BENCHMARKS.md");
}
