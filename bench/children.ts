/**
 * The orchestrator's side of a child run: the command line per runtime, a fresh MockModel for
 * scenarios on the real binary (warmed up untimed), the 1-minute load average before each
 * child, and the child's `BENCH_RESULT` line parsed. Runs on Deno only.
 * @module
 */

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MockModel, textReply } from "../testing.ts";
import { BareClient } from "./lib/bare_driver.ts";
import type { RunnerConfig } from "./runner.ts";
import type { ChildOutput, RuntimeName, Scenario } from "./scenario.ts";

/** Where things are. */
export interface Paths {
  root: string;
  /** node_modules/.bin */
  bin: string;
  /** bench/.tmp */
  tmp: string;
  /** The codex native binary. */
  codexBin: string;
}

/** The paths of the checkout `root`. */
export function paths(root: string): Paths {
  return {
    root,
    bin: join(root, "node_modules", ".bin"),
    tmp: join(root, "bench", ".tmp"),
    codexBin: join(
      root,
      "node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex",
    ),
  };
}

/** Every mock reply: a short answer streamed as 8 deltas. */
export const REPLY = "Done: the parser now reads each line once and the tests cover empty input.";

/** Runs a command to its end; throws with its output when it fails or takes over `timeoutMs`. */
export async function run(
  cwd: string,
  command: string,
  args: string[],
  options: { timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  const child = new Deno.Command(command, { args, cwd, stdout: "piped", stderr: "piped" }).spawn();
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
      `${command} ${args.slice(0, 3).join(" ")} … failed (exit ${output.code}):\n${stderr}${stdout}`,
    );
  }
  return { stdout, stderr };
}

/** The 1-minute load average (how busy the machine was: other processes skew every figure). */
export async function loadavg(): Promise<number> {
  const text = await Deno.readTextFile("/proc/loadavg").catch(() => "");
  return Number(text.split(" ")[0]) || 0;
}

/** A load average sample and what was about to run. */
export interface LoadSample {
  at: string;
  load1: number;
}

function runtimeCommand(
  p: Paths,
  runtime: RuntimeName,
  config: RunnerConfig,
  exposeGc: boolean,
): [string, string[]] {
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
      return [join(p.bin, "bun"), ["bench/runner.ts", json]];
    case "node":
      return [nodeBinary(p.root), [...(exposeGc ? ["--expose-gc"] : []), join(p.tmp, "runner.mjs"), json]];
  }
}

/**
 * The binary's own defaults for what the testing kit turns off to make tests fast (the shell
 * snapshot, plugins, apps, update checks): the bench measures each contender as an
 * application's users run it, and the official SDK pays these at each turn's process start.
 */
const USERS_FEATURES = { shell_snapshot: true, plugins: true, remote_plugin: true, apps: true, in_app_updates: true };

/** Starts child processes for one bench run and records the load before each. */
export class ChildRunner {
  /** The load before each child. */
  readonly loads: LoadSample[] = [];
  readonly #paths: Paths;
  readonly #cwd: string;
  readonly #log: (line: string) => void;

  constructor(p: Paths, threadCwd: string, log: (line: string) => void) {
    this.#paths = p;
    this.#cwd = threadCwd;
    this.#log = log;
  }

  /** Runs `scenario`'s measurement once on `runtime` in a fresh process. */
  async run(
    runtime: RuntimeName,
    scenario: Scenario,
    params: unknown,
    label: string,
  ): Promise<ChildOutput<unknown>> {
    const p = this.#paths;
    const mock = scenario.needsModel
      ? await MockModel.start({ defaultReply: () => textReply(REPLY, { deltas: 8 }), config: { features: USERS_FEATURES } })
      : undefined;
    try {
      if (mock) {
        // The first codex start in a fresh CODEX_HOME sets up its state (≈ +200–400 ms, once):
        // do that here, untimed, so that no contender in the child pays it.
        const warm = await BareClient.start(p.codexBin, { ...Deno.env.toObject(), ...mock.env });
        await warm.runTurn(await warm.threadStart(this.#cwd), "warm-up");
        await warm.close();
      }
      const sdkEntry = runtime === "node"
        ? pathToFileURL(join(p.root, "npm", "mod.js")).href
        : pathToFileURL(join(p.root, "mod.ts")).href;
      const config: RunnerConfig = {
        scenario: scenario.name,
        sdkEntry,
        codexBin: p.codexBin,
        mockEnv: mock?.env,
        cwd: this.#cwd,
        expectedText: REPLY,
        params,
      };
      const [command, args] = runtimeCommand(p, runtime, config, scenario.exposeGc);
      const load1 = await loadavg();
      this.loads.push({ at: `${scenario.name} ${label} ${runtime}`, load1 });
      const t = performance.now();
      const { stdout } = await run(p.root, command, args);
      const line = stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
      if (!line) {
        throw new Error(`${runtime} ${scenario.name}: no BENCH_RESULT in its output:\n${stdout}`);
      }
      const seconds = ((performance.now() - t) / 1000).toFixed(1);
      this.#log(
        `${scenario.name} ${label} on ${runtime}: ${seconds}s (load before: ${load1.toFixed(2)})`,
      );
      return JSON.parse(line.slice("BENCH_RESULT ".length)) as ChildOutput<unknown>;
    } finally {
      await mock?.close();
    }
  }
}

/**
 * The Node the bench runs: the oldest supported line (22), as pinned in package.json's `node22`
 * alias — not the machine's own Node, which may be an unsupported one (20 here).
 */
export function nodeBinary(root: string): string {
  return join(root, "node_modules", "node22", "bin", "node");
}
