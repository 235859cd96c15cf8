// @ts-check
/**
 * Reads each test runner's own closing summary, so the totals are the runners' counts and not
 * a guess from exit codes.
 *
 * Each parser takes the runner's whole (NO_COLOR) output and uses the last summary in it, since
 * a test may itself print text that looks like one. `undefined` means no summary was found.
 *
 * @module
 */

/**
 * @typedef {object} Counts
 * @property {number} passed
 * @property {number} failed
 * @property {number} skipped ignored, skipped and todo tests
 */

// deno test: "ok | 3 passed (2 steps) | 0 failed | 1 ignored (123ms)" or "FAILED | 1 passed | …".
const DENO =
  /^(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed(?: \(\d+ steps?\))?(?: \| (\d+) ignored(?: \(\d+ steps?\))?)?/gm;

/**
 * @param {string} output
 * @returns {Counts | undefined}
 */
export function denoSummary(output) {
  const match = [...stripAnsi(output).matchAll(DENO)].at(-1);
  if (!match) return undefined;
  return { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[3] ?? 0) };
}

/**
 * bun test: " 3 pass", " 1 skip", " 0 fail", " 1 error" on lines of their own. A file that
 * throws outside a test is an "error", already counted in "fail" in Bun 1.4; take the larger so
 * an error is never lost.
 * @param {string} output
 * @returns {Counts | undefined}
 */
export function bunSummary(output) {
  const text = stripAnsi(output);
  const pass = lastNumber(text, /^ *(\d+) pass$/gm);
  const fail = lastNumber(text, /^ *(\d+) fail$/gm);
  if (pass === undefined || fail === undefined) return undefined;
  const errors = lastNumber(text, /^ *(\d+) errors?$/gm) ?? 0;
  const skipped = (lastNumber(text, /^ *(\d+) skip$/gm) ?? 0) +
    (lastNumber(text, /^ *(\d+) todo$/gm) ?? 0);
  return { passed: pass, failed: Math.max(fail, errors), skipped };
}

/**
 * node --test: "ℹ pass 3" (spec reporter) or "# pass 3" (TAP); a cancelled test (timeout, or a
 * file that died) is a failure.
 * @param {string} output
 * @returns {Counts | undefined}
 */
export function nodeSummary(output) {
  const text = stripAnsi(output);
  const count = (/** @type {string} */ word) =>
    lastNumber(text, new RegExp(`^(?:ℹ|#) ${word} (\\d+)$`, "gm"));
  const pass = count("pass");
  const fail = count("fail");
  if (pass === undefined || fail === undefined) return undefined;
  return {
    passed: pass,
    failed: fail + (count("cancelled") ?? 0),
    skipped: (count("skipped") ?? 0) + (count("todo") ?? 0),
  };
}

/**
 * @param {string} text
 * @param {RegExp} pattern global, with the number as group 1
 * @returns {number | undefined}
 */
function lastNumber(text, pattern) {
  const match = [...text.matchAll(pattern)].at(-1);
  return match ? Number(match[1]) : undefined;
}

/** @param {string} text */
function stripAnsi(text) {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "").replace(/\r/g, "");
}
