// @ts-check
/**
 * Which test files the suite runs, decided once for all three runtimes.
 *
 * Deno, Bun and `node --test` each discover tests with different patterns (and Bun also picks up
 * `npm/tests/` copies), so test_all.mjs lists the files itself and hands every runner the same
 * explicit list: every `*_test.ts` (or `*.test.ts`) under `tests/` and `src/`, except
 * `tests/types/`, which holds compile-time tests that `deno check` and the npm build type-check.
 *
 * @module
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";

const TEST_FILE = /[._]test\.m?ts$/;
const ROOTS = ["tests", "src"];
const COMPILE_TIME_ONLY = "tests/types/";

/**
 * Lists the suite's test files as repo-relative POSIX paths, sorted.
 * @param {string} repo absolute path of the repository
 * @returns {string[]}
 */
export function discoverTestFiles(repo) {
  return ROOTS.flatMap((dir) => walk(repo, join(repo, dir)))
    .filter((file) => TEST_FILE.test(file) && !file.startsWith(COMPILE_TIME_ONLY))
    .sort();
}

/**
 * Narrows the suite to what the developer named: an existing file or directory selects the test
 * files at or under it; anything else is a substring of the path (like `bun test`'s filters).
 * @param {string} repo
 * @param {string[]} all result of discoverTestFiles
 * @param {string[]} filters command-line arguments
 * @returns {string[]}
 */
export function selectTestFiles(repo, all, filters) {
  if (filters.length === 0) return all;
  return all.filter((file) =>
    filters.some((filter) => {
      const abs = resolve(filter);
      if (existsSync(abs)) {
        const rel = toPosix(relative(repo, abs));
        return statSync(abs).isDirectory()
          ? rel === "" || file.startsWith(`${rel}/`)
          : file === rel;
      }
      return file.includes(toPosix(filter));
    })
  );
}

/**
 * Where the npm build puts the compiled copy of a test file.
 * @param {string} file repo-relative `*.ts` path
 * @returns {string}
 */
export function compiledTestFile(file) {
  return `npm/${file.replace(/\.ts$/, ".js").replace(/\.mts$/, ".mjs")}`;
}

/**
 * @param {string} repo
 * @param {string} dir
 * @returns {string[]}
 */
function walk(repo, dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(repo, path);
    return entry.isFile() ? [toPosix(relative(repo, path))] : [];
  });
}

/** @param {string} path */
function toPosix(path) {
  return path.split(sep).join("/");
}
