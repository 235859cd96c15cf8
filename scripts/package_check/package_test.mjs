// @ts-check
/**
 * The package as users get it: `npm pack` of the npm build (npm/, which test_all.mjs builds
 * first), installed into fresh projects outside the repository, and JSR's file set loaded the
 * way JSR serves it. Run by `node scripts/test_all.mjs --only package` (Node's test runner).
 *
 * - js: the tarball installed with `npm install`; consumer/turn.mjs (plain JavaScript) runs a
 *   turn with MockModel on the codex binary that install brought, on every pinned Node and on
 *   Deno (through node_modules). bun: the same, installed with `bun add`, run on Bun.
 * - types: `tsc --strict` under module nodenext and under moduleResolution bundler, importing
 *   every entry point of the built package.json `exports` (read, not listed here, so a new entry
 *   is covered by itself; an entry's optional peer dependencies are installed for it); and a
 *   consumer that must not compile does not.
 * - publint and attw on the tarball.
 * - omit: installed with --omit=optional, so no platform binary: CodexNotFoundError says what
 *   to install; doing what it says makes the same project work.
 * - jsr: the files `deno publish --dry-run` lists, behind an import map, run consumer/turn.mjs.
 *
 * Over 300 lines on purpose: one test per way a user installs the package, each a short
 * sequence; the projects and the type consumers are already projects.mjs and type_consumers.mjs.
 *
 * The projects are installed in parallel and share npm's cache with the suite's own `npm ci`.
 * SDK_PACKAGE_CHECK_KEEP=1 keeps the temporary directory (its path is printed).
 *
 * @module
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { pinnedNodes } from "../lib/node_versions.mjs";
import {
  consumerEnv,
  copyFiles,
  jsrFiles,
  lastJsonLine,
  makeProject,
  npmInstall,
  pack,
  run,
  shown,
} from "./projects.mjs";
import { typeConsumers } from "./type_consumers.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(dirname(HERE));
const NPM_DIR = join(REPO, "npm");
const MODULES = join(REPO, "node_modules");
const DENO = join(MODULES, "deno", "deno");
const BUN = join(MODULES, "bun", "bin", "bun.exe");
const TSC = join(MODULES, "typescript", "bin", "tsc");
const REPLY = "Hello from the installed package.";
const TURN = join(HERE, "consumer", "turn.mjs");
const NOT_FOUND = join(HERE, "consumer", "not_found.mjs");
const AI_TOOL = join(HERE, "consumer", "ai_tool.mjs");
const COMPAT_SAMPLE = join(HERE, "consumer", "compat_sample.mjs");

const repoPkg = JSON.parse(await readFile(join(REPO, "package.json"), "utf8"));
/** @type {Record<string, any>} */
const built = JSON.parse(await readFile(join(NPM_DIR, "package.json"), "utf8"));
const entries = Object.keys(built.exports).map((key) => built.name + key.slice(1));
/** Optional peers, installed where types are checked so an entry that needs one is checked. */
const optionalPeers = Object.entries(built.peerDependencies ?? {})
  .filter(([name]) => built.peerDependenciesMeta?.[name]?.optional);
const platformPackage = `@openai/codex-${process.platform}-${process.arch}`;
const nodes = pinnedNodes(REPO).filter((node) =>
  !process.env.SDK_NODE_MAJORS ||
  process.env.SDK_NODE_MAJORS.split(",").includes(String(node.major))
);
const newestNode = nodes.at(-1);

const work = await mkdtemp(join(tmpdir(), "codex-sdk-package-"));
const dirs = {
  js: join(work, "js"),
  types: join(work, "types"),
  omit: join(work, "omit"),
  jsr: join(work, "jsr"),
  bun: join(work, "bun"),
  ai: join(work, "ai"),
  compatTypes: join(work, "compat-types"),
};
/** @type {string} */
let tarball = "";
/** @type {Promise<void>} set up by before(); each group awaits what it needs */
let ready = Promise.resolve();
/** @type {Record<string, Promise<void>>} */
const installed = {};

before(async () => {
  console.log(
    `package check in ${work}: ${built.name}@${built.version}, entries ${entries.join(", ")}`,
  );
  tarball = await pack(NPM_DIR, work);
  const sdk = { [built.name]: `file:${tarball}` };
  const typesDeps = {
    ...sdk,
    "@types/node": repoPkg.devDependencies["@types/node"],
    ...Object.fromEntries(optionalPeers),
    // @ai-sdk/provider's declarations import "json-schema" types it does not depend on: any
    // skipLibCheck: false project using the AI SDK needs them (README, "The AI SDK").
    ...(optionalPeers.some(([name]) => name === "@ai-sdk/provider") ? { "@types/json-schema": "7.0.15" } : {}),
  };
  if (optionalPeers.length) {
    console.log(
      `type consumers get the optional peers: ${optionalPeers.map(([n, r]) => `${n}@${r}`)}`,
    );
  }
  installed.js = makeProject(dirs.js, sdk, [TURN, COMPAT_SAMPLE]).then(() => npmInstall(dirs.js));
  installed.omit = makeProject(dirs.omit, sdk, [TURN, NOT_FOUND])
    .then(() => npmInstall(dirs.omit, ["--omit=optional"]));
  installed.types = makeProject(dirs.types, typesDeps).then(() => npmInstall(dirs.types));
  installed.jsr = prepareJsr();
  // @codex/sdk/ai with the AI SDK, as its README says to install it.
  installed.ai = makeProject(dirs.ai, { ...sdk, ai: repoPkg.devDependencies.ai }, [AI_TOOL]).then(() => npmInstall(dirs.ai));
  // @codex/sdk/compat's types against the package it replaces (whose declarations import the MCP SDK's).
  installed.compatTypes = makeProject(dirs.compatTypes, {
    ...sdk,
    "@openai/codex-sdk": repoPkg.devDependencies["@openai/codex-sdk"],
    "@modelcontextprotocol/sdk": repoPkg.devDependencies["@modelcontextprotocol/sdk"],
    "@types/node": repoPkg.devDependencies["@types/node"],
  }).then(async () => {
    const source = await readFile(join(REPO, "tests", "types", "compat_types.ts"), "utf8");
    await writeFile(join(dirs.compatTypes, "compat_types.ts"), source.replace('"../../compat.ts"', '"@codex/sdk/compat"'));
    const compilerOptions = {
      module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true,
      skipLibCheck: false, types: ["node"],
    };
    await writeFile(join(dirs.compatTypes, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["compat_types.ts"] }));
    await npmInstall(dirs.compatTypes);
  });
  // The README's Bun line: bun's own installer, into a project of its own.
  installed.bun = makeProject(dirs.bun, {}, [TURN, COMPAT_SAMPLE]).then(async () => {
    const ran = await run(BUN, ["add", tarball], { cwd: dirs.bun });
    if (ran.code !== 0) throw new Error(`bun add failed: ${shown(ran)}`);
  });
  // Every install ends before the tests report, whichever fails first.
  ready = Promise.allSettled(Object.values(installed)).then(() => undefined);
});

after(async () => {
  await ready;
  if (process.env.SDK_PACKAGE_CHECK_KEEP) console.log(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
});

describe("the npm tarball installed into a fresh project", { concurrency: true }, () => {
  for (const node of nodes) {
    test(`runs a plain-JavaScript turn on Node ${node.version} with the binary the package brought`, async () => {
      await installed.js;
      await assertTurn(dirs.js, node.bin, ["turn.mjs"]);
    });
  }
  test(`installed with ai, runs a generateText + tool program on @codex/sdk/ai on Node ${newestNode?.version}`, async () => {
    await installed.ai;
    assert.ok(newestNode, "no pinned Node");
    const ran = await run(newestNode.bin, ["ai_tool.mjs"], { cwd: dirs.ai, env: consumerEnv(dirname(newestNode.bin)) });
    assert.equal(ran.code, 0, shown(ran));
    assert.deepEqual(lastJsonLine(ran), {
      text: "It is sunny in Paris.",
      steps: ["tool-calls", "stop"],
      toolResults: ["sunny in Paris"],
    });
  });
  test(`installed with bun add, runs the same program on Bun ${repoPkg.devDependencies.bun}`, async () => {
    await installed.bun;
    await assertTurn(dirs.bun, BUN, ["turn.mjs"]);
  });
  /** @type {{ label: string, command: string, args: string[], on: "js" | "bun" }[]} */
  const samples = [
    { label: `Node ${newestNode?.version}`, command: newestNode?.bin ?? "node", args: ["compat_sample.mjs"], on: "js" },
    { label: `Bun ${repoPkg.devDependencies.bun}`, command: BUN, args: ["compat_sample.mjs"], on: "bun" },
    { label: `Deno ${repoPkg.devDependencies.deno}`, command: DENO, args: ["run", "-A", "compat_sample.mjs"], on: "js" },
  ];
  for (const { label, command, args, on } of samples) {
    test(`an @openai/codex-sdk sample program runs through @codex/sdk/compat, changed only in its import, on ${label}, and exits on its own`, async () => {
      await installed[on];
      await assertCompatSample(dirs[on], command, args);
    });
  }
  test(`runs the same program on Deno ${repoPkg.devDependencies.deno} through node_modules`, async () => {
    await installed.js;
    await assertTurn(dirs.js, DENO, ["run", "-A", "turn.mjs"]);
  });
});

describe("the package's types, as a TypeScript project sees them", { concurrency: true }, () => {
  for (const config of ["nodenext", "bundler"]) {
    test(`tsc --strict (${config}) type-checks a consumer importing every entry point`, async () => {
      const { ran, errors } = await typeCheck(config);
      assert.notEqual(ran.code, -1, shown(ran));
      // Only the planted error: none in the consumer, none in the package's declarations.
      assert.deepEqual(errors.filter((line) => !line.startsWith("must_not_compile.ts(")), []);
    });
    test(`tsc --strict (${config}) refuses a consumer that passes a wrong argument type`, async () => {
      const { ran, errors } = await typeCheck(config);
      assert.notEqual(ran.code, 0, `it compiled: ${shown(ran)}`);
      const planted = errors.filter((line) => line.startsWith("must_not_compile.ts("));
      assert.equal(planted.length, 1, shown(ran));
      assert.match(
        planted[0],
        /^must_not_compile\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number/,
      );
    });
  }
  test("tsc --strict: each type of @codex/sdk/compat and of @openai/codex-sdk is assignable to the other", async () => {
    await installed.compatTypes;
    const ran = await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: dirs.compatTypes });
    assert.equal(ran.code, 0, shown(ran));
  });
  test(`every entry point loads at run time on Node ${newestNode?.version}`, async () => {
    await installed.types;
    assert.ok(newestNode, "no pinned Node");
    const code = `for (const e of ${JSON.stringify(entries)}) await import(e);`;
    const ran = await run(newestNode.bin, ["--input-type=module", "--eval", code], {
      cwd: dirs.types,
      env: consumerEnv(dirname(newestNode.bin)),
    });
    assert.equal(ran.code, 0, shown(ran));
  });
});

describe("the tarball's packaging", { concurrency: true }, () => {
  test("engines.node names the Node lines the suite runs on, each from its tested release", () => {
    const tested = pinnedNodes(REPO).map((node) => `^${node.version}`).join(" || ");
    assert.equal(built.engines?.node, tested);
  });
  test("publint finds nothing to report (strict)", async () => {
    await ready;
    const ran = await run(process.execPath, [
      join(MODULES, "publint", "src", "cli.js"),
      "run",
      "--strict",
      tarball,
    ], {
      cwd: work,
    });
    assert.equal(ran.code, 0, shown(ran));
    assert.match(ran.stdout, /All good!/, shown(ran));
  });
  test("attw finds no problem for ESM consumers (profile esm-only: the package is ESM-only by choice)", async () => {
    await ready;
    const ran = await run(
      process.execPath,
      [
        join(MODULES, "@arethetypeswrong", "cli", "dist", "index.js"),
        tarball,
        "--profile",
        "esm-only",
        "--format",
        "json",
      ],
      { cwd: work },
    );
    // attw exits 1 on any problem its profile does not ignore; the JSON says which, if any.
    assert.equal(ran.code, 0, shown(ran));
    const { analysis } = JSON.parse(ran.stdout);
    const ignored = new Set(["node10", "node16-cjs"]);
    const problems = (analysis.problems ?? []).filter(
      (/** @type {{ resolutionKind: string }} */ p) => !ignored.has(p.resolutionKind),
    );
    assert.deepEqual(problems, []);
  });
});

describe("installed with --omit=optional (no platform binary)", () => {
  test(`Codex.start fails with CodexNotFoundError naming ${platformPackage} and the other ways`, async () => {
    await installed.omit;
    assert.ok(newestNode, "no pinned Node");
    const ran = await run(newestNode.bin, ["not_found.mjs"], {
      cwd: dirs.omit,
      env: consumerEnv(dirname(newestNode.bin)),
    });
    assert.equal(ran.code, 0, shown(ran));
    const result = lastJsonLine(ran);
    assert.equal(result.started, false, "it found a codex binary");
    assert.equal(result.isCodexNotFoundError, true, result.message);
    assert.equal(result.code, "codex_not_found");
    assert.ok(result.message.includes(platformPackage), result.message);
    assert.match(result.message, /@openai\/codex is there, its platform package is not/);
    assert.match(result.message, /--include=optional/);
    assert.match(result.message, /pass \{ codexBin \}, or set CODEX_BIN, or put codex on PATH/);
  });
  test("after what the error says (npm install --include=optional) the same project runs a turn", async () => {
    await installed.omit;
    assert.ok(newestNode, "no pinned Node");
    await npmInstall(dirs.omit, ["--include=optional"]);
    await assertTurn(dirs.omit, newestNode.bin, ["turn.mjs"]);
  });
});

describe("JSR's file set", () => {
  test(`loaded through an import map, runs the same program on Deno ${repoPkg.devDependencies.deno}`, async () => {
    await installed.jsr;
    await installed.js;
    // JSR has no node_modules: the binary comes from CODEX_BIN, as the README says.
    const codexBin = join(dirs.js, "node_modules", ...platformPackage.split("/"));
    const binary = await findBinary(codexBin);
    await assertTurn(dirs.jsr, DENO, ["run", "-A", "turn.mjs"], { CODEX_BIN: binary });
  });
});

/** @type {Map<string, Promise<{ ran: import("./projects.mjs").Ran, errors: string[] }>>} */
const typeChecks = new Map();

/**
 * `tsc -p tsconfig.<config>.json` in the types project, once per setting; its error lines.
 * @param {string} config
 */
function typeCheck(config) {
  let checked = typeChecks.get(config);
  if (!checked) {
    checked = installed.types.then(async () => {
      const ran = await run(process.execPath, [TSC, "-p", `tsconfig.${config}.json`], {
        cwd: dirs.types,
      });
      return { ran, errors: ran.stdout.split("\n").filter((line) => /error TS\d+/.test(line)) };
    });
    typeChecks.set(config, checked);
  }
  return checked;
}

/**
 * Runs consumer/turn.mjs in `dir` and checks what it printed: the streamed deltas make the
 * reply, the turn completed with it, and the binary was the one expected.
 * @param {string} dir
 * @param {string} command
 * @param {string[]} args
 * @param {Record<string, string>} [extraEnv]
 */
async function assertTurn(dir, command, args, extraEnv = {}) {
  const ran = await run(command, args, { cwd: dir, env: consumerEnv(dirname(command), extraEnv) });
  assert.equal(ran.code, 0, shown(ran));
  const result = lastJsonLine(ran);
  assert.deepEqual(
    { status: result.status, finalResponse: result.finalResponse, text: result.deltas.join("") },
    { status: "completed", finalResponse: REPLY, text: REPLY },
  );
  assert.equal(result.deltas.length, 3, `deltas: ${JSON.stringify(result.deltas)}`);
  const expected = extraEnv.CODEX_BIN ?? join(dir, "node_modules", ...platformPackage.split("/"));
  assert.ok(result.binary.startsWith(expected), `ran ${result.binary}, not one under ${expected}`);
}

/**
 * Runs consumer/compat_sample.mjs in `dir` against a scripted model: it must print the model's
 * answer and its items, and exit by itself (the run's timeout fails it otherwise).
 * @param {string} dir
 * @param {string} command
 * @param {string[]} args
 */
async function assertCompatSample(dir, command, args) {
  const { MockModel } = await import(new URL(`file://${join(NPM_DIR, "testing.js")}`).href);
  const mock = await MockModel.start();
  try {
    await mkdir(join(dir, ".git"), { recursive: true }); // a git repository, to the agent's check
    const ran = await run(command, args, { cwd: dir, env: consumerEnv(dirname(command), mock.env), timeoutMs: 60_000 });
    assert.equal(ran.code, 0, shown(ran));
    assert.match(ran.stdout, /^Mock reply to: Diagnose the test failure and propose a fix$/m, shown(ran));
    assert.match(ran.stdout, /type: ["']agent_message["']/, shown(ran));
  } finally {
    await mock.close();
  }
}

/** The native binary inside an installed platform package. @param {string} pkgDir */
async function findBinary(pkgDir) {
  const ran = await run("find", [
    pkgDir,
    "-type",
    "f",
    "-name",
    "codex",
    "-path",
    "*/vendor/*/bin/*",
  ], {
    cwd: pkgDir,
  });
  const found = ran.stdout.trim().split("\n").filter(Boolean)[0];
  assert.ok(found, `no codex binary under ${pkgDir}: ${shown(ran)}`);
  return found;
}

/** Copies JSR's file set and writes the consumer's import map (deno.json). */
async function prepareJsr() {
  const files = await jsrFiles(REPO, DENO);
  console.log(`JSR would upload ${files.length} files: ${files.join(", ")}`);
  await copyFiles(REPO, files, join(dirs.jsr, "pkg"));
  const denoJson = JSON.parse(await readFile(join(REPO, "deno.json"), "utf8"));
  /** @type {Record<string, string>} */
  const exportsMap = typeof denoJson.exports === "string"
    ? { ".": denoJson.exports }
    : denoJson.exports;
  const imports = {
    // The package's own bare imports (zod, ws) resolve as JSR resolves them: from its deno.json.
    ...denoJson.imports,
    ...Object.fromEntries(
      Object.entries(exportsMap).map(([key, target]) => [
        denoJson.name + key.slice(1),
        `./pkg/${target.replace(/^\.\//, "")}`,
      ]),
    ),
  };
  await writeFile(join(dirs.jsr, "deno.json"), JSON.stringify({ imports }, null, 2) + "\n");
  await writeFile(join(dirs.jsr, "turn.mjs"), await readFile(TURN, "utf8"));
}

// Type consumers' sources and tsconfigs, written once the entries are known.
await typeConsumers(dirs.types, entries);
