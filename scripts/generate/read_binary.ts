/**
 * Stage 1: reading the binary. Runs `codex app-server generate-json-schema` and `generate-ts`
 * (each with and without `--experimental`) into a temporary folder and loads what they wrote.
 *
 * @module
 */

import { compare, type Schema } from "./common.ts";
import { join } from "./paths.ts";

/** What the binary wrote for one surface. */
export interface RawSurface {
  /** The bundle `codex_app_server_protocol.schemas.json` (root definitions plus `v2`). */
  bundle: Schema;
  /** ts-rs files by path relative to the output folder (`Foo.ts`, `v2/Foo.ts`, ...). */
  tsFiles: Map<string, string>;
}

/** Runs a command and returns its stdout; throws with its stderr when it fails. */
export async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const decoder = new TextDecoder();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${decoder.decode(out.stderr)}`);
  }
  return decoder.decode(out.stdout);
}

/** Files under `dir`, as sorted "/"-separated paths relative to it. */
export async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(join(dir, prefix))) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory) files.push(...await listFiles(dir, path));
    else files.push(path);
  }
  return files.sort(compare);
}

/** The binary's version (`codex-cli 0.169.0` -> `0.169.0`). */
export async function readVersion(bin: string): Promise<string> {
  const versionLine = (await run(bin, ["--version"])).trim();
  const version = /(\d+\.\d+\.\d+\S*)/.exec(versionLine)?.[1];
  if (!version) throw new Error(`cannot read a version from \`codex --version\`: ${versionLine}`);
  return version;
}

/** Runs both generators for one surface into `dir` and reads their output. */
export async function readSurface(
  bin: string,
  dir: string,
  experimental: boolean,
): Promise<RawSurface> {
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
