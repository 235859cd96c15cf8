/**
 * Generates `src/protocol/generated/` from the pinned `codex` binary. Run it with `deno task generate`;
 * `deno task generate --check` regenerates into a temporary directory and fails (exit 1, with a
 * summary of the differences) when `src/protocol/generated/` is not byte-identical to it.
 *
 * Options: `--codex-bin PATH` (else env `CODEX_BIN`, else the platform binary of the pinned
 * `@openai/codex` package in this repo's node_modules), `--out DIR` (default `src/protocol/generated`).
 *
 * Inputs, all produced offline by the binary:
 * - `codex app-server generate-ts [--experimental]` (ts-rs): the TypeScript types.
 * - `codex app-server generate-json-schema [--experimental]`: the method lists (`ClientRequest`,
 *   `ServerNotification`, `ServerRequest`, `ClientNotification`), the validators and the routes.
 *
 * Outputs (formatted with `deno fmt --line-width=100`, so the repository's own fmt keeps them):
 * - `types.ts`: every ts-rs type, flattened into one type-only module. ts-rs writes a root folder
 *   and a `v2/` folder; where both define a name with the same body (modulo comments) one copy is
 *   kept, where the bodies differ the root one is renamed (see `ROOT_TYPE_RENAMES`). ts-rs spells
 *   64-bit integers `bigint`, but `JSON.parse` yields `number` and `JSON.stringify` throws on a
 *   bigint, so `bigint` is rewritten to `number`. The ts-rs envelope unions (`ClientRequest`,
 *   `ServerNotification`, ...) are left out: `methods.ts` derives them from the JSON Schema lists,
 *   which are what the server accepts (the ts-rs `ClientRequest` also lists three deprecated v1
 *   methods that the schema omits).
 * - `methods.ts`: `ClientRequestMap`, `ServerNotificationMap`, `ServerRequestMap`,
 *   `ClientNotificationMap`, the method-name arrays and the `ServerNotification` /
 *   `ServerRequest` unions, for the stable surface.
 * - `routing.ts`: where each notification and server request carries its thread id and turn id,
 *   derived from the payload schemas (`threadId` / `thread.id`, `turnId` / `turn.id`). Routing is
 *   harmless for methods a connection never receives, so the table covers the stable and the
 *   experimental methods alike.
 * - `validators.ts`: straight-line plain-JS checks compiled from the JSON Schema for notification
 *   params, server-request params and client-request responses. Unknown extra fields are allowed
 *   (newer servers add fields); enums and tagged unions are checked exactly; `integer` is checked
 *   as `number`; `format`/`minimum`/`minLength` are not checked. The per-method tables are built
 *   on first use and V8 compiles each function lazily, so importing the module costs little.
 * - `experimental/`: the `--experimental` surface, kept apart so the SDK types it only under
 *   `experimentalApi: true`. Choice for types whose fields differ between the two surfaces:
 *   `experimental/types.ts` re-declares, under the same names, every type that is new, differs,
 *   or (transitively) mentions one that differs, and imports the rest from `../types.ts`. So
 *   `types.ts` is always exactly the stable surface and `experimental/types.ts` exactly the
 *   experimental one, with no merging. `experimental/methods.ts` has `Experimental*Map` (only the
 *   methods the stable surface lacks), `ExperimentalFields*Map` (stable methods whose payload
 *   types gain experimental fields, typed with the experimental variants) and `*WithExperimental`
 *   (the whole experimental surface). `experimental/validators.ts` validates the whole
 *   experimental surface with the same API as `validators.ts`.
 *
 * The binary's schema does not say which response type answers which client request; the
 * generator derives `<X>Params` -> `<X>Response` and applies `RESPONSE_OVERRIDES` for the rest.
 */

/** Joins path parts with "/" and resolves "." and ".." (Deno accepts "/" on every OS). */
function join(...parts: string[]): string {
  const out: string[] = [];
  const joined = parts.filter((p) => p !== "").join("/").replaceAll("\\", "/");
  for (const seg of joined.split("/")) {
    if (seg === "..") {
      out.length > 1 || (out.length === 1 && out[0] !== "") ? out.pop() : out.push(seg);
    } else if (seg !== "." && !(seg === "" && out.length > 0)) out.push(seg);
  }
  return out.join("/") || ".";
}

// ---------------------------------------------------------------------------------------------
// Hand-kept tables, each checked against the binary's output on every run.

/**
 * Response types the schema cannot tell us: the binary's JSON Schema lists each client request's
 * params but omits its response type (the Rust macro that pairs them, `client_request_definitions!`
 * in codex-rs/app-server-protocol/src/protocol/common.rs, is not exported). Most pairs follow
 * `<X>Params` -> `<X>Response`; these do not. The generator fails if an entry names a type the
 * schema lacks, if an entry's method exists in neither surface, if an entry merely repeats the
 * default rule, or if any request ends without a response type (and if a `*Response` type is
 * left unclaimed, which usually means a new method needs an entry here).
 */
const RESPONSE_OVERRIDES: Readonly<Record<string, string>> = {
  "account/gatewayOAuth/cancel": "GatewayOAuthCancelResponse",
  "account/logout": "LogoutAccountResponse",
  "account/securitySetup/read": "GetAccountSecuritySetupResponse",
  "account/workspaceMessages/read": "GetWorkspaceMessagesResponse",
  "config/batchWrite": "ConfigWriteResponse",
  "config/mcpServer/reload": "McpServerRefreshResponse",
  "config/value/write": "ConfigWriteResponse",
  "configRequirements/read": "ConfigRequirementsReadResponse",
  "externalAgentConfig/import/readHistories": "ExternalAgentConfigImportHistoriesReadResponse",
  "windowsSandbox/readiness": "WindowsSandboxReadinessResponse",
  // Experimental surface only.
  "accountSession/list": "AccountSessionsResponse",
  "memory/reset": "MemoryResetResponse",
  "remoteControl/status/read": "RemoteControlStatusReadResponse",
  "rollout/compress": "RolloutCompressResponse",
};

/**
 * ts-rs root types whose name is also used, with a different body, in `v2/`. The v2 type keeps
 * the name (it is the app-server API); the root one (a codex-core type) gets this name. The
 * generator fails on a collision missing here and on an entry that no longer collides.
 */
const ROOT_TYPE_RENAMES: Readonly<Record<string, string>> = {
  // The Responses API's own web-search action (snake_case tags); the JSON Schema calls it this.
  WebSearchAction: "ResponsesApiWebSearchAction",
  // The core session source, used only by the deprecated v1 `ConversationSummary`.
  SessionSource: "CoreSessionSource",
};

/** ts-rs envelope unions replaced by `methods.ts` (see the module doc). */
const EXCLUDED_TS_TYPES: ReadonlySet<string> = new Set([
  "ClientNotification",
  "ClientRequest",
  "ServerNotification",
  "ServerNotificationEnvelope",
  "ServerRequest",
]);

// ---------------------------------------------------------------------------------------------
// Driver

const REPO_ROOT = decodeURIComponent(new URL("..", import.meta.url).pathname)
  .replace(/^\/([A-Za-z]:)/, "$1") // Windows drive letters
  .replace(/\/$/, "");

const PLATFORM_PACKAGES: Readonly<Record<string, [pkg: string, triple: string]>> = {
  "linux-x86_64": ["codex-linux-x64", "x86_64-unknown-linux-musl"],
  "linux-aarch64": ["codex-linux-arm64", "aarch64-unknown-linux-musl"],
  "darwin-x86_64": ["codex-darwin-x64", "x86_64-apple-darwin"],
  "darwin-aarch64": ["codex-darwin-arm64", "aarch64-apple-darwin"],
  "windows-x86_64": ["codex-win32-x64", "x86_64-pc-windows-msvc"],
  "windows-aarch64": ["codex-win32-arm64", "aarch64-pc-windows-msvc"],
};

interface Options {
  check: boolean;
  codexBin: string;
  outDir: string;
}

function parseOptions(args: string[]): Options {
  let check = false;
  let codexBin = Deno.env.get("CODEX_BIN") ?? "";
  let outDir = join(REPO_ROOT, "src", "protocol", "generated");
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--check") check = true;
    else if (arg === "--codex-bin") codexBin = args[++i];
    else if (arg.startsWith("--codex-bin=")) codexBin = arg.slice("--codex-bin=".length);
    else if (arg === "--out") outDir = args[++i];
    else if (arg.startsWith("--out=")) outDir = arg.slice("--out=".length);
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!codexBin) {
    const key = `${Deno.build.os}-${Deno.build.arch}`;
    const entry = PLATFORM_PACKAGES[key];
    if (!entry) throw new Error(`no pinned codex package for ${key}; set CODEX_BIN`);
    const exe = Deno.build.os === "windows" ? "codex.exe" : "codex";
    codexBin = join(REPO_ROOT, "node_modules", "@openai", entry[0], "vendor", entry[1], "bin", exe);
  }
  return { check, codexBin, outDir };
}

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const decoder = new TextDecoder();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${decoder.decode(out.stderr)}`);
  }
  return decoder.decode(out.stdout);
}

/** Files under `dir`, as sorted "/"-separated paths relative to it. */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(join(dir, prefix))) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory) files.push(...await listFiles(dir, path));
    else files.push(path);
  }
  return files.sort(compare);
}

async function main(): Promise<void> {
  const options = parseOptions(Deno.args);
  const versionLine = (await run(options.codexBin, ["--version"])).trim();
  const version = /(\d+\.\d+\.\d+\S*)/.exec(versionLine)?.[1];
  if (!version) throw new Error(`cannot read a version from \`codex --version\`: ${versionLine}`);

  const tmp = await Deno.makeTempDir({ prefix: "codex-protocol-" });
  try {
    const surfaces: Record<"stable" | "experimental", RawSurface> = {
      stable: await readSurface(options.codexBin, join(tmp, "stable"), false),
      experimental: await readSurface(options.codexBin, join(tmp, "experimental"), true),
    };
    const files = generate(surfaces.stable, surfaces.experimental, version);
    const outTmp = join(tmp, "out");
    for (const [path, text] of files) {
      await Deno.mkdir(join(outTmp, path, ".."), { recursive: true });
      await Deno.writeTextFile(join(outTmp, path), text);
    }
    await run(Deno.execPath(), ["fmt", "--no-config", "--line-width=100", "--quiet", outTmp]);

    if (options.check) {
      const problems = await compareDirs(outTmp, options.outDir);
      if (problems.length > 0) {
        console.error(
          `${options.outDir} is stale (${problems.length} difference(s)); run \`deno task generate\`:`,
        );
        for (const p of problems) console.error(`  ${p}`);
        Deno.exit(1);
      }
      console.log(`${options.outDir} is up to date with codex ${version}`);
      return;
    }
    await Deno.remove(options.outDir, { recursive: true }).catch(() => {});
    for (const path of await listFiles(outTmp)) {
      await Deno.mkdir(join(options.outDir, path, ".."), { recursive: true });
      await Deno.copyFile(join(outTmp, path), join(options.outDir, path));
    }
    console.log(`wrote ${files.size} files to ${options.outDir} from codex ${version}`);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

async function compareDirs(expectedDir: string, actualDir: string): Promise<string[]> {
  const expected = await listFiles(expectedDir);
  const actual = await listFiles(actualDir).catch(() => [] as string[]);
  const problems: string[] = [];
  for (const path of expected) {
    if (!actual.includes(path)) {
      problems.push(`missing: ${path}`);
      continue;
    }
    const want = await Deno.readTextFile(join(expectedDir, path));
    const got = await Deno.readTextFile(join(actualDir, path));
    if (want === got) continue;
    const wantLines = want.split("\n");
    const gotLines = got.split("\n");
    let line = 0;
    while (line < wantLines.length && wantLines[line] === gotLines[line]) line++;
    problems.push(
      `differs: ${path} (first at line ${line + 1}: expected ${
        JSON.stringify((wantLines[line] ?? "<eof>").slice(0, 80))
      }, found ${JSON.stringify((gotLines[line] ?? "<eof>").slice(0, 80))})`,
    );
  }
  for (const path of actual) if (!expected.includes(path)) problems.push(`unexpected: ${path}`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Reading the binary's output

// deno-lint-ignore no-explicit-any
type Schema = any;

interface RawSurface {
  /** The bundle `codex_app_server_protocol.schemas.json` (root definitions plus `v2`). */
  bundle: Schema;
  /** ts-rs files by path relative to the output folder (`Foo.ts`, `v2/Foo.ts`, ...). */
  tsFiles: Map<string, string>;
}

async function readSurface(bin: string, dir: string, experimental: boolean): Promise<RawSurface> {
  const flag = experimental ? ["--experimental"] : [];
  await run(bin, ["app-server", "generate-json-schema", "--out", join(dir, "schema"), ...flag]);
  await run(bin, ["app-server", "generate-ts", "--out", join(dir, "ts"), ...flag]);
  const bundle = JSON.parse(
    await Deno.readTextFile(join(dir, "schema", "codex_app_server_protocol.schemas.json")),
  );
  const tsFiles = new Map<string, string>();
  for (const path of await listFiles(join(dir, "ts"))) {
    tsFiles.set(path, await Deno.readTextFile(join(dir, "ts", path)));
  }
  return { bundle, tsFiles };
}

// ---------------------------------------------------------------------------------------------
// Surfaces: methods, definitions and flattened types

interface MethodEntry {
  method: string;
  /** TS type name of the params, or null when the method takes none. */
  params: string | null;
  /** How the params member is written in a map entry. */
  paramsMember: string;
  /** JSON definition key of the params (for validators and routes). */
  paramsDef: string | null;
  /** Response type name (requests only). */
  response?: string;
  responseDef?: string;
}

interface Surface {
  defs: Map<string, Schema>;
  clientRequests: MethodEntry[];
  serverNotifications: MethodEntry[];
  serverRequests: MethodEntry[];
  clientNotifications: MethodEntry[];
  types: Map<string, TsDecl>;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Definition key for a `$ref`: `v2/Name` or `Name` (root). */
function refKey(ref: string): string {
  const m = /^#\/definitions\/(v2\/)?([^/]+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  return (m[1] ?? "") + m[2];
}

const defName = (key: string): string => key.replace(/^v2\//, "");

function buildSurface(raw: RawSurface, label: string, responseOverridesUsed: Set<string>): Surface {
  const defs = new Map<string, Schema>();
  for (const [name, schema] of Object.entries(raw.bundle.definitions)) {
    if (name !== "v2") defs.set(name, schema);
  }
  for (const [name, schema] of Object.entries(raw.bundle.definitions.v2)) {
    defs.set(`v2/${name}`, schema);
  }
  const types = flattenTs(raw.tsFiles);
  const typeExists = (name: string) => types.has(name);

  const union = (name: string): Schema[] => {
    const variants = raw.bundle.definitions[name]?.oneOf;
    if (!Array.isArray(variants)) throw new Error(`${label}: definitions.${name}.oneOf is missing`);
    return variants;
  };

  const entries = (name: string, isRequest: boolean): MethodEntry[] => {
    const out: MethodEntry[] = [];
    for (const variant of union(name)) {
      const methodEnum = variant.properties?.method?.enum;
      if (!Array.isArray(methodEnum) || methodEnum.length !== 1) {
        throw new Error(
          `${label}: ${name} variant without a single method: ${JSON.stringify(variant)}`,
        );
      }
      const method: string = methodEnum[0];
      const p = variant.properties.params;
      const required = (variant.required ?? []).includes("params");
      let paramsDef: string | null = null;
      let paramsMember: string;
      if (p === undefined && !required) {
        paramsMember = "params?: undefined";
      } else if (p?.$ref && required) {
        paramsDef = refKey(p.$ref);
        paramsMember = `params: ${defName(paramsDef)}`;
      } else if (
        !required && p?.anyOf?.length === 2 && p.anyOf[0].$ref && p.anyOf[1].type === "null"
      ) {
        paramsDef = refKey(p.anyOf[0].$ref);
        paramsMember = `params?: ${defName(paramsDef)} | null`;
      } else if (!required && p?.type === "null") {
        paramsMember = "params?: undefined";
      } else {
        throw new Error(`${label}: ${method}: unsupported params schema ${JSON.stringify(p)}`);
      }
      const params = paramsDef ? defName(paramsDef) : null;
      if (params && !typeExists(params)) {
        throw new Error(`${label}: ${method}: params type ${params} is missing from generate-ts`);
      }
      const entry: MethodEntry = { method, params, paramsMember, paramsDef };
      if (isRequest) {
        const override = RESPONSE_OVERRIDES[method];
        const byRule = params?.endsWith("Params") ? params.slice(0, -6) + "Response" : undefined;
        const ruleKey = byRule && [`v2/${byRule}`, byRule].find((k) => defs.has(k));
        if (override !== undefined) {
          responseOverridesUsed.add(method);
          if (override === byRule && ruleKey) {
            throw new Error(
              `RESPONSE_OVERRIDES["${method}"] is unnecessary: the default rule gives ${byRule}`,
            );
          }
          const key = [`v2/${override}`, override].find((k) => defs.has(k));
          if (!key) {
            throw new Error(
              `RESPONSE_OVERRIDES["${method}"] names ${override}, which ${label} lacks`,
            );
          }
          entry.response = override;
          entry.responseDef = key;
        } else if (ruleKey && byRule) {
          entry.response = byRule;
          entry.responseDef = ruleKey;
        } else {
          throw new Error(
            `${label}: ${method} has no response type (params ${params ?? "none"}); ` +
              `add it to RESPONSE_OVERRIDES`,
          );
        }
        if (!typeExists(entry.response)) {
          throw new Error(
            `${label}: ${method}: response type ${entry.response} is missing from generate-ts`,
          );
        }
      }
      out.push(entry);
    }
    const seen = new Set<string>();
    for (const e of out) {
      if (seen.has(e.method)) throw new Error(`${label}: ${name} lists ${e.method} twice`);
      seen.add(e.method);
    }
    return out.sort((a, b) => compare(a.method, b.method));
  };

  const surface: Surface = {
    defs,
    clientRequests: entries("ClientRequest", true),
    serverNotifications: entries("ServerNotification", false),
    serverRequests: entries("ServerRequest", true),
    clientNotifications: entries("ClientNotification", false),
    types,
  };

  // A `*Response` definition nobody answers with means a pairing the rule and the overrides miss.
  const claimed = new Set(
    [...surface.clientRequests, ...surface.serverRequests].map((e) => e.response),
  );
  const orphans = [...new Set([...defs.keys()].map(defName))].filter((n) =>
    n.endsWith("Response") && !n.startsWith("JSONRPC") && !claimed.has(n)
  );
  if (orphans.length > 0) {
    throw new Error(`${label}: response types no method answers with: ${orphans.join(", ")}`);
  }
  return surface;
}

// ---------------------------------------------------------------------------------------------
// Flattening the ts-rs output

interface TsDecl {
  name: string;
  /** Doc comment and `export type ...;`, identifiers already renamed. */
  text: string;
  /** Names (final) of the types this one mentions. */
  deps: string[];
}

/**
 * Calls `fn` on each code (non-comment, non-string) slice of `text` and returns the text with the
 * slices replaced by its results.
 */
function mapCode(text: string, fn: (code: string) => string): string {
  let out = "";
  let code = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    let end = -1;
    if (c === "/" && text[i + 1] === "*") end = text.indexOf("*/", i + 2) + 2;
    else if (c === "/" && text[i + 1] === "/") {
      end = text.indexOf("\n", i) === -1 ? text.length : text.indexOf("\n", i);
    } else if (c === '"' || c === "'" || c === "`") {
      end = i + 1;
      while (end < text.length && text[end] !== c) end += text[end] === "\\" ? 2 : 1;
      end++;
    }
    if (end > i) {
      out += fn(code) + text.slice(i, end);
      code = "";
      i = end;
    } else {
      code += c;
      i++;
    }
  }
  return out + fn(code);
}

const stripComments = (text: string): string =>
  text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "").replace(/\s+/g, "");

function flattenTs(files: Map<string, string>): Map<string, TsDecl> {
  interface Parsed {
    folder: string;
    name: string;
    imports: Array<{ local: string; folder: string; name: string }>;
    body: string;
  }
  const parsed = new Map<string, Parsed>(); // key: folder/name
  for (const [path, source] of files) {
    const m = /^(?:(.*)\/)?([^/]+)\.ts$/.exec(path);
    if (!m) throw new Error(`unexpected ts-rs file ${path}`);
    const folder = m[1] ?? "";
    const name = m[2];
    if (name === "index") continue;
    const imports: Parsed["imports"] = [];
    const bodyLines: string[] = [];
    for (const line of source.split("\n")) {
      if (
        line.startsWith("// GENERATED CODE!") ||
        line.startsWith("// This file was generated by [ts-rs]")
      ) {
        continue;
      }
      const im = /^import type \{ (\w+) \} from "(\.\.?\/[^"]+)";$/.exec(line);
      if (im) {
        const target = join("/", folder, im[2]).slice(1); // resolve ./ and ../
        const t = /^(?:(.*)\/)?([^/]+)$/.exec(target)!;
        if (t[2] !== im[1]) throw new Error(`${path}: import of ${im[1]} from ${im[2]}`);
        imports.push({ local: im[1], folder: t[1] ?? "", name: t[2] });
        continue;
      }
      if (line.startsWith("import")) throw new Error(`${path}: unsupported import: ${line}`);
      bodyLines.push(line);
    }
    const body = bodyLines.join("\n").trim();
    if (!new RegExp(`^(/\\*\\*[\\s\\S]*?\\*/\\s*)?export type ${name}\\b`).test(body)) {
      throw new Error(`${path}: expected a single \`export type ${name}\``);
    }
    parsed.set(folder ? `${folder}/${name}` : name, { folder, name, imports, body });
  }

  // Decide each file's final name.
  const finalName = new Map<string, string | null>(); // key -> name, or null when dropped as a duplicate
  const byName = new Map<string, string[]>();
  for (const [key, p] of parsed) byName.set(p.name, [...(byName.get(p.name) ?? []), key]);
  const renamesUsed = new Set<string>();
  for (const [name, keys] of byName) {
    if (keys.length === 1) {
      finalName.set(keys[0], name);
      continue;
    }
    const root = keys.find((k) => parsed.get(k)!.folder === "");
    const others = keys.filter((k) => k !== root);
    if (!root || others.length !== 1) {
      throw new Error(`ts-rs name ${name} is defined in ${keys.join(", ")}`);
    }
    const [other] = others;
    finalName.set(other, name);
    const sameBody =
      stripComments(parsed.get(root)!.body) === stripComments(parsed.get(other)!.body) &&
      JSON.stringify(parsed.get(root)!.imports.map((i) => i.local)) ===
        JSON.stringify(parsed.get(other)!.imports.map((i) => i.local));
    if (sameBody) {
      if (ROOT_TYPE_RENAMES[name]) {
        throw new Error(`ROOT_TYPE_RENAMES.${name} is unnecessary: the bodies agree`);
      }
      finalName.set(root, null);
      continue;
    }
    const renamed = ROOT_TYPE_RENAMES[name];
    if (!renamed) {
      throw new Error(
        `ts-rs defines ${name} differently at the root and in ${other}; add it to ROOT_TYPE_RENAMES`,
      );
    }
    if (byName.has(renamed)) throw new Error(`ROOT_TYPE_RENAMES.${name} -> ${renamed} collides`);
    renamesUsed.add(name);
    finalName.set(root, renamed);
  }
  for (const name of Object.keys(ROOT_TYPE_RENAMES)) {
    if (!renamesUsed.has(name) && byName.get(name)?.length !== 2) {
      throw new Error(`ROOT_TYPE_RENAMES.${name} is unnecessary: no such collision`);
    }
  }
  const resolve = (key: string): string => {
    const name = finalName.get(key);
    if (name !== null && name !== undefined) return name;
    // A dropped root duplicate: the kept copy has the same name.
    const p = parsed.get(key);
    if (!p) throw new Error(`ts-rs import of missing ${key}`);
    return p.name;
  };

  const decls = new Map<string, TsDecl>();
  for (const [key, p] of parsed) {
    const name = finalName.get(key);
    if (name === null || name === undefined) continue;
    const renames = new Map<string, string>();
    if (name !== p.name) renames.set(p.name, name);
    const deps: string[] = [];
    for (const im of p.imports) {
      const target = resolve(im.folder ? `${im.folder}/${im.name}` : im.name);
      if (target !== im.local) renames.set(im.local, target);
      deps.push(target);
    }
    const text = mapCode(p.body, (code) => {
      let c = code.replace(/\bbigint\b/g, "number");
      for (const [from, to] of renames) c = c.replace(new RegExp(`\\b${from}\\b`, "g"), to);
      return c;
    });
    if (EXCLUDED_TS_TYPES.has(name)) continue;
    decls.set(name, { name, text, deps: [...new Set(deps)].sort(compare) });
  }
  for (const decl of decls.values()) {
    for (const dep of decl.deps) {
      if (!decls.has(dep)) {
        throw new Error(`ts-rs type ${decl.name} mentions ${dep}, which is excluded or missing`);
      }
    }
  }
  return decls;
}

// ---------------------------------------------------------------------------------------------
// Emitting

const HEADER = (version: string, extra = ""): string =>
  `// Generated by \`deno task generate\` (scripts/generate_protocol.ts) from codex ${version}.
// Do not edit: change the generator or the pinned binary, then run \`deno task generate\`.${extra}
// deno-lint-ignore-file
`;

function generate(
  stableRaw: RawSurface,
  experimentalRaw: RawSurface,
  version: string,
): Map<string, string> {
  const overridesUsed = new Set<string>();
  const stable = buildSurface(stableRaw, "stable surface", overridesUsed);
  const experimental = buildSurface(experimentalRaw, "experimental surface", overridesUsed);
  for (const method of Object.keys(RESPONSE_OVERRIDES)) {
    if (!overridesUsed.has(method)) {
      throw new Error(
        `RESPONSE_OVERRIDES["${method}"] is unnecessary: neither surface has ${method}`,
      );
    }
  }
  for (
    const kind of [
      "clientRequests",
      "serverNotifications",
      "serverRequests",
      "clientNotifications",
    ] as const
  ) {
    const exp = new Set(experimental[kind].map((e) => e.method));
    const lost = stable[kind].filter((e) => !exp.has(e.method));
    if (lost.length > 0) {
      throw new Error(`experimental ${kind} lack stable ${lost.map((e) => e.method)}`);
    }
  }

  const files = new Map<string, string>();
  files.set("types.ts", emitTypes(stable.types, version));
  files.set("methods.ts", emitMethods(stable, version));
  files.set("routing.ts", emitRouting(stable, experimental, version));
  files.set("validators.ts", emitValidators(stable, version, "stable", "./validators.ts"));

  const dirty = experimentalTypeNames(stable.types, experimental.types);
  files.set("experimental/types.ts", emitExperimentalTypes(experimental.types, dirty, version));
  files.set(
    "experimental/methods.ts",
    emitExperimentalMethods(stable, experimental, dirty, version),
  );
  files.set(
    "experimental/validators.ts",
    emitValidators(experimental, version, "experimental", "../validators.ts"),
  );
  return files;
}

function emitTypes(types: Map<string, TsDecl>, version: string): string {
  const names = [...types.keys()].sort(compare);
  return HEADER(
    version,
    "\n// Every type of the stable app-server protocol, from `codex app-server generate-ts`.",
  ) +
    "\n" + names.map((n) => types.get(n)!.text).join("\n\n") + "\n";
}

/** Names of experimental types that are new, differ from stable, or mention such a type. */
function experimentalTypeNames(
  stable: Map<string, TsDecl>,
  experimental: Map<string, TsDecl>,
): Set<string> {
  const dirty = new Set<string>();
  for (const [name, decl] of experimental) {
    const s = stable.get(name);
    if (!s || s.text !== decl.text) dirty.add(name);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, decl] of experimental) {
      if (!dirty.has(name) && decl.deps.some((d) => dirty.has(d))) {
        dirty.add(name);
        grew = true;
      }
    }
  }
  return dirty;
}

function emitExperimentalTypes(
  types: Map<string, TsDecl>,
  dirty: Set<string>,
  version: string,
): string {
  const names = [...dirty].sort(compare);
  const imported = new Set<string>();
  for (const n of names) for (const d of types.get(n)!.deps) if (!dirty.has(d)) imported.add(d);
  return HEADER(
    version,
    "\n// The experimental types (`generate-ts --experimental`) that are new or differ from ../types.ts;" +
      "\n// every other type is the stable one.",
  ) +
    `\nimport type { ${[...imported].sort(compare).join(", ")} } from "../types.ts";\n\n` +
    names.map((n) => types.get(n)!.text).join("\n\n") + "\n";
}

function mapEntries(entries: MethodEntry[], request: boolean): string {
  return entries.map((e) =>
    request
      ? `  ${JSON.stringify(e.method)}: { ${e.paramsMember}; response: ${e.response} };`
      : `  ${JSON.stringify(e.method)}: ${e.params ?? "undefined"};`
  ).join("\n");
}

function typeNamesOf(entries: MethodEntry[]): string[] {
  return entries.flatMap((e) => [e.params, e.response].filter((x): x is string => !!x));
}

function constArray(name: string, type: string, entries: MethodEntry[], doc: string): string {
  return `/** ${doc} */\nexport const ${name}: readonly ${
    type.includes(" ") ? `(${type})` : type
  }[] = [\n${entries.map((e) => `  ${JSON.stringify(e.method)},`).join("\n")}\n];\n`;
}

function emitMethods(s: Surface, version: string): string {
  const used = new Set([
    ...typeNamesOf(s.clientRequests),
    ...typeNamesOf(s.serverNotifications),
    ...typeNamesOf(s.serverRequests),
    ...typeNamesOf(s.clientNotifications),
  ]);
  return HEADER(version, "\n// Method tables of the stable surface, from `generate-json-schema`.") +
    `
import type { ${[...used].sort(compare).join(", ")} } from "./types.ts";

/** The codex version these tables were generated from. */
export const CODEX_VERSION: ${JSON.stringify(version)} = ${JSON.stringify(version)};

/** Client -> server requests: params and response type per method. */
export interface ClientRequestMap {
${mapEntries(s.clientRequests, true)}
}

/** Server -> client notifications: params type per method. */
export interface ServerNotificationMap {
${mapEntries(s.serverNotifications, false)}
}

/** Server -> client requests: params and the response the client must send. */
export interface ServerRequestMap {
${mapEntries(s.serverRequests, true)}
}

/** Client -> server notifications: params type per method. */
export interface ClientNotificationMap {
${mapEntries(s.clientNotifications, false)}
}

/** A client request method name. */
export type ClientRequestMethod = keyof ClientRequestMap;
/** A server notification method name. */
export type ServerNotificationMethod = keyof ServerNotificationMap;
/** A server request method name. */
export type ServerRequestMethod = keyof ServerRequestMap;
/** A client notification method name. */
export type ClientNotificationMethod = keyof ClientNotificationMap;

/** A server notification, discriminated by \`method\`. */
export type ServerNotification = {
  [M in ServerNotificationMethod]: { method: M; params: ServerNotificationMap[M] };
}[ServerNotificationMethod];

/** A server request, discriminated by \`method\`. */
export type ServerRequest = {
  [M in ServerRequestMethod]: { method: M; params: ServerRequestMap[M]["params"] };
}[ServerRequestMethod];

${
      constArray(
        "CLIENT_REQUEST_METHODS",
        "ClientRequestMethod",
        s.clientRequests,
        "Every client request method, sorted.",
      )
    }
${
      constArray(
        "SERVER_NOTIFICATION_METHODS",
        "ServerNotificationMethod",
        s.serverNotifications,
        "Every server notification method, sorted.",
      )
    }
${
      constArray(
        "SERVER_REQUEST_METHODS",
        "ServerRequestMethod",
        s.serverRequests,
        "Every server request method, sorted.",
      )
    }
${
      constArray(
        "CLIENT_NOTIFICATION_METHODS",
        "ClientNotificationMethod",
        s.clientNotifications,
        "Every client notification method, sorted.",
      )
    }`;
}

function emitExperimentalMethods(
  stable: Surface,
  exp: Surface,
  dirty: Set<string>,
  version: string,
): string {
  const stableMethods = (entries: MethodEntry[]) => new Set(entries.map((e) => e.method));
  const sections: string[] = [];
  const usedStable = new Set<string>();
  const usedExp = new Set<string>();
  const note = (names: string[]) => {
    for (const n of names) (dirty.has(n) ? usedExp : usedStable).add(n);
  };
  const kinds = [
    ["ClientRequest", "clientRequests", true, "client request"],
    ["ServerNotification", "serverNotifications", false, "server notification"],
    ["ServerRequest", "serverRequests", true, "server request"],
  ] as const;
  const arrays: string[] = [];
  for (const [base, key, request, words] of kinds) {
    const known = stableMethods(stable[key]);
    const added = exp[key].filter((e) => !known.has(e.method));
    const widened = exp[key].filter((e) => {
      if (!known.has(e.method)) return false;
      const s = stable[key].find((x) => x.method === e.method)!;
      return s.paramsMember !== e.paramsMember || s.response !== e.response ||
        typeNamesOf([e]).some((n) => dirty.has(n));
    });
    note(typeNamesOf(exp[key]));
    sections.push(
      `/** ${words[0].toUpperCase() + words.slice(1)}s only the experimental surface has. */
export interface Experimental${base}Map {
${mapEntries(added, request)}
}

/** Stable ${words}s whose payload types gain experimental fields, typed with those. */
export interface ExperimentalFields${base}Map {
${mapEntries(widened, request)}
}

/** Every ${words} of the experimental surface (\`experimentalApi: true\`). */
export interface ${base}MapWithExperimental {
${mapEntries(exp[key], request)}
}
`,
    );
    arrays.push(constArray(
      `EXPERIMENTAL_${base.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}_METHODS`,
      `keyof Experimental${base}Map`,
      added,
      `The ${words} methods only the experimental surface has, sorted.`,
    ));
  }
  const imports = [
    usedStable.size
      ? `import type { ${[...usedStable].sort(compare).join(", ")} } from "../types.ts";`
      : "",
    usedExp.size
      ? `import type { ${[...usedExp].sort(compare).join(", ")} } from "./types.ts";`
      : "",
  ].filter(Boolean).join("\n");
  return HEADER(
    version,
    "\n// Method tables of the experimental surface (`generate-json-schema --experimental`).",
  ) +
    `\n${imports}\n\n${sections.join("\n")}
/** A server notification of the experimental surface, discriminated by \`method\`. */
export type ServerNotificationWithExperimental = {
  [M in keyof ServerNotificationMapWithExperimental]: {
    method: M;
    params: ServerNotificationMapWithExperimental[M];
  };
}[keyof ServerNotificationMapWithExperimental];

/** A server request of the experimental surface, discriminated by \`method\`. */
export type ServerRequestWithExperimental = {
  [M in keyof ServerRequestMapWithExperimental]: {
    method: M;
    params: ServerRequestMapWithExperimental[M]["params"];
  };
}[keyof ServerRequestMapWithExperimental];

${arrays.join("\n")}`;
}

// ---------------------------------------------------------------------------------------------
// Routing

interface Route {
  thread?: string[];
  turn?: string[];
}

function routeFor(s: Surface, paramsDef: string | null): Route {
  if (!paramsDef) return {};
  const schema = s.defs.get(paramsDef);
  const props = schema?.properties ?? {};
  const resolved = (p: Schema): Schema => {
    let x = p;
    while (x?.$ref || x?.allOf?.length === 1) x = x.$ref ? s.defs.get(refKey(x.$ref)) : x.allOf[0];
    return x;
  };
  const isString = (p: Schema) => {
    const t = resolved(p)?.type;
    return t === "string" || (Array.isArray(t) && t.includes("string"));
  };
  const hasId = (p: Schema) => {
    const r = resolved(p);
    return !!r?.properties?.id && isString(r.properties.id) && (r.required ?? []).includes("id");
  };
  const route: Route = {};
  if (props.threadId && isString(props.threadId)) route.thread = ["threadId"];
  else if (props.thread && hasId(props.thread)) route.thread = ["thread", "id"];
  if (props.turnId && isString(props.turnId)) route.turn = ["turnId"];
  else if (props.turn && hasId(props.turn)) route.turn = ["turn", "id"];
  return route;
}

function emitRouting(stable: Surface, exp: Surface, version: string): string {
  const table = (key: "serverNotifications" | "serverRequests") => {
    const routes = new Map<string, Route>();
    for (const s of [stable, exp]) {
      for (const e of s[key]) {
        const r = routeFor(s, e.paramsDef);
        const prev = routes.get(e.method);
        if (prev && JSON.stringify(prev) !== JSON.stringify(r)) {
          throw new Error(`${e.method} routes differently in the stable and experimental surfaces`);
        }
        routes.set(e.method, r);
      }
    }
    return [...routes].sort((a, b) => compare(a[0], b[0]))
      .map(([m, r]) => {
        const parts = (["thread", "turn"] as const).flatMap((k) =>
          r[k] ? [`${k}: ${JSON.stringify(r[k])}`] : []
        );
        return `  ${JSON.stringify(m)}: {${parts.length ? ` ${parts.join(", ")} ` : ""}},`;
      }).join("\n");
  };
  const n = new Set(
    [...stable.serverNotifications, ...exp.serverNotifications].map((e) => e.method),
  );
  const overlap = [...stable.serverRequests, ...exp.serverRequests].filter((e) => n.has(e.method));
  if (overlap.length) {
    throw new Error(`methods both notification and request: ${overlap.map((e) => e.method)}`);
  }
  return HEADER(
    version,
    "\n// Where each message carries its thread and turn ids, from the payload schemas.",
  ) + `
/** Property paths to a message's thread id and turn id; absent when the message has none. */
export interface MessageRoute {
  readonly thread?: readonly string[];
  readonly turn?: readonly string[];
}

/** Every server notification method (stable and experimental) -> where its ids live. */
export const NOTIFICATION_ROUTES: Readonly<Record<string, MessageRoute>> = {
${table("serverNotifications")}
};

/** Every server request method (stable and experimental) -> where its ids live. */
export const SERVER_REQUEST_ROUTES: Readonly<Record<string, MessageRoute>> = {
${table("serverRequests")}
};

function at(value: unknown, path: readonly string[] | undefined): string | undefined {
  if (path === undefined || typeof value !== "object" || value === null) return undefined;
  let v = (value as Record<string, unknown>)[path[0]];
  for (let i = 1; i < path.length; i++) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[path[i]];
  }
  return typeof v === "string" ? v : undefined;
}

let routes: Map<string, MessageRoute> | undefined;

/**
 * The thread id and turn id a server notification or server request carries (each omitted when
 * the method has none, is unknown, or the value is missing or not a string).
 */
export function routeOf(method: string, params: unknown): { threadId?: string; turnId?: string } {
  routes ??= new Map([...Object.entries(SERVER_REQUEST_ROUTES), ...Object.entries(NOTIFICATION_ROUTES)]);
  const route = routes.get(method);
  if (route === undefined) return {};
  const threadId = at(params, route.thread);
  const turnId = at(params, route.turn);
  return threadId === undefined
    ? (turnId === undefined ? {} : { turnId })
    : (turnId === undefined ? { threadId } : { threadId, turnId });
}
`;
}

// ---------------------------------------------------------------------------------------------
// Validators: JSON Schema -> straight-line checks

const ANNOTATIONS = new Set([
  "$schema",
  "title",
  "description",
  "default",
  "format",
  "minimum",
  "minLength",
]);
const KNOWN_KEYWORDS = new Set([
  ...ANNOTATIONS,
  "type",
  "enum",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "oneOf",
  "anyOf",
  "allOf",
  "$ref",
]);

type Kind = "string" | "number" | "boolean" | "null" | "array" | "object";
const ALL_KINDS: Kind[] = ["string", "number", "boolean", "null", "array", "object"];

const KIND_TEST: Record<Kind, (v: string) => string> = {
  string: (v) => `typeof ${v} === "string"`,
  number: (v) => `typeof ${v} === "number"`,
  boolean: (v) => `typeof ${v} === "boolean"`,
  null: (v) => `${v} === null`,
  array: (v) => `Array.isArray(${v})`,
  object: (v) => `(typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v}))`,
};
const KIND_FAIL: Record<Kind, (v: string) => string> = {
  string: (v) => `typeof ${v} !== "string"`,
  number: (v) => `typeof ${v} !== "number"`,
  boolean: (v) => `typeof ${v} !== "boolean"`,
  null: (v) => `${v} !== null`,
  array: (v) => `!Array.isArray(${v})`,
  object: (v) => `(typeof ${v} !== "object" || ${v} === null || Array.isArray(${v}))`,
};

const IDENT = /^[A-Za-z_$][\w$]*$/;
/** How a message names the allowed values: `"a"` or `one of "a" | "b"`. */
const oneOf = (values: unknown[]): string =>
  (values.length > 1 ? "one of " : "") + values.map((v) => JSON.stringify(v)).join(" | ");
const prop = (
  v: string,
  key: string,
) => (IDENT.test(key) ? `${v}.${key}` : `${v}[${JSON.stringify(key)}]`);
const segment = (key: string) => JSON.stringify(IDENT.test(key) ? key : `[${JSON.stringify(key)}]`);

/** An inline check: `fails` is a JS expression true when the value is invalid. */
interface Inline {
  fails: string;
  expected: string;
  enumLike: boolean;
}

class ValidatorCompiler {
  private readonly functions = new Map<string, string>(); // name -> source
  private readonly defFunctions = new Map<string, string>(); // def key -> function name
  private readonly anonFunctions = new Map<string, string>(); // schema JSON -> function name
  private readonly queue: Array<() => void> = [];

  constructor(private readonly defs: Map<string, Schema>) {
    for (const [key, schema] of defs) {
      for (const k of Object.keys(schema ?? {})) {
        if (typeof schema === "object" && !KNOWN_KEYWORDS.has(k)) {
          throw new Error(`definition ${key} uses unsupported keyword ${k}`);
        }
      }
    }
  }

  /** Emitted function sources, sorted by name. */
  sources(): string[] {
    while (this.queue.length) this.queue.shift()!();
    return [...this.functions].sort((a, b) => compare(a[0], b[0])).map(([, src]) => src);
  }

  private def(key: string): Schema {
    const schema = this.defs.get(key);
    if (schema === undefined) throw new Error(`missing definition ${key}`);
    return schema;
  }

  /** Follows `$ref` and single-element `allOf` wrappers (annotations aside). */
  private deref(schema: Schema, seen = new Set<string>()): Schema {
    let s = schema;
    for (;;) {
      if (typeof s !== "object" || s === null) return s;
      const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
      for (const k of Object.keys(s)) {
        if (!KNOWN_KEYWORDS.has(k)) throw new Error(`unsupported keyword ${k}`);
      }
      if (keys.length === 1 && keys[0] === "$ref") {
        const key = refKey(s.$ref);
        if (seen.has(key)) return s;
        seen.add(key);
        s = this.def(key);
      } else if (keys.length === 1 && keys[0] === "allOf" && s.allOf.length === 1) {
        s = s.allOf[0];
      } else if (keys.includes("allOf")) {
        throw new Error(`unsupported allOf: ${JSON.stringify(s).slice(0, 200)}`);
      } else {
        return s;
      }
    }
  }

  /** The kinds of JSON value a schema can accept. */
  private kinds(schema: Schema, depth = 0): Set<Kind> {
    const s = this.deref(schema);
    if (s === true || depth > 20) return new Set(ALL_KINDS);
    if (s === false) return new Set();
    if (s.$ref) return new Set(ALL_KINDS); // recursive reference
    let kinds: Set<Kind> | null = null;
    if (s.type !== undefined) {
      kinds = new Set(
        ([] as string[]).concat(s.type).map((t) => (t === "integer" ? "number" : t) as Kind),
      );
    } else if (s.enum) {
      kinds = new Set(s.enum.map((v: unknown) => (v === null ? "null" : typeof v) as Kind));
    } else if (s.properties || s.required || s.additionalProperties !== undefined) {
      kinds = new Set<Kind>(["object"]);
    } else if (s.items !== undefined) {
      kinds = new Set<Kind>(["array"]);
    }
    const variants = s.oneOf ?? s.anyOf;
    if (variants) {
      const u = new Set<Kind>();
      for (const v of variants) for (const k of this.kinds(v, depth + 1)) u.add(k);
      kinds = kinds ? new Set([...kinds].filter((k) => u.has(k))) : u;
    }
    return kinds ?? new Set(ALL_KINDS);
  }

  /** A check that needs no statements, or null. */
  private inline(schema: Schema, v: string): Inline | null {
    const s = this.deref(schema);
    if (s === true) return { fails: "false", expected: "any value", enumLike: false };
    if (s === false) return { fails: "true", expected: "nothing", enumLike: false };
    if (s.$ref) return null;
    const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
    const variants: Schema[] | undefined = s.anyOf ?? s.oneOf;
    if (keys.length === 1 && variants) {
      const nonNull = variants.filter((x) => !(x?.type === "null" && Object.keys(x).length === 1));
      if (nonNull.length === 1 && variants.length === 2) {
        const inner = this.inline(nonNull[0], v);
        if (!inner) return null;
        return {
          fails: `${v} !== null && ${inner.fails}`,
          expected: `${inner.expected} | null`,
          enumLike: inner.enumLike,
        };
      }
      return null;
    }
    if (s.enum && keys.every((k) => k === "enum" || k === "type") && s.enum.length <= 6) {
      return {
        fails: s.enum.map((e: unknown) => `${v} !== ${JSON.stringify(e)}`).join(" && "),
        expected: oneOf(s.enum),
        enumLike: true,
      };
    }
    if (keys.length === 0) return { fails: "false", expected: "any value", enumLike: false };
    if (keys.length === 1 && keys[0] === "type") {
      const kinds = [...this.kinds(s)];
      if (kinds.length === ALL_KINDS.length) {
        return { fails: "false", expected: "any value", enumLike: false };
      }
      return {
        fails: kinds.map((k) => KIND_FAIL[k](v)).join(" && "),
        expected: ([] as string[]).concat(s.type).join(" | "),
        enumLike: false,
      };
    }
    return null;
  }

  /** Name of the function validating definition `key`. */
  defFunction(key: string): string {
    // Root and v2 may both define a name (RequestId, AbsolutePathBuf); share one function when
    // they agree apart from top-level annotations.
    const twin = `v2/${key}`;
    if (!key.startsWith("v2/") && this.defs.has(twin)) {
      const strip = (x: Schema) =>
        JSON.stringify(Object.fromEntries(Object.entries(x).filter(([k]) => !ANNOTATIONS.has(k))));
      if (strip(this.def(key)) === strip(this.def(twin))) return this.defFunction(twin);
    }
    const existing = this.defFunctions.get(key);
    if (existing) return existing;
    const name = key.startsWith("v2/") || !this.defs.has(twin)
      ? `v_${defName(key)}`
      : `v_root_${key}`;
    if (this.functions.has(name)) throw new Error(`validator name ${name} is taken`);
    this.defFunctions.set(key, name);
    this.functions.set(name, ""); // reserved until emitted
    this.queue.push(() => this.emitFunction(name, this.def(key), defName(key)));
    return name;
  }

  private anonFunction(schema: Schema, hint: string): string {
    const json = JSON.stringify(schema);
    const existing = this.anonFunctions.get(json);
    if (existing) return existing;
    const base = `v_${hint.replace(/[^\w$]/g, "_")}`;
    let name = base;
    for (let i = 2; this.functions.has(name); i++) name = `${base}_${i}`;
    this.anonFunctions.set(json, name);
    this.functions.set(name, ""); // reserve
    this.queue.push(() => this.emitFunction(name, schema, hint));
    return name;
  }

  /** A function call validating `schema` (a definition's own function when it is a `$ref`). */
  private call(schema: Schema, hint: string): string {
    let s = schema;
    for (;;) {
      const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
      if (keys.length === 1 && keys[0] === "$ref") return this.defFunction(refKey(s.$ref));
      if (keys.length === 1 && keys[0] === "allOf" && s.allOf.length === 1) s = s.allOf[0];
      else return this.anonFunction(s, hint);
    }
  }

  /**
   * Statements checking the value in variable `v` (path segment expression `seg`) that return
   * an issue on failure. `optional`: undefined passes.
   */
  private check(schema: Schema, v: string, seg: string, optional: boolean, hint: string): string {
    const guard = optional ? `${v} !== undefined && ` : "";
    const inline = this.inline(schema, v);
    if (inline) {
      if (inline.fails === "false") {
        return optional ? "" : `if (${v} === undefined) return fail(${seg}, "a value", ${v});`;
      }
      return `if (${guard}${inline.fails}) return ${
        inline.enumLike ? "failValue" : "fail"
      }(${seg}, ${JSON.stringify(inline.expected)}, ${v});`;
    }
    const s = this.deref(schema);
    // Arrays are checked in place (items inline or by call); everything else calls a function.
    const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
    const types = ([] as string[]).concat(s.type ?? "array");
    if (
      s.items !== undefined && keys.every((k) => k === "items" || k === "type") &&
      types.every((t) => t === "array" || t === "null")
    ) {
      const nullable = types.includes("null");
      const out = [
        `if (${guard}${
          nullable ? `${v} !== null && ` : ""
        }!Array.isArray(${v})) return fail(${seg}, "${
          nullable ? "array | null" : "array"
        }", ${v});`,
      ];
      const item = this.itemLoop(s.items, v, seg, hint);
      if (item) out.push(optional || nullable ? `if (Array.isArray(${v})) ${item}` : item);
      return out.join("\n");
    }
    const fn = this.call(schema, hint);
    return `if (${guard}(r = ${fn}(${v})) !== null) return at(${seg}, r);`;
  }

  /** A loop checking each element of array `v` against `items`, or "" when any value passes. */
  private itemLoop(items: Schema, v: string, seg: string, hint: string): string {
    const inline = this.inline(items, "e");
    const itemSeg = `${seg} + "[" + i + "]"`;
    let body: string;
    if (inline) {
      if (inline.fails === "false") return "";
      body = `if (${inline.fails}) return ${inline.enumLike ? "failValue" : "fail"}(${itemSeg}, ${
        JSON.stringify(inline.expected)
      }, e);`;
    } else {
      body = `if ((r = ${this.call(items, `${hint}_item`)}(e)) !== null) return at(${itemSeg}, r);`;
    }
    return `for (let i = 0; i < ${v}.length; i++) { const e = ${v}[i]; ${body} }`;
  }

  private emitFunction(name: string, schema: Schema, hint: string): void {
    const s = this.deref(schema);
    const lines: string[] = [];
    const inline = this.inline(s, "x");
    if (inline) {
      lines.push(
        inline.fails === "false"
          ? "return null;"
          : `return ${inline.fails} ? ${inline.enumLike ? "failValue" : "fail"}("", ${
            JSON.stringify(inline.expected)
          }, x) : null;`,
      );
    } else if (s.enum) {
      lines.push(
        `switch (x) { ${
          s.enum.map((e: unknown) => `case ${JSON.stringify(e)}:`).join(" ")
        } return null; }`,
        `return failValue("", ${JSON.stringify(oneOf(s.enum))}, x);`,
      );
    } else {
      lines.push(...this.body(s, hint));
    }
    const declare = /\br = /.test(lines.join("\n")) ? "let r: Issue | null;\n" : "";
    this.functions.set(
      name,
      `function ${name}(x: any): Issue | null {\n${declare}${lines.join("\n")}\n}`,
    );
  }

  /** Statements for a non-inline schema (object, array, union, or a mix) ending in `return`. */
  private body(s: Schema, hint: string): string[] {
    const out: string[] = [];
    const kinds = this.kinds({ ...s, oneOf: undefined, anyOf: undefined });
    const isObject = s.properties || s.required ||
      (s.additionalProperties && s.additionalProperties !== true);
    if (s.type !== undefined || isObject) {
      const allowed = [...kinds];
      if (allowed.length < ALL_KINDS.length) {
        out.push(
          `if (${allowed.map((k) => KIND_FAIL[k]("x")).join(" && ")}) return fail("", ${
            JSON.stringify(allowed.join(" | "))
          }, x);`,
        );
      }
    }
    if (isObject) {
      const guardObject = kinds.size > 1 ? `if (${KIND_TEST.object("x")}) {` : "";
      if (guardObject) out.push(guardObject);
      const props: Record<string, Schema> = s.properties ?? {};
      const required = new Set<string>(s.required ?? []);
      for (const key of Object.keys(props).sort(compare)) {
        out.push(`v = ${prop("x", key)};`);
        out.push(this.check(props[key], "v", segment(key), !required.has(key), `${hint}_${key}`));
      }
      for (const key of [...required].filter((k) => !(k in props)).sort(compare)) {
        out.push(
          `if (${prop("x", key)} === undefined) return fail(${
            segment(key)
          }, "a value", undefined);`,
        );
      }
      const extra = s.additionalProperties;
      if (extra !== undefined && extra !== true && extra !== false) {
        const known = Object.keys(props);
        const check = this.check(extra, "v", "key(k)", false, `${hint}_value`);
        if (check) {
          out.push(
            `for (const k in x) { ${
              known.length
                ? `if (${known.map((k) => `k === ${JSON.stringify(k)}`).join(" || ")}) continue; `
                : ""
            }v = x[k]; ${check} }`,
          );
        }
      }
      if (guardObject) out.push("}");
      if (out.some((l) => l.startsWith("v = ") || l.includes(" v = "))) out.unshift("let v: any;");
    }
    if (s.items !== undefined) {
      const item = this.itemLoop(s.items, "x", '""', hint);
      if (item) out.push(kinds.size > 1 ? `if (Array.isArray(x)) ${item}` : item);
    }
    const variants: Schema[] | undefined = s.oneOf ?? s.anyOf;
    if (variants) out.push(...this.union(variants, hint));
    else out.push("return null;");
    return out;
  }

  /** Statements checking `x` against any one of `variants`; they end in `return`. */
  private union(variants: Schema[], hint: string): string[] {
    const out: string[] = [];
    const rest: Array<{ schema: Schema; kinds: Set<Kind>; index: number }> = [];
    variants.forEach((schema, index) => {
      const d = this.deref(schema);
      if (d?.type === "null" && Object.keys(d).filter((k) => !ANNOTATIONS.has(k)).length === 1) {
        out.push("if (x === null) return null;");
      } else {
        rest.push({ schema, kinds: this.kinds(schema), index });
      }
    });
    const objects = rest.filter((r) => r.kinds.size === 1 && r.kinds.has("object"));
    const discriminator = objects.length >= 2
      ? this.discriminator(objects.map((o) => o.schema))
      : null;
    if (discriminator) {
      out.push(`if (${KIND_TEST.object("x")}) {`, `switch (${prop("x", discriminator.key)}) {`);
      objects.forEach((o, i) => {
        out.push(
          `case ${JSON.stringify(discriminator.values[i])}: return ${
            this.call(o.schema, `${hint}$${discriminator.values[i]}`)
          }(x);`,
        );
      });
      out.push(
        `default: return failValue(${segment(discriminator.key)}, ${
          JSON.stringify(oneOf(discriminator.values))
        }, ${prop("x", discriminator.key)});`,
        "}",
        "}",
      );
    }
    const tried = discriminator ? rest.filter((r) => !objects.includes(r)) : rest;
    if (tried.length === 1 && !discriminator) {
      const only = tried[0];
      const inline = this.inline(only.schema, "x");
      if (inline) {
        out.push(
          inline.fails === "false"
            ? "return null;"
            : `return ${inline.fails} ? ${inline.enumLike ? "failValue" : "fail"}("", ${
              JSON.stringify(inline.expected)
            }, x) : null;`,
        );
      } else {
        out.push(`return ${this.call(only.schema, `${hint}$${only.index}`)}(x);`);
      }
      return out;
    }
    const accepted = new Set<Kind>();
    for (const r of rest) for (const k of r.kinds) accepted.add(k);
    if (variants.length > rest.length) accepted.add("null");
    if (tried.length > 0) {
      out.push("let best: Issue | null = null;");
      for (const t of tried) {
        const test = t.kinds.size === ALL_KINDS.length
          ? "true"
          : [...t.kinds].map((k) => KIND_TEST[k]("x")).join(" || ");
        const inline = this.inline(t.schema, "x");
        const run = inline
          ? `r = ${inline.fails} ? ${inline.enumLike ? "failValue" : "fail"}("", ${
            JSON.stringify(inline.expected)
          }, x) : null;`
          : `r = ${this.call(t.schema, `${hint}$${t.index}`)}(x);`;
        out.push(`if (${test}) { ${run} if (r === null) return null; best = deeper(best, r); }`);
      }
      out.push(
        `return best !== null ? best : fail("", ${JSON.stringify([...accepted].join(" | "))}, x);`,
      );
    } else {
      out.push(`return fail("", ${JSON.stringify([...accepted].join(" | "))}, x);`);
    }
    return out;
  }

  /** A required property every variant pins to a distinct single string, if there is one. */
  private discriminator(variants: Schema[]): { key: string; values: string[] } | null {
    const resolved = variants.map((v) => this.deref(v));
    const candidates = Object.keys(resolved[0].properties ?? {});
    for (const key of candidates) {
      const values: string[] = [];
      for (const r of resolved) {
        const p = r.properties?.[key] && this.deref(r.properties[key]);
        if (!p?.enum || p.enum.length !== 1 || typeof p.enum[0] !== "string") break;
        if (!(r.required ?? []).includes(key)) break;
        values.push(p.enum[0]);
      }
      if (values.length === resolved.length && new Set(values).size === values.length) {
        return { key, values };
      }
    }
    return null;
  }
}

function emitValidators(s: Surface, version: string, label: string, issueModule: string): string {
  const compiler = new ValidatorCompiler(s.defs);
  const table = (entries: MethodEntry[], def: (e: MethodEntry) => string | null | undefined) =>
    entries.flatMap((e) => {
      const key = def(e);
      return key ? [`    [${JSON.stringify(e.method)}, ${compiler.defFunction(key)}],`] : [];
    }).join("\n");
  const notifications = table(s.serverNotifications, (e) => e.paramsDef);
  const requests = table(s.serverRequests, (e) => e.paramsDef);
  const responses = table(s.clientRequests, (e) => e.responseDef);
  const functions = compiler.sources();
  const own = issueModule === "./validators.ts";
  const helpers = `${
    own
      ? `/** Where and how a message failed validation. */
export interface ValidationIssue {
  /** Path to the offending value, e.g. \`params.item.type\` or \`result.data[0].id\`. */
  readonly path: string;
  /** What was wrong, e.g. \`expected string, got number\`. */
  readonly message: string;
}`
      : `import type { ValidationIssue } from "${issueModule}";\nexport type { ValidationIssue };`
  }

type Issue = ValidationIssue;
type Check = (x: unknown) => Issue | null;

function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}
function fail(path: string, expected: string, got: unknown): Issue {
  return {
    path,
    message: got === undefined
      ? \`missing required field (expected \${expected})\`
      : \`expected \${expected}, got \${typeName(got)}\`,
  };
}
function failValue(path: string, expected: string, got: unknown): Issue {
  if (got === undefined || typeof got === "object") return fail(path, expected, got);
  const shown = JSON.stringify(got);
  return { path, message: \`expected \${expected}, got \${shown.length > 60 ? shown.slice(0, 57) + "..." : shown}\` };
}
function at(path: string, issue: Issue): Issue {
  const inner = issue.path;
  return {
    path: inner === "" ? path : path === "" ? inner : inner[0] === "[" ? path + inner : path + "." + inner,
    message: issue.message,
  };
}
function key(k: string): string {
  return /^[A-Za-z_$][\\w$]*$/.test(k) ? k : "[" + JSON.stringify(k) + "]";
}
function deeper(a: Issue | null, b: Issue): Issue {
  if (a === null) return b;
  const depth = (i: Issue) => i.path === "" ? 0 : i.path.split(/[.[]/).length;
  return depth(b) > depth(a) ? b : a;
}
`;
  return HEADER(
    version,
    `\n// Validators for incoming messages of the ${label} surface, compiled from \`generate-json-schema${
      label === "experimental" ? " --experimental" : ""
    }\`.`,
  ) + `
${helpers}
${functions.join("\n\n")}

let notifications: Map<string, Check> | undefined;
let serverRequests: Map<string, Check> | undefined;
let responses: Map<string, Check> | undefined;

function run(check: Check | undefined, root: string, value: unknown): ValidationIssue | null {
  if (check === undefined) return null;
  const issue = check(value);
  return issue === null ? null : at(root, issue);
}

/**
 * Checks a server notification's params against the ${label} schema. Returns the first problem
 * found, or null when the params are valid or the method is unknown (unknown methods pass
 * through). Extra fields are allowed.
 */
export function validateNotification(method: string, params: unknown): ValidationIssue | null {
  notifications ??= new Map<string, Check>([
${notifications}
  ]);
  return run(notifications.get(method), "params", params);
}

/** Checks a server request's params, like {@link validateNotification}. */
export function validateServerRequest(method: string, params: unknown): ValidationIssue | null {
  serverRequests ??= new Map<string, Check>([
${requests}
  ]);
  return run(serverRequests.get(method), "params", params);
}

/** Checks the result of a client request (by the request's method), like {@link validateNotification}. */
export function validateResponse(method: string, result: unknown): ValidationIssue | null {
  responses ??= new Map<string, Check>([
${responses}
  ]);
  return run(responses.get(method), "result", result);
}
`;
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    console.error(`generate_protocol: ${error instanceof Error ? error.message : error}`);
    Deno.exit(2);
  }
}
