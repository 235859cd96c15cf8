/**
 * Stages a release: builds the SDK once and puts everything a maintainer publishes into one
 * directory, after checking that the SDK and its runtime are in lockstep. Nothing is published.
 *
 * ```sh
 * npm run stage-release -- <out-dir>        # or: deno run -A scripts/stage_release.ts <out-dir>
 * ```
 *
 * 1. Refuses, listing every mismatch and the values found, unless one SDK version is written
 *    everywhere (deno.json, the npm manifest, the `clientInfo.version` sent at initialize), one
 *    runtime version likewise (every place of scripts/lib/runtime_pin.ts's table: the dev pin and
 *    its lock entries, the npm package's `@openai/codex` dependency, the generated protocol's
 *    version, the README and docs), and CHANGELOG.md has a `## <version>` section (see
 *    scripts/lib/release_lockstep.ts).
 * 2. `<out-dir>/npm/`: the npm tarball, `npm pack` of the build of scripts/build_npm.ts (which
 *    also type-checks the package as a user sees it); its manifest is checked again.
 * 3. `<out-dir>/jsr/`: the files `deno publish --dry-run` lists (it also runs JSR's slow-types
 *    check), copied with their paths.
 * 4. `<out-dir>/RELEASE_NOTES.md`: the CHANGELOG.md section of the version.
 *
 * `<out-dir>` must not exist or be empty. Exit code 0 when staged, 1 when refused or failed.
 * See RELEASING.md for the whole release.
 *
 * @module
 */
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { CODEX_PACKAGE } from "./lib/npm_manifest.ts";
import { type Lockstep, lockstepProblems, type SdkModuleFacts } from "./lib/release_lockstep.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

if (import.meta.main) {
  const out = Deno.args.find((arg) => !arg.startsWith("-"));
  if (!out || Deno.args.includes("--help")) {
    console.error("usage: npm run stage-release -- <out-dir>");
    Deno.exit(2);
  }
  try {
    // npm run starts scripts in the package root; INIT_CWD is where the maintainer typed the command.
    Deno.exit(await stageRelease(resolve(Deno.env.get("INIT_CWD") ?? Deno.cwd(), out)));
  } catch (error) {
    console.error(`stage-release: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}

/** Checks, builds and stages into `out`; returns the exit code. */
async function stageRelease(out: string): Promise<number> {
  const lockstep = lockstepProblems((path) => readFileSync(join(ROOT, path), "utf8"), await sdkFacts());
  if (lockstep.problems.length) {
    console.error(
      `stage-release: refused — the release is not in lockstep (${lockstep.problems.length} problem(s)):\n` +
        lockstep.problems.map((p) => `  - ${p}`).join("\n"),
    );
    return 1;
  }
  await emptyDirectory(out);
  console.log(`stage-release: @codex/sdk ${lockstep.sdkVersion} on ${CODEX_PACKAGE} ${lockstep.runtimeVersion}`);

  const tarball = await stageNpm(out, lockstep);
  const jsrFiles = await stageJsr(out);
  await Deno.writeTextFile(join(out, "RELEASE_NOTES.md"), lockstep.notes!);

  console.log(
    `stage-release: staged in ${out}\n` +
      `  npm/${tarball}\n  jsr/ (${jsrFiles} files)\n  RELEASE_NOTES.md (${lockstep.notes!.split("\n")[0]})`,
  );
  return 0;
}

/** What only the SDK's own code knows: the clientInfo it sends. */
async function sdkFacts(): Promise<SdkModuleFacts> {
  const handshake = await import(pathToFileURL(join(ROOT, "src/client/handshake.ts")).href);
  return {
    clientInfoVersion: String(handshake.initializeParams?.({}).clientInfo?.version ?? "<missing>"),
  };
}

async function emptyDirectory(dir: string): Promise<void> {
  try {
    for await (const _ of Deno.readDir(dir)) throw new Error(`${dir} is not empty: stage into a new directory`);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.mkdir(dir, { recursive: true });
}

/** Builds npm/ with build_npm.ts, packs it into `out/npm/`, returns the tarball's name. */
async function stageNpm(out: string, lockstep: Lockstep): Promise<string> {
  await run(Deno.execPath(), ["run", "-A", join(ROOT, "scripts", "build_npm.ts")], ROOT);
  const built = JSON.parse(await Deno.readTextFile(join(ROOT, "npm", "package.json")));
  const wrong = [
    built.version !== lockstep.sdkVersion && `version ${built.version}`,
    built.dependencies?.[CODEX_PACKAGE] !== lockstep.runtimeVersion &&
    `dependencies["${CODEX_PACKAGE}"] ${built.dependencies?.[CODEX_PACKAGE]}`,
  ].filter(Boolean);
  if (wrong.length) {
    throw new Error(`the built npm/package.json has ${wrong.join(" and ")}; expected ${lockstep.sdkVersion} on ${lockstep.runtimeVersion}`);
  }
  const npmOut = join(out, "npm");
  await Deno.mkdir(npmOut, { recursive: true });
  const packed = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", npmOut], join(ROOT, "npm"));
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  return filename;
}

/** Copies what `deno publish --dry-run` would upload into `out/jsr/`; returns the count. */
async function stageJsr(out: string): Promise<number> {
  // --allow-dirty: staging checks the tree as it is; RELEASING.md publishes from a clean tag.
  const output = (await run(Deno.execPath(), ["publish", "--dry-run", "--allow-dirty"], ROOT, { NO_COLOR: "1" })).all;
  const files = [...output.matchAll(/^\s+(file:\/\/\S+) \([\d.]+\s*[KMG]?B\)\s*$/gm)].map((m) => fileURLToPath(m[1]));
  if (files.length === 0) throw new Error(`deno publish --dry-run listed no files:\n${output}`);
  for (const file of files) {
    const path = relative(ROOT, file);
    if (path.startsWith("..")) throw new Error(`deno publish would upload a file outside the repository: ${file}`);
    await Deno.mkdir(dirname(join(out, "jsr", path)), { recursive: true });
    await Deno.copyFile(file, join(out, "jsr", path));
  }
  return files.length;
}

/** Runs a command; resolves with its stdout and all it printed, rejects quoting it when it fails. */
async function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ stdout: string; all: string }> {
  const { success, stdout, stderr } = await new Deno.Command(command, { args, cwd, env, stdin: "null" }).output();
  const decoded = new TextDecoder().decode(stdout);
  const all = decoded + new TextDecoder().decode(stderr);
  if (!success) throw new Error(`${[command, ...args].join(" ")} failed:\n${all}`);
  return { stdout: decoded, all };
}
