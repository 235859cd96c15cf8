// After a restart (`Codex.start({ restart })`) or a reconnect (`Codex.connect(url, { reconnect })`),
// calls are released only once every thread this client had open is resumed: a `thread.run()`
// made at any moment of the restart, without waiting for any event, reaches a server that has
// loaded its thread, and the model sees the thread's earlier turn. The real binary, the scripted
// model; the app-server is SIGKILLed.
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { Codex, type Thread, TransportClosedError, type TurnResult } from "../mod.ts";
import { inputTexts, MockModel } from "../testing.ts";
import { harness } from "./_support/harness.ts";
import { type Listener, startListener } from "./_support/app_server_listener.ts";
import { tcpProxy } from "./_support/tcp_proxy.ts";

const MOMENTS_MS = [0, 100, 300, 1000];

// The moment of the call is what these tests are about, so they wait for time, not for an event.
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Asserts the turn ran on a thread that kept its history: the model saw the earlier turn, and so does `thread/read`. */
async function assertWithHistory(mock: MockModel, thread: Thread, result: TurnResult): Promise<void> {
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  assert.equal(result.finalResponse, "Pelican.");
  const asked = inputTexts(mock.requests.at(-1)!);
  assert.ok(asked.includes("Remember the word pelican."), `the model saw the earlier turn: ${JSON.stringify(asked)}`);
  const read = await thread.read({ includeTurns: true });
  const said = read.turns.flatMap((turn) => turn.items).filter((item) => item.type === "userMessage");
  assert.match(JSON.stringify(said), /Remember the word pelican\./, "thread/read shows the earlier turn");
}

for (const moment of MOMENTS_MS) {
  test(`with restart, thread.run() called ${moment} ms after the app-server is killed completes with the thread's history`, async () => {
    await using h = await harness({ codex: { restart: { initialDelayMs: 50 } } });
    const thread = await h.codex.threadStart();
    h.mock.queueText("Noted.");
    await thread.run("Remember the word pelican.");
    const firstPid = h.codex.pid!;
    // A spare reply: the dying process may have taken the first before the kill landed.
    h.mock.queueText("Pelican.").queueText("Pelican.");
    process.kill(firstPid, "SIGKILL");
    if (moment > 0) await sleep(moment);
    const result = await thread.run("Which word?");
    await assertWithHistory(h.mock, thread, result);
    assert.notEqual(h.codex.pid, firstPid, "a new process ran it");
  });
}

for (const moment of MOMENTS_MS) {
  test(`with reconnect, thread.run() called ${moment} ms after the remote app-server is killed (and started again) completes with the thread's history`, async () => {
    await using mock = await MockModel.start();
    const portOf = (listener: Listener): number => Number(new URL(listener.url).port);
    const first = await startListener({ env: mock.env, transport: "ws" });
    let second: Listener | undefined;
    const proxy = await tcpProxy(portOf(first));
    try {
      await using codex = await Codex.connect(`ws://127.0.0.1:${proxy.port}`, {
        reconnect: { initialDelayMs: 50, maxDelayMs: 200, maxAttempts: 200 },
      });
      const thread = await codex.threadStart();
      mock.queueText("Noted.");
      await thread.run("Remember the word pelican.");
      mock.queueText("Pelican.").queueText("Pelican.");
      const killed = first.kill("SIGKILL");
      // The same server comes back (same CODEX_HOME) behind the same address.
      const restarted = killed.then(() => startListener({ env: mock.env, transport: "ws" })).then((listener) => {
        second = listener;
        proxy.retarget(portOf(listener));
      });
      if (moment > 0) await sleep(moment);
      const outcome = await thread.run("Which word?").catch((error: unknown) => error);
      await restarted;
      if (outcome instanceof Error) {
        // Across a network the SDK cannot tell whether the server carried out a request whose
        // answer the drop cut off, so such a request fails (it is never sent twice); only a call
        // racing the drop itself can be one. Never "thread not found".
        assert.equal(moment, 0, String(outcome));
        assert.ok(outcome instanceof TransportClosedError, String(outcome));
        assert.match(outcome.message, /this request was lost/);
        mock.queueText("Pelican.");
        await assertWithHistory(mock, thread, await thread.run("Which word?"));
      } else {
        await assertWithHistory(mock, thread, outcome as TurnResult);
      }
    } finally {
      await proxy.close();
      await first[Symbol.asyncDispose]();
      await second?.[Symbol.asyncDispose]();
    }
  });
}
