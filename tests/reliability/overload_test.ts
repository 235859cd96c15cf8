// Reliability: an overload storm. The real binary refuses requests with -32001 only when its
// ingress queue (128) is full, which cannot be made to happen on cue; a scripted peer turns away
// every other request instead, answering out of order, as a busy server would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RetryLimitExceededError, retryOnOverload, ServerBusyError } from "../../mod.ts";
import { type FakeAppServer, fakeCodex, type Message } from "../_support/fake_codex.ts";
import { deadline, random } from "./_support.ts";

const OVERLOADED = { code: -32001, message: "Server overloaded; retry later." };

/** Serves `thread/name/set` until the connection ends: every other request is refused as overloaded. */
function serveStorm(
  server: FakeAppServer,
  applied: Map<string, number>,
  seed: number,
): { refused: number } {
  const rng = random(seed);
  const stats = { refused: 0 };
  let index = 0;
  (async () => {
    for (;;) {
      const request: Message = await server.nextRequest("thread/name/set");
      const refuse = index++ % 2 === 0;
      // Answer after a random little while, so that answers come back out of order.
      setTimeout(() => {
        if (refuse) {
          stats.refused++;
          server.send({ id: request.id, error: OVERLOADED }).catch(() => {});
        } else {
          const name = (request.params as { name: string }).name;
          applied.set(name, (applied.get(name) ?? 0) + 1);
          server.send({ id: request.id, result: {} }).catch(() => {});
        }
      }, rng.int(5));
    }
  })();
  return stats;
}

test("an overload storm: retryOnOverload completes 300 concurrent requests, none applied twice, every retry seen", async () => {
  // Scripted: -32001 comes from the binary only when its ingress queue (128) is full, which cannot be made to happen on cue.
  // The client's own overload retry is off: this is a test of retryOnOverload around it.
  const { codex, server, warnings } = await fakeCodex({ overloadRetry: false });
  const applied = new Map<string, number>();
  const stats = serveStorm(server, applied, 7);
  const retries: number[] = [];
  const names = Array.from({ length: 300 }, (_, i) => `name-${i}`);
  await deadline(
    Promise.all(names.map((name) =>
      retryOnOverload(() => codex.thread("t1").setName(name), {
        maxAttempts: 50,
        initialDelayMs: 1,
        maxDelayMs: 8,
        onRetry: ({ error }) => {
          assert.ok(error instanceof ServerBusyError);
          retries.push(1);
        },
      })
    )),
    20_000,
    "300 retried requests",
  );
  assert.equal(applied.size, 300, "every request was applied");
  assert.deepEqual(
    [...applied.entries()].filter(([, count]) => count !== 1),
    [],
    "no request was applied twice",
  );
  assert.equal(
    retries.length,
    stats.refused,
    "each refusal cost exactly one retry, and each was reported to onRetry",
  );
  assert.equal(
    server.received.filter((m) => m.method === "thread/name/set").length,
    300 + stats.refused,
  );
  assert.ok(stats.refused >= 300, `half the requests were refused (${stats.refused})`);
  assert.deepEqual(warnings, [], "nothing to report: overload is an answer, not a fault");
  await codex.close();
});

test("an overload that outlasts maxAttempts fails with RetryLimitExceededError, and the client stays usable", async () => {
  // Scripted: an overload that outlasts every retry (see the test above).
  const { codex, server } = await fakeCodex({ overloadRetry: false });
  (async () => {
    for (let i = 0;; i++) {
      const request = await server.nextRequest("thread/name/set");
      await server.send(
        i < 3 ? { id: request.id, error: OVERLOADED } : { id: request.id, result: {} },
      );
    }
  })();
  await assert.rejects(
    retryOnOverload(() => codex.thread("t1").setName("first"), {
      maxAttempts: 3,
      initialDelayMs: 1,
    }),
    (error: RetryLimitExceededError) =>
      error instanceof RetryLimitExceededError && error.attempts === 3,
  );
  await codex.thread("t1").setName("second");
  await codex.close();
});
