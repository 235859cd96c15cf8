/**
 * Where the pinned `@openai/codex` version is written, as one table: the upgrade script
 * (`npm run upgrade-runtime -- <version>`) moves every place in it, and a release check can read
 * every place and refuse when they disagree. A place is a file and what the version means there;
 * each says who writes it (npm, the generator, the upgrade script, or nobody because it is derived
 * from another place) and how to read it. Historical notes such as "observed on 0.169.0" are not
 * places: they record what a version did and stay as written.
 *
 * Reading takes a `load(path)` function (repository-relative path -> text), so the table has no
 * runtime dependency and works from any script.
 *
 * @module
 */

import { OUT_DIR } from "../generate/paths.ts";
import { CODEX_PACKAGE, codexDependency, type DenoConfig } from "./npm_manifest.ts";

/** An exact version as npm pins it (`0.171.0`, `0.172.0-alpha.1`). */
export const EXACT_VERSION: RegExp = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/;

/** The version inside a pattern: the capture group each text pattern has. */
const V = String.raw`(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)`;

/** Reads a repository file by its path relative to the root. */
export type Load = (path: string) => string;

/** One place the pin is written. */
export interface PinPlace {
  /** The file, relative to the repository root. */
  readonly path: string;
  /** What the version means there. */
  readonly what: string;
  /** Who writes it when the pin moves. */
  readonly writtenBy: "npm install" | "generator" | "upgrade-runtime" | "derived";
  /** For `upgrade-runtime` places: the patterns (each with one capture group: the version). */
  readonly patterns?: readonly RegExp[];
  /** The versions written there; a pattern or key that is gone reads as `"<missing>"`. */
  read(load: Load): string[];
}

/** A place written as text: each pattern must match at least once. */
function textPlace(path: string, what: string, patterns: RegExp[]): PinPlace {
  return {
    path,
    what,
    writtenBy: "upgrade-runtime",
    patterns,
    read(load) {
      const text = load(path);
      return patterns.flatMap((p) => {
        const found = [...text.matchAll(new RegExp(p.source, "g"))].map((m) => m[1]);
        return found.length ? found : ["<missing>"];
      });
    },
  };
}

const json = (load: Load, path: string) => JSON.parse(load(path));
const PLATFORM_SUFFIX = /-(?:linux|darwin|win32)-(?:x64|arm64)$/;

/** Every place the pinned runtime version is written. */
export const PIN_PLACES: readonly PinPlace[] = [
  {
    path: "package.json",
    what: `devDependencies["${CODEX_PACKAGE}"] (the dev pin)`,
    writtenBy: "npm install",
    read: (load) => [json(load, "package.json").devDependencies?.[CODEX_PACKAGE] ?? "<missing>"],
  },
  {
    path: "package-lock.json",
    what: `the locked ${CODEX_PACKAGE} and its platform packages`,
    writtenBy: "npm install",
    read(load) {
      const packages: Record<string, { version?: string }> = json(load, "package-lock.json")
        .packages ?? {};
      const own = Object.entries(packages).filter(([key]) =>
        /^node_modules\/@openai\/codex(?:-(?:linux|darwin|win32)-\w+)?$/.test(key)
      );
      const root = packages[""] as { devDependencies?: Record<string, string> } | undefined;
      const versions = own.map(([, p]) => (p.version ?? "<missing>").replace(PLATFORM_SUFFIX, ""));
      return [root?.devDependencies?.[CODEX_PACKAGE] ?? "<missing>", ...new Set(versions)];
    },
  },
  {
    path: `${OUT_DIR}/methods.ts`,
    what: "CODEX_VERSION, the version the protocol was generated from (PINNED_CODEX_VERSION)",
    writtenBy: "generator",
    read: (load) => [
      new RegExp(`export const CODEX_VERSION: "${V}"`).exec(
        load(`${OUT_DIR}/methods.ts`),
      )?.[1] ?? "<missing>",
    ],
  },
  {
    path: "scripts/lib/npm_manifest.ts",
    what:
      `the published package.json's dependencies["${CODEX_PACKAGE}"] (derived from package.json)`,
    writtenBy: "derived",
    read: (load) => [
      codexDependency(json(load, "deno.json") as DenoConfig, json(load, "package.json")) ??
        "<missing>",
    ],
  },
  textPlace("README.md", "what `npm ci` installs, the JSR install hint, the upgrade section", [
    new RegExp(String.raw`\(\x60@openai/codex\x60 ${V}\)`),
    new RegExp(String.raw`npm install @openai/codex@${V}`),
    new RegExp(String.raw`one exact \x60@openai/codex\x60 version \(${V}\)`),
  ]),
  // (Its errors table moved to the README's one table of codes, which names no version.)
  textPlace("docs/reliability.md", "the binary the suite runs", [
    new RegExp(String.raw`against the real \x60codex\x60 ${V} binary wherever`),
  ]),
  textPlace("BENCHMARKS.md", "what `npm ci` installs for the benchmarks", [
    new RegExp(String.raw`the pinned toolchain, codex ${V}`),
  ]),
];

/** What one place says. */
export interface PinReading {
  place: PinPlace;
  versions: string[];
}

/** Reads every place (a file that cannot be read reads as `"<unreadable: ...>"`). */
export function readPins(load: Load): PinReading[] {
  return PIN_PLACES.map((place) => {
    try {
      return { place, versions: place.read(load) };
    } catch (error) {
      return { place, versions: [`<unreadable: ${(error as Error).message}>`] };
    }
  });
}

/** One line per place that does not say exactly `version`, naming what it says instead. */
export function pinMismatches(load: Load, version: string): string[] {
  return readPins(load).flatMap(({ place, versions }) =>
    versions.every((v) => v === version) ? [] : [
      `${place.path}: ${place.what} is ${[...new Set(versions)].join(", ")}, not ${version}` +
      ` (written by ${place.writtenBy})`,
    ]
  );
}

/** `text` with every pattern's version replaced by `version` (for `upgrade-runtime` places). */
export function rewritePlace(place: PinPlace, text: string, version: string): string {
  let out = text;
  for (const pattern of place.patterns ?? []) {
    out = out.replace(
      new RegExp(pattern.source, "g"),
      (match, old: string) => match.replace(old, version),
    );
  }
  return out;
}
