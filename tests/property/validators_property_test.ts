import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  SERVER_NOTIFICATION_METHODS,
  SERVER_REQUEST_METHODS,
  CLIENT_REQUEST_METHODS,
} from "../../src/protocol/generated/methods.ts";
import {
  validateNotification,
  validateResponse,
  validateServerRequest,
} from "../../src/protocol/generated/validators.ts";
import * as experimental from "../../src/protocol/generated/experimental/validators.ts";
import { agentDelta, agentMessageCompleted, threadStartResult, turnCompleted } from "../_support/wire.ts";
import { check } from "./_support.ts";

// Generated: any JSON value for any method's params or result (and unknown methods), and valid
// messages with unknown fields added at any depth (what a newer app-server sends).

const anyMethod = <T extends string>(methods: readonly T[]) =>
  fc.oneof(fc.constantFrom(...methods), fc.string({ maxLength: 20 }));

test("property: the generated validators never throw on any JSON value, for any method, stable or experimental", () => {
  check(
    fc.property(anyMethod(SERVER_NOTIFICATION_METHODS), anyMethod(SERVER_REQUEST_METHODS), anyMethod(CLIENT_REQUEST_METHODS), fc.jsonValue(), (n, s, r, value) => {
      for (const v of [{ validateNotification, validateServerRequest, validateResponse }, experimental]) {
        for (const issue of [v.validateNotification(n, value), v.validateServerRequest(s, value), v.validateResponse(r, value)]) {
          if (issue !== null) {
            assert.equal(typeof issue.path, "string");
            assert.equal(typeof issue.message, "string");
          }
        }
      }
    }),
    { numRuns: 300 },
  );
});

/** Adds `extras` as new members of objects found at random places in `value`. */
function withUnknownFields(value: unknown, extras: [string, unknown][], picks: number[]): unknown {
  const objects: Record<string, unknown>[] = [];
  const copy = structuredClone(value);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      objects.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(copy);
  extras.forEach(([key, extra], i) => {
    const target = objects[(picks[i] ?? 0) % objects.length];
    if (!(key in target)) target[key] = extra;
  });
  return copy;
}

const extras = fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }).map((k) => `x_${k}`), fc.jsonValue({ maxDepth: 2 })), {
  minLength: 1,
  maxLength: 5,
});

test("property: a valid message with unknown fields added anywhere still passes its validator", () => {
  const notifications = [agentMessageCompleted("t1", "u1", "hi"), agentDelta("t1", "u1", "h"), turnCompleted("t1", "u1")];
  for (const { method, params } of notifications) assert.equal(validateNotification(method, params), null, method);
  assert.equal(validateResponse("thread/start", threadStartResult("t1")), null);
  check(
    fc.property(fc.constantFrom(...notifications), extras, fc.array(fc.nat(), { maxLength: 5 }), (message, added, picks) => {
      const params = withUnknownFields(message.params, added, picks);
      assert.equal(validateNotification(message.method, params), null, JSON.stringify(params));
    }),
  );
  check(
    fc.property(extras, fc.array(fc.nat(), { maxLength: 5 }), (added, picks) => {
      const result = withUnknownFields(threadStartResult("t1"), added, picks);
      assert.equal(validateResponse("thread/start", result), null, JSON.stringify(result));
    }),
  );
});
