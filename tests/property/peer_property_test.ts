import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { JsonRpcPeer } from "../../rpc.ts";
import { FakeAppServer } from "../_support/fake_app_server.ts";
import { checkAsync } from "./_support.ts";

// Scripted: the far side sends replies, notifications, server requests and garbage in a random
// order, which the real app-server cannot be made to do on cue.

type Step =
  | { kind: "reply"; to: number; error: boolean }
  | { kind: "notification"; method: string }
  | { kind: "serverRequest"; handled: boolean }
  | { kind: "garbage"; text: string }
  | { kind: "strayReply"; id: number };

// Text that is not one JSON-RPC message (a stray value, broken JSON, a line of noise).
const garbage = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
).map((s) => s.replaceAll("\n", " "))
  .filter((s) => {
    try {
      const v = JSON.parse(s);
      return !(typeof v === "object" && v !== null && ("id" in v || "method" in v));
    } catch {
      return true;
    }
  });

const noise: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom("x/one", "turn/started", "thread/status/changed").map((method) => ({ kind: "notification" as const, method })),
  fc.boolean().map((handled) => ({ kind: "serverRequest" as const, handled })),
  garbage.map((text) => ({ kind: "garbage" as const, text })),
  fc.integer({ min: 1000, max: 2000 }).map((id) => ({ kind: "strayReply" as const, id })),
);

const scenario = fc.integer({ min: 1, max: 8 }).chain((requests) =>
  fc.tuple(
    fc.array(fc.boolean(), { minLength: requests, maxLength: requests }),
    fc.array(noise, { maxLength: 25 }),
  ).chain(([errors, extra]) =>
    fc.shuffledSubarray(
      [...errors.map((error, i): Step => ({ kind: "reply", to: i, error })), ...extra],
      { minLength: requests + extra.length },
    ).map((steps) => ({ requests, steps }))
  )
);

test("property: any interleaving of replies, notifications, server requests and garbage settles each request once, as answered, and never throws out of the peer", async () => {
  await checkAsync(
    fc.asyncProperty(scenario, async ({ requests, steps }) => {
      const server = new FakeAppServer();
      const faults: unknown[] = [];
      const notifications: string[] = [];
      const peer = new JsonRpcPeer(server.connection, {
        onError: (error) => faults.push(error),
        onNotification: (method) => notifications.push(method),
      });
      peer.onRequest("handled/method", (params) => ({ echoed: params }));
      const settled = Array.from({ length: requests }, (_, i) =>
        peer.request(`m/${i}`, { i }).then(
          (value): { ok: boolean; value?: unknown } => ({ ok: true, value }),
          (): { ok: boolean; value?: unknown } => ({ ok: false }),
        ));
      const ids: (number | string)[] = [];
      for (let i = 0; i < requests; i++) ids.push((await server.nextMessage()).id!);
      let serverRequests = 0;
      for (const step of steps) {
        if (step.kind === "reply") {
          await server.send(
            step.error
              ? { id: ids[step.to], error: { code: -32603, message: `no ${step.to}` } }
              : { id: ids[step.to], result: { n: step.to } },
          );
        } else if (step.kind === "notification") {
          await server.send({ method: step.method, params: {} });
        } else if (step.kind === "serverRequest") {
          serverRequests++;
          await server.send({ id: `s${serverRequests}`, method: step.handled ? "handled/method" : "unknown/method", params: {} });
        } else if (step.kind === "garbage") {
          await server.writeText(`${step.text}\n`);
        } else {
          await server.send({ id: step.id, result: "for nobody" });
        }
      }
      const outcomes = await Promise.all(settled);
      steps.filter((s): s is Extract<Step, { kind: "reply" }> => s.kind === "reply").forEach(({ to, error }) => {
        const outcome = outcomes[to];
        assert.equal(outcome.ok, !error, `request ${to} settled as answered`);
        if (!error) assert.deepEqual(outcome.value, { n: to });
      });
      assert.equal(peer.pendingCount, 0, "nothing left waiting");
      assert.equal(peer.isClosed, false, "no message closed the connection");
      // Every server request got exactly one answer.
      for (let s = 1; s <= serverRequests; s++) {
        const answer = await server.nextMessage();
        assert.ok(typeof answer.id === "string" && answer.id.startsWith("s"), JSON.stringify(answer));
      }
      assert.equal(notifications.length, steps.filter((s) => s.kind === "notification").length);
      assert.ok(faults.every((f) => f instanceof Error), "faults are reported as errors, not thrown");
      await server.end();
      await peer.closed;
    }),
    { numRuns: 60 },
  );
});
