import { test } from "node:test";
import assert from "node:assert/strict";
import {
  InvalidArgumentError,
  InvalidParamsError,
  InvalidRequestError,
  isRetryableError,
  JsonRpcError,
  MethodNotFoundError,
  type RetryInfo,
  RetryLimitExceededError,
  retryOnOverload,
  ServerBusyError,
  TimeoutError,
  TransportClosedError,
} from "../mod.ts";
import { JsonRpcPeer } from "../rpc.ts";
import { rpcErrorFromWire } from "../client.ts";
import { FakeAppServer } from "./_support/fake_app_server.ts";

const OVERLOADED = { code: -32001, message: "Server overloaded; retry later." };
const DRAINING = {
  code: -32600,
  message: "Server is draining; retry after reconnecting",
  data: { reason: "serverShuttingDown" },
};

type Reply = { result: unknown } | { error: unknown };

/** Answers every request the client sends with `answer(request, index)`, in arrival order. */
function serve(server: FakeAppServer, answer: (request: Record<string, unknown>, index: number) => Reply): void {
  (async () => {
    for (let index = 0;; index++) {
      const request = await server.nextMessage();
      await server.send({ id: request.id, ...answer(request, index) });
    }
  })();
}

const fast = { initialDelayMs: 1, maxDelayMs: 4 };

test("a request the server turns away as overloaded twice succeeds on the third attempt", async () => {
  // Scripted: the binary answers -32001 only when its ingress queue (128) is full, which cannot be made to happen on cue.
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection, { errorFromWire: rpcErrorFromWire });
  serve(server, (_, index) => index < 2 ? { error: OVERLOADED } : { result: { thread: { id: "t1" } } });
  const attempts: number[] = [];
  const result = await retryOnOverload((attempt) => {
    attempts.push(attempt);
    return peer.request("thread/start", {});
  }, fast);
  assert.deepEqual(result, { thread: { id: "t1" } });
  assert.deepEqual(attempts, [1, 2, 3]);
  assert.equal(server.received.length, 3, "the server saw exactly three requests");
  assert.ok(server.received.every((m) => m.method === "thread/start"));
  await server.end();
});

test("invalid params are not retried: the error is thrown at once, unchanged", async () => {
  // Scripted: the binary's invalid-params answer, to every attempt, so a retry would show.
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection, { errorFromWire: rpcErrorFromWire });
  serve(server, () => ({
    error: { code: -32600, message: "Invalid request: invalid type: integer `5`, expected a string" },
  }));
  const thrown: unknown[] = [];
  const error = await retryOnOverload(
    () => peer.request("thread/start", { cwd: 5 }).catch((e) => Promise.reject(thrown.push(e) && e)),
    fast,
  ).catch((e: unknown) => e);
  assert.ok(error instanceof InvalidParamsError);
  assert.equal(error, thrown[0], "the very error the attempt failed with");
  assert.equal(server.received.length, 1);
  await server.end();
});

test("a plain error from fn is thrown at once, unchanged", async () => {
  const boom = new Error("not an rpc error");
  let calls = 0;
  await assert.rejects(retryOnOverload(() => (calls++, Promise.reject(boom)), fast), (e) => e === boom);
  assert.equal(calls, 1);
});

test("a server that stays overloaded gives RetryLimitExceededError with the attempts and the last error as cause", async () => {
  // Scripted: an app-server that is overloaded for every attempt (see the first test).
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection, { errorFromWire: rpcErrorFromWire });
  serve(server, (_, index) => ({ error: { ...OVERLOADED, data: { n: index } } }));
  const error = await retryOnOverload(() => peer.request("thread/start", {}), { ...fast, maxAttempts: 4 })
    .then(() => assert.fail("should have given up"), (e: unknown) => e);
  assert.ok(error instanceof RetryLimitExceededError);
  assert.equal(error.code, "retry_limit_exceeded");
  assert.equal(error.attempts, 4);
  assert.match(error.message, /gave up after 4 attempts/);
  assert.ok(error.cause instanceof ServerBusyError);
  assert.equal(error.cause.method, "thread/start");
  assert.deepEqual(error.cause.data, { n: 3 }, "the cause is the last attempt's error");
  assert.equal(server.received.length, 4);
  await server.end();
});

test("maxAttempts 1 makes one attempt and no wait", async () => {
  const retries: RetryInfo[] = [];
  const error = await retryOnOverload(() => Promise.reject(rpcErrorFromWire(OVERLOADED)), {
    maxAttempts: 1,
    onRetry: (info) => retries.push(info),
  }).catch((e: unknown) => e);
  assert.ok(error instanceof RetryLimitExceededError);
  assert.equal(error.attempts, 1);
  assert.equal(retries.length, 0);
});

test("waits double from initialDelayMs up to maxDelayMs, and are really waited", async () => {
  const retries: RetryInfo[] = [];
  const busy = rpcErrorFromWire(OVERLOADED, "thread/start");
  const started = performance.now();
  await assert.rejects(
    retryOnOverload(() => Promise.reject(busy), {
      maxAttempts: 6,
      initialDelayMs: 5,
      maxDelayMs: 20,
      jitterRatio: 0,
      onRetry: (info) => retries.push(info),
    }),
    RetryLimitExceededError,
  );
  const elapsed = performance.now() - started;
  assert.deepEqual(retries.map((r) => r.delayMs), [5, 10, 20, 20, 20]);
  assert.deepEqual(retries.map((r) => r.attempt), [1, 2, 3, 4, 5]);
  assert.ok(retries.every((r) => r.error === busy));
  // Timers may fire a little early or late; only check that the waits were not skipped.
  assert.ok(elapsed >= 60, `waited ${elapsed} ms for 75 ms of delays`);
});

test("jitter moves each wait by at most jitterRatio of it", async () => {
  const retries: RetryInfo[] = [];
  await assert.rejects(
    retryOnOverload(() => Promise.reject(rpcErrorFromWire(OVERLOADED)), {
      maxAttempts: 10,
      initialDelayMs: 1,
      maxDelayMs: 4,
      jitterRatio: 0.5,
      onRetry: (info) => retries.push(info),
    }),
    RetryLimitExceededError,
  );
  const bases = [1, 2, 4, 4, 4, 4, 4, 4, 4];
  assert.equal(retries.length, bases.length);
  retries.forEach((r, i) => {
    // Rounded to whole ms, so allow half a millisecond beyond the ± 50 %.
    assert.ok(r.delayMs >= bases[i] * 0.5 - 0.5 && r.delayMs <= bases[i] * 1.5 + 0.5, `delay ${r.delayMs} for base ${bases[i]}`);
  });
});

test("an abort during a wait rejects at once with the signal's reason, and no further attempt is made", async () => {
  const controller = new AbortController();
  const reason = new Error("user gave up");
  let calls = 0;
  const started = performance.now();
  const pending = retryOnOverload(() => (calls++, Promise.reject(rpcErrorFromWire(OVERLOADED))), {
    initialDelayMs: 10_000,
    maxDelayMs: 10_000,
    signal: controller.signal,
    onRetry: () => setTimeout(() => controller.abort(reason), 5),
  });
  await assert.rejects(pending, (e) => e === reason);
  // The bound is the feature (a 10 s wait cut short); generous for a loaded machine.
  assert.ok(performance.now() - started < 5000, "the 10 s wait was cut short");
  assert.equal(calls, 1, "no attempt after the abort");
});

test("an abort while an attempt runs stops the retrying once that attempt fails", async () => {
  const controller = new AbortController();
  let calls = 0;
  const pending = retryOnOverload(async () => {
    calls++;
    controller.abort(new Error("stop"));
    throw rpcErrorFromWire(OVERLOADED);
  }, { ...fast, signal: controller.signal });
  await assert.rejects(pending, /stop/);
  assert.equal(calls, 1);
});

test("an already aborted signal rejects without calling fn", async () => {
  const controller = new AbortController();
  controller.abort(new Error("too late"));
  let calls = 0;
  await assert.rejects(retryOnOverload(() => (calls++, Promise.resolve(1)), { signal: controller.signal }), /too late/);
  assert.equal(calls, 0);
});

test("invalid options are rejected with InvalidArgumentError naming the option", async () => {
  const ok = () => Promise.resolve(1);
  const cases: [unknown, Record<string, unknown>, string][] = [
    ["not a function", {}, "fn"],
    [ok, { maxAttempts: 0 }, "maxAttempts"],
    [ok, { maxAttempts: 1.5 }, "maxAttempts"],
    [ok, { maxAttempts: Infinity }, "maxAttempts"],
    [ok, { initialDelayMs: -1 }, "initialDelayMs"],
    [ok, { initialDelayMs: NaN }, "initialDelayMs"],
    [ok, { maxDelayMs: Infinity }, "maxDelayMs"],
    [ok, { initialDelayMs: 100, maxDelayMs: 50 }, "maxDelayMs"],
    [ok, { jitterRatio: -0.1 }, "jitterRatio"],
    [ok, { jitterRatio: 1.5 }, "jitterRatio"],
    [ok, { jitterRatio: "0.2" }, "jitterRatio"],
    [ok, { onRetry: "log" }, "onRetry"],
  ];
  for (const [fn, options, argument] of cases) {
    await assert.rejects(
      retryOnOverload(fn as () => Promise<number>, options),
      (e) => e instanceof InvalidArgumentError && e.argument === argument,
      `${argument} ${JSON.stringify(options)}`,
    );
  }
});

test("a larger initialDelayMs alone raises the default maxDelayMs instead of failing", async () => {
  const controller = new AbortController();
  const retries: RetryInfo[] = [];
  const pending = retryOnOverload(() => Promise.reject(rpcErrorFromWire(OVERLOADED)), {
    initialDelayMs: 2500,
    jitterRatio: 0,
    signal: controller.signal,
    onRetry: (info) => {
      retries.push(info);
      controller.abort(new Error("seen enough"));
    },
  });
  await assert.rejects(pending, /seen enough/, "an abort from onRetry stops before the wait");
  assert.deepEqual(retries.map((r) => r.delayMs), [2500]);
});

test("isRetryableError: overload and draining are retryable, everything else is not", () => {
  const table: [string, unknown, boolean][] = [
    ["overloaded (-32001)", rpcErrorFromWire(OVERLOADED), true],
    ["overload marked in data", rpcErrorFromWire({ code: -32603, message: "busy", data: { kind: "server_overloaded" } }), true],
    ["a ServerBusyError built by hand", new ServerBusyError(OVERLOADED), true],
    ["draining (serverShuttingDown)", rpcErrorFromWire(DRAINING), true],
    ["any JsonRpcError with the draining reason", new JsonRpcError({ code: -32000, message: "x", data: { reason: "serverShuttingDown" } }), true],
    ["another reason", rpcErrorFromWire({ ...DRAINING, data: { reason: "somethingElse" } }), false],
    ["invalid request", rpcErrorFromWire({ code: -32600, message: "Invalid request: nope" }), false],
    ["invalid params", rpcErrorFromWire({ code: -32600, message: "Invalid request: invalid type: integer `5`" }), false],
    ["method not found", rpcErrorFromWire({ code: -32600, message: "Invalid request: unknown variant `x/y`" }), false],
    ["internal error", rpcErrorFromWire({ code: -32603, message: "boom" }), false],
    ["retry limit exceeded", new RetryLimitExceededError(rpcErrorFromWire(OVERLOADED), 3), false],
    ["transport closed", new TransportClosedError({ exitCode: 1, signal: null, stderrTail: [], reason: "exited" }), false],
    ["timeout", new TimeoutError("thread/start", 10), false],
    ["plain Error", new Error("Server overloaded; retry later."), false],
    ["a wire-shaped object", { code: -32001, message: "Server overloaded; retry later." }, false],
    ["undefined", undefined, false],
    ["a string", "server_overloaded", false],
  ];
  for (const [name, error, expected] of table) assert.equal(isRetryableError(error), expected, name);
  // The draining error keeps its own class; only its data marks it as retryable.
  assert.ok(rpcErrorFromWire(DRAINING) instanceof InvalidRequestError);
  assert.ok(!(rpcErrorFromWire(DRAINING) instanceof MethodNotFoundError));
});

test("an overload storm: 200 concurrent retried requests all complete, each applied exactly once", async () => {
  // Scripted: every other request turned away as overloaded, exactly (see the first test).
  const server = new FakeAppServer();
  const peer = new JsonRpcPeer(server.connection, { errorFromWire: rpcErrorFromWire });
  const applied = new Map<number, number>();
  let busy = 0;
  serve(server, (request, index) => {
    if (index % 2 === 0) return (busy++, { error: OVERLOADED });
    const key = (request.params as { key: number }).key;
    applied.set(key, (applied.get(key) ?? 0) + 1);
    return { result: { key } };
  });
  const keys = Array.from({ length: 200 }, (_, key) => key);
  const results = await Promise.all(
    keys.map((key) =>
      retryOnOverload(() => peer.request("thread/start", { key }), { maxAttempts: 30, initialDelayMs: 1, maxDelayMs: 4 })
    ),
  );
  assert.deepEqual(results, keys.map((key) => ({ key })));
  assert.equal(applied.size, 200);
  assert.ok([...applied.values()].every((count) => count === 1), "no request was applied twice");
  assert.equal(server.received.length, 200 + busy, "every busy answer cost exactly one extra request");
  assert.equal(busy, 200, "every other request was turned away, and the last one answered was applied");
  await server.end();
});
