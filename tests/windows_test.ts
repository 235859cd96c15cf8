/**
 * Windows, on paper: the SDK's platform-dependent decisions, taken with an injected `win32`
 * platform (a runtime adapter whose host says win32 and whose file system is a list of paths).
 * No Windows machine runs this suite; the README says what stays untested there.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveCodexBinary } from "../client.ts";
import { CodexNotFoundError } from "../mod.ts";
import { startProcessConnection } from "../src/transport/process.ts";
import type { ChildProcess, ExitStatus, FileKind, RuntimeAdapter, SpawnOptions } from "../src/runtime/types.ts";

interface Spawned {
  command: string;
  options: SpawnOptions;
  signals: string[];
  exit(status: ExitStatus): void;
}

/** A win32 platform: files that exist, and a spawn that records what it was asked. */
function windows(files: string[], arch = "x64", cwd = "C:\\work\\app") {
  const spawned: Spawned[] = [];
  const runtime: RuntimeAdapter = {
    name: "node",
    host: () => ({ os: "win32", arch, cwd }),
    fileKind: (path: string): Promise<FileKind> => Promise.resolve(files.includes(path) ? "file" : "missing"),
    environment: () => ({}),
    createWebSocket: () => Promise.reject(new Error("not on paper")),
    spawn(command: string, options: SpawnOptions): Promise<ChildProcess> {
      let exit!: (status: ExitStatus) => void;
      const exited = new Promise<ExitStatus>((resolve) => (exit = resolve));
      const record: Spawned = { command, options, signals: [], exit };
      spawned.push(record);
      const stdout = new TransformStream<Uint8Array, Uint8Array>();
      const stderr = new TransformStream<Uint8Array, Uint8Array>();
      exited.then(() => Promise.all([stdout.writable.close(), stderr.writable.close()]));
      return Promise.resolve({
        pid: 4242,
        stdin: new WritableStream<Uint8Array>(),
        stdout: stdout.readable,
        stderr: stderr.readable,
        exited,
        kill(signal) {
          record.signals.push(signal);
          // Windows has no signals: Node's kill() is TerminateProcess whatever the name, so the
          // process ends at the first kill.
          exit({ exitCode: 1, signal: null });
        },
      });
    },
  };
  return { runtime, spawned };
}

const NATIVE_X64 = "node_modules\\@openai\\codex-win32-x64\\vendor\\x86_64-pc-windows-msvc\\bin\\codex.exe";

test("on win32 the pinned package's codex.exe is found by walking up from the working directory, with backslash paths", async () => {
  const binary = `C:\\work\\${NATIVE_X64}`;
  const { runtime } = windows([binary], "x64", "C:\\work\\app\\packages\\web");
  assert.equal(await resolveCodexBinary({ env: {}, runtime }), binary);
});

test("on win32 arm64 the binary comes from codex-win32-arm64 and its aarch64-pc-windows-msvc folder", async () => {
  const binary = "C:\\work\\app\\node_modules\\@openai\\codex-win32-arm64\\vendor\\aarch64-pc-windows-msvc\\bin\\codex.exe";
  const { runtime } = windows([binary], "arm64");
  assert.equal(await resolveCodexBinary({ env: {}, runtime }), binary);
});

test("on win32 a cwd with forward slashes or a relative part resolves to the same drive-letter path", async () => {
  const binary = `D:\\repo\\${NATIVE_X64}`;
  const { runtime } = windows([binary], "x64", "D:/repo/src/../src");
  assert.equal(await resolveCodexBinary({ env: {}, runtime, cwd: "D:/repo/src/../src" }), binary);
});

test("on win32 PATH is split on ';' and only codex.exe is taken, never an npm codex.cmd shim or an extensionless codex", async () => {
  const { runtime } = windows(["C:\\shims\\codex.cmd", "C:\\shims\\codex", "C:\\Tools\\Codex\\codex.exe"]);
  const found = await resolveCodexBinary({ env: { PATH: "C:\\shims;;C:\\Tools\\Codex" }, runtime });
  assert.equal(found, "C:\\Tools\\Codex\\codex.exe");
  const { runtime: shimsOnly } = windows(["C:\\shims\\codex.cmd"]);
  const error = await resolveCodexBinary({ env: { PATH: "C:\\shims" }, runtime: shimsOnly }).catch((e) => e);
  assert.ok(error instanceof CodexNotFoundError);
  assert.equal(error.platformPackage, "@openai/codex-win32-x64");
  assert.ok(error.tried.includes("codex.exe on PATH: not found"), error.tried.join("\n"));
});

test("on win32 codex.exe is spawned directly (no shell, no cmd.exe), with each argument its own, however it is quoted", async () => {
  const binary = `C:\\Program Files\\Codex\\codex.exe`;
  const { runtime, spawned } = windows([binary]);
  const args = ["-c", 'model="a model with spaces & ^carets"', "app-server"];
  const started = await startProcessConnection({ runtime, command: binary, args, env: { SystemRoot: "C:\\Windows" } });
  assert.equal(spawned.length, 1);
  assert.equal(spawned[0].command, binary, "the .exe itself, not cmd.exe /c");
  assert.deepEqual(spawned[0].options.args, args, "arguments passed as a list, never joined into a command line");
  assert.equal("shell" in spawned[0].options, false, "the spawn contract has no shell at all");
  spawned[0].exit({ exitCode: 0, signal: null });
  await started.connection.close();
});

test("on win32 closing a server that ignores end of input terminates it at the first kill, and close() returns", async () => {
  const { runtime, spawned } = windows([]);
  const started = await startProcessConnection({
    runtime,
    command: "C:\\codex.exe",
    args: ["app-server"],
    env: {},
    killGraceMs: 20,
  });
  started.connection.start({ message: () => {}, error: () => {}, closed: () => {} });
  await started.connection.close();
  assert.deepEqual(spawned[0].signals, ["SIGTERM"], "TerminateProcess ends it: no SIGKILL needed");
});
