/**
 * Commands and files without a turn: run a command in the app-server's sandbox (`codex.exec`),
 * drive an interactive one (`codex.spawn`: stdin, streamed output, kill), a timeout that
 * terminates, and the app-server machine's file system (`codex.fs`: write, read, list, stat,
 * copy, watch, remove).
 *
 *   deno run -A examples/commands_and_files/main.ts
 *   bun examples/commands_and_files/main.ts
 *   node npm/examples/commands_and_files/main.js
 *
 * @module
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { startCodexForExample } from "../_shared/model.ts";

await using example = await startCodexForExample(() => {});
const { codex } = example;
const dir = mkdtempSync(join(tmpdir(), "codex-example-"));

// Files: the paths are the app-server machine's (absolute), the contents bytes or text.
await codex.fs.mkdir(join(dir, "notes"), { recursive: true });
await codex.fs.writeFile(join(dir, "notes", "todo.txt"), "buy milk\nwrite tests\n");
console.log(`read back: ${JSON.stringify(await codex.fs.readTextFile(join(dir, "notes", "todo.txt")))}`);
await codex.fs.copy(join(dir, "notes"), join(dir, "backup"), { recursive: true });
for (const entry of await codex.fs.readDir(dir)) {
  console.log(`entry: ${entry.name} (${entry.isDirectory ? "directory" : "file"})`);
}
const info = await codex.fs.stat(join(dir, "backup", "todo.txt"));
console.log(`stat: file=${info.isFile} modified=${info.modifiedAtMs !== null}`);

// A command: argv, no shell unless you ask for one; a non-zero exit is a result, not an error.
const count = await codex.exec(["wc", "-l", join(dir, "notes", "todo.txt")]);
console.log(`exec: exit ${count.exitCode}, stdout ${JSON.stringify(count.stdout.trim())}`);
const denied = await codex.exec(["sh", "-c", `echo x > ${join(dir, "blocked.txt")}`], { sandbox: "read-only" });
console.log(`read-only sandbox: exit ${denied.exitCode}, ${denied.stderr.includes("Read-only") ? "write refused" : denied.stderr}`);

// A timeout terminates the command and rejects (the error's code says which).
try {
  await codex.exec(["sleep", "30"], { timeoutMs: 500 });
} catch (error) {
  console.log(`timeout: ${(error as { code?: string }).code}`);
}

// An interactive process: write to stdin, read output as it comes, wait for the exit.
{
  await using proc = await codex.spawn(["sh", "-c", "while read line; do echo \"echo: $line\"; done"]);
  await proc.write("hello\n");
  await proc.write("world\n");
  await proc.closeStdin();
  for await (const chunk of proc.output) process.stdout.write(`spawn ${chunk.stream}: ${chunk.text}`);
  console.log(`spawn exited: ${(await proc.exited).exitCode}`);
}

// Watch a directory: the loop ends (and unwatches) when we break.
const watcher = codex.fs.watch(dir);
await watcher.ready;
await codex.fs.writeFile(join(dir, "new.txt"), "fresh");
for await (const change of watcher) {
  if (change.paths.some((path) => path.endsWith("new.txt"))) {
    console.log("watch: new.txt changed");
    break;
  }
}

await codex.fs.remove(dir, { recursive: true });
console.log(`removed: ${!(await codex.fs.exists(dir))}`);
