// What @codex/sdk/compat adds to being the same as @openai/codex-sdk (differential_test.ts):
// one lazily started app-server, shared, never keeping the program alive; close() and
// await using as extensions; the native API behind it; errors that are CodexError subclasses.
// Against the real codex binary and MockModel, on Deno, Bun and Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Codex, CompatArgumentError, ExecExitError, TurnFailedCompatError } from "../../compat.ts";
import { CodexError, InvalidArgumentError, Thread as NativeThread } from "../../mod.ts";
import { failureReply, MockModel } from "../../testing.ts";
import { childPids, isAlive, waitGone } from "../_support/process.ts";

async function withMock(fn: (mock: MockModel) => Promise<void>): Promise<void> {
  const mock = await MockModel.start();
  try {
    await fn(mock);
  } finally {
    await mock.close();
  }
}

const envOf = (mock: MockModel): Record<string, string> => ({ ...(process.env as Record<string, string>), ...mock.env });

test("an official-SDK program that never closes anything exits on its own, and its app-server with it", async () => {
  await withMock(async (mock) => {
    const ext = import.meta.url.endsWith(".js") ? ".js" : ".ts";
    const script = fileURLToPath(new URL(`./exit_child${ext}`, import.meta.url));
    const args = (globalThis as { Deno?: unknown }).Deno ? ["run", "-A", script] : [script];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, COMPAT_CHILD_ENV: JSON.stringify(mock.env), NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    clearTimeout(timer);
    assert.equal(code, 0, `the program did not exit on its own (killed after 30 s?):\n${stderr}`);
    const { pid, answers } = JSON.parse(stdout.trim().split("\n").at(-1)!);
    assert.deepEqual(answers, ["Mock reply to: first", "Mock reply to: second"]);
    assert.ok(await waitGone(pid, 5000), `the app-server ${pid} outlived the program`);
  });
});

test("the app-server starts at the first turn, not before, and all threads share it", async () => {
  await withMock(async (mock) => {
    await using codex = new Codex({ env: envOf(mock) });
    const before = childPids(process.pid);
    const a = codex.startThread({ skipGitRepoCheck: true });
    const b = codex.startThread({ skipGitRepoCheck: true });
    assert.deepEqual(childPids(process.pid), before, "no process before the first turn");
    await a.run("one");
    await b.run("two");
    const started = childPids(process.pid).filter((pid) => !before.includes(pid));
    assert.equal(started.length, 1, "one app-server for both threads");
    assert.equal((await codex.native()).pid, started[0]);
    assert.notEqual(a.id, b.id);
  });
});

test("compat Codex objects made with the same options share one app-server", async () => {
  await withMock(async (mock) => {
    await using first = new Codex({ env: envOf(mock) });
    await using second = new Codex({ env: envOf(mock) });
    const thread = first.startThread({ skipGitRepoCheck: true });
    await thread.run("one");
    const resumed = await second.resumeThread(thread.id!, { skipGitRepoCheck: true }).run("two");
    assert.equal(resumed.finalResponse, "Mock reply to: two");
    assert.equal((await first.native()).pid, (await second.native()).pid);
  });
});

test("close() (an extension) stops the app-server; await using closes too; a closed Codex starts no turn", async () => {
  await withMock(async (mock) => {
    let pid: number | undefined;
    {
      await using codex = new Codex({ env: envOf(mock), config: { model: "closing-test" } });
      await codex.startThread({ skipGitRepoCheck: true }).run("x");
      pid = (await codex.native()).pid;
      assert.ok(pid !== undefined && isAlive(pid));
    }
    assert.ok(await waitGone(pid!, 5000), "await using stopped the app-server");
    const codex = new Codex({ env: envOf(mock) });
    await codex.close();
    await assert.rejects(codex.startThread({ skipGitRepoCheck: true }).run("x"), (error: unknown) => error instanceof CodexError);
  });
});

test("thread.native() reaches the native Thread for the same id, on the same app-server", async () => {
  await withMock(async (mock) => {
    await using codex = new Codex({ env: envOf(mock) });
    const thread = codex.startThread({ skipGitRepoCheck: true });
    await thread.run("compat turn");
    const native = await thread.native();
    assert.ok(native instanceof NativeThread);
    assert.equal(native.id, thread.id);
    const result = await native.run("native turn");
    assert.equal(result.finalResponse, "Mock reply to: native turn");
    assert.equal((await thread.run("compat again")).finalResponse, "Mock reply to: compat again");
  });
});

test("errors keep the official messages and are CodexError subclasses underneath", async () => {
  await withMock(async (mock) => {
    await using codex = new Codex({ env: envOf(mock) });
    mock.queue(failureReply({ message: "boom" }), failureReply({ message: "boom" }));
    const run = await codex.startThread({ skipGitRepoCheck: true }).run("x").catch((e) => e);
    assert.ok(run instanceof TurnFailedCompatError && run instanceof CodexError && run instanceof Error);
    assert.equal(run.message, "stream disconnected before completion: boom");
    const { events } = await codex.startThread({ skipGitRepoCheck: true }).runStreamed("y");
    const streamed = await (async () => {
      for await (const _ of events) { /* drain */ }
    })().catch((e) => e);
    assert.ok(streamed instanceof ExecExitError && streamed instanceof CodexError);
    assert.match(streamed.message, /^Codex Exec exited with code 1: stream disconnected before completion: boom$/);
    const dir = await mkdtemp(join(tmpdir(), "compat-nogit-"));
    const refused = await codex.startThread({ workingDirectory: dir }).run("z").catch((e) => e);
    assert.ok(refused instanceof ExecExitError);
    assert.match(refused.message, /Not inside a trusted directory and --skip-git-repo-check was not specified\./);
    const bad = await new Codex({ env: envOf(mock), config: { a: null as never } }).startThread().run("x").catch((e) => e);
    assert.ok(bad instanceof CompatArgumentError && bad instanceof InvalidArgumentError);
    assert.equal(bad.message, "Codex config override at a cannot be null");
    const schema = await codex.startThread({ skipGitRepoCheck: true }).run("x", { outputSchema: [] }).catch((e) => e);
    assert.ok(schema instanceof CompatArgumentError);
    assert.equal(schema.message, "outputSchema must be a plain JSON object");
  });
});

test("a consumer that stops reading early ends the turn (as the official SDK kills its process)", async () => {
  await withMock(async (mock) => {
    await using codex = new Codex({ env: envOf(mock) });
    const thread = codex.startThread({ skipGitRepoCheck: true });
    const held = mock.queueHeld();
    const { events } = await thread.runStreamed("long");
    for await (const event of events) {
      if (event.type !== "turn.started") continue;
      await held.started; // the model is at work
      break;
    }
    assert.equal(await held.ended, "clientClosed", "the turn was interrupted: its model request was dropped");
    assert.equal((await thread.run("next")).finalResponse, "Mock reply to: next");
  });
});

test("a signal aborted before the turn rejects with an AbortError and starts nothing", async () => {
  await withMock(async (mock) => {
    await using codex = new Codex({ env: envOf(mock), config: { model: "abort-test" } });
    const { events } = await codex.startThread({ skipGitRepoCheck: true }).runStreamed("x", { signal: AbortSignal.abort() });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const event of events) seen.push(event);
    })().catch((e) => e);
    assert.deepEqual(seen, []);
    assert.equal(error?.name, "AbortError");
    assert.equal(error?.message, "The operation was aborted");
    assert.ok(error instanceof CodexError);
    assert.equal(mock.requests.length, 0);
  });
});
