// Unit tests of the shared method names of the notification path (src/protocol/method_names.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalNotificationMethod } from "../src/protocol/method_names.ts";
import { SERVER_NOTIFICATION_METHODS } from "../src/protocol/generated/methods.ts";

test("a method of the pinned protocol comes back with the same text, run after run and after a change", () => {
  const parsed = (method: string): string => JSON.parse(JSON.stringify({ method })).method;
  for (const method of ["item/agentMessage/delta", "item/agentMessage/delta", "item/completed", "item/agentMessage/delta"]) {
    assert.equal(canonicalNotificationMethod(parsed(method)), method);
  }
  for (const method of SERVER_NOTIFICATION_METHODS) assert.equal(canonicalNotificationMethod(parsed(method)), method);
});

test("a method the protocol lacks is left as it is, even right after a known one", () => {
  assert.equal(canonicalNotificationMethod("item/completed"), "item/completed");
  assert.equal(canonicalNotificationMethod("vendor/custom"), "vendor/custom");
  assert.equal(canonicalNotificationMethod("vendor/custom"), "vendor/custom");
  assert.equal(canonicalNotificationMethod(""), "");
});
