/**
 * Where the generator reads and writes: the repository root, the output folder and the pinned
 * binary's path inside `node_modules`.
 *
 * @module
 */

/** Joins path parts with "/" and resolves "." and ".." (Deno accepts "/" on every OS). */
export function join(...parts: string[]): string {
  const out: string[] = [];
  const joined = parts.filter((p) => p !== "").join("/").replaceAll("\\", "/");
  for (const seg of joined.split("/")) {
    if (seg === "..") {
      out.length > 1 || (out.length === 1 && out[0] !== "") ? out.pop() : out.push(seg);
    } else if (seg !== "." && !(seg === "" && out.length > 0)) out.push(seg);
  }
  return out.join("/") || ".";
}

/** The repository root (two folders above this file). */
export const REPO_ROOT: string = decodeURIComponent(new URL("../..", import.meta.url).pathname)
  .replace(/^\/([A-Za-z]:)/, "$1") // Windows drive letters
  .replace(/\/$/, "");

/**
 * The generated folder, relative to the repository root. The one place it is written in the
 * generator: moving the folder is a change to this line (and to the imports that name it).
 */
export const OUT_DIR = "src/protocol/generated";

/** The generator's entry, relative to the repository root (named in generated headers). */
export const ENTRY = "scripts/generate/main.ts";

/** `os-arch` (Deno's names) -> the platform package of `@openai/codex` and its target triple. */
const PLATFORM_PACKAGES: Readonly<Record<string, [pkg: string, triple: string]>> = {
  "linux-x86_64": ["codex-linux-x64", "x86_64-unknown-linux-musl"],
  "linux-aarch64": ["codex-linux-arm64", "aarch64-unknown-linux-musl"],
  "darwin-x86_64": ["codex-darwin-x64", "x86_64-apple-darwin"],
  "darwin-aarch64": ["codex-darwin-arm64", "aarch64-apple-darwin"],
  "windows-x86_64": ["codex-win32-x64", "x86_64-pc-windows-msvc"],
  "windows-aarch64": ["codex-win32-arm64", "aarch64-pc-windows-msvc"],
};

/** The native binary of the pinned `@openai/codex` in this repository's node_modules. */
export function pinnedBinary(): string {
  const key = `${Deno.build.os}-${Deno.build.arch}`;
  const entry = PLATFORM_PACKAGES[key];
  if (!entry) throw new Error(`no pinned codex package for ${key}; set CODEX_BIN`);
  const exe = Deno.build.os === "windows" ? "codex.exe" : "codex";
  return join(REPO_ROOT, "node_modules", "@openai", entry[0], "vendor", entry[1], "bin", exe);
}
