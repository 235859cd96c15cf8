/**
 * Stage 9: writing. The files are written to a temporary folder and formatted there with
 * `deno fmt --line-width=100` (so the repository's own fmt keeps them); then either copied over
 * the output folder or, with `--check`, compared with it byte for byte (the freshness check).
 *
 * @module
 */

import { join } from "./paths.ts";
import { listFiles, run } from "./read_binary.ts";

/** Writes `files` under `dir` and formats them. */
export async function writeFormatted(dir: string, files: Map<string, string>): Promise<void> {
  for (const [path, text] of files) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, path), text);
  }
  await run(Deno.execPath(), ["fmt", "--no-config", "--line-width=100", "--quiet", dir]);
}

/** Replaces `outDir` with a copy of `fromDir`. */
export async function replaceDir(fromDir: string, outDir: string): Promise<void> {
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  for (const path of await listFiles(fromDir)) {
    await Deno.mkdir(join(outDir, path, ".."), { recursive: true });
    await Deno.copyFile(join(fromDir, path), join(outDir, path));
  }
}

/** How `actualDir` differs from `expectedDir`: one line per missing, differing or extra file. */
export async function compareDirs(expectedDir: string, actualDir: string): Promise<string[]> {
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
