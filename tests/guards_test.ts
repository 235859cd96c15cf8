// The high-level Codex's edge guards: an optOutNotifications list that would mute what the API
// needs is refused at start; 0.160's currentTime/read server request gets its answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Codex, InvalidArgumentError } from "../mod.ts";
import { MockModel } from "../testing.ts";
import { fakeCodex } from "./_support/fake_codex.ts";

test("opting out of turn/completed or item/completed is refused with InvalidArgumentError naming them", async () => {
  await assert.rejects(
    Codex.start({ optOutNotifications: ["item/agentMessage/delta", "turn/completed", "item/completed"] }),
    (error) => {
      assert.ok(error instanceof InvalidArgumentError);
      assert.equal(error.argument, "optOutNotifications");
      assert.match(error.message, /turn\/completed \(without it run\(\) and stream\(\) would never end\)/);
      assert.match(error.message, /item\/completed/);
      assert.doesNotMatch(error.message, /agentMessage\/delta/);
      return true;
    },
  );
  await assert.rejects(Codex.connect("ws://127.0.0.1:1", { optOutNotifications: ["fs/changed"] }), /codex\.fs\.watch/);
});

test("opting out of what run() does not need works: a turn still completes, without deltas", async () => {
  await using mock = await MockModel.start();
  mock.queueText("done");
  await using codex = await Codex.start({ env: mock.env, optOutNotifications: ["item/agentMessage/delta"] });
  const turn = await (await codex.threadStart()).turn("hi");
  const methods: string[] = [];
  for await (const event of turn.stream()) methods.push(event.method);
  assert.ok(!methods.includes("item/agentMessage/delta"));
  assert.equal((await turn.run()).finalResponse, "done");
});

test("an older server's currentTime/read gets { currentTimeAt } in Unix seconds", async () => {
  // Fake server: codex 0.160 sends currentTime/read only under conditions the scripted model
  // does not produce here (its `current_time_reminder` feature did not send it offline).
  const { codex, server } = await fakeCodex();
  try {
    const before = Math.floor(Date.now() / 1000);
    await server.send({ id: 0, method: "currentTime/read", params: { threadId: "t1" } });
    const reply = await server.nextMessage();
    assert.equal(reply.id, 0);
    const { currentTimeAt } = reply.result as { currentTimeAt: number };
    assert.ok(Number.isInteger(currentTimeAt) && currentTimeAt >= before && currentTimeAt <= before + 5);
  } finally {
    await codex.close();
  }
});
