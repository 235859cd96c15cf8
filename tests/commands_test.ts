// codex.exec and codex.spawn against the real codex binary (`command/exec` runs in its sandbox,
// no thread needed): results, timeouts and aborts, streamed output, stdin, a tty, kill.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AbortError, InvalidArgumentError } from "../mod.ts";
import { CommandTimeoutError } from "../client.ts";
import { harness } from "./_support/harness.ts";

test("exec resolves with the exit code and both outputs; a non-zero exit is a result", async () => {
  await using h = await harness();
  const result = await h.codex.exec(["sh", "-c", "echo out; echo err >&2; exit 3"]);
  assert.deepEqual(result, { exitCode: 3, stdout: "out\n", stderr: "err\n" });
});

test("exec runs in cwd with env added to the server's environment", async () => {
  await using h = await harness();
  const dir = mkdtempSync(join(tmpdir(), "sdk-exec-"));
  try {
    const result = await h.codex.exec(["sh", "-c", 'pwd; echo "$GREETING"'], { cwd: dir, env: { GREETING: "hi" } });
    assert.equal(result.stdout, `${dir}\nhi\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("exec is sandboxed: read-only refuses a write, full-access allows it", async () => {
  await using h = await harness();
  const dir = mkdtempSync(join(tmpdir(), "sdk-exec-"));
  try {
    const file = join(dir, "out.txt");
    const refused = await h.codex.exec(["sh", "-c", `echo x > ${file}`], { sandbox: "read-only" });
    assert.notEqual(refused.exitCode, 0);
    assert.match(refused.stderr, /Read-only file system/);
    const allowed = await h.codex.exec(["sh", "-c", `echo x > ${file} && cat ${file}`], { sandbox: "full-access" });
    assert.deepEqual(allowed, { exitCode: 0, stdout: "x\n", stderr: "" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("exec past its timeoutMs terminates the command and rejects with CommandTimeoutError", async () => {
  await using h = await harness();
  const started = Date.now();
  await assert.rejects(h.codex.exec(["sleep", "30"], { timeoutMs: 300 }), (error) => {
    assert.ok(error instanceof CommandTimeoutError);
    assert.equal(error.code, "command_timeout");
    assert.equal(error.timeoutMs, 300);
    return true;
  });
  assert.ok(Date.now() - started < 10_000, "the sleep was terminated, not waited for");
});

test("exec longer than the server's 10 s default is not cut short when no timeoutMs is given", async () => {
  // The server would end it with exit code 124 after 10 s; the SDK turns that default off.
  await using h = await harness();
  const result = await h.codex.exec(["sh", "-c", "sleep 11; echo done"]);
  assert.deepEqual(result, { exitCode: 0, stdout: "done\n", stderr: "" });
});

test("aborting exec terminates the command and rejects with AbortError once it has exited", async () => {
  // The rejection comes with the server's answer to command/exec, which it sends when the
  // process has exited: a rejection well before the sleep's end means the process was ended.
  await using h = await harness();
  const controller = new AbortController();
  const started = Date.now();
  const running = h.codex.exec(["sleep", "30"], { signal: controller.signal });
  controller.abort();
  await assert.rejects(running, AbortError);
  assert.ok(Date.now() - started < 10_000);
  const aborted = AbortSignal.abort();
  await assert.rejects(h.codex.exec(["true"], { signal: aborted }), /aborted before/);
});

test("exec refuses a bad command before anything is sent", async () => {
  await using h = await harness();
  await assert.rejects(h.codex.exec([]), InvalidArgumentError);
  await assert.rejects(h.codex.exec("ls" as unknown as string[]), /command: must be a non-empty array of strings/);
  await assert.rejects(h.codex.exec(["ls"], { timeoutMs: -1 }), /timeoutMs/);
  await assert.rejects(h.codex.exec(["ls"], { sandbox: "nope" as never }), /sandbox/);
});

test("spawn streams output, takes stdin and resolves exited with the whole output", async () => {
  await using h = await harness();
  await using proc = await h.codex.spawn(["sh", "-c", "read line; echo got $line; echo oops >&2"]);
  await proc.write("hello\n");
  const chunks = [];
  for await (const chunk of proc.output) chunks.push(chunk);
  assert.deepEqual(chunks.filter((c) => c.stream === "stdout").map((c) => c.text).join(""), "got hello\n");
  assert.deepEqual(chunks.filter((c) => c.stream === "stderr").map((c) => c.text).join(""), "oops\n");
  assert.deepEqual(await proc.exited, { exitCode: 0, stdout: "got hello\n", stderr: "oops\n" });
});

test("spawn: closeStdin ends the input of a command reading to the end", async () => {
  await using h = await harness();
  await using proc = await h.codex.spawn(["cat"]);
  await proc.write(new TextEncoder().encode("bytes too\n"));
  await proc.closeStdin();
  assert.deepEqual(await proc.exited, { exitCode: 0, stdout: "bytes too\n", stderr: "" });
});

test("spawn with tty runs in a terminal of that size, and resize changes it", async () => {
  await using h = await harness();
  await using proc = await h.codex.spawn(["sh", "-c", "stty size; read x; stty size"], { tty: { rows: 10, cols: 40 } });
  const output = proc.output[Symbol.asyncIterator]();
  let seen = "";
  while (!seen.includes("10 40")) seen += (await output.next()).value?.text ?? "";
  await proc.resize({ rows: 20, cols: 50 });
  await proc.write("go\n");
  const result = await proc.exited;
  assert.match(result.stdout, /10 40\r?\n[\s\S]*20 50/);
});

test("kill ends a spawned process (exit code 137), and await using kills what still runs", async () => {
  await using h = await harness();
  const proc = await h.codex.spawn(["sleep", "30"]);
  await proc.kill();
  assert.equal((await proc.exited).exitCode, 137);
  let leftRunning;
  {
    await using running = await h.codex.spawn(["sleep", "31"]);
    leftRunning = running;
  }
  assert.equal(leftRunning.hasExited, true);
});

test("spawn past its timeoutMs rejects exited with CommandTimeoutError", async () => {
  await using h = await harness();
  await using proc = await h.codex.spawn(["sleep", "30"], { timeoutMs: 200 });
  await assert.rejects(proc.exited, CommandTimeoutError);
});
