/** What the bench ran on: cores, CPU, memory, OS, versions, the commit measured. @module */

import { join } from "node:path";
import { nodeBinary, run } from "./children.ts";

/** The machine and the software measured. */
export interface Machine {
  /** The commit measured; "+dirty" when mod.ts, testing.ts or src/ had uncommitted changes. */
  commit: string;
  nproc: number;
  cpu: string;
  memoryGiB: number;
  os: string;
  /** `deno`, `bun`, `node`, `codex`: each one's `--version` line. */
  versions: Record<string, string>;
  /** The version of @openai/codex-sdk compared against. */
  officialSdk: string;
}

/** Reads the machine's description (`root` is the checkout). */
export async function machine(root: string, bin: string, codexBin: string): Promise<Machine> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const meminfo = await Deno.readTextFile("/proc/meminfo").catch(() => "");
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1] ?? 0);
  const versions: Record<string, string> = {};
  const tools: [string, string, string[]][] = [
    ["deno", Deno.execPath(), ["--version"]],
    ["bun", join(bin, "bun"), ["--version"]],
    ["node", nodeBinary(root), ["--version"]],
    ["codex", codexBin, ["--version"]],
  ];
  for (const [name, command, args] of tools) {
    const { stdout } = await run(root, command, args).catch(() => ({ stdout: "?" }));
    versions[name] = stdout.split("\n")[0].trim();
  }
  const git = async (...args: string[]) =>
    (await run(root, "git", args).catch(() => ({ stdout: "" }))).stdout.trim();
  const commit = await git("rev-parse", "--short", "HEAD");
  const dirty = (await git("status", "--porcelain", "--", "mod.ts", "testing.ts", "src")) !== "";
  const official = JSON.parse(
    await Deno.readTextFile(join(root, "node_modules/@openai/codex-sdk/package.json")),
  ) as { version: string };
  return {
    commit: commit ? `${commit}${dirty ? "+dirty" : ""}` : "unknown",
    nproc: navigator.hardwareConcurrency,
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
    memoryGiB: Math.round((memKb / 1024 / 1024) * 10) / 10,
    os: `${Deno.build.os} ${Deno.osRelease()} ${Deno.build.arch}`,
    versions,
    officialSdk: official.version,
  };
}
