/**
 * The layering of src/, checked from the source text: every `import`/`export … from` specifier
 * and every dynamic `import()` of every file under src/ (type-only imports count: an upward type
 * arrow couples the layers as much as a value one).
 *
 * The layers, top to bottom (see README, "How it is built"):
 *   api → client → protocol, transport → runtime → rpc → util
 * plus two Node-server kits beside them, testing/ (MockModel) and relay/ (the browser relay),
 * which run `node:http` by design (Deno and Bun serve it too) and which nothing else imports.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// The repository root (the one with deno.json): on Node this test runs compiled from npm/tests/,
// and what it checks is always the TypeScript source.
const ROOT = ((dir: string): string => {
  while (!existsSync(join(dir, "deno.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})(dirname(fileURLToPath(import.meta.url)));
const SRC = join(ROOT, "src");

interface SourceFile {
  /** Path relative to src/, with forward slashes (e.g. `rpc/peer.ts`). */
  path: string;
  /** The source with comments and string contents blanked (for the globals check). */
  code: string;
  /** Every module specifier it imports or re-exports, static or dynamic. */
  specifiers: string[];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return listFiles(full);
    return /\.ts$/.test(name) && !/(_test|\.d)\.ts$/.test(name) ? [full] : [];
  });
}

/** Blanks comments and the insides of string and template literals, keeping the length. */
function stripCommentsAndStrings(source: string): string {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      const stop = end === -1 ? source.length : end;
      out += " ".repeat(stop - i);
      i = stop;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === "\\" ? 2 : 1;
      out += c + source.slice(i + 1, j).replace(/[^\n]/g, " ") + c;
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const STATIC_IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

/** The specifiers of a source text, read without its comments (a JSDoc example's import is not one). */
function specifiersOf(source: string): string[] {
  const noComments = source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/^\s*\/\/.*$/gm, "");
  const specifiers: string[] = [];
  for (const m of noComments.matchAll(STATIC_IMPORT)) specifiers.push(m[1] ?? m[2]);
  for (const m of noComments.matchAll(DYNAMIC_IMPORT)) specifiers.push(m[1]);
  return specifiers;
}

function read(full: string): SourceFile {
  const source = readFileSync(full, "utf8");
  return { path: relative(SRC, full).split("\\").join("/"), code: stripCommentsAndStrings(source), specifiers: specifiersOf(source) };
}

const files: SourceFile[] = listFiles(SRC).map(read);
const known = new Set(files.map((file) => file.path));

/** The src/-relative path a relative specifier points at, or undefined for a package/builtin. */
function target(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  return join(dirname(from), specifier).split("\\").join("/");
}

/** The layer of a src/-relative path: its first folder, or the file name at the top. */
function layer(path: string): string {
  const slash = path.indexOf("/");
  return slash === -1 ? path : path.slice(0, slash);
}

function edges(): { from: string; to: string }[] {
  return files.flatMap((file) =>
    file.specifiers.map((s) => target(file.path, s)).filter((to): to is string => to !== undefined)
      .map((to) => ({ from: file.path, to }))
  );
}

/** Every import from a file in `layerName` to a file outside `allowed`, as "from → to". */
function importsOutside(layerName: string, allowed: string[]): string[] {
  return edges()
    .filter(({ from, to }) => layer(from) === layerName && !allowed.includes(layer(to)))
    .map(({ from, to }) => `${from} → ${to}`);
}

test("the reader finds the imports it checks (static, re-exports, type-only and dynamic)", () => {
  const probe = [
    'import { a } from "./a.ts";',
    'import type { B } from "../b.ts";',
    'export { c } from "./c.ts";',
    'export type * from "./d.ts";',
    'const e = await import("./e.ts");',
    'import "./f.ts";',
    '// import { g } from "./g.ts";',
    "/** import { h } from \"./h.ts\"; */",
  ].join("\n");
  assert.deepEqual(specifiersOf(probe).sort(), ["../b.ts", "./a.ts", "./c.ts", "./d.ts", "./e.ts", "./f.ts"]);
  assert.ok(files.length > 40, `expected the whole of src/, read ${files.length} files`);
});

test("every relative import in src/ names a file that exists", () => {
  const missing = edges().filter(({ to }) => !known.has(to)).map(({ from, to }) => `${from} → ${to}`);
  assert.deepEqual(missing, []);
});

test("src/ has no import cycle (dynamic and type-only imports count)", () => {
  const graph = new Map<string, string[]>();
  for (const { from, to } of edges()) graph.set(from, [...(graph.get(from) ?? []), to]);
  const cycles: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "visiting");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "visiting") cycles.push([...stack.slice(stack.indexOf(next)), next].join(" → "));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const file of [...known].sort()) if (!state.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});

test("src/util/ imports only itself", () => {
  assert.deepEqual(importsOutside("util", ["util"]), []);
});

test("src/rpc/ imports only itself and src/util/ (it knows JSON-RPC, not Codex)", () => {
  assert.deepEqual(importsOutside("rpc", ["rpc", "util"]), []);
});

test("src/runtime/ imports only itself, src/rpc/ and src/util/ (the adapters are leaves)", () => {
  assert.deepEqual(importsOutside("runtime", ["runtime", "rpc", "util"]), []);
});

test("src/protocol/ imports neither the client nor the api", () => {
  assert.deepEqual(importsOutside("protocol", ["protocol", "rpc", "util"]), []);
});

test("src/transport/ imports neither the client nor the api", () => {
  assert.deepEqual(importsOutside("transport", ["transport", "runtime", "rpc", "util"]), []);
});

test("src/telemetry/ imports only itself, src/client/version.ts and src/util/ (the api hooks into it, not the reverse)", () => {
  const wrong = edges()
    .filter(({ from, to }) => layer(from) === "telemetry" && !["telemetry", "util"].includes(layer(to)) && to !== "client/version.ts")
    .map(({ from, to }) => `${from} → ${to}`);
  assert.deepEqual(wrong, []);
});

test("src/client/ never imports the api (it knows the protocol, not threads or turns)", () => {
  assert.deepEqual(importsOutside("client", ["client", "protocol", "transport", "runtime", "rpc", "util"]), []);
});

test("src/compat/ sits on the api: it imports only the api, the protocol's types and src/util/", () => {
  assert.deepEqual(importsOutside("compat", ["compat", "api", "protocol", "util"]), []);
});

test("nothing outside the testing and relay kits imports them", () => {
  const wrong = edges()
    .filter(({ from, to }) => ["testing", "relay"].includes(layer(to)) && layer(to) !== layer(from))
    .map(({ from, to }) => `${from} → ${to}`);
  assert.deepEqual(wrong, []);
});

// Runtime-specific code: the Deno and Bun globals, Node's `process` global, and `node:` modules
// (or the `ws` package, which is Node's WebSocket). testing/ and relay/ are exempt: they are
// Node-server kits (an HTTP server for MockModel, the relay's HTTP and WebSocket server) that run
// on node:http everywhere by design; a per-runtime server adapter would triple them for nothing.
const RUNTIME_SPECIFIC = [/\bDeno\b/, /\bBun\b/, /\bprocess\s*[?!]?\s*\.\s*(?:env|cwd|versions|platform|arch|pid|exit|on|stdout|stderr|argv)\b/, /\bprocess\s*\?\s*:/];
const RUNTIME_FREE_LAYERS = (path: string): boolean => !["runtime", "testing", "relay"].includes(layer(path));

test("only src/runtime/ imports node: modules or the ws package (testing/ and relay/ are Node-server kits)", () => {
  const wrong = files.filter((file) => RUNTIME_FREE_LAYERS(file.path)).flatMap((file) =>
    file.specifiers.filter((s) => s.startsWith("node:") || s === "ws").map((s) => `${file.path} → ${s}`)
  );
  assert.deepEqual(wrong, []);
});

test("only src/runtime/ touches the Deno, Bun or Node process globals", () => {
  const wrong = files.filter((file) => RUNTIME_FREE_LAYERS(file.path)).flatMap((file) => {
    const lines = file.code.split("\n");
    return lines.flatMap((line, index) =>
      RUNTIME_SPECIFIC.some((pattern) => pattern.test(line)) ? [`${file.path}:${index + 1}: ${line.trim()}`] : []
    );
  });
  assert.deepEqual(wrong, []);
});

test("the globals check sees through nothing: it finds a global in code, not in comments or strings", () => {
  const code = stripCommentsAndStrings('// Deno here\nconst a = "Bun"; /* process.env */\nconst b = Deno.env;');
  const hits = code.split("\n").filter((line) => RUNTIME_SPECIFIC.some((pattern) => pattern.test(line)));
  assert.deepEqual(hits, ["const b = Deno.env;"]);
});
