/**
 * The lockstep a release must be in: one SDK version and one pinned runtime version, everywhere
 * each is written, and a CHANGELOG.md section for the SDK version. `stage_release.ts` refuses to
 * stage when {@link lockstepProblems} finds anything, and prints every line it found.
 *
 * Each place is read through a `load(path)` function (repository-relative path → text) plus the
 * SDK module itself for what only running code knows (the `clientInfo.version` it sends). The
 * runtime places are runtime_pin.ts's `PIN_PLACES`: the one table the upgrade script also
 * moves, so a place added there is checked here too.
 *
 * @module
 */
import { CODEX_PACKAGE, codexDependency, type DenoConfig, npmManifest, testedNodeRange } from "./npm_manifest.ts";
import { EXACT_VERSION, type Load, readPins } from "./runtime_pin.ts";

export type { Load };

/** One place a version is written, and the versions found there (`<missing>` when absent). */
export interface VersionReading {
  /** Where: a file and what the value means there. */
  where: string;
  /** Every version found there (a text place may hold several). */
  versions: string[];
}

/** What the SDK module reports at run time (from `mod.ts`). */
export interface SdkModuleFacts {
  /** `clientInfo.version` in the `initialize` params the SDK sends by default. */
  clientInfoVersion: string;
}

/** What the lockstep check found. */
export interface Lockstep {
  /** The SDK version (deno.json's). */
  sdkVersion: string;
  /** The runtime version (the dev pin in package.json). */
  runtimeVersion: string;
  /** The SDK-version places read. */
  sdk: VersionReading[];
  /** The runtime-version places read (every place of runtime_pin.ts's `PIN_PLACES`). */
  runtime: VersionReading[];
  /** The CHANGELOG.md section of the SDK version (heading included), or null. */
  notes: string | null;
  /** One line per mismatch, naming the place and the values; empty when all agree. */
  problems: string[];
}

const MISSING = "<missing>";

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** Reads every place and compares. Never throws for a bad file: it becomes a problem line. */
export function lockstepProblems(load: Load, sdk: SdkModuleFacts): Lockstep {
  const problems: string[] = [];
  const json = <T>(path: string): T | undefined => {
    try {
      return JSON.parse(load(path)) as T;
    } catch (error) {
      problems.push(`${path}: cannot be read as JSON (${(error as Error).message})`);
      return undefined;
    }
  };
  const deno = json<DenoConfig>("deno.json");
  const pkg = json<PackageJson>("package.json");
  const devPin = pkg?.devDependencies?.[CODEX_PACKAGE] ?? MISSING;
  const npmDependency = deno && pkg ? codexDependency(deno, pkg) ?? MISSING : MISSING;
  let manifestVersion = MISSING;
  if (deno && EXACT_VERSION.test(npmDependency)) {
    manifestVersion = String(npmManifest(deno, npmDependency, testedNodeRange(pkg?.devDependencies ?? {})).version ?? MISSING);
  }

  const sdkReadings: VersionReading[] = [
    { where: "deno.json: version (the JSR package)", versions: [deno?.version ?? MISSING] },
    { where: "npm/package.json: version (the npm package, made from deno.json)", versions: [manifestVersion] },
    { where: "clientInfo.version sent at initialize (initializeParams)", versions: [sdk.clientInfoVersion] },
  ];
  const runtimeReadings: VersionReading[] = readPins(load).map(({ place, versions }) => ({
    where: `${place.path}: ${place.what}`,
    versions,
  }));

  const sdkVersion = deno?.version ?? MISSING;
  const runtimeVersion = devPin;
  disagreements("SDK version", sdkVersion, sdkReadings, problems);
  if (!EXACT_VERSION.test(runtimeVersion)) {
    problems.push(`runtime pin: package.json devDependencies["${CODEX_PACKAGE}"] is "${runtimeVersion}", not an exact version`);
  }
  disagreements("runtime pin", runtimeVersion, runtimeReadings, problems);

  const notes = changelogSection(safeLoad(load, "CHANGELOG.md"), sdkVersion);
  if (notes === null) {
    const headings = (safeLoad(load, "CHANGELOG.md") ?? "").match(/^## .*$/gm) ?? [];
    problems.push(
      `CHANGELOG.md: no section for ${sdkVersion} (a "## ${sdkVersion}" heading); ` +
        `found ${headings.length ? headings.map((h) => JSON.stringify(h)).join(", ") : "no release headings"}`,
    );
  }
  return { sdkVersion, runtimeVersion, sdk: sdkReadings, runtime: runtimeReadings, notes, problems };
}

/** One line per place whose versions are not all `expected`, naming what it says. */
function disagreements(kind: string, expected: string, readings: VersionReading[], problems: string[]): void {
  const off = readings.filter((r) => r.versions.some((v) => v !== expected));
  if (off.length === 0) return;
  const all = readings.map((r) => `${r.where} = ${[...new Set(r.versions)].join(", ")}`);
  problems.push(`${kind} disagrees (expected ${expected} everywhere):\n    ${all.join("\n    ")}`);
}

function safeLoad(load: Load, path: string): string | undefined {
  try {
    return load(path);
  } catch {
    return undefined;
  }
}

/**
 * The section of `changelog` for `version`: from its `## <version>` heading (`## 0.1.0`,
 * `## [0.1.0] - 2026-12-01`, `## v0.1.0 — …`) to the next `## ` heading. Null when absent.
 */
export function changelogSection(changelog: string | undefined, version: string): string | null {
  if (changelog === undefined) return null;
  const escaped = version.replaceAll(".", "\\.");
  const heading = new RegExp(String.raw`^## \[?v?${escaped}\]?(?=[\s]|$).*$`, "m");
  const match = heading.exec(changelog);
  if (!match) return null;
  const rest = changelog.slice(match.index + match[0].length);
  const next = rest.search(/^## /m);
  return (match[0] + (next < 0 ? rest : rest.slice(0, next))).trimEnd() + "\n";
}
