// @ts-check
/**
 * The Node versions the suite runs on: the registry's `node` package, installed once per major
 * under an alias (`"node24": "npm:node@24.21.0"` in package.json devDependencies). The `node`
 * package's preinstall fetches that version's binary into `node_modules/<alias>/bin/node`, so the
 * aliases coexist and the machine's own Node only orchestrates.
 *
 * A new major is one devDependency away: this list is read from package.json, not kept here.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * @typedef {object} PinnedNode
 * @property {number} major e.g. 24
 * @property {string} version exact, e.g. "24.21.0"
 * @property {string} alias the devDependency's name, e.g. "node24"
 * @property {string} bin absolute path of its binary
 * @property {boolean} installed whether the binary is there (npm ci ran, its preinstall did too)
 */

const ALIAS = /^node(\d+)$/;
const TARGET = /^npm:node@(\d+)\.(\d+)\.(\d+)$/;

/**
 * Lists the pinned Node versions, lowest major first. Throws when an alias is not an exact pin
 * or names a different major than its version.
 * @param {string} repo absolute path of the repository
 * @returns {PinnedNode[]}
 */
export function pinnedNodes(repo) {
  const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
  /** @type {Record<string, string>} */
  const dev = pkg.devDependencies ?? {};
  return Object.entries(dev)
    .filter(([alias]) => ALIAS.test(alias))
    .map(([alias, target]) => {
      const match = TARGET.exec(target);
      if (!match) {
        throw new Error(`package.json: ${alias} must be "npm:node@X.Y.Z" (exact), not "${target}"`);
      }
      const major = Number(match[1]);
      if (`node${major}` !== alias) {
        throw new Error(`package.json: ${alias} points at Node ${major} ("${target}")`);
      }
      const bin = join(repo, "node_modules", alias, "bin", "node");
      return {
        major,
        version: `${match[1]}.${match[2]}.${match[3]}`,
        alias,
        bin,
        installed: existsSync(bin),
      };
    })
    .sort((a, b) => a.major - b.major);
}
