// codex.fs against the real codex binary (`fs/*`): bytes and text, directories, metadata,
// copy and remove, watch; errors name the operation and the path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "../mod.ts";
import { FsError } from "../client.ts";
import { harness } from "./_support/harness.ts";

function tempDir(): { dir: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), "sdk-fs-"));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

test("writeFile and readFile carry bytes; readTextFile and a string carry UTF-8 text", async () => {
  await using h = await harness();
  using tmp = tempDir();
  const bytes = new Uint8Array([0, 1, 2, 250, 255]);
  await h.codex.fs.writeFile(join(tmp.dir, "b.bin"), bytes);
  assert.deepEqual(await h.codex.fs.readFile(join(tmp.dir, "b.bin")), bytes);
  await h.codex.fs.writeFile(join(tmp.dir, "t.txt"), "héllo ✓");
  assert.equal(readFileSync(join(tmp.dir, "t.txt"), "utf8"), "héllo ✓");
  assert.equal(await h.codex.fs.readTextFile(join(tmp.dir, "t.txt")), "héllo ✓");
});

test("readDir lists names with isFile and isDirectory; stat describes a path", async () => {
  await using h = await harness();
  using tmp = tempDir();
  writeFileSync(join(tmp.dir, "a.txt"), "a");
  await h.codex.fs.mkdir(join(tmp.dir, "sub"));
  const entries = (await h.codex.fs.readDir(tmp.dir)).sort((x, y) => x.name.localeCompare(y.name));
  assert.deepEqual(entries, [
    { name: "a.txt", isFile: true, isDirectory: false },
    { name: "sub", isFile: false, isDirectory: true },
  ]);
  const info = await h.codex.fs.stat(join(tmp.dir, "a.txt"));
  assert.equal(info.isFile, true);
  assert.equal(info.isDirectory, false);
  assert.equal(info.isSymlink, false);
  assert.ok(typeof info.modifiedAtMs === "number" && info.modifiedAtMs > 0);
  assert.equal(await h.codex.fs.exists(join(tmp.dir, "missing")), false);
});

test("mkdir creates parents only with recursive; remove needs recursive for a full directory", async () => {
  await using h = await harness();
  using tmp = tempDir();
  const deep = join(tmp.dir, "x", "y", "z");
  await assert.rejects(h.codex.fs.mkdir(deep), (e) => e instanceof FsError && e.reason === "notFound");
  await h.codex.fs.mkdir(deep, { recursive: true });
  await h.codex.fs.writeFile(join(deep, "f"), "f");
  await assert.rejects(h.codex.fs.remove(join(tmp.dir, "x")), (e) => e instanceof FsError && e.reason === "notEmpty");
  await h.codex.fs.remove(join(tmp.dir, "x"), { recursive: true });
  assert.equal(await h.codex.fs.exists(join(tmp.dir, "x")), false);
  await assert.rejects(h.codex.fs.remove(join(tmp.dir, "x")), (e) => e instanceof FsError && e.reason === "notFound");
  await h.codex.fs.remove(join(tmp.dir, "x"), { force: true });
});

test("copy copies a file, and a directory tree with recursive", async () => {
  await using h = await harness();
  using tmp = tempDir();
  await h.codex.fs.mkdir(join(tmp.dir, "src"));
  await h.codex.fs.writeFile(join(tmp.dir, "src", "a.txt"), "A");
  await h.codex.fs.copy(join(tmp.dir, "src", "a.txt"), join(tmp.dir, "b.txt"));
  assert.equal(readFileSync(join(tmp.dir, "b.txt"), "utf8"), "A");
  await assert.rejects(h.codex.fs.copy(join(tmp.dir, "src"), join(tmp.dir, "dst")), /recursive/);
  await h.codex.fs.copy(join(tmp.dir, "src"), join(tmp.dir, "dst"), { recursive: true });
  assert.equal(readFileSync(join(tmp.dir, "dst", "a.txt"), "utf8"), "A");
});

test("a failure is an FsError naming the operation and the path", async () => {
  await using h = await harness();
  using tmp = tempDir();
  const missing = join(tmp.dir, "nope.txt");
  await assert.rejects(h.codex.fs.readTextFile(missing), (error) => {
    assert.ok(error instanceof FsError);
    assert.equal(error.code, "fs_error");
    assert.equal(error.reason, "notFound");
    assert.equal(error.path, missing);
    assert.equal(error.operation, "readFile");
    assert.ok(error.message.includes(missing) && error.message.includes("No such file or directory"));
    return true;
  });
});

test("a relative path is refused before anything is sent", async () => {
  await using h = await harness();
  await assert.rejects(h.codex.fs.readFile("notes.txt"), InvalidArgumentError);
  await assert.rejects(h.codex.fs.copy("/tmp/a", "b"), /to: must be an absolute path/);
  assert.throws(() => h.codex.fs.watch("rel"), InvalidArgumentError);
});

test("watch yields the changed paths and unwatches when the loop ends", async () => {
  await using h = await harness();
  using tmp = tempDir();
  const watcher = h.codex.fs.watch(tmp.dir);
  await watcher.ready;
  const file = join(tmp.dir, "new.txt");
  await h.codex.fs.writeFile(file, "x");
  for await (const change of watcher) {
    if (change.paths.includes(file)) break;
  }
  assert.deepEqual(await watcher.next(), { done: true, value: undefined }, "the loop's end closed it");
});

test("watch ends when its signal aborts", async () => {
  await using h = await harness();
  using tmp = tempDir();
  const controller = new AbortController();
  const watcher = h.codex.fs.watch(tmp.dir, { signal: controller.signal });
  await watcher.ready;
  const seen: string[][] = [];
  const loop = (async () => {
    for await (const change of watcher) seen.push(change.paths);
  })();
  controller.abort();
  await loop; // ends: no hang
});

test("close is idempotent and ends the iteration", async () => {
  await using h = await harness();
  using tmp = tempDir();
  const watcher = h.codex.fs.watch(tmp.dir);
  assert.equal(await watcher.ready, tmp.dir);
  await watcher.close();
  await watcher.close();
  assert.deepEqual(await watcher.next(), { done: true, value: undefined });
});
