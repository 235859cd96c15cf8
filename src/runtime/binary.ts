/**
 * Finds the codex binary: the `codexBin` option, then `CODEX_BIN`, then the native binary of the
 * pinned `@openai/codex` npm package (found by walking up from the working directory and from
 * this module's own location through `node_modules`), then `codex` on `PATH`. The error lists
 * every place tried.
 *
 * The npm package's `bin/codex.js` is a Node launcher; the native binary beside it starts faster
 * and has no Node in between, so it is preferred.
 *
 * @example
 * ```ts
 * import { resolveCodexBinary } from "@codex/sdk";
 *
 * const bin = await resolveCodexBinary({ env: { CODEX_BIN: "/usr/local/bin/codex" } });
 * ```
 * @module
 */

import { CodexNotFoundError } from "../errors.ts";
import { CODEX_VERSION } from "../protocol/generated/methods.ts";

/** The `@openai/codex` version this SDK is built and tested against (from the generated protocol). */
export const PINNED_CODEX_VERSION: string = CODEX_VERSION;

/** Options of {@link resolveCodexBinary}. */
export interface ResolveBinaryOptions {
  /** An explicit path; used as is when it exists. */
  codexBin?: string;
  /** The environment to read `CODEX_BIN` and `PATH` from. */
  env: Record<string, string>;
  /** The directory to start the `node_modules` search from; default the current directory. */
  cwd?: string;
}

const TARGETS: Record<string, { pkg: string; triple: string; exe: string }> = {
  "linux-x64": { pkg: "codex-linux-x64", triple: "x86_64-unknown-linux-musl", exe: "codex" },
  "linux-arm64": { pkg: "codex-linux-arm64", triple: "aarch64-unknown-linux-musl", exe: "codex" },
  "darwin-x64": { pkg: "codex-darwin-x64", triple: "x86_64-apple-darwin", exe: "codex" },
  "darwin-arm64": { pkg: "codex-darwin-arm64", triple: "aarch64-apple-darwin", exe: "codex" },
  "win32-x64": { pkg: "codex-win32-x64", triple: "x86_64-pc-windows-msvc", exe: "codex.exe" },
  "win32-arm64": { pkg: "codex-win32-arm64", triple: "aarch64-pc-windows-msvc", exe: "codex.exe" },
};

/** Resolves the path of the codex binary to start, or throws {@link CodexNotFoundError}. */
export async function resolveCodexBinary(options: ResolveBinaryOptions): Promise<string> {
  const { isFile, path, process } = await host();
  const tried: string[] = [];

  if (options.codexBin !== undefined) {
    if (isFile(options.codexBin)) return options.codexBin;
    tried.push(`codexBin option: ${options.codexBin} (no such file)`);
    throw new CodexNotFoundError(tried);
  }
  const fromEnv = options.env.CODEX_BIN;
  if (fromEnv) {
    if (isFile(fromEnv)) return fromEnv;
    tried.push(`CODEX_BIN: ${fromEnv} (no such file)`);
    throw new CodexNotFoundError(tried);
  }
  tried.push("codexBin option: not given", "CODEX_BIN: not set");

  const target = TARGETS[`${process.platform}-${process.arch}`];
  const platformPackage = target ? `@openai/${target.pkg}` : undefined;
  if (target) {
    const starts = [options.cwd ?? process.cwd(), moduleDirectory()].filter((d): d is string => !!d);
    const relative = [
      `node_modules/@openai/${target.pkg}/vendor/${target.triple}/bin/${target.exe}`,
      `node_modules/@openai/codex/node_modules/@openai/${target.pkg}/vendor/${target.triple}/bin/${target.exe}`,
    ];
    const seen = new Set<string>();
    for (const start of starts) {
      // Seen without its binary: installed with --omit=optional, or on another platform.
      let launcherOnly = false;
      for (let dir = path.resolve(start);; dir = path.dirname(dir)) {
        for (const rel of relative) {
          const candidate = path.join(dir, rel);
          if (seen.has(candidate)) continue;
          seen.add(candidate);
          if (isFile(candidate)) return candidate;
        }
        launcherOnly ||= isFile(path.join(dir, "node_modules/@openai/codex/package.json"));
        if (path.dirname(dir) === dir) break;
      }
      const why = launcherOnly ? "@openai/codex is there, its platform package is not" : "not installed";
      tried.push(
        `${platformPackage} (the binary of @openai/codex@${PINNED_CODEX_VERSION}) in node_modules above ${start}: ${why}`,
      );
    }
  } else {
    tried.push(`@openai/codex native binary: no build for ${process.platform}-${process.arch}`);
  }

  const separator = process.platform === "win32" ? ";" : ":";
  const exe = process.platform === "win32" ? "codex.exe" : "codex";
  for (const dir of (options.env.PATH ?? "").split(separator)) {
    if (dir && isFile(path.join(dir, exe))) return path.join(dir, exe);
  }
  tried.push(`${exe} on PATH: not found`);
  throw new CodexNotFoundError(tried, platformPackage);
}

interface PathOps {
  resolve(path: string): string;
  dirname(path: string): string;
  join(a: string, b: string): string;
}

interface Host {
  isFile(file: string): boolean;
  path: PathOps;
  process: { cwd(): string; platform: string; arch: string };
}

interface DenoFs {
  statSync(path: string): { isFile: boolean };
  cwd(): string;
  build: { os: string; arch: string };
}

/**
 * File checks and paths for the binary search. On Deno (POSIX) this uses Deno's own APIs: the
 * first `node:` import starts Deno's Node compatibility layer, which costs ~25 ms of the first
 * `Codex.start`. Elsewhere (and on Windows) it is `node:fs`/`node:path`.
 */
async function host(): Promise<Host> {
  const deno = (globalThis as { Deno?: DenoFs }).Deno;
  if (deno && deno.build.os !== "windows") {
    const cwd = deno.cwd();
    const normalize = (p: string): string => {
      const out: string[] = [];
      for (const part of p.split("/")) {
        if (part === "" || part === ".") continue;
        if (part === "..") out.pop();
        else out.push(part);
      }
      return `/${out.join("/")}`;
    };
    return {
      isFile(file) {
        try {
          return deno.statSync(file).isFile;
        } catch {
          return false;
        }
      },
      path: {
        resolve: (p) => normalize(p.startsWith("/") ? p : `${cwd}/${p}`),
        dirname: (p) => normalize(`${p}/..`),
        join: (a, b) => normalize(`${a}/${b}`),
      },
      process: {
        cwd: () => cwd,
        platform: deno.build.os,
        arch: ({ x86_64: "x64", aarch64: "arm64" } as Record<string, string>)[deno.build.arch] ?? deno.build.arch,
      },
    };
  }
  const [fs, path, process] = await Promise.all([import("node:fs"), import("node:path"), import("node:process")]);
  return {
    isFile(file) {
      try {
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
    path,
    process,
  };
}

function moduleDirectory(): string | undefined {
  const url = import.meta.url;
  if (!url.startsWith("file:")) return undefined;
  return decodeURIComponent(new URL(".", url).pathname);
}
