// Reliability: 10,000 fuzzed frames into the client. The real binary only ever sends well-formed
// JSON-RPC, so a scripted peer sends the frames: random bytes, truncated JSON, deep nesting and
// wrong types (including at turns that are running), split into chunks at random places. Each
// frame is followed by a probe notification, so every report can be traced to its frame.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeCodex, startFakeTurn } from "../_support/fake_codex.ts";
import { deadline, random, watchUnhandled } from "./_support.ts";

const SEED = 20_240_601;
const FRAMES = 10_000;

type Rng = ReturnType<typeof random>;
const encoder = new TextEncoder();

const LIVE_TURNS = 40;

/**
 * A well-formed message the frames are made from, as the server sends it, addressed to one of
 * the running turns (so that wrong shapes reach the turns' own code, not only the validator).
 */
function template(rng: Rng): Record<string, unknown> {
  const n = 1 + rng.int(LIVE_TURNS);
  const [threadId, turnId] = [`t${n}`, `u${n}`];
  const turn = {
    id: turnId,
    items: [],
    status: "completed",
    error: null,
    startedAt: 1,
    completedAt: 2,
    durationMs: 1000,
  };
  const agentMessage = {
    type: "agentMessage",
    id: "m1",
    text: "hello",
    phase: null,
    memoryCitation: null,
  };
  return rng.pick([
    () => ({
      method: "item/agentMessage/delta",
      params: { threadId, turnId, itemId: "m1", delta: "x" },
    }),
    () => ({
      method: "item/started",
      params: { threadId, turnId, startedAtMs: 1, item: agentMessage },
    }),
    () => ({
      method: "item/completed",
      params: { threadId, turnId, completedAtMs: 1, item: agentMessage },
    }),
    () => ({
      method: "item/completed",
      params: { threadId, turnId, completedAtMs: 1, item: agentMessage },
    }),
    () => ({
      method: "turn/started",
      params: { threadId, turn: { ...turn, status: "inProgress" } },
    }),
    () => ({ method: "turn/completed", params: { threadId, turn } }),
    () => ({
      method: "thread/tokenUsage/updated",
      params: { threadId, turnId, tokenUsage: { total: {}, last: {} } },
    }),
    () => ({ method: "thread/status/changed", params: { threadId, status: { type: "idle" } } }),
    () => ({
      method: "error",
      params: { threadId, turnId, willRetry: false, error: { message: "m", codexErrorInfo: null } },
    }),
    () => ({
      method: "item/commandExecution/requestApproval",
      id: 7,
      params: { threadId, turnId, itemId: "c1" },
    }),
    () => ({ id: 9_999, result: { thread: { id: threadId } } }),
    () => ({ id: 9_998, error: { code: -32600, message: "nope" } }),
  ])();
}

/** Replaces one value somewhere in `message` with one of another JSON type. */
function wrongType(rng: Rng, message: Record<string, unknown>): string {
  const copy = structuredClone(message);
  const paths: { parent: Record<string, unknown>; key: string }[] = [];
  const walk = (value: unknown): void => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      paths.push({ parent: value as Record<string, unknown>, key });
      walk((value as Record<string, unknown>)[key]);
    }
  };
  walk(copy);
  // Only mutations that make the message invalid: skip optional fields that allow null/absence.
  const isRequest = "method" in copy && "id" in copy;
  const mutable = paths.filter(({ parent, key }) =>
    !(isRequest && parent === copy && key === "id") && // a request's id may be a string or a number
      ![
        "phase",
        "memoryCitation",
        "error",
        "codexErrorInfo",
        "additionalDetails",
        "completedAt",
        "durationMs",
        "startedAt",
      ].includes(key) ||
    parent === copy
  );
  const { parent, key } = rng.pick(mutable);
  const original = parent[key];
  const kinds: unknown[] = [42, "text", null, true, [1, "two"], { nested: { deeper: [] } }, -0.5];
  const typeOf = (
    v: unknown,
  ): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  const others = kinds.filter((v) => typeOf(v) !== typeOf(original));
  parent[key] = rng.pick(others);
  return JSON.stringify(copy);
}

function randomBytes(rng: Rng): Uint8Array {
  for (;;) {
    const bytes = Uint8Array.from({ length: 1 + rng.int(300) }, () => {
      const b = rng.int(256);
      return b === 0x0a ? 0x0b : b; // no newline: one frame is one line
    });
    if (!(bytes.length === 1 && bytes[0] === 0x0d)) return bytes; // a lone \r is an empty line
  }
}

function truncated(rng: Rng, message: Record<string, unknown>): string {
  const text = JSON.stringify(message);
  return text.slice(0, 1 + rng.int(text.length - 1)); // a proper prefix of an object is never JSON
}

function deep(rng: Rng): string {
  const depth = 100 + rng.int(50_000);
  const arrays = "[".repeat(depth) + "]".repeat(depth);
  const objects = '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
  return rng.pick([
    arrays,
    `{"method":"item/agentMessage/delta","params":{"threadId":"t1","turnId":"u1","itemId":"m1","delta":${arrays}}}`,
    `{"method":"item/completed","params":{"threadId":"t1","turnId":"u1","completedAtMs":1,"item":${objects}}}`,
    `{"method":"turn/completed","params":{"threadId":"t1","turn":{"id":"u1","items":${arrays}}}}`,
    `{"id":${arrays},"result":${objects}}`,
    `{"id":12345678,"result":${objects}}`,
  ]);
}

function frame(rng: Rng): { kind: string; bytes: Uint8Array } {
  const roll = rng.next();
  if (roll < 0.2) return { kind: "random bytes", bytes: randomBytes(rng) };
  if (roll < 0.4) {
    return { kind: "truncated JSON", bytes: encoder.encode(truncated(rng, template(rng))) };
  }
  if (roll < 0.43) return { kind: "deep nesting", bytes: encoder.encode(deep(rng)) };
  return { kind: "wrong type", bytes: encoder.encode(wrongType(rng, template(rng))) };
}

test("10,000 fuzzed frames: the host never crashes, every bad frame is reported, and the connection keeps serving", async () => {
  const unhandled = watchUnhandled();
  let cleanup = (): Promise<void> => Promise.resolve();
  try {
    // Scripted: fuzzed frames: the real binary only ever sends well-formed JSON-RPC.
  const fake = await fakeCodex();
    const { codex, server, warnings } = fake;
    cleanup = () => codex.close();
    // Running turns for the frames to hit (their results are watched by the handles themselves).
    for (let n = 1; n <= LIVE_TURNS; n++) await startFakeTurn(fake, `t${n}`, `u${n}`);

    const rng = random(SEED);
    const frames = Array.from({ length: FRAMES }, () => frame(rng));
    const unreported: string[] = [];
    let probes = 0;
    let allProbed: () => void;
    const probed = new Promise<undefined>((resolve) => (allProbed = () => resolve(undefined)));
    let reportsBefore = warnings.length;
    codex.client.onNotification((notification) => {
      if (notification.method !== "unknown" || notification.params.method !== "fuzz/probe") return;
      const n = (notification.params.params as { n: number }).n;
      if (warnings.length === reportsBefore) {
        const { kind, bytes } = frames[n];
        unreported.push(`#${n} ${kind}: ${new TextDecoder().decode(bytes.slice(0, 120))}`);
      }
      reportsBefore = warnings.length;
      if (++probes === FRAMES) allProbed();
    });

    // Frames and probes as one byte stream, cut into chunks at random places.
    const parts: Uint8Array[] = [];
    frames.forEach(({ bytes }, n) => {
      parts.push(bytes, encoder.encode(`\n{"method":"fuzz/probe","params":{"n":${n}}}\n`));
    });
    const total = parts.reduce((sum, p) => sum + p.length, 0);
    const stream = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      stream.set(part, offset);
      offset += part.length;
    }
    // A client that stops reading would leave a write waiting forever: stop writing when it closes.
    const closed = codex.client.closed;
    for (let at = 0; at < stream.length;) {
      const size = 1 + rng.int(64 * 1024);
      if (await Promise.race([server.writeBytes(stream.subarray(at, at + size)), closed])) break;
      at += size;
    }

    const closedEarly = await Promise.race([
      closed,
      // Never rejects: the assertions after it tell what did not arrive.
      deadline(probed, 30_000, "every probe").catch(() => undefined),
    ]);
    if (closedEarly) {
      const { kind, bytes } = frames[probes];
      const start = new TextDecoder().decode(bytes.slice(0, 100));
      assert.fail(
        `the connection died at frame #${probes} (${kind}: ${start}…): ${closedEarly.message}`,
      );
    }
    assert.equal(probes, FRAMES, "every probe after every frame arrived");
    assert.deepEqual(
      unreported.slice(0, 10),
      [],
      `${unreported.length} bad frames went unreported (first ones shown)`,
    );

    const naming = codex.thread("t3").setName("after the storm");
    const request = await deadline(
      server.nextRequest("thread/name/set"),
      2000,
      "a request after the fuzz",
    );
    await server.send({ id: request.id, result: {} });
    await deadline(naming, 2000, "the answer to the request after the fuzz");
    assert.ok(!codex.client.isClosed, "the connection is still open");
    await codex.close();
    // Not a wait for an event: a rejection nobody handled is reported a tick later, if at all.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      unhandled.errors.map(String),
      [],
      "no uncaught exception or unhandled rejection",
    );
  } finally {
    await cleanup();
    unhandled.stop();
  }
});
