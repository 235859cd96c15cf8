/**
 * Moves the SDK to another `@openai/codex` version:
 *
 *   npm run upgrade-runtime -- 0.171.0        (= deno run -A scripts/upgrade_runtime.ts 0.171.0)
 *   npm run upgrade-runtime -- --check-pins   (only verify that every place agrees)
 *
 * Steps: `npm install @openai/codex@<version> --save-exact -D` (package.json and the lock), the
 * other places of `PIN_PLACES` (scripts/lib/runtime_pin.ts) rewritten, the protocol regenerated
 * from the new binary, the protocol diff (methods and types added, removed, changed, against the
 * generated folder at git HEAD) written into CHANGELOG.md under "Unreleased", then the freshness
 * and coverage test (tests/protocol_generated_test.ts) and a check that every place of the pin
 * now says the new version. It stops at the first failing step, saying which; it can be run
 * again after a fix (the CHANGELOG entry is replaced, not repeated). When the generator refuses
 * the new binary (a new method whose response type it cannot pair, say), fix its tables in
 * scripts/generate/overrides.ts and run this again.
 *
 * Left to the maintainer: reading the diff and adapting the SDK's wrappers, and the mentions of
 * the old version it lists at the end (mostly notes of what that version did: keep or update).
 *
 * @module
 */

import { OUT_DIR } from "./generate/paths.ts";
import { EMPTY_CHANGELOG, putUnreleasedSection } from "./lib/changelog.ts";
import { CODEX_PACKAGE } from "./lib/npm_manifest.ts";
import { diffMarkdown, summarize } from "./lib/protocol_diff.ts";
import {
  EXACT_VERSION,
  type Load,
  PIN_PLACES,
  pinMismatches,
  readPins,
  rewritePlace,
} from "./lib/runtime_pin.ts";

const ROOT = decodeURIComponent(new URL("..", import.meta.url).pathname).replace(/\/$/, "");
const load: Load = (path) => Deno.readTextFileSync(`${ROOT}/${path}`);
const npm = Deno.build.os === "windows" ? "npm.cmd" : "npm";

async function step(title: string, cmd: string, args: string[]): Promise<void> {
  console.log(`\n==> ${title}: ${cmd} ${args.join(" ")}`);
  const { code } = await new Deno.Command(cmd, {
    args,
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  })
    .output();
  if (code !== 0) throw new Error(`${title} failed (exit ${code}); fix it and run this again`);
}

/** The generated file at git HEAD, or null when git or the file is not there. */
function atHead(path: string): string | null {
  try {
    const out = new Deno.Command("git", {
      args: ["show", `HEAD:${OUT_DIR}/${path}`],
      cwd: ROOT,
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    return out.success ? new TextDecoder().decode(out.stdout) : null;
  } catch {
    return null;
  }
}

function currentPin(): string {
  return JSON.parse(load("package.json")).devDependencies?.[CODEX_PACKAGE] ?? "<none>";
}

function checkPins(version: string): number {
  const problems = pinMismatches(load, version);
  for (const { place, versions } of readPins(load)) {
    console.log(`  ${place.path}: ${place.what}: ${[...new Set(versions)].join(", ")}`);
  }
  if (problems.length) {
    console.error(`\nthe pin disagrees with ${version} in ${problems.length} place(s):`);
    for (const p of problems) console.error(`  ${p}`);
    return 1;
  }
  console.log(`\nevery place says ${CODEX_PACKAGE} ${version}`);
  return 0;
}

/** Lines outside the pin places that still mention `old` (for the maintainer to review). */
function leftovers(old: string): string[] {
  const out = new Deno.Command("git", {
    args: [
      "grep",
      "-n",
      "-F",
      old,
      "--",
      ".",
      ":!package-lock.json",
      `:!${OUT_DIR}`,
      ":!CHANGELOG.md",
    ],
    cwd: ROOT,
    stdout: "piped",
  }).outputSync();
  return new TextDecoder().decode(out.stdout).split("\n").filter(Boolean);
}

async function upgrade(version: string): Promise<number> {
  const before = currentPin();
  const oldProtocol = summarize(atHead);
  const oldVersion = /CODEX_VERSION: "([^"]+)"/.exec(atHead("methods.ts") ?? "")?.[1] ?? before;
  console.log(`${CODEX_PACKAGE}: ${before} -> ${version}`);

  await step("install", npm, [
    "install",
    `${CODEX_PACKAGE}@${version}`,
    "--save-exact",
    "-D",
    "--no-audit",
    "--no-fund",
  ]);
  for (const place of PIN_PLACES.filter((p) => p.writtenBy === "upgrade-runtime")) {
    const text = load(place.path);
    const next = rewritePlace(place, text, version);
    if (next !== text) Deno.writeTextFileSync(`${ROOT}/${place.path}`, next);
  }
  await step("regenerate", Deno.execPath(), ["run", "-A", "scripts/generate/main.ts"]);

  const newProtocol = summarize((path) => {
    try {
      return load(`${OUT_DIR}/${path}`);
    } catch {
      return null;
    }
  });
  if (oldVersion !== version) {
    const title = `Protocol: ${CODEX_PACKAGE} ${oldVersion} → ${version}`;
    const section = diffMarkdown(oldProtocol, newProtocol, title);
    let changelog = EMPTY_CHANGELOG;
    try {
      changelog = load("CHANGELOG.md");
    } catch { /* a new file */ }
    Deno.writeTextFileSync(`${ROOT}/CHANGELOG.md`, putUnreleasedSection(changelog, section));
    console.log(`\n==> CHANGELOG.md: wrote "${title}"`);
  } else {
    console.log(`\n==> CHANGELOG.md: unchanged (git HEAD is already generated from ${version})`);
  }

  await step("freshness and coverage", "node", [
    "scripts/test_all.mjs",
    "--only",
    "deno",
    "tests/protocol_generated_test.ts",
  ]);
  console.log("\n==> pin places");
  if (checkPins(version) !== 0) return 1;
  const rest = oldVersion === version ? [] : leftovers(oldVersion);
  if (rest.length) {
    console.log(
      `\nother mentions of ${oldVersion} (notes of what it did? keep or update by hand):`,
    );
    for (const line of rest) console.log(`  ${line.slice(0, 160)}`);
  }
  console.log(`\ndone: now read the diff in CHANGELOG.md, adapt the SDK, run npm test`);
  return 0;
}

if (import.meta.main) {
  const [arg] = Deno.args;
  try {
    if (arg === "--check-pins") Deno.exit(checkPins(currentPin()));
    if (!arg || !EXACT_VERSION.test(arg)) {
      console.error(
        "usage: npm run upgrade-runtime -- <exact version, e.g. 0.171.0> | --check-pins",
      );
      Deno.exit(2);
    }
    Deno.exit(await upgrade(arg));
  } catch (error) {
    console.error(`upgrade-runtime: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
