// CodexPool over three real app-servers, each with its own scripted model and CODEX_HOME (as
// three machines would have).
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { CodexPool, EndpointDownError, type Thread, TransportClosedError } from "../mod.ts";
import { MockModel } from "../testing.ts";
import { waitGone } from "./_support/process.ts";

test("a pool spreads 30 threads over 3 servers, survives one being killed, and close() leaves no process", async () => {
  const mocks = await Promise.all([MockModel.start(), MockModel.start(), MockModel.start()]);
  const pool = await CodexPool.start(mocks.map((mock) => ({ env: mock.env })));
  try {
    const threads: Thread[] = [];
    for (let i = 0; i < 30; i++) threads.push(await pool.threadStart());
    const perEndpoint = [0, 1, 2].map((e) => threads.filter((t) => pool.endpointOf(t.id) === e).length);
    assert.ok(perEndpoint.every((n) => n > 0), `every endpoint got threads: ${perEndpoint}`);
    assert.equal(perEndpoint.reduce((a, b) => a + b), 30);

    // Endpoint 2's model holds every request open; it will be killed mid-turn.
    const doomed = threads.filter((t) => pool.endpointOf(t.id) === 2);
    const held = doomed.map(() => mocks[2].queueHeld());
    const runs = threads.map((thread) => thread.run(`hello from ${thread.id}`).then((r) => r, (e: unknown) => e));
    await Promise.all(held.map((h) => h.started));
    const victim = pool.endpoints[2];
    assert.equal(victim.alive, true);
    const pids = pool.members.map((codex) => codex.pid!);
    process.kill(pids[2], "SIGKILL");

    const outcomes = await Promise.all(runs);
    threads.forEach((thread, i) => {
      const outcome = outcomes[i];
      if (pool.endpointOf(thread.id) === 2) {
        assert.ok(outcome instanceof TransportClosedError, `thread on the killed server fails clearly: ${outcome}`);
        assert.match((outcome as TransportClosedError).message, /SIGKILL/);
      } else {
        assert.equal((outcome as { finalResponse: string }).finalResponse, `Mock reply to: hello from ${thread.id}`);
      }
    });
    assert.equal(pool.endpoints[2].alive, false);
    assert.throws(() => pool.thread(doomed[0].id), EndpointDownError);
    const next = await pool.threadStart();
    assert.notEqual(pool.endpointOf(next.id), 2, "new threads avoid the dead endpoint");
    assert.match((await next.run("still working")).finalResponse ?? "", /still working/);

    await pool.close();
    for (const pid of pids) assert.ok(await waitGone(pid), `app-server ${pid} left running`);
  } finally {
    await pool.close();
    await Promise.all(mocks.map((mock) => mock.close()));
  }
});

