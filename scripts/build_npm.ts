/**
 * Builds the npm package in `npm/`: what dnt would do, with the TypeScript compiler from npm.
 *
 * ```sh
 * deno run -A scripts/build_npm.ts          # or: npm run build / deno task build
 * deno run -A scripts/build_npm.ts --test   # then run the suite on Node against npm/
 * ```
 *
 * 1. Compiles `mod.ts`, `testing.ts`, `src/**`, `tests/**` and every other entry point in
 *    deno.json's exports (`relay.ts`) with the options in
 *    `tsconfig.build.json` to ES2022 modules plus `.d.ts` beside them; `./x.ts` imports become
 *    `./x.js` (`rewriteRelativeImportExtensions` for JavaScript, a transformer for `.d.ts`).
 *    Files in `src/` and `tests/` that are not compiled (fixtures, hand-written `.d.ts`) are
 *    copied as they are. Deno's globals are typed by a shim made from `deno types`, given to the
 *    compiler only (see `scripts/lib/deno_globals_shim.ts`).
 * 2. Writes `npm/package.json` for `@codex/sdk` from `deno.json` (name, version, exports,
 *    `npm:` imports as dependencies, publish include/exclude as `files`) plus `@openai/codex`
 *    pinned to the exact version in this repo's `package.json`; copies README.md and LICENSE.
 * 3. Checks the result as a user gets it: the declarations type-check when imported by package
 *    name without the shim, and `npm pack` would ship the entry points and no tests.
 *
 * The compiled tests stay in `npm/tests/` (not published) so `node --test` can run the suite on
 * each pinned Node; they find zod and @openai/codex in the repo's `node_modules` one level up.
 *
 * @module
 */
import ts from "typescript";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { consumerCheck } from "./lib/consumer_check.ts";
import { denoGlobalsShim } from "./lib/deno_globals_shim.ts";
import { rewriteDtsSpecifiers } from "./lib/dts_specifiers.ts";
import {
  CODEX_PACKAGE,
  codexDependency,
  type DenoConfig,
  npmDependencies,
  npmManifest,
  testedNodeRange,
} from "./lib/npm_manifest.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT = join(ROOT, "npm");
const COMPILED_DIRS = ["src", "tests"];

if (import.meta.main) {
  try {
    await build();
    if (Deno.args.includes("--test")) Deno.exit(await testOnNode());
  } catch (error) {
    console.error(`build_npm: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}

async function build(): Promise<void> {
  const started = performance.now();
  const deno: DenoConfig = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const pkg = JSON.parse(await Deno.readTextFile(join(ROOT, "package.json")));
  const codex = codexDependency(deno, pkg);
  if (!codex) throw new Error(`no ${CODEX_PACKAGE} version in deno.json or package.json`);
  const manifest = npmManifest(deno, codex, testedNodeRange(pkg.devDependencies ?? {}));
  const entries = typeof deno.exports === "string" ? [deno.exports] : Object.values(deno.exports);
  for (const entry of entries) {
    if (!(await exists(join(ROOT, entry)))) {
      throw new Error(`deno.json exports ${entry}, which does not exist`);
    }
  }

  await Deno.remove(OUT, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  await compile(entries);
  for (const dir of COMPILED_DIRS) await copyUncompiled(join(ROOT, dir), join(OUT, dir));
  await bundleEntries(entries, Object.keys(npmDependencies(deno.imports ?? {})));
  await Deno.writeTextFile(join(OUT, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  await Deno.copyFile(join(ROOT, "LICENSE"), join(OUT, "LICENSE"));
  await Deno.copyFile(join(ROOT, "README.md"), join(OUT, "README.md")).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    console.warn("build_npm: warning: no README.md to ship");
  });

  const exported = Object.keys(manifest.exports as Record<string, unknown>);
  const problems = consumerCheck(OUT, deno.name, exported);
  if (problems) {
    throw new Error(
      "the published declarations do not type-check for a user (no Deno/Bun types there; keep " +
        `runtime types out of exported signatures):\n${problems}`,
    );
  }
  await checkPack(manifest);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`build_npm: built ${deno.name}@${deno.version} in npm/ (${seconds}s)`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/**
 * Compiles with tsconfig.build.json plus the Deno globals shim; throws on any diagnostic. Every
 * entry point in deno.json's exports is compiled, whether or not tsconfig's include lists it.
 */
async function compile(entries: string[]): Promise<void> {
  const shimDir = await Deno.makeTempDir({ prefix: "build_npm_" });
  try {
    const shim = join(shimDir, "deno_globals.d.ts");
    await Deno.writeTextFile(shim, denoGlobalsShim(await denoTypes()));
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, "tsconfig.build.json"),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) },
    );
    if (!config) throw new Error("cannot read tsconfig.build.json");
    if (config.errors.length) fail(config.errors);
    const program = ts.createProgram({
      rootNames: [...new Set([...config.fileNames, ...entries.map((entry) => join(ROOT, entry))]), shim],
      options: config.options,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    if (diagnostics.length) fail(diagnostics);
    const emitted = program.emit(undefined, undefined, undefined, false, {
      afterDeclarations: [rewriteDtsSpecifiers],
    });
    if (emitted.diagnostics.length) fail(emitted.diagnostics);
  } finally {
    await Deno.remove(shimDir, { recursive: true });
  }
}

/**
 * Bundles the compiled entry points into `npm/bundle/`, all in one build with code splitting (so
 * every class exists once, whichever entries a program imports, and `Codex.start`'s lazily loaded
 * code stays in chunks of its own), and makes each `npm/<entry>.js` re-export its bundle. Why:
 * Node loads an ES module graph file by file, and `@codex/sdk` was 50 files: importing it took
 * 13.5 ms on Node 22, the bundled entry (14 files) 7 ms. `--keep-names` keeps class and function
 * names (errors print their own names). Packages and `node:` modules stay imports. The compiled
 * per-file `src/` stays for the tests' unit imports; the package ships only its declarations.
 */
async function bundleEntries(entries: string[], packages: string[]): Promise<void> {
  const javascript = entries.map((entry) => entry.replace(/^\.\//, "").replace(/\.ts$/, ".js"));
  const externals = [...packages, "node:*"].map((name) => `--external=${name}`);
  const { success, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle", "--quiet", "--no-config", "--code-splitting", "--keep-names", "--format", "esm", "--platform", "deno",
      "--outdir", join(OUT, "bundle"), ...externals, ...javascript.map((file) => join(OUT, file)),
    ],
    cwd: OUT,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!success) throw new Error(`deno bundle failed:\n${new TextDecoder().decode(stderr)}`);
  for (const file of javascript) {
    const bundled = `./bundle/${file.split("/").pop()}`;
    if (!(await exists(join(OUT, bundled)))) throw new Error(`deno bundle wrote no ${bundled}`);
    await Deno.writeTextFile(join(OUT, file), `export * from "${bundled}";\n`);
  }
}

function fail(diagnostics: readonly ts.Diagnostic[]): never {
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (file) => file,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
  };
  const pretty = Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");
  const text = pretty
    ? ts.formatDiagnosticsWithColorAndContext(diagnostics, host)
    : ts.formatDiagnostics(diagnostics, host);
  throw new Error(`TypeScript ${ts.version} found problems:\n${text}`);
}

async function denoTypes(): Promise<string> {
  const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["types"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!success) throw new Error(`deno types failed: ${new TextDecoder().decode(stderr)}`);
  return new TextDecoder().decode(stdout);
}

/** Copies what tsc does not emit: non-TypeScript files and hand-written declarations. */
async function copyUncompiled(from: string, to: string): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(from));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  for (const entry of entries) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory) {
      await copyUncompiled(source, target);
    } else if (entry.isFile && (!/\.m?ts$/.test(entry.name) || entry.name.endsWith(".d.ts"))) {
      await Deno.mkdir(to, { recursive: true });
      await Deno.copyFile(source, target);
    }
  }
}

/** Asks npm what it would publish: every export target, and nothing from the tests. */
async function checkPack(manifest: Record<string, unknown>): Promise<void> {
  const { success, stdout, stderr } = await new Deno.Command("npm", {
    args: ["pack", "--dry-run", "--json", "--ignore-scripts"],
    cwd: OUT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!success) throw new Error(`npm pack --dry-run failed:\n${new TextDecoder().decode(stderr)}`);
  const [{ files }] = JSON.parse(new TextDecoder().decode(stdout)) as [
    { files: { path: string }[] },
  ];
  const shipped = new Set(files.map((file) => file.path));
  const targets = Object.values(manifest.exports as Record<string, Record<string, string>>)
    .flatMap((entry) => Object.values(entry).map((path) => path.replace(/^\.\//, "")));
  const missing = ["LICENSE", ...targets].filter((path) => !shipped.has(path));
  const tests = [...shipped].filter((path) =>
    path.startsWith("tests/") || /_test\.(js|d\.ts)$/.test(path)
  );
  if (missing.length || tests.length) {
    throw new Error(
      `npm pack would ship the wrong files: missing ${missing.join(", ") || "nothing"}; ` +
        `tests ${tests.join(", ") || "none"}`,
    );
  }
}

/** Runs the Node part of scripts/test_all.mjs on the build just made. */
async function testOnNode(): Promise<number> {
  const { code } = await new Deno.Command("node", {
    args: [join(ROOT, "scripts", "test_all.mjs"), "--only", "node", "--no-build"],
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  return code;
}
