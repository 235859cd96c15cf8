/**
 * The bench's output: the table of figures and targets (the shape BENCHMARKS.md shows), the
 * machine line above it, `results.json` with every raw sample, and the table written into
 * BENCHMARKS.md between its markers.
 * @module
 */

import { join } from "node:path";
import type { LoadSample } from "./children.ts";
import { median } from "./lib/stats.ts";
import type { Machine } from "./machine.ts";
import type { RuntimeName, Scenario, ScenarioName } from "./scenario.ts";

/** A target judged on each runtime (as stored in results.json). */
export interface TargetResult {
  id: string;
  target: string;
  results: Partial<Record<RuntimeName, { value: string; met: boolean }>>;
}

/** Everything one bench run produced. */
export interface BenchRun {
  date: string;
  quick: boolean;
  machine: Machine;
  runtimes: RuntimeName[];
  scenarios: Scenario[];
  /** Raw data by scenario and runtime (each scenario's `Raw`). */
  raw: Partial<Record<ScenarioName, Partial<Record<RuntimeName, unknown>>>>;
  scenarioSeconds: Partial<Record<ScenarioName, number>>;
  loads: LoadSample[];
  /** When the run started (`performance.now()`). */
  startedAt: number;
}

const title = (r: RuntimeName) => `${r[0].toUpperCase()}${r.slice(1)}`;

/** Each scenario's figures by runtime (each scenario's `Summary`). */
export function summarize(
  run: BenchRun,
): Partial<Record<ScenarioName, Partial<Record<RuntimeName, unknown>>>> {
  const out: Partial<Record<ScenarioName, Partial<Record<RuntimeName, unknown>>>> = {};
  for (const scenario of run.scenarios) {
    const byRuntime: Partial<Record<RuntimeName, unknown>> = {};
    for (const runtime of run.runtimes) {
      const raw = run.raw[scenario.name]?.[runtime];
      if (raw !== undefined) byRuntime[runtime] = scenario.summarize(raw);
    }
    out[scenario.name] = byRuntime;
  }
  return out;
}

/** The targets, judged on each runtime's summary. */
export function judge(
  run: BenchRun,
  summary: ReturnType<typeof summarize>,
): TargetResult[] {
  return run.scenarios.flatMap((scenario) =>
    scenario.targets(run.quick).map((t) => {
      const results: TargetResult["results"] = {};
      for (const runtime of run.runtimes) {
        const s = summary[scenario.name]?.[runtime];
        if (s !== undefined) results[runtime] = t.judge(s);
      }
      return { id: t.id, target: t.text, results };
    })
  );
}

/** The two Markdown tables: figures, then targets. */
export function renderTable(
  run: BenchRun,
  summary: ReturnType<typeof summarize>,
  targets: TargetResult[],
): string {
  const lines: string[] = [];
  lines.push(`| Figure | Unit | ${run.runtimes.map(title).join(" | ")} |`);
  lines.push(`|---|---|${run.runtimes.map(() => "---").join("|")}|`);
  for (const scenario of run.scenarios) {
    for (const row of scenario.rows(run.quick)) {
      const cells = run.runtimes.map((runtime) => {
        const s = summary[scenario.name]?.[runtime];
        return s === undefined ? "–" : row.cell(s);
      });
      lines.push(`| ${row.label} | ${row.unit} | ${cells.join(" | ")} |`);
    }
  }
  lines.push("");
  lines.push(`| Target | ${run.runtimes.map(title).join(" | ")} |`);
  lines.push(`|---|${run.runtimes.map(() => "---").join("|")}|`);
  for (const t of targets) {
    const cells = run.runtimes.map((r) => {
      const x = t.results[r];
      return x ? `${x.met ? "met" : "**missed**"} (${x.value})` : "–";
    });
    lines.push(`| ${t.id}: ${t.target} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

/** The line above the table: date, commit, machine, versions, load, duration. */
export function machineLine(run: BenchRun): string {
  const info = run.machine;
  const loads = run.loads.map((l) => l.load1);
  const versions = [
    info.versions.deno.replace(/ \(.*/, ""),
    `bun ${info.versions.bun}`,
    `node ${info.versions.node.replace(/^v/, "")}`,
    info.versions.codex,
    `@openai/codex-sdk ${info.officialSdk}`,
  ].join(", ");
  return [
    run.date.slice(0, 10),
    `commit ${info.commit}`,
    `${info.nproc} cores (${info.cpu})`,
    `${info.memoryGiB} GiB RAM`,
    info.os,
    versions,
    `1-min load average before each measurement: median ${median(loads).toFixed(1)}, ` +
    `max ${Math.max(...loads).toFixed(1)}`,
    `${seconds(run)} s in all`,
    ...(run.quick ? ["QUICK RUN (smoke test, not figures)"] : []),
  ].join(" · ");
}

function seconds(run: BenchRun): number {
  return Math.round((performance.now() - run.startedAt) / 1000);
}

/**
 * Writes results.json: only a complete, full-size run replaces `bench/results.json` (the figures
 * BENCHMARKS.md shows); quick and partial runs go to `bench/.tmp/`. Returns the path written.
 */
export async function writeResults(
  root: string,
  run: BenchRun,
  complete: boolean,
  summary: ReturnType<typeof summarize>,
  targets: TargetResult[],
): Promise<string> {
  const results = {
    date: run.date,
    quick: run.quick,
    machine: run.machine,
    parameters: Object.fromEntries(run.scenarios.map((s) => [s.name, s.sizes(run.quick)])),
    runtimes: run.runtimes,
    scenarios: run.scenarios.map((s) => s.name),
    durationSeconds: seconds(run),
    scenarioSeconds: run.scenarioSeconds,
    /** The 1-minute load average at the start and before each child (≫ 1 means a busy machine). */
    loads: run.loads,
    targets,
    summary,
    raw: run.raw,
  };
  const path = complete
    ? "bench/results.json"
    : `bench/.tmp/results.${run.quick ? "quick" : "partial"}.json`;
  await Deno.mkdir(join(root, "bench", ".tmp"), { recursive: true });
  await Deno.writeTextFile(join(root, path), JSON.stringify(results, null, 1) + "\n");
  return path;
}

/** Replaces the block between BENCHMARKS.md's table markers with this run's. */
export async function updateDocs(root: string, line: string, table: string): Promise<void> {
  const path = join(root, "BENCHMARKS.md");
  const doc = await Deno.readTextFile(path);
  const start = "<!-- bench:table:start -->";
  const end = "<!-- bench:table:end -->";
  const i = doc.indexOf(start), j = doc.indexOf(end);
  if (i === -1 || j === -1) throw new Error(`BENCHMARKS.md has no ${start} … ${end} markers`);
  const block = `${start}\n${line}\n\n${table}\n${end}`;
  await Deno.writeTextFile(path, doc.slice(0, i) + block + doc.slice(j + end.length));
}
