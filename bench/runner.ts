/**
 * The per-runtime bench runner: ONE file that Deno and Bun run as TypeScript and Node runs as
 * `bench/.tmp/runner.mjs` (this file bundled by `bun build --target=node`; the SDK itself is NOT
 * in that bundle — it is imported at run time from `sdkEntry`, which for Node is the built npm
 * package `npm/mod.js`, the exact code Node users get).
 *
 *   <runtime> bench/runner.ts '<json RunnerConfig>'
 *
 * It runs one scenario's measurement (`bench/scenarios/*.ts`) and prints one line
 * `BENCH_RESULT <json ChildOutput>` on stdout. `bench/main.ts` starts it once per scenario,
 * runtime and (where a fresh process matters) run. Times are `performance.now()` milliseconds.
 * @module
 */

import type * as Sdk from "../mod.ts";
import { args, environment, exit, runtime, runtimeVersion } from "./lib/rt.ts";
import type { ChildOutput, RunnerContext, ScenarioName } from "./scenario.ts";
import { SCENARIOS } from "./scenarios/mod.ts";

/** What `bench/main.ts` passes (as JSON, the one argument). */
export interface RunnerConfig {
  scenario: ScenarioName;
  /** URL of the SDK entry: `mod.ts` (Deno, Bun) or `npm/mod.js` (Node). */
  sdkEntry: string;
  /** The codex 0.169.0 native binary. */
  codexBin: string;
  /** MockModel's env (CODEX_HOME, …) for scenarios with the real binary. */
  mockEnv?: Record<string, string>;
  /** The working directory for threads. */
  cwd: string;
  /** The text every mock reply has (checked). */
  expectedText: string;
  /** The scenario's parameters (its `Params` type). */
  params: unknown;
}

const config = JSON.parse(args()[0]) as RunnerConfig;
const importStart = performance.now();
const sdk = await import(config.sdkEntry) as typeof Sdk;
const importMs = performance.now() - importStart;

const context: RunnerContext = {
  sdk,
  importMs,
  sdkEntry: config.sdkEntry,
  codexBin: config.codexBin,
  mockEnv: config.mockEnv,
  childEnv: { ...environment(), ...config.mockEnv },
  cwd: config.cwd,
  check(answer, who) {
    if (answer !== config.expectedText) {
      throw new Error(`${who}: unexpected answer ${JSON.stringify(answer)?.slice(0, 200)}`);
    }
  },
};

try {
  const result = await SCENARIOS[config.scenario].measure(context, config.params);
  const output: ChildOutput<unknown> = { runtime, version: runtimeVersion(), result };
  console.log(`BENCH_RESULT ${JSON.stringify(output)}`);
  exit(0);
} catch (error) {
  console.error(`runner (${runtime}, ${config.scenario}) failed:`, error);
  exit(1);
}
