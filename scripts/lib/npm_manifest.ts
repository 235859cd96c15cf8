/**
 * The published package's `package.json`, derived from `deno.json` so that JSR and npm ship
 * the same entry points, files and dependency ranges.
 *
 * @module
 */
/** The parts of `deno.json` the manifest is made from. */
export interface DenoConfig {
  name: string;
  version: string;
  license?: string;
  exports: string | Record<string, string>;
  imports?: Record<string, string>;
  publish?: { include?: string[]; exclude?: string[] };
}

/** The npm package the SDK runs: its exact version is part of the SDK's contract. */
export const CODEX_PACKAGE = "@openai/codex";

/**
 * Packages that only one optional entry point or feature loads (`pg-boss`: `@codex/sdk/fleet`;
 * `@ai-sdk/provider`, types only: `@codex/sdk/ai`; `@opentelemetry/api`: tracing, only when the
 * application registered a provider): published as optional peer dependencies, so installing
 * the SDK does not install them.
 */
export const OPTIONAL_PEERS: readonly string[] = ["pg-boss", "@ai-sdk/provider", "@opentelemetry/api"];

/**
 * The `@openai/codex` version the published manifest depends on: deno.json's import map if it
 * names the package, else package.json's dependencies, else its devDependencies (the dev pin).
 * Undefined when none does.
 */
export function codexDependency(
  deno: DenoConfig,
  pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> },
): string | undefined {
  return npmDependencies(deno.imports ?? {})[CODEX_PACKAGE] ??
    pkg.dependencies?.[CODEX_PACKAGE] ?? pkg.devDependencies?.[CODEX_PACKAGE];
}

/**
 * Makes the manifest. `codexVersion` must be exact: the SDK speaks that app-server's protocol,
 * so users get the same binary the suite ran against. `nodeRange` is what `engines.node` says:
 * {@link testedNodeRange} of the Node versions the suite runs on.
 */
export function npmManifest(
  deno: DenoConfig,
  codexVersion: string,
  nodeRange: string,
): Record<string, unknown> {
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(codexVersion)) {
    throw new Error(`${CODEX_PACKAGE} must be pinned to an exact version, not "${codexVersion}"`);
  }
  const entries = typeof deno.exports === "string" ? { ".": deno.exports } : deno.exports;
  const exports = Object.fromEntries(
    Object.entries(entries).map(([key, target]) => [key, {
      types: `./${declarationPath(target)}`,
      import: `./${javascriptPath(target)}`,
    }]),
  );
  const { dependencies, peers } = splitPeers(npmDependencies(deno.imports ?? {}));
  return {
    name: deno.name,
    version: deno.version,
    description: "TypeScript SDK for the Codex app-server, for Node.js, Deno and Bun",
    license: deno.license ?? "Apache-2.0",
    type: "module",
    exports,
    main: exports["."]?.import,
    types: exports["."]?.types,
    files: files(deno, Object.values(entries)),
    engines: { node: nodeRange },
    dependencies: { ...dependencies, [CODEX_PACKAGE]: codexVersion },
    ...(Object.keys(peers).length
      ? {
        peerDependencies: peers,
        peerDependenciesMeta: Object.fromEntries(Object.keys(peers).map((name) => [name, { optional: true }])),
      }
      : {}),
  };
}

function splitPeers(all: Record<string, string>): { dependencies: Record<string, string>; peers: Record<string, string> } {
  const dependencies: Record<string, string> = {};
  const peers: Record<string, string> = {};
  for (const [name, range] of Object.entries(all)) (OPTIONAL_PEERS.includes(name) ? peers : dependencies)[name] = range;
  return { dependencies, peers };
}

/**
 * `engines.node` from the Node versions the suite runs on: the repo's devDependencies
 * `"node22": "npm:node@22.23.3"`, … (see scripts/lib/node_versions.mjs) give
 * `"^22.23.3 || ^24.21.0 || ^26.10.0"`: each tested line from its tested release on, and no
 * line the suite does not run (Node 20, odd releases).
 */
export function testedNodeRange(devDependencies: Record<string, string>): string {
  const versions = Object.entries(devDependencies)
    .filter(([alias]) => /^node\d+$/.test(alias))
    .map(([, target]) => /^npm:node@(\d+\.\d+\.\d+)$/.exec(target)?.[1])
    .filter((version): version is string => version !== undefined)
    .sort((a, b) => Number(a.split(".")[0]) - Number(b.split(".")[0]));
  if (versions.length === 0) {
    throw new Error('package.json pins no Node to test on ("node24": "npm:node@24.x.y")');
  }
  return versions.map((version) => `^${version}`).join(" || ");
}

/** `"zod": "npm:zod@^4.6.7"` → `{ zod: "^4.6.7" }`; other import-map entries are not packages. */
export function npmDependencies(imports: Record<string, string>): Record<string, string> {
  const dependencies: Record<string, string> = {};
  for (const target of Object.values(imports)) {
    const match = /^npm:\/?((?:@[^/@]+\/)?[^/@]+)(?:@([^/]+))?/.exec(target);
    if (!match) continue;
    const [, name, range = "*"] = match;
    dependencies[name] = range;
  }
  return dependencies;
}

/** JSR's publish include/exclude, mapped onto the compiled files. */
function files(deno: DenoConfig, entryTargets: string[]): string[] {
  const compiled = (path: string): string[] =>
    path.endsWith(".ts") ? [javascriptPath(path), declarationPath(path)] : [clean(path)];
  const include = (deno.publish?.include ?? entryTargets).flatMap(compiled);
  const exclude = (deno.publish?.exclude ?? []).flatMap(compiled).map((path) => `!${path}`);
  // The entries' code is in bundle/ (scripts/build_npm.ts); of src/ only the declarations ship.
  return [...include, "bundle/", ...exclude, "!src/**/*.js"];
}

function javascriptPath(path: string): string {
  return clean(path).replace(/\.ts$/, ".js");
}

function declarationPath(path: string): string {
  return clean(path).replace(/\.ts$/, ".d.ts");
}

function clean(path: string): string {
  return path.replace(/^\.\//, "");
}
