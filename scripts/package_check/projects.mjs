// @ts-check
/**
 * Building blocks of the package check (package_test.mjs): pack the npm build, lay out fresh
 * consumer projects outside the repository, install into them, and run programs in them with an
 * environment where the only codex binary is the one the package brought in.
 *
 * @module
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { delimiter, dirname, join, relative } from "node:path";
import process from "node:process";

/**
 * @typedef {object} Ran
 * @property {number} code exit code (-1 when killed or not started)
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * Runs a command to its end and returns its exit code and output; never rejects on a non-zero
 * exit (the caller asserts on it). Killed after `timeoutMs`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} options
 * @returns {Promise<Ran>}
 */
export function run(command, args, { cwd, env = cleanEnv(), timeoutMs = 180_000 }) {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        const note = error && code === -1 ? `\n[${command}: ${error.message}]` : "";
        resolve({ code, stdout: String(stdout), stderr: String(stderr) + note });
      },
    );
  });
}

/** The output of a run, for assertion messages. @param {Ran} ran */
export function shown(ran) {
  return `exit code ${ran.code}\n--- stdout\n${ran.stdout}\n--- stderr\n${ran.stderr}`;
}

/**
 * This process's environment without what `npm test` adds (npm_* settings, which would steer
 * the consumers' own npm installs) and without CODEX_BIN.
 * @returns {NodeJS.ProcessEnv}
 */
export function cleanEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== "CODEX_BIN") env[key] = value;
  }
  env.NO_COLOR = "1";
  delete env.FORCE_COLOR;
  return env;
}

/**
 * The environment a consumer program runs in: `runtimeDir` first on PATH, and no directory on
 * PATH that holds a `codex` (the repository's node_modules/.bin does): the program must find
 * the binary its own install brought, or say that it cannot.
 * @param {string} runtimeDir
 * @param {Record<string, string>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
export function consumerEnv(runtimeDir, extra = {}) {
  const env = cleanEnv();
  const path = (env.PATH ?? "").split(delimiter).filter((dir) =>
    dir && !existsSync(join(dir, "codex"))
  );
  env.PATH = [runtimeDir, ...path].join(delimiter);
  return { ...env, ...extra };
}

/**
 * `npm pack` of the npm build into `dest`; returns the tarball's path.
 * @param {string} npmDir the build (npm/)
 * @param {string} dest
 * @returns {Promise<string>}
 */
export async function pack(npmDir, dest) {
  const ran = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], {
    cwd: npmDir,
  });
  if (ran.code !== 0) throw new Error(`npm pack failed: ${shown(ran)}`);
  const [{ filename }] = JSON.parse(ran.stdout);
  return join(dest, filename);
}

/**
 * Writes a consumer project: package.json (ESM) with these dependencies, and the named files
 * copied in.
 * @param {string} dir
 * @param {Record<string, string>} dependencies
 * @param {string[]} files absolute paths, copied into the project's root
 */
export async function makeProject(dir, dependencies, files = []) {
  await mkdir(dir, { recursive: true });
  const manifest = { name: `consumer-${dir.split(/[\\/]/).at(-1)}`, private: true, type: "module" };
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ ...manifest, dependencies }, null, 2) + "\n",
  );
  for (const file of files) await copyFile(file, join(dir, file.split(/[\\/]/).at(-1) ?? file));
}

/**
 * `npm install` in a consumer project, from the local npm cache when it can (the suite's own
 * `npm ci` has filled it); throws with npm's output on failure.
 * @param {string} dir
 * @param {string[]} [extra] more npm arguments, e.g. ["--omit=optional"]
 */
export async function npmInstall(dir, extra = []) {
  const args = ["install", "--prefer-offline", "--no-audit", "--no-fund", ...extra];
  const ran = await run("npm", args, { cwd: dir });
  if (ran.code !== 0) throw new Error(`npm ${args.join(" ")} in ${dir} failed: ${shown(ran)}`);
}

/**
 * The files `deno publish --dry-run` would upload to JSR, relative to the repository.
 * @param {string} repo
 * @param {string} deno the deno binary
 * @returns {Promise<string[]>}
 */
export async function jsrFiles(repo, deno) {
  // The suite's publish step has type-checked already; here only the file list matters.
  const ran = await run(deno, ["publish", "--dry-run", "--allow-dirty", "--no-check"], {
    cwd: repo,
  });
  if (ran.code !== 0) throw new Error(`deno publish --dry-run failed: ${shown(ran)}`);
  const files = [...`${ran.stdout}\n${ran.stderr}`.matchAll(/^\s+(file:\/\/\S+) \(/gm)]
    .map((match) => relative(repo, decodeURIComponent(new URL(match[1]).pathname)));
  if (files.length === 0) throw new Error(`deno publish --dry-run listed no file: ${shown(ran)}`);
  return files;
}

/**
 * Copies repository-relative files into `dest`, keeping their paths.
 * @param {string} repo
 * @param {string[]} files
 * @param {string} dest
 */
export async function copyFiles(repo, files, dest) {
  for (const file of files) {
    await mkdir(dirname(join(dest, file)), { recursive: true });
    await copyFile(join(repo, file), join(dest, file));
  }
}

/**
 * The last line of a program's stdout, parsed as JSON (the consumers print their result so).
 * @param {Ran} ran
 * @returns {any}
 */
export function lastJsonLine(ran) {
  const line = ran.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`the program printed no JSON result: ${shown(ran)}`);
  }
}
