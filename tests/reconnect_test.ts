// Reconnecting to a remote app-server after the network drops (the `reconnect` option of
// Codex.connect), against the real binary listening on loopback behind a cuttable TCP relay.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type ClientEvent, Codex, InvalidArgumentError, TransportClosedError, type TurnEvent } from "../mod.ts";
import { MockModel } from "../testing.ts";
import { startListener } from "./_support/app_server_listener.ts";
import { tcpProxy } from "./_support/tcp_proxy.ts";

test("with reconnect, a dropped connection comes back: threads are resubscribed, the gap is reported, the turn completes", async () => {
  await using mock = await MockModel.start();
  await using listener = await startListener({ env: mock.env, transport: "ws", token: "reconnect-token-123456" });
  const port = Number(new URL(listener.url).port);
  const proxy = await tcpProxy(port);
  try {
    await using codex = await Codex.connect(`ws://127.0.0.1:${proxy.port}`, {
      token: "reconnect-token-123456",
      reconnect: { initialDelayMs: 50, maxAttempts: 20 },
    });
    const gaps: ClientEvent[] = [];
    const watching = (async () => {
      for await (const event of codex.notifications()) if (event.method === "connection/gap") gaps.push(event);
    })();
    const thread = await codex.threadStart();
    mock.queueText("before the drop");
    assert.equal((await thread.run("first")).finalResponse, "before the drop");

    const held = mock.queueHeld();
    const turn = await thread.turn("long work");
    const events: TurnEvent[] = [];
    let sawGap = (): void => {};
    const gapSeen = new Promise<void>((resolve) => sawGap = resolve);
    const consumed = (async () => {
      for await (const event of turn.stream()) {
        events.push(event);
        if (event.method === "connection/gap") sawGap();
      }
    })();
    await held.started;
    const pending = codex.client.request("thread/read", { threadId: thread.id });
    proxy.cut();
    await assert.rejects(pending, TransportClosedError, "what was pending at the drop fails");
    // Requests made while reconnecting wait for the new connection.
    const info = await codex.client.request("thread/read", { threadId: thread.id });
    assert.equal(info.thread.id, thread.id);
    // The gap event comes once the threads are resubscribed: only then can the answer stream live.
    await gapSeen;
    held.release("after the drop");
    await consumed;
    const result = await turn.run();
    assert.equal(result.status, "completed");
    const gap = events.find((e) => e.method === "connection/gap");
    assert.ok(gap && gap.method === "connection/gap", "the turn's stream reports the gap");
    assert.deepEqual(gap.params.threadIds, [thread.id]);
    assert.ok(gap.params.restoredAt >= gap.params.lostAt);
    assert.equal(events.at(-1)?.method, "turn/completed");
    assert.equal(gaps.length, 1, "notifications() reports it too");
    mock.queueText("after reconnect");
    assert.equal((await thread.run("again")).finalResponse, "after reconnect");
    // The held reply was released only after the reconnect, so its answer reached the stream as
    // a live event over the new connection: the thread was resubscribed.
    const answered = events.some((e) =>
      e.method === "item/completed" && e.params.item.type === "agentMessage" && e.params.item.text === "after the drop"
    );
    assert.ok(answered, `the answer streamed live after the reconnect: ${events.map((e) => e.method).join(", ")}`);
    await codex.close();
    await watching;
  } finally {
    await proxy.close();
  }
});

test("without reconnect (the default), a dropped connection fails everything with TransportClosedError", async () => {
  await using mock = await MockModel.start();
  await using listener = await startListener({ env: mock.env, transport: "ws" });
  const proxy = await tcpProxy(Number(new URL(listener.url).port));
  try {
    await using codex = await Codex.connect(`ws://127.0.0.1:${proxy.port}`);
    const thread = await codex.threadStart();
    const held = mock.queueHeld();
    const turn = await thread.turn("work");
    await held.started;
    proxy.cut();
    await assert.rejects(turn.run(), TransportClosedError);
    await assert.rejects(codex.client.request("thread/read", { threadId: thread.id }), TransportClosedError);
  } finally {
    await proxy.close();
  }
});

test("reconnect is refused, before connecting, when it is not true, false or backoff numbers", async () => {
  // Port 9 (discard) on loopback: nothing is opened, the option is checked first.
  const url = "ws://127.0.0.1:9";
  await assert.rejects(Codex.connect(url, { reconnect: "yes" as never }), InvalidArgumentError);
  await assert.rejects(Codex.connect(url, { reconnect: { initialDelayMs: -5 } }), /reconnect\.initialDelayMs: must be a number ≥ 0/);
  await assert.rejects(Codex.connect(url, { reconnect: { retries: 3 } as never }), /reconnect\.retries: is not an option/);
});
