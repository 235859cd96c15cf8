// @ts-check
/**
 * Runs one command with its output streamed as it comes (to ours, or to `onOutput` when steps run
 * side by side and each keeps its own) and captured (so test_all.mjs can read the runner's
 * summary), within a time limit.
 *
 * The child gets its own process group so that a timeout or our own SIGINT/SIGTERM also stops
 * what it started (a test runner's codex app-servers, Node's per-file test processes).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";

/**
 * @typedef {object} TeeResult
 * @property {number} code exit code; 128 + signal number when killed by a signal
 * @property {string} output stdout and stderr interleaved as they arrived
 * @property {boolean} timedOut
 */

/** Processes still running, stopped if we are interrupted. @type {Set<number>} */
const running = new Set();
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => {
    for (const pid of running) killGroup(pid, "SIGKILL");
    process.exit(130);
  });
}

/**
 * @typedef {(chunk: Buffer | string, stream: "stdout" | "stderr") => void} OutputSink
 */

/** @type {OutputSink} */
const toOurs = (chunk, stream) => void process[stream].write(chunk);

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, onOutput?: OutputSink }} options
 * @returns {Promise<TeeResult>}
 */
export function spawnTee(command, args, { cwd, env, timeoutMs, onOutput = toOurs }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    /** @type {Buffer[]} */
    const chunks = [];
    let timedOut = false;
    child.stdout.on("data", (chunk) => {
      chunks.push(chunk);
      onOutput(chunk, "stdout");
    });
    child.stderr.on("data", (chunk) => {
      chunks.push(chunk);
      onOutput(chunk, "stderr");
    });
    const pid = child.pid;
    if (pid !== undefined) running.add(pid);
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid === undefined) return;
      killGroup(pid, "SIGTERM");
      setTimeout(() => killGroup(pid, "SIGKILL"), 10_000).unref();
    }, timeoutMs);
    let finished = false;
    const finish = (/** @type {number} */ code) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (pid !== undefined) running.delete(pid);
      resolve({ code, output: Buffer.concat(chunks).toString("utf8"), timedOut });
    };
    child.on("error", (error) => {
      const line = `${command}: ${error.message}\n`;
      chunks.push(Buffer.from(line));
      onOutput(line, "stderr");
      finish(127);
    });
    child.on("exit", () => {
      // A straggler the runner left behind (a codex app-server) would hold our pipes open and
      // outlive the step; the runner is done, so its group goes with it.
      if (pid !== undefined) killGroup(pid, "SIGKILL");
    });
    child.on("close", (code, signal) => {
      finish(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/**
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
