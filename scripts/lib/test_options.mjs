// @ts-check
/**
 * The options of the test runner (scripts/test_all.mjs): its steps and its command line.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** Every step of a run (independent ones run side by side; see scripts/test_all.mjs). */
export const STEPS = ["check", "publish", "deno", "bun", "node", "package"];

/**
 * The command line of scripts/test_all.mjs (its options are documented at the top of that file).
 * Exits with code 2 and a message on a usage error, with 0 after printing `--help`.
 *
 * @returns {{ steps: string[], name: string | undefined, build: boolean, nodeMajors: string[] | undefined,
 *   testTimeout: number, stepTimeoutMinutes: number, jobs: number, filters: string[] }}
 */
export function parseOptions() {
  const { values, positionals } = parseCommandLine();
  if (values.help) {
    console.log("usage: node scripts/test_all.mjs [--only STEPS] [--skip STEPS] [--name PATTERN]");
    console.log(
      "         [--no-build] [--node MAJORS] [--test-timeout MS] [--step-timeout MIN] [--jobs N]",
    );
    console.log("         [FILE|DIR|TEXT ...]");
    console.log(`steps: ${STEPS.join(", ")} (see the top of scripts/test_all.mjs)`);
    process.exit(0);
  }
  const list = (/** @type {string | undefined} */ value) =>
    value?.split(",").map((s) => s.trim()).filter(Boolean);
  const only = list(values.only) ?? STEPS;
  const skip = list(values.skip) ?? [];
  for (const step of [...only, ...skip]) {
    if (!STEPS.includes(step)) usageError(`unknown step "${step}" (steps: ${STEPS.join(", ")})`);
  }
  // Naming test files narrows the runtimes' suites; the package check has no such files, so it
  // runs then only when asked for by --only.
  const narrowed = positionals.length > 0 && values.only === undefined;
  return {
    steps: STEPS.filter((step) =>
      only.includes(step) && !skip.includes(step) && !(narrowed && step === "package")
    ),
    name: values.name,
    build: !values["no-build"],
    nodeMajors: list(values.node),
    testTimeout: positiveNumber("--test-timeout", values["test-timeout"], 60_000),
    stepTimeoutMinutes: positiveNumber("--step-timeout", values["step-timeout"], 30),
    jobs: positiveInteger("--jobs", values.jobs, DEFAULT_JOBS),
    filters: positionals,
  };
}

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        only: { type: "string" },
        skip: { type: "string" },
        name: { type: "string" },
        "no-build": { type: "boolean" },
        node: { type: "string" },
        "test-timeout": { type: "string" },
        "step-timeout": { type: "string" },
        jobs: { type: "string" },
        help: { type: "boolean" },
      },
    });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Steps at a time by default. The suites mostly wait (on the codex binary, the scripted model,
 * Postgres), so more steps than the machine has cores fit; the type check and the build are the
 * CPU-bound ones, and four at a time keeps them from starving the tests' event waits.
 */
export const DEFAULT_JOBS = 4;

/**
 * @param {string} flag
 * @param {unknown} value
 * @param {number} fallback
 */
function positiveInteger(flag, value, fallback) {
  const number = positiveNumber(flag, value, fallback);
  if (!Number.isInteger(number)) usageError(`${flag} takes a whole number, not "${value}"`);
  return number;
}

/**
 * @param {string} flag
 * @param {unknown} value
 * @param {number} fallback
 */
function positiveNumber(flag, value, fallback) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!(number > 0)) usageError(`${flag} takes a positive number, not "${value}"`);
  return number;
}

/**
 * Prints `message` as a usage error and exits with code 2.
 * @param {string} message
 * @returns {never}
 */
export function usageError(message) {
  console.error(`test_all: ${message}`);
  process.exit(2);
}
