/**
 * What a benchmark scenario is: the measurement that runs inside one runtime's child process
 * (`measure`), how the orchestrator splits it into child runs (`collect`), how the raw samples
 * become figures (`summarize`), and the rows and targets of the table. One module per scenario
 * in `bench/scenarios/` defines all of it with {@link defineScenario}, typed end to end.
 * @module
 */

import type * as Sdk from "../mod.ts";
import type { Spread } from "./lib/stats.ts";

/** The runtimes measured. */
export const RUNTIMES = ["deno", "bun", "node"] as const;
/** A runtime measured. */
export type RuntimeName = typeof RUNTIMES[number];

/** The scenarios, in table order. */
export const SCENARIO_NAMES = [
  "turns",
  "throughput",
  "memory",
  "coldstart",
  "concurrency",
  "latency",
  "fanout",
  "tracing",
  "compat",
] as const;
/** A scenario's name (its `--scenarios` key). */
export type ScenarioName = typeof SCENARIO_NAMES[number];

/** What a measurement in a child process has at hand. */
export interface RunnerContext {
  /** The SDK under test: `mod.ts` on Deno and Bun, the built `npm/mod.js` on Node. */
  sdk: typeof Sdk;
  /** How long importing the SDK took in this process (ms). */
  importMs: number;
  /** The URL `sdk` was imported from (other entries sit beside it). */
  sdkEntry: string;
  /** The codex 0.169.0 native binary. */
  codexBin: string;
  /** MockModel's env (CODEX_HOME, …), for scenarios with the real binary. */
  mockEnv?: Record<string, string>;
  /** This process's env with `mockEnv` on top (what the bare driver spawns with). */
  childEnv: Record<string, string>;
  /** The working directory for threads. */
  cwd: string;
  /** Throws unless `answer` is the text every mock reply has. */
  check(answer: string | undefined, who: string): void;
}

/** What a child process prints (after `BENCH_RESULT `). */
export interface ChildOutput<R> {
  runtime: RuntimeName;
  /** e.g. `"deno 2.9.6"`. */
  version: string;
  result: R;
}

/** Runs the scenario's measurement once in a fresh child process. */
export type RunChild<P, R> = (params: P, label: string) => Promise<ChildOutput<R>>;

/** A summarized figure: the spread of the runs, and its unit. */
export type Cell = Spread & { unit: string };

/** One row of the table: a label and how to show one runtime's summary. */
export interface Row<S> {
  label: string;
  unit: string;
  cell(summary: S): string;
}

/** One target the issue set, judged per runtime. */
export interface Target<S> {
  id: string;
  text: string;
  judge(summary: S): { value: string; met: boolean };
}

/** A scenario, typed: sizes, child params, child result, collected raw data, summary. */
export interface ScenarioDefinition<Sizes, P, R, Raw, S> {
  name: ScenarioName;
  /** Runs against the real binary: the child gets a fresh MockModel (warmed up untimed). */
  needsModel: boolean;
  /** Starts the child with the runtime's GC exposed (for memory figures). */
  exposeGc: boolean;
  /** Counts and sizes: `quick` is a smoke test, `full` the figures. */
  sizes: { quick: Sizes; full: Sizes };
  /** In the child: one measurement. */
  measure(ctx: RunnerContext, params: P): Promise<R>;
  /** In the orchestrator: the child runs one runtime needs, and their results put together. */
  collect(sizes: Sizes, runtime: RuntimeName, runChild: RunChild<P, R>): Promise<Raw>;
  /** The figures of one runtime. */
  summarize(raw: Raw): S;
  rows(sizes: Sizes): Row<S>[];
  targets(sizes: Sizes): Target<S>[];
}

/**
 * A scenario with its types erased, so that the six can sit in one table. The only casts of
 * the bench are here: params and results cross a process boundary as JSON, and a scenario's
 * raw data and summary only ever come back to the scenario that made them.
 */
export interface Scenario {
  name: ScenarioName;
  needsModel: boolean;
  exposeGc: boolean;
  sizes(quick: boolean): unknown;
  measure(ctx: RunnerContext, params: unknown): Promise<unknown>;
  collect(
    quick: boolean,
    runtime: RuntimeName,
    runChild: RunChild<unknown, unknown>,
  ): Promise<unknown>;
  summarize(raw: unknown): unknown;
  rows(quick: boolean): Row<unknown>[];
  targets(quick: boolean): Target<unknown>[];
}

/** Defines a scenario (typed) and erases its types for the registry. */
export function defineScenario<Sizes, P, R, Raw, S>(
  def: ScenarioDefinition<Sizes, P, R, Raw, S>,
): Scenario {
  const sizes = (quick: boolean): Sizes => quick ? def.sizes.quick : def.sizes.full;
  return {
    name: def.name,
    needsModel: def.needsModel,
    exposeGc: def.exposeGc,
    sizes,
    measure: (ctx, params) => def.measure(ctx, params as P),
    collect: (quick, runtime, runChild) =>
      def.collect(sizes(quick), runtime, runChild as RunChild<P, R>),
    summarize: (raw) => def.summarize(raw as Raw),
    rows: (quick) =>
      def.rows(sizes(quick)).map((row) => ({ ...row, cell: (s) => row.cell(s as S) })),
    targets: (quick) =>
      def.targets(sizes(quick)).map((t) => ({ ...t, judge: (s) => t.judge(s as S) })),
  };
}

/** Rotates `xs` by `by` (alternates who goes first from run to run). */
export function rotate<T>(xs: readonly T[], by: number): T[] {
  return xs.map((_, i) => xs[(i + by) % xs.length]);
}

/** The prompt of turn `i`. */
export function prompt(i: number): string {
  return `Turn ${i}: summarize the previous answer in one short sentence.`;
}
