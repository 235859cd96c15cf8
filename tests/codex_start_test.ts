// Codex.start / close against the real (pinned) codex binary and MockModel, through the
// low-level client: the foundation every higher-level test stands on.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Codex,
  CodexError,
  CodexNotFoundError,
  InvalidArgumentError,
  TransportClosedError,
} from "../mod.ts";
import { MockModel } from "../testing.ts";
import { CODEX_VERSION } from "../src/protocol/generated/methods.ts";
import { isAlive, waitGone } from "./_support/process.ts";

test("start runs initialize; a turn's notifications arrive in order and end with turn/completed carrying the scripted text", async () => {
  await using mock = await MockModel.start();
  mock.queueText("Hello from the scripted model", { deltas: 3 });
  const codex = await Codex.start({ env: mock.env });
  try {
    assert.ok(codex.metadata.userAgent.includes(`/${CODEX_VERSION} `), codex.metadata.userAgent);
    assert.equal(codex.metadata.codexHome, mock.codexHome);

    const events: { method: string; params: Record<string, unknown> }[] = [];
    let done!: () => void;
    const completed = new Promise<void>((resolve) => (done = resolve));
    codex.client.onNotification((n) => {
      events.push(n as { method: string; params: Record<string, unknown> });
      if (n.method === "turn/completed") done();
    });

    const { thread } = await codex.client.request("thread/start", {}) as { thread: { id: string } };
    const { turn } = await codex.client.request("turn/start", {
      threadId: thread.id,
      input: [{ type: "text", text: "say hello", text_elements: [] }],
    }) as { turn: { id: string; status: string } };
    assert.equal(turn.status, "inProgress");
    await completed;

    const ofTurn = events.filter((e) => e.params?.turnId === turn.id || (e.params?.turn as { id?: string })?.id === turn.id);
    const methods = ofTurn.map((e) => e.method);
    assert.equal(methods[0], "turn/started");
    assert.equal(methods.at(-1), "turn/completed");
    const deltas = ofTurn.filter((e) => e.method === "item/agentMessage/delta").map((e) => e.params.delta).join("");
    assert.equal(deltas, "Hello from the scripted model");
    const message = ofTurn.find((e) => e.method === "item/completed" && (e.params.item as { type: string }).type === "agentMessage");
    assert.equal((message!.params.item as { text: string }).text, "Hello from the scripted model");
    assert.ok(methods.indexOf("item/agentMessage/delta") < methods.lastIndexOf("item/completed"), "deltas come before the completed item");
    const completedTurn = ofTurn.at(-1)!.params.turn as { status: string };
    assert.equal(completedTurn.status, "completed");
    assert.equal(mock.requests.length, 1);
  } finally {
    await codex.close();
  }
});

test("close() stops the app-server: no process is left running", async () => {
  await using mock = await MockModel.start();
  const codex = await Codex.start({ env: mock.env });
  const pid = codex.pid!;
  assert.ok(isAlive(pid));
  await codex.close();
  assert.ok(await waitGone(pid), `codex app-server ${pid} still running after close()`);
  await codex.close(); // idempotent
  await assert.rejects(codex.client.request("thread/start", {}), TransportClosedError);
});

test("await using closes the app-server when the block ends", async () => {
  await using mock = await MockModel.start();
  let pid = 0;
  {
    await using codex = await Codex.start({ env: mock.env });
    pid = codex.pid!;
  }
  assert.ok(await waitGone(pid));
});

test("a codexBin that does not exist fails fast, listing what was tried", async () => {
  const started = Date.now();
  await assert.rejects(Codex.start({ codexBin: "/no/such/codex" }), (error: CodexNotFoundError) => {
    assert.ok(error instanceof CodexNotFoundError);
    assert.equal(error.code, "codex_not_found");
    assert.match(error.message, /\/no\/such\/codex \(no such file\)/);
    assert.match(error.message, /pass \{ codexBin \}, or set CODEX_BIN/);
    return true;
  });
  // The bound is the feature ("fails fast": no process is started, nothing is waited for);
  // generous for a loaded machine.
  assert.ok(Date.now() - started < 5000);
});

test("a config the binary refuses makes start fail when the process exits, not after the start timeout, quoting its stderr", async () => {
  await using mock = await MockModel.start();
  const started = Date.now();
  await assert.rejects(
    Codex.start({ env: mock.env, config: { approval_policy: "untrusted" } }),
    (error: TransportClosedError) => {
      assert.ok(error instanceof TransportClosedError);
      assert.equal(error.exitCode, 1);
      assert.match(error.message, /during start/);
      assert.match(error.message, /approval_policy = "untrusted" is no longer supported/);
      assert.ok(error.stderrTail.some((line) => line.includes("no longer supported")));
      return true;
    },
  );
  // The bound is the feature: failing when the process exits, not after the 30 s start
  // timeout. 10 s is generous for a loaded machine and still far from 30 s.
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
});

test("config objects become -c flags the binary applies", async () => {
  await using mock = await MockModel.start();
  await using codex = await Codex.start({ env: mock.env, config: { model: "from-flag-model" } });
  const { thread, model } = await codex.client.request("thread/start", {}) as { thread: { id: string }; model: string };
  assert.ok(thread.id);
  assert.equal(model, "from-flag-model");
});

test("bad options are refused before anything starts, with the option's name", async () => {
  await assert.rejects(Codex.start({ cwd: 42 as unknown as string }), (e: InvalidArgumentError) => e.argument === "cwd");
  await assert.rejects(Codex.start({ env: { A: 1 as unknown as string } }), (e: InvalidArgumentError) => e.argument === "env.A");
  await assert.rejects(Codex.start({ requestTimeoutMs: -1 }), InvalidArgumentError);
  await assert.rejects(Codex.start({ config: { x: null as unknown as string } }), (e: CodexError) => /TOML has no null/.test(e.message));
});

test("the app-server runs in its own session, so a terminal's Ctrl-C reaches this program, not it", async () => {
  const { execFileSync } = await import("node:child_process");
  const { default: process } = await import("node:process");
  const sessionOf = (pid: number) => execFileSync("ps", ["-o", "sid=", "-p", String(pid)]).toString().trim();
  await using mock = await MockModel.start();
  await using codex = await Codex.start({ env: mock.env });
  assert.notEqual(sessionOf(codex.pid!), sessionOf(process.pid));
  assert.equal(sessionOf(codex.pid!), String(codex.pid), "it leads its own session");
});

test("experimental methods are refused with a clear error unless the client opted in", async () => {
  await using mock = await MockModel.start();
  await using codex = await Codex.start({ env: mock.env });
  await assert.rejects(
    codex.client.requestExperimental("thread/start", {}),
    (error: InvalidArgumentError) => error.argument === "method" && /experimentalApi: true/.test(error.message),
  );
});
