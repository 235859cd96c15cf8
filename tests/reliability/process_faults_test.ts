// Reliability: the app-server process dies, refuses to start, or outlives its host. All against
// the real codex binary; the host-exit tests run a small host program (host_child.ts) as a child
// process of this runtime and check that the app-server it started does not outlive it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { Codex, TransportClosedError, type TurnEvent } from "../../mod.ts";
import { MockModel } from "../../testing.ts";
import { isAlive, waitGone } from "../_support/process.ts";
import { deadline, settled, sleep, watchUnhandled } from "./_support.ts";

test("SIGKILL of the app-server mid-turn: run(), stream() and every pending request reject with TransportClosedError at once", async () => {
  const unhandled = watchUnhandled();
  try {
    await using mock = await MockModel.start();
    const heldA = mock.queueHeld();
    const heldB = mock.queueHeld();
    // RUST_LOG=info: the server writes to stderr, so the error has a tail to carry.
    const codex = await Codex.start({ env: { ...mock.env, RUST_LOG: "info" } });
    try {
      const [a, b] = await Promise.all([codex.threadStart(), codex.threadStart()]);
      const streamed = await a.turn("stream this");
      await deadline(heldA.started, 10_000, "turn A reaching the model");
      const running = b.run("run this");
      await deadline(heldB.started, 10_000, "turn B reaching the model");
      const events: TurnEvent[] = [];
      const streaming = settled((async () => {
        for await (const event of streamed.stream()) events.push(event);
      })());
      // Unsandboxed: killed while it sets up a sandboxed command, the binary leaves its sandbox
      // helper (codex-linux-sandbox and a bwrap probe) blocked forever; a bare `sleep` orphaned
      // by the kill ends on its own.
      const unsandboxed = { sandboxPolicy: { type: "dangerFullAccess" as const } };
      const pending = [
        codex.client.request("command/exec", { command: ["sleep", "30"], ...unsandboxed }),
        codex.client.request("command/exec", { command: ["sleep", "31"], ...unsandboxed }),
      ];
      // A later request answered: the server has read the two before it (it reads in order).
      await codex.client.request("model/list", {});
      const waits = [settled(running), streaming, ...pending.map(settled)];

      const killedAt = Date.now();
      process.kill(codex.pid!, "SIGKILL");
      const outcomes = await deadline(
        Promise.all(waits),
        5000,
        "run(), stream() and the pending requests",
      );

      const names = ["run()", "stream()", "command/exec #1", "command/exec #2"];
      outcomes.forEach((outcome, i) => {
        assert.equal(outcome.ok, false, `${names[i]} should reject`);
        const error = outcome.error as TransportClosedError;
        assert.ok(error instanceof TransportClosedError, `${names[i]}: got ${error}`);
        assert.equal(error.signal, "SIGKILL", `${names[i]}: the exit signal is on the error`);
        assert.match(error.message, /SIGKILL/);
        assert.ok(
          Array.isArray(error.stderrTail) && error.stderrTail.length > 0,
          `${names[i]}: the stderr tail is on the error`,
        );
        // "At once" against the 300 s request timeout they would otherwise wait for; 5 s is
        // far below that and far above a loaded machine's scheduling delays.
        const elapsed = outcome.at - killedAt;
        assert.ok(elapsed < 5000, `${names[i]} took ${elapsed} ms`);
      });
      assert.equal(
        events[0]?.method,
        "turn/started",
        "the stream had delivered the turn's events up to the kill",
      );
      assert.ok(codex.client.isClosed);
      await assert.rejects(
        codex.client.request("model/list", {}),
        TransportClosedError,
        "later requests fail at once",
      );
      await assert.rejects(b.run("after the crash"), TransportClosedError);
      await deadline(codex.close(), 2000, "close() after the crash");
    } finally {
      await codex.close();
    }
    // Not a wait for an event: a rejection nobody handled is reported a tick later, if at all.
    await sleep(50);
    assert.deepEqual(unhandled.errors, [], "no unhandled rejection");
  } finally {
    unhandled.stop();
  }
});

test("a config the app-server refuses at start makes Codex.start reject when the process exits, not after the start timeout, quoting the error", async () => {
  // Once through a -c flag, once through config.toml in CODEX_HOME.
  for (
    const { mockOptions, startOptions, quote } of [
      {
        mockOptions: {},
        startOptions: { configOverrides: ['sandbox_mode="sometimes"'] },
        quote: /unknown variant `sometimes`/,
      },
      {
        mockOptions: { approvalPolicy: "untrusted" as const },
        startOptions: {},
        quote: /approval_policy = "untrusted" is no longer supported/,
      },
    ]
  ) {
    await using mock = await MockModel.start(mockOptions);
    const started = Date.now();
    const outcome = await settled(
      deadline(Codex.start({ env: mock.env, ...startOptions }), 20_000, "Codex.start"),
    );
    const elapsed = Date.now() - started;
    if (outcome.ok) await (outcome.value as Codex).close();
    const error = outcome.error as TransportClosedError;
    assert.ok(
      error instanceof TransportClosedError,
      `got ${outcome.ok ? "a started Codex" : error}`,
    );
    assert.match(error.message, /during start/);
    assert.match(
      error.message.split("\n")[0],
      quote,
      "the config error is in the first line of the message",
    );
    assert.equal(error.exitCode, 1);
    // The bound is the feature: failing when the process exits, not after the 30 s start
    // timeout. 10 s is generous for a loaded machine and still far from 30 s.
    assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
  }
});

test("close() during a running turn fails the turn with TransportClosedError and leaves no codex process", async () => {
  await using mock = await MockModel.start();
  const held = mock.queueHeld();
  const codex = await Codex.start({ env: mock.env });
  const pid = codex.pid!;
  const thread = await codex.threadStart();
  const running = settled(thread.run("long job"));
  await deadline(held.started, 10_000, "the turn reaching the model");
  const exec = settled(codex.client.request("command/exec", { command: ["sleep", "30"] }));
  // A later request answered: the server has read command/exec before it (it reads in order).
  await codex.client.request("model/list", {});
  await deadline(codex.close(), 5000, "close()");
  const [turn, request] = await deadline(
    Promise.all([running, exec]),
    1000,
    "the turn and the request",
  );
  assert.ok(turn.error instanceof TransportClosedError, `run() got ${turn.error}`);
  assert.ok(request.error instanceof TransportClosedError, `command/exec got ${request.error}`);
  assert.ok(await waitGone(pid, 3000), `codex app-server ${pid} still running after close()`);
});

/** Where the host program is, for this runtime (Node runs the compiled .js copy). */
function hostCommand(mode: string): { command: string; args: string[] } {
  const ext = import.meta.url.endsWith(".js") ? ".js" : ".ts";
  const script = fileURLToPath(new URL(`./host_child${ext}`, import.meta.url));
  const runtime = (globalThis as { Deno?: unknown; Bun?: unknown }).Deno
    ? "deno"
    : (globalThis as { Bun?: unknown }).Bun
    ? "bun"
    : "node";
  const args = runtime === "deno" ? ["run", "-A", script, mode] : [script, mode];
  return { command: process.execPath, args };
}

/** Runs the host program and resolves with the app-server pid it printed and its exit. */
async function startHost(env: Record<string, string>, mode: "exit" | "throw" | "wait") {
  const { command, args } = hostCommand(mode);
  const child: ChildProcess = spawn(command, args, {
    cwd: process.cwd(),
    env: { ...process.env, HOST_CHILD_ENV: JSON.stringify(env), NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal }))
  );
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const line = new Promise<{ pid: number }>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const nl = stdout.indexOf("\n");
      if (nl !== -1) resolve(JSON.parse(stdout.slice(0, nl)));
    });
    exited.then(({ code }) =>
      reject(new Error(`the host exited (${code}) before printing a pid:\n${stderr}`))
    );
  });
  const { pid } = await deadline(line, 15_000, "the host program's app-server pid");
  // Tells the host to go on (to exit, crash or wait) once its turn is with the model.
  const go = (): void => void child.stdin!.write("go\n");
  let seenGone = false;
  return {
    child,
    pid,
    exited,
    go,
    stderr: () => stderr,
    /** Whether the app-server is gone within `ms`. */
    async appServerGone(ms: number): Promise<boolean> {
      return (seenGone = await waitGone(pid, ms));
    },
    /** Whatever the test's outcome, leaves neither the host nor its app-server running. */
    async [Symbol.asyncDispose]() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
      // Only a pid not yet seen gone: a pid seen gone may already belong to another process.
      if (!seenGone && isAlive(pid)) process.kill(pid, "SIGKILL");
    },
  };
}

for (const mode of ["exit", "throw"] as const) {
  const how = mode === "exit"
    ? "calls process.exit() without close()"
    : "dies of an uncaught exception";
  test(`a host that ${how} mid-turn leaves no codex process behind`, async () => {
    await using mock = await MockModel.start();
    const held = mock.queueHeld();
    await using host = await startHost(mock.env, mode);
    assert.ok(isAlive(host.pid), "the app-server was running");
    await deadline(held.started, 10_000, "the host's turn reaching the model");
    host.go();
    await deadline(host.exited, 5000, "the host's exit");
    assert.ok(
      await host.appServerGone(5000),
      `codex app-server ${host.pid} outlived its host by 5 s`,
    );
  });
}

test("a host killed with SIGKILL mid-turn leaves no codex process behind", async () => {
  await using mock = await MockModel.start();
  const held = mock.queueHeld();
  await using host = await startHost(mock.env, "wait");
  await deadline(held.started, 10_000, "the host's turn reaching the model");
  host.child.kill("SIGKILL");
  await deadline(host.exited, 5000, "the host's exit");
  assert.ok(
    await host.appServerGone(5000),
    `codex app-server ${host.pid} outlived its killed host by 5 s`,
  );
});
