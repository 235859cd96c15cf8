// Codex.start({ restart }): the local app-server is SIGKILLed (the real binary, the scripted
// model) and the SDK starts it again, resumes the threads and reports the gap.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { type ClientEvent, type Codex, InvalidArgumentError, TransportClosedError, type TurnEvent } from "../mod.ts";
import { inputTexts } from "../testing.ts";
import { harness } from "./_support/harness.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with the next `connection/gap` of `codex.notifications()`. */
function nextGap(codex: Codex): Promise<ClientEvent> {
  return (async () => {
    for await (const event of codex.notifications()) if (event.method === "connection/gap") return event;
    throw new Error("notifications ended without a gap");
  })();
}

test("with restart, a killed app-server between turns is started again and the thread carries on", async () => {
  await using h = await harness({ codex: { restart: { initialDelayMs: 50 } } });
  const thread = await h.codex.threadStart();
  h.mock.queueText("First answer.");
  await thread.run("Remember the word pelican.");
  const firstPid = h.codex.pid!;
  const gap = nextGap(h.codex);
  process.kill(firstPid, "SIGKILL");
  const event = await gap;
  assert.equal(event.method, "connection/gap");
  assert.deepEqual((event.params as { threadIds: string[] }).threadIds, [thread.id]);
  const secondPid = h.codex.pid!;
  assert.notEqual(secondPid, firstPid, "a new process runs");
  assert.ok(!alive(firstPid));

  h.mock.queueText("Pelican.");
  const result = await thread.run("Which word?");
  assert.equal(result.finalResponse, "Pelican.");
  const asked = inputTexts(h.mock.requests.at(-1)!);
  assert.ok(asked.includes("Remember the word pelican."), "the resumed thread kept its history");
  await h.codex.close();
  assert.ok(!alive(secondPid), "close() stops the restarted process");
});

test("with restart, a turn running when the app-server dies ends as the restarted server records it (interrupted), with the gap in its stream", async () => {
  await using h = await harness({ codex: { restart: { initialDelayMs: 50 } } });
  const thread = await h.codex.threadStart();
  const held = h.mock.queueHeld();
  const turn = await thread.turn("Long work");
  const events: TurnEvent[] = [];
  const consumed = (async () => {
    for await (const event of turn.stream()) events.push(event);
  })();
  await held.started;
  process.kill(h.codex.pid!, "SIGKILL");
  const result = await turn.run();
  await consumed;
  assert.equal(result.status, "interrupted", "the new process's record of the lost turn");
  assert.deepEqual(result.items.map((item) => item.type), ["userMessage"]);
  const gap = events.find((event) => event.method === "connection/gap");
  assert.ok(gap, "the turn's stream reports the gap");
  assert.equal(events.at(-1)?.method, "turn/completed");

  h.mock.queueText("Back.");
  assert.equal((await thread.run("Again")).finalResponse, "Back.");
});

test("with restart, a turn whose app-server dies right after turn/start still ends, whether or not the old process recorded it", async () => {
  await using h = await harness({ codex: { restart: { initialDelayMs: 50 } } });
  const thread = await h.codex.threadStart();
  const held = h.mock.queueHeld();
  const turn = await thread.turn("Long work");
  // No wait for the model request: the old process may die before it records the turn (or,
  // seen on Bun, any of the thread) at all; the turn must end either way, never hang.
  process.kill(h.codex.pid!, "SIGKILL");
  const result = await turn.result;
  assert.equal(result.id, turn.id);
  assert.ok(["interrupted", "failed"].includes(result.status), `ended ${result.status}`);
  if (result.status === "failed") assert.match(result.error?.message ?? "", /lost while the connection was down/);
  held.release("Unused.");
});

test("with restart, calls made while the app-server restarts wait for it", async () => {
  await using h = await harness({ codex: { restart: { initialDelayMs: 3000, jitterRatio: 0 } } });
  const thread = await h.codex.threadStart();
  h.mock.queueText("One.");
  await thread.run("One");
  const pid = h.codex.pid!;
  const closed = new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (!alive(pid)) {
        clearInterval(poll);
        resolve();
      }
    }, 5);
  });
  process.kill(pid, "SIGKILL");
  await closed;
  // Nothing public says "the SDK has seen the exit" (the gap event comes only once the restart is
  // done, which is what this test waits to prove), so give the pipe's close 500 ms to arrive; the
  // restart itself is held back 3 s, so the call below is made while it is under way even on a
  // loaded machine (the margins are wide on both sides: this wait is not an event).
  await new Promise((resolve) => setTimeout(resolve, 500));
  const read = await h.codex.client.request("thread/read", { threadId: thread.id });
  assert.equal(read.thread.id, thread.id);
  assert.notEqual(h.codex.pid, pid);
});

test("with restart, a server that cannot start again is given up after maxAttempts with TransportClosedError", async () => {
  await using h = await harness({ codex: { restart: { initialDelayMs: 20, maxDelayMs: 50, maxAttempts: 2 } } });
  const thread = await h.codex.threadStart();
  // From now on the app-server refuses its config: every restart exits during start.
  await writeFile(join(h.mock.codexHome, "config.toml"), "approval_policy = \"untrusted\"\n");
  const ended = h.codex.client.closed;
  process.kill(h.codex.pid!, "SIGKILL");
  const error = await ended;
  assert.ok(error instanceof TransportClosedError, String(error));
  assert.match(error.message, /gave up reconnecting after 2 attempts/);
  await assert.rejects(thread.run("Anyone?"), TransportClosedError);
});

test("restart is refused when it is not true, false or backoff numbers", async () => {
  const { Codex } = await import("../mod.ts");
  await assert.rejects(Codex.start({ restart: "yes" as never }), InvalidArgumentError);
  await assert.rejects(Codex.start({ restart: { maxAttempts: -1 } }), InvalidArgumentError);
  await assert.rejects(Codex.start({ restart: { maxAttempt: 3 } as never }), /restart\.maxAttempt: is not an option/);
  await assert.rejects(Codex.start({ restart: { maxAttempts: 1.5 } }), /restart\.maxAttempts: must be a whole number/);
});

test("with restart, a request the app-server's death cut off is sent again to the new process", async () => {
  await using h = await harness({ codex: { restart: { initialDelayMs: 50 } } });
  const dir = await mkdtemp(join(tmpdir(), "codex-resend-"));
  try {
    const runs = join(dir, "runs");
    const go = join(dir, "go");
    const countRuns = async (): Promise<number> => (await readFile(runs, "utf8").catch(() => "")).split("\n").length - 1;
    const untilRuns = async (n: number): Promise<void> => {
      while (await countRuns() < n) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    // A command that logs each run, then waits for `go`: its request stays unanswered until then.
    const script = `echo run >> '${runs}'; while [ ! -e '${go}' ]; do sleep 0.05; done; echo done`;
    const pending = h.codex.client.request("command/exec", {
      command: ["sh", "-c", script],
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    await untilRuns(1);
    const pid = h.codex.pid!;
    process.kill(pid, "SIGKILL");
    await untilRuns(2); // the new process got the request and runs the command again
    assert.notEqual(h.codex.pid, pid);
    await writeFile(go, "");
    const result = await pending;
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /done/);
  } finally {
    await writeFile(join(dir, "go"), "").catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
});
