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
 * import { resolveCodexBinary } from "@codex/sdk/client";
 *
 * const bin = await resolveCodexBinary({ env: { CODEX_BIN: "/usr/local/bin/codex" } });
 * ```
 * @module
 */

import { CodexNotFoundError } from "./errors.ts";
import type { RuntimeAdapter } from "../runtime/types.ts";
import { runtimeAdapter } from "../runtime/detect.ts";
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
  /** The runtime whose file checks to use; default the running one. */
  runtime?: RuntimeAdapter;
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
  const runtime = options.runtime ?? runtimeAdapter();
  const host = runtime.host();
  const path = pathOps(host.os, host.cwd);
  const isFile = async (file: string): Promise<boolean> => (await runtime.fileKind(file)) === "file";
  const tried: string[] = [];

  if (options.codexBin !== undefined) {
    if (await isFile(options.codexBin)) return options.codexBin;
    tried.push(`codexBin option: ${options.codexBin} (no such file)`);
    throw new CodexNotFoundError(tried);
  }
  const fromEnv = options.env.CODEX_BIN;
  if (fromEnv) {
    if (await isFile(fromEnv)) return fromEnv;
    tried.push(`CODEX_BIN: ${fromEnv} (no such file)`);
    throw new CodexNotFoundError(tried);
  }
  tried.push("codexBin option: not given", "CODEX_BIN: not set");

  const target = TARGETS[`${host.os}-${host.arch}`];
  const platformPackage = target ? `@openai/${target.pkg}` : undefined;
  if (target) {
    const starts = [options.cwd ?? host.cwd, moduleDirectory()].filter((d): d is string => !!d);
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
          if (await isFile(candidate)) return candidate;
        }
        launcherOnly ||= await isFile(path.join(dir, "node_modules/@openai/codex/package.json"));
        if (path.dirname(dir) === dir) break;
      }
      const why = launcherOnly ? "@openai/codex is there, its platform package is not" : "not installed";
      tried.push(
        `${platformPackage} (the binary of @openai/codex@${PINNED_CODEX_VERSION}) in node_modules above ${start}: ${why}`,
      );
    }
  } else {
    tried.push(`@openai/codex native binary: no build for ${host.os}-${host.arch}`);
  }

  const separator = host.os === "win32" ? ";" : ":";
  const exe = host.os === "win32" ? "codex.exe" : "codex";
  for (const dir of (options.env.PATH ?? "").split(separator)) {
    if (dir && await isFile(path.join(dir, exe))) return path.join(dir, exe);
  }
  tried.push(`${exe} on PATH: not found`);
  throw new CodexNotFoundError(tried, platformPackage);
}

/** Path operations for `os`: `\\` and drive letters on Windows, `/` elsewhere. Pure string work. */
function pathOps(os: string, cwd: string): { resolve(p: string): string; dirname(p: string): string; join(a: string, b: string): string } {
  const windows = os === "win32";
  const sep = windows ? "\\" : "/";
  const isAbsolute = (p: string): boolean => windows ? /^[A-Za-z]:[\\/]/.test(p) || /^[\\/]/.test(p) : p.startsWith("/");
  const normalize = (p: string): string => {
    const root = windows ? (/^[A-Za-z]:/.exec(p)?.[0] ?? "") : "";
    const out: string[] = [];
    for (const part of p.slice(root.length).split(/[\\/]/)) {
      if (part === "" || part === ".") continue;
      if (part === "..") out.pop();
      else out.push(part);
    }
    return `${root}${sep}${out.join(sep)}`;
  };
  return {
    resolve: (p) => normalize(isAbsolute(p) ? p : `${cwd}${sep}${p}`),
    dirname: (p) => normalize(`${p}${sep}..`),
    join: (a, b) => normalize(`${a}${sep}${b}`),
  };
}

function moduleDirectory(): string | undefined {
  const url = import.meta.url;
  if (!url.startsWith("file:")) return undefined;
  return decodeURIComponent(new URL(".", url).pathname);
}
