// A user's program in plain JavaScript, as installed from npm (or loaded from JSR's file set):
// one turn on the real codex binary against the scripted model, with its reply streamed.
// No `await using` (Node 22 cannot parse it): try/finally closes what was opened.
// It prints one JSON line for scripts/package_check/package_test.mjs to check.
import process from "node:process";
import { Codex } from "@codex/sdk";
import { resolveCodexBinary } from "@codex/sdk/client";
import { MockModel } from "@codex/sdk/testing";

const REPLY = "Hello from the installed package.";

const mock = await MockModel.start();
try {
  mock.queueText(REPLY, { deltas: 3 });
  // The binary Codex.start will spawn: the same search, same environment.
  const binary = await resolveCodexBinary({ env: { ...process.env } });
  const codex = await Codex.start({ env: mock.env });
  try {
    const thread = await codex.threadStart();
    const turn = await thread.turn("Say hello");
    const deltas = [];
    for await (const event of turn.stream()) {
      if (event.method === "item/agentMessage/delta") deltas.push(event.params.delta);
    }
    const result = await turn.run();
    console.log(JSON.stringify({
      binary,
      deltas,
      status: result.status,
      finalResponse: result.finalResponse,
      asked: mock.requests.length,
    }));
  } finally {
    await codex.close();
  }
} finally {
  await mock.close();
}
