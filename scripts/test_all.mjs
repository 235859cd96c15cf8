#!/usr/bin/env node
// @ts-check
/**
 * The project's whole test run: `npm test` (or `deno task test`) runs this file.
 *
 *   node scripts/test_all.mjs [options] [FILE | DIR | SUBSTRING ...]
 *
 * Steps, in order (each prints its command, streams its output, then a one-line result):
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
/** @type {Promise<boolean> | undefined} */
let built;
console.log(
  `==> orchestrating on node ${process.version}; pinned: ${
    nodes.map((n) => `node ${n.version}`).join(", ")
  }`,
);

for (const step of options.steps) {
  if (step === "check") {
    const targets = CHECK_TARGETS.filter((target) => existsSync(join(REPO, target)));
    await gate("check", deno, ["check", "--doc", ...targets]);
  } else if (step === "publish") {
    await gate("publish", deno, ["publish", "--dry-run", "--allow-dirty"]);
  } else if (step === "deno") {
    // The check step has already type-checked every test file; without it, deno test checks.
    const noCheck = options.steps.includes("check") ? ["--no-check"] : [];
    const name = options.name ? ["--filter", `/${options.name}/`] : [];
    await suite("deno", deno, ["test", "-A", ...noCheck, ...name, ...files], denoSummary);
  } else if (step === "bun") {
    const name = options.name ? ["--test-name-pattern", options.name] : [];
    // "./" makes Bun take each argument as a path rather than a substring filter.
    const paths = files.map((file) => `./${file}`);
    await suite(
      "bun",
      bun,
      ["test", "--timeout", String(options.testTimeout), ...name, ...paths],
      bunSummary,
    );
  } else if (step === "node") {
    if (!(await build())) {
      results.push({ label: "node", passed: 0, failed: 0, note: "not run: the build failed" });
      continue;
    }
    const name = options.name ? [`--test-name-pattern=${options.name}`] : [];
    for (const node of nodes) {
      const label = `node ${node.version}`;
      if (!node.installed) {
        results.push({ label, passed: 0, failed: 1, note: `${node.bin} missing: run npm ci` });
        continue;
      }
      // No --test-timeout: Node applies it to each test file's process as a whole, not to each
      // test. The step timeout still bounds the run. This Node comes first on PATH, so a test
      // that starts `node` gets the same version.
      await suite(
        label,
        node.bin,
        [
          "--test",
          "--test-reporter=spec",
          ...name,
          ...files.map(compiledTestFile),
        ],
        nodeSummary,
        { PATH: [dirname(node.bin), env.PATH].join(delimiter) },
      );
    }
  } else if (step === "package") {
    if (!(await build())) {
      results.push({ label: "package", passed: 0, failed: 0, note: "not run: the build failed" });
      continue;
    }
    await suite(
      "package",
      process.execPath,
      [
        "--test",
        "--test-reporter=spec",
        "scripts/package_check/package_test.mjs",
      ],
      nodeSummary,
      { SDK_NODE_MAJORS: nodes.map((n) => n.major).join(",") },
    );
  }
}

console.log("\n==> summary");
for (const { label, passed, failed, note } of results) {
  console.log(`${label}: ${passed} passed, ${failed} failed${note ? ` (${note})` : ""}`);
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;

/** Builds npm/ once for the steps that need it (unless --no-build). */
function build() {
  built ??= options.build
    ? gate("build", deno, ["run", "-A", "scripts/build_npm.ts"])
    : Promise.resolve(true);
  return built;
}

/**
 * A step that passes or fails as a whole, counted as one test.
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<boolean>}
 */
async function gate(label, command, args) {
  const { code, timedOut } = await run(label, command, args);
  const ok = code === 0;
  const note = timedOut ? "timed out" : ok ? "" : `exit code ${code}`;
  results.push({ label, passed: ok ? 1 : 0, failed: ok ? 0 : 1, note });
  return ok;
}

/**
 * A test runner, counted by its own summary.
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {(output: string) => import("./lib/summaries.mjs").Counts | undefined} summarize
 * @param {NodeJS.ProcessEnv} [extraEnv]
 */
async function suite(label, command, args, summarize, extraEnv = {}) {
  const { code, output, timedOut } = await run(label, command, args, extraEnv);
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
  results.push({ label, passed, failed, note: notes.join("; ") });
}

/**
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [extraEnv]
 */
async function run(label, command, args, extraEnv = {}) {
  const shown = [command.startsWith(REPO) ? command.slice(REPO.length + 1) : command, ...args];
  console.log(`\n==> ${label}: ${shown.join(" ")}`);
  const started = performance.now();
  const result = await spawnTee(command, args, {
    cwd: REPO,
    env: { ...env, ...extraEnv },
    timeoutMs: options.stepTimeoutMinutes * 60_000,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const outcome = result.timedOut ? "timed out" : `exit code ${result.code}`;
  console.log(`<== ${label}: ${outcome} after ${seconds}s`);
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
