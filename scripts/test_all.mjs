#!/usr/bin/env node
// @ts-check
/**
 * The project's whole test run: `npm test` (or `deno task test`) runs this file.
 *
 *   node scripts/test_all.mjs [options] [FILE | DIR | SUBSTRING ...]
 *
 * Steps (each prints its command, its output, then a one-line result). Independent steps run side
 * by side, up to --jobs at a time: check, publish, deno, bun and the build start at once; each
 * Node and the package check start when the build is done. Output stays per step: the log
 * reads step by step in the order below (the build first), the first unfinished step streaming
 * live and each later one printed whole once those before it are done. A failure in any step
 * fails the run; a step that waits for a failed build says "not run".
 *   check    deno check --doc over the entry points, src/, tests/, examples/, scripts/, bench/ and
 *            README.md (whichever exist): sources, tests/types/ and JSDoc/README code blocks
 *   publish  deno publish --dry-run --allow-dirty: JSR's slow-types check of the public API;
 *            works offline (it reads node_modules and never contacts jsr.io)
 *   deno     deno test -A over the test files (source)
 *   bun      bun test over the test files (source)
 *   node     build the npm package (scripts/build_npm.ts), then node --test over the compiled
 *            test files in npm/, once on each pinned Node (the `node22`, `node24`, … aliases of
 *            the registry's `node` package in package.json; see scripts/lib/node_versions.mjs).
 *            The compiled build is what users install, so every Node runs it, not the .ts
 *   package  the package as users get it (scripts/package_check/package_test.mjs): npm pack of
 *            the build installed into fresh projects, a turn on every pinned Node, Bun and
 *            Deno, tsc --strict consumers of every entry point, publint, attw, an install
 *            without optional dependencies, and JSR's file set behind an import map
 *
 * The test files are every `*_test.ts` under tests/ and src/ except tests/types/ (compile-time
 * only); every runtime gets that same explicit list. Arguments narrow it: an existing file or
 * directory selects what is at or under it, anything else matches as a substring of the path;
 * the package step is then left out unless --only names it.
 *
 * Options:
 *   --only STEPS        comma-separated steps to run, e.g. --only deno,bun
 *   --skip STEPS        comma-separated steps to leave out, e.g. --skip publish
 *   --name PATTERN      only tests whose name matches the regular expression (deno --filter,
 *                       bun -t, node --test-name-pattern; not the package step)
 *   --no-build          node and package steps: reuse npm/ as it is instead of rebuilding it
 *   --node MAJORS       comma-separated Node majors to run on, e.g. --node 24 (default: all
 *                       pinned)
 *   --test-timeout MS   per-test limit on Bun (default 60000; Bun's own is 5000). Deno has no
 *                       such flag and Node's caps whole files, so there only --step-timeout
 *                       applies
 *   --step-timeout MIN  limit for each step as a whole (default 30)
 *   --jobs N            steps at a time (default 4; 1 runs them one after another)
 *
 * Counting: each runtime contributes its own runner's counts, read from its closing summary;
 * the check, publish and build gates count as one test each (passed or failed); each Node
 * version is a runtime of its own, labelled with its version. A runtime whose
 * summary cannot be found, that ran no test, or that exits non-zero without reporting a failure
 * counts one extra failure. The last line is always exactly `N passed, M failed`, and the exit
 * code is 0 exactly when M is 0 (2 for a usage error).
 *
 * @module
 */
import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { OrderedOutput } from "./lib/ordered_output.mjs";
import { spawnTee } from "./lib/spawn_tee.mjs";
import { pinnedNodes } from "./lib/node_versions.mjs";
import { bunSummary, denoSummary, nodeSummary } from "./lib/summaries.mjs";
import { compiledTestFile, discoverTestFiles, selectTestFiles } from "./lib/test_files.mjs";
import { parseOptions, usageError } from "./lib/test_options.mjs";

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(REPO, "node_modules", ".bin");
const CHECK_TARGETS = [
  "mod.ts",
  "protocol.ts",
  "client.ts",
  "rpc.ts",
  "testing.ts",
  "relay.ts",
  "fleet.ts",
  "ai.ts",
  "compat.ts",
  "src/",
  "tests/",
  "examples/",
  "scripts/",
  "bench/",
  "README.md",
  "MIGRATION.md",
];

const options = parseOptions();
const deno = join(BIN, "deno");
const bun = join(BIN, "bun");
const env = childEnv();
const files = selectTestFiles(REPO, discoverTestFiles(REPO), options.filters);
const nodes = pinnedNodes(REPO).filter((node) =>
  !options.nodeMajors || options.nodeMajors.includes(String(node.major))
);
if (options.steps.some((step) => step === "node" || step === "package") && nodes.length === 0) {
  usageError(`no pinned Node matches --node ${options.nodeMajors?.join(",")}`);
}
const runsTests = options.steps.some((step) => ["deno", "bun", "node"].includes(step));
if (runsTests && files.length === 0) {
  usageError(`no test file matches ${options.filters.join(" ") || "tests/**/*_test.ts"}`);
}

/** @type {{ label: string, passed: number, failed: number, note: string }[]} */
const results = [];
console.log(
  `==> orchestrating on node ${process.version}; pinned: ${
    nodes.map((n) => `node ${n.version}`).join(", ")
  }; up to ${options.jobs} steps at a time`,
);

const started = performance.now();
await runSideBySide(plan(), options.jobs);

console.log("\n==> summary");
for (const { label, passed, failed, note } of results) {
  console.log(`${label}: ${passed} passed, ${failed} failed${note ? ` (${note})` : ""}`);
}
console.log(`(all steps: ${((performance.now() - started) / 1000).toFixed(1)}s)`);
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;

/**
 * @typedef {object} Task
 * @property {string} label
 * @property {string[]} after labels of the tasks that must have finished first
 * @property {(out: import("./lib/ordered_output.mjs").Channel) => Promise<Result[]>} run
 * @typedef {{ label: string, passed: number, failed: number, note: string }} Result
 */

/**
 * The run as tasks. The runtimes' suites share nothing (each test makes its own temporary
 * CODEX_HOME, port and Postgres), so they run side by side; only the Node suites and the package
 * check wait, for the build. Listed in the order they start and print: the build first, since
 * four steps wait for it.
 * @returns {Task[]}
 */
function plan() {
  /** @type {Task[]} */
  const tasks = [];
  const needsBuild = options.steps.some((step) => step === "node" || step === "package");
  const build = needsBuild && options.build;
  if (build) {
    tasks.push({
      label: "build",
      after: [],
      run: (out) => gate(out, "build", deno, ["run", "-A", "scripts/build_npm.ts"]),
    });
  }
  const afterBuild = build ? ["build"] : [];
  for (const step of options.steps) {
    if (step === "check") {
      const targets = CHECK_TARGETS.filter((target) => existsSync(join(REPO, target)));
      tasks.push({
        label: "check",
        after: [],
        run: (out) => gate(out, "check", deno, ["check", "--doc", ...targets]),
      });
    } else if (step === "publish") {
      tasks.push({
        label: "publish",
        after: [],
        // The check step type-checks the same files; with --no-check the dry run still refuses
        // slow types (tried: an untyped export fails it), it only skips the second type check.
        run: (out) => {
          const noCheck = options.steps.includes("check") ? ["--no-check"] : [];
          return gate(out, "publish", deno, ["publish", "--dry-run", "--allow-dirty", ...noCheck]);
        },
      });
    } else if (step === "deno") {
      // The check step type-checks every test file (side by side with this one; its failure
      // fails the run); without it, deno test checks.
      const noCheck = options.steps.includes("check") ? ["--no-check"] : [];
      const name = options.name ? ["--filter", `/${options.name}/`] : [];
      tasks.push({
        label: "deno",
        after: [],
        run: (out) =>
          suite(out, "deno", deno, ["test", "-A", ...noCheck, ...name, ...files], denoSummary),
      });
    } else if (step === "bun") {
      const name = options.name ? ["--test-name-pattern", options.name] : [];
      // "./" makes Bun take each argument as a path rather than a substring filter.
      const paths = files.map((file) => `./${file}`);
      tasks.push({
        label: "bun",
        after: [],
        run: (out) =>
          suite(
            out,
            "bun",
            bun,
            ["test", "--timeout", String(options.testTimeout), ...name, ...paths],
            bunSummary,
          ),
      });
    } else if (step === "node") {
      const name = options.name ? [`--test-name-pattern=${options.name}`] : [];
      for (const node of nodes) {
        const label = `node ${node.version}`;
        tasks.push({
          label,
          after: afterBuild,
          run: (out) => {
            if (!node.installed) {
              return Promise.resolve([
                { label, passed: 0, failed: 1, note: `${node.bin} missing: run npm ci` },
              ]);
            }
            // No --test-timeout: Node applies it to each test file's process as a whole, not to
            // each test. The step timeout still bounds the run. This Node comes first on PATH,
            // so a test that starts `node` gets the same version.
            return suite(
              out,
              label,
              node.bin,
              ["--test", "--test-reporter=spec", ...name, ...files.map(compiledTestFile)],
              nodeSummary,
              { PATH: [dirname(node.bin), env.PATH].join(delimiter) },
            );
          },
        });
      }
    } else if (step === "package") {
      tasks.push({
        label: "package",
        after: afterBuild,
        run: (out) =>
          suite(
            out,
            "package",
            process.execPath,
            ["--test", "--test-reporter=spec", "scripts/package_check/package_test.mjs"],
            nodeSummary,
            { SDK_NODE_MAJORS: nodes.map((n) => n.major).join(",") },
          ),
      });
    }
  }
  return tasks;
}

/**
 * Runs the tasks, at most `jobs` at a time, each as soon as the tasks it waits for are done (in
 * list order among those ready), and records their results in list order. A task whose
 * prerequisite failed is not run and says so; the prerequisite's own failure is what fails the
 * run.
 * @param {Task[]} tasks
 * @param {number} jobs
 */
async function runSideBySide(tasks, jobs) {
  const output = new OrderedOutput();
  const channels = tasks.map(() => output.channel());
  /** @type {(Result[] | undefined)[]} */
  const done = tasks.map(() => undefined);
  /** @type {Set<number>} */
  const running = new Set();
  /** @type {Map<string, boolean>} */
  const passedByLabel = new Map();
  await new Promise((resolve) => {
    const startReady = () => {
      for (let i = 0; i < tasks.length && running.size < jobs; i++) {
        if (done[i] || running.has(i)) continue;
        const { label, after, run: start } = tasks[i];
        if (!after.every((dep) => passedByLabel.has(dep))) continue;
        const failedDep = after.find((dep) => passedByLabel.get(dep) === false);
        running.add(i);
        const work = failedDep
          ? Promise.resolve([{ label, passed: 0, failed: 0, note: `not run: the ${failedDep} failed` }])
          : start(channels[i]).catch((error) => [
            { label, passed: 0, failed: 1, note: `orchestration error: ${error}` },
          ]);
        work.then((result) => {
          running.delete(i);
          done[i] = result;
          passedByLabel.set(label, result.every((r) => r.failed === 0));
          channels[i].end();
          if (done.every(Boolean)) resolve(undefined);
          else startReady();
        });
      }
    };
    if (tasks.length === 0) resolve(undefined);
    else startReady();
  });
  for (const result of done) results.push(...(result ?? []));
}

/**
 * A step that passes or fails as a whole, counted as one test.
 * @param {import("./lib/ordered_output.mjs").Channel} out
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<Result[]>}
 */
async function gate(out, label, command, args) {
  const { code, timedOut } = await run(out, label, command, args);
  const ok = code === 0;
  const note = timedOut ? "timed out" : ok ? "" : `exit code ${code}`;
  return [{ label, passed: ok ? 1 : 0, failed: ok ? 0 : 1, note }];
}

/**
 * A test runner, counted by its own summary.
 * @param {import("./lib/ordered_output.mjs").Channel} out
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {(output: string) => import("./lib/summaries.mjs").Counts | undefined} summarize
 * @param {NodeJS.ProcessEnv} [extraEnv]
 * @returns {Promise<Result[]>}
 */
async function suite(out, label, command, args, summarize, extraEnv = {}) {
  const { code, output, timedOut } = await run(out, label, command, args, extraEnv);
  const counts = summarize(output);
  /** @type {string[]} */
  const notes = [];
  let { passed = 0, failed = 0, skipped = 0 } = counts ?? {};
  if (skipped > 0) notes.push(`${skipped} skipped`);
  if (timedOut) notes.push("timed out");
  if (!counts) {
    failed += 1;
    notes.push(`no summary found, exit code ${code}`);
  } else if (passed + failed === 0) {
    failed += 1;
    notes.push("ran no test");
  } else if (code !== 0 && failed === 0) {
    failed += 1;
    notes.push(`exit code ${code} with no failed test reported`);
  }
  return [{ label, passed, failed, note: notes.join("; ") }];
}

/**
 * @param {import("./lib/ordered_output.mjs").Channel} out
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [extraEnv]
 */
async function run(out, label, command, args, extraEnv = {}) {
  const shown = [command.startsWith(REPO) ? command.slice(REPO.length + 1) : command, ...args];
  out.write(`\n==> ${label}: ${shown.join(" ")}\n`, "stdout");
  const started = performance.now();
  const result = await spawnTee(command, args, {
    cwd: REPO,
    env: { ...env, ...extraEnv },
    timeoutMs: options.stepTimeoutMinutes * 60_000,
    onOutput: out.write,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const outcome = result.timedOut ? "timed out" : `exit code ${result.code}`;
  out.write(`<== ${label}: ${outcome} after ${seconds}s\n`, "stdout");
  return result;
}

function childEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const vars = {
    ...process.env,
    // Pinned deno/bun/codex first, as `npm test` would have it even when run as plain `node`.
    PATH: [BIN, process.env.PATH].filter(Boolean).join(delimiter),
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
  };
  // FORCE_COLOR wins over NO_COLOR in Node and would put escapes into the summaries.
  delete vars.FORCE_COLOR;
  return vars;
}
