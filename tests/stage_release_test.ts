// `npm run stage-release -- <out-dir>` (scripts/stage_release.ts) on a copy of this repository:
// a copy, because staging rebuilds npm/, which the Node run of the suite is executing from. The
// copy shares node_modules (a symlink) and is otherwise the working tree as it is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { PINNED_CODEX_VERSION } from "../protocol.ts";
import { repoRoot } from "./_support/repo_root.ts";


const ROOT = repoRoot();
const DENO = join(ROOT, "node_modules", ".bin", "deno");
const SKIPPED = new Set([".git", "node_modules", "npm", ".probe", ".tmp"]);

async function copyOfRepo(): Promise<{ dir: string; [Symbol.asyncDispose](): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "stage-release-repo-"));
  await cp(ROOT, dir, {
    recursive: true,
    filter: (source) => !SKIPPED.has(source.slice(ROOT.length + 1).split(/[\\/]/)[0]) && !source.endsWith(".log"),
  });
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir, [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const before = await readFile(file, "utf8");
  const after = change(before);
  assert.notEqual(after, before, `the plant in ${file} changed nothing`);
  await writeFile(file, after);
}

/** RELEASING.md's first step, when the tree has not been cut yet: "## Unreleased" becomes the version's section. */
async function cutRelease(dir: string, version: string): Promise<void> {
  const file = join(dir, "CHANGELOG.md");
  const text = await readFile(file, "utf8");
  if (new RegExp(`^## \\[?v?${version.replaceAll(".", "\\.")}\\b`, "m").test(text)) return;
  await edit(file, (t) => t.replace(/^## Unreleased\s*$/m, `## ${version} — 2026-12-01`));
}

/** Runs the copy's own stage_release.ts (so it checks and builds the copy), without blocking. */
function stage(dir: string, out: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      DENO,
      ["run", "-A", "scripts/stage_release.ts", out],
      { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ status, output: `${stdout}${stderr}` });
      },
    );
  });
}

const sdkVersion = async (): Promise<string> => JSON.parse(await readFile(join(ROOT, "deno.json"), "utf8")).version;

// stage_release.ts is a Deno script: under Bun and Node this test would run the very same Deno
// process (a full build and a publish dry run, over a minute on a loaded machine) a second and
// third time, so it runs once, under deno test. The refusals below are cheap and run everywhere.
const onDeno = "Deno" in globalThis;
const fullBuildSkip = onDeno ? false : "the full staging runs once, under deno test (it spawns the same Deno script on every runtime)";
if (fullBuildSkip) console.log(`skipped: ${fullBuildSkip}`);

test("stage-release builds the npm tarball, the JSR file set and the release notes into the out dir", {
  skip: fullBuildSkip,
  timeout: 10 * 60_000,
}, async () => {
  await using repo = await copyOfRepo();
  const version = await sdkVersion();
  await cutRelease(repo.dir, version);
  const out = join(repo.dir, "staged");
  const { status, output } = await stage(repo.dir, out);
  assert.equal(status, 0, output);

  // npm/: one tarball of this version whose manifest pins the runtime exactly.
  const tarballs = await readdir(join(out, "npm"));
  assert.deepEqual(tarballs, [`codex-sdk-${version}.tgz`]);
  const listing = spawnSync("tar", ["-xzOf", join(out, "npm", tarballs[0]), "package/package.json"], { encoding: "utf8" });
  const manifest = JSON.parse(listing.stdout);
  assert.equal(manifest.version, version);
  assert.equal(manifest.dependencies["@openai/codex"], PINNED_CODEX_VERSION);
  const files = spawnSync("tar", ["-tzf", join(out, "npm", tarballs[0])], { encoding: "utf8" }).stdout.split("\n");
  assert.ok(files.includes("package/mod.js") && files.includes("package/mod.d.ts"), "the entry point is packed");
  assert.ok(!files.some((f) => f.startsWith("package/tests/")), "no tests are packed");

  // jsr/: what deno publish uploads — the entry points, the sources, no tests.
  for (const path of ["deno.json", "mod.ts", "testing.ts", "README.md", "LICENSE", "src/api/codex.ts", "src/client/version_window.ts"]) {
    assert.ok(existsSync(join(out, "jsr", path)), `jsr/${path} is staged`);
  }
  assert.equal(existsSync(join(out, "jsr", "tests")), false, "no tests in the JSR set");
  assert.equal(existsSync(join(out, "jsr", "scripts")), false, "no scripts in the JSR set");
  assert.equal(
    await readFile(join(out, "jsr", "mod.ts"), "utf8"),
    await readFile(join(repo.dir, "mod.ts"), "utf8"),
  );

  // RELEASE_NOTES.md: the version's CHANGELOG section, and nothing of another.
  const notes = await readFile(join(out, "RELEASE_NOTES.md"), "utf8");
  assert.match(notes, new RegExp(`^## ${version.replaceAll(".", "\\.")}\\b`));
  assert.equal(notes.match(/^## /gm)?.length, 1);
});

test("stage-release refuses when the SDK and runtime versions disagree, naming every place and value", async () => {
  await using repo = await copyOfRepo();
  const version = await sdkVersion();
  await cutRelease(repo.dir, version);
  // Two plants: deno.json moves to 9.9.9 (the clientInfo version stays), the README names another runtime.
  await edit(join(repo.dir, "deno.json"), (t) => t.replace(`"version": "${version}"`, `"version": "9.9.9"`));
  await edit(join(repo.dir, "README.md"), (t) => t.replace(`npm install @openai/codex@${PINNED_CODEX_VERSION}`, "npm install @openai/codex@0.1.2"));
  const out = join(repo.dir, "staged");
  const { status, output } = await stage(repo.dir, out);
  assert.equal(status, 1, output);
  assert.match(output, /refused/);
  assert.match(output, /SDK version disagrees/);
  assert.match(output, /deno\.json: version \(the JSR package\) = 9\.9\.9/);
  assert.match(output, new RegExp(`clientInfo\\.version sent at initialize \\(initializeParams\\) = ${version.replaceAll(".", "\\.")}`));
  assert.match(output, /runtime pin disagrees/);
  assert.ok(output.includes(`README.md: what \`npm ci\` installs, the JSR install hint, the upgrade section = ${PINNED_CODEX_VERSION}, 0.1.2`), output);
  assert.match(output, /CHANGELOG\.md: no section for 9\.9\.9/, "the version's notes are missing too");
  assert.equal(existsSync(out), false, "nothing is staged");
});

test("stage-release refuses without a CHANGELOG section for the version, and names the headings it found", async () => {
  await using repo = await copyOfRepo();
  const version = await sdkVersion();
  await writeFile(join(repo.dir, "CHANGELOG.md"), "# Changelog\n\n## Unreleased\n\n- work in progress\n\n## 0.0.1\n\n- old\n");
  // And the dev pin moves without a regeneration: the generated protocol and the lock disagree.
  await edit(join(repo.dir, "package.json"), (t) => t.replace(`"@openai/codex": "${PINNED_CODEX_VERSION}"`, `"@openai/codex": "0.170.0"`));
  const { status, output } = await stage(repo.dir, join(repo.dir, "staged"));
  assert.equal(status, 1, output);
  assert.ok(output.includes(`CHANGELOG.md: no section for ${version} (a "## ${version}" heading); found "## Unreleased", "## 0.0.1"`), output);
  assert.ok(output.includes(`package.json: devDependencies["@openai/codex"] (the dev pin) = 0.170.0`), output);
  assert.ok(output.includes(`src/protocol/generated/methods.ts: CODEX_VERSION, the version the protocol was generated from (PINNED_CODEX_VERSION) = ${PINNED_CODEX_VERSION}`), output);
});
