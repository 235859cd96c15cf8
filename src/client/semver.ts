/**
 * The little of Semantic Versioning the version window needs: parse `MAJOR.MINOR.PATCH` with an
 * optional pre-release and build part, and order two versions (a pre-release sorts before its
 * release; build metadata is ignored).
 *
 * @example
 * ```ts
 * import { compareVersions, parseVersion } from "./semver.ts";
 *
 * parseVersion("0.171.0-alpha.2")?.prerelease; // ["alpha", "2"]
 * compareVersions("0.160.0", "0.169.0"); // -1
 * compareVersions("0.171.0-alpha.2", "0.171.0"); // -1
 * ```
 * @module
 */

import { InvalidArgumentError } from "../util/errors.ts";

/** A parsed version. */
export interface Version {
  /** The major number. */
  readonly major: number;
  /** The minor number. */
  readonly minor: number;
  /** The patch number. */
  readonly patch: number;
  /** The dot-separated pre-release identifiers (`["alpha", "2"]`), empty for a release. */
  readonly prerelease: readonly string[];
}

/** A whole version string, e.g. `0.169.0`, `0.171.0-alpha.2`, `1.0.0+build.5`. */
export const VERSION_PATTERN: RegExp = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Parses a version string; `null` when it is not one (no throwing: callers decide). */
export function parseVersion(text: string): Version | null {
  const match = VERSION_PATTERN.exec(text);
  if (!match) return null;
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number);
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  return { major, minor, patch, prerelease: match[4] ? match[4].split(".") : [] };
}

/**
 * Orders two versions: -1 when `a` is older, 1 when newer, 0 when equal. Throws a `TypeError`
 * for a string that is not a version (a programming error: parse untrusted input first).
 */
export function compareVersions(a: string | Version, b: string | Version): -1 | 0 | 1 {
  const x = typeof a === "string" ? parseStrict(a) : a;
  const y = typeof b === "string" ? parseStrict(b) : b;
  for (const key of ["major", "minor", "patch"] as const) {
    if (x[key] !== y[key]) return x[key] < y[key] ? -1 : 1;
  }
  // A release is newer than any of its pre-releases.
  if (x.prerelease.length === 0 || y.prerelease.length === 0) {
    return x.prerelease.length === y.prerelease.length ? 0 : x.prerelease.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.max(x.prerelease.length, y.prerelease.length); i++) {
    const p = x.prerelease[i];
    const q = y.prerelease[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) < Number(q) ? -1 : 1;
    if (pn !== qn) return pn ? -1 : 1; // numeric identifiers sort before alphanumeric ones
    return p < q ? -1 : 1;
  }
  return 0;
}

function parseStrict(text: string): Version {
  const version = parseVersion(text);
  if (!version) throw new InvalidArgumentError("version", `not a semantic version (MAJOR.MINOR.PATCH): ${JSON.stringify(text)}`);
  return version;
}
