// Unit tests of the preset mapping (src/api/presets.ts): each preset's exact wire fields.
import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidArgumentError } from "../src/util/errors.ts";
import { threadPresetParams, turnPresetParams } from "../src/api/presets.ts";

test("thread presets: each approval mode maps to its exact wire fields", () => {
  assert.deepEqual(threadPresetParams({ approvalMode: "deny-all" }), { approvalPolicy: "never" });
  assert.deepEqual(threadPresetParams({ approvalMode: "auto-review" }), {
    approvalPolicy: "on-request",
    approvalsReviewer: "auto_review",
  });
  assert.deepEqual(threadPresetParams({ approvalMode: "bypass" }), {
    approvalPolicy: "never",
    sandbox: "danger-full-access",
  });
});

test("thread presets: each sandbox preset maps to its SandboxMode; wire names pass through", () => {
  assert.deepEqual(threadPresetParams({ sandbox: "read-only" }), { sandbox: "read-only" });
  assert.deepEqual(threadPresetParams({ sandbox: "workspace-write" }), { sandbox: "workspace-write" });
  assert.deepEqual(threadPresetParams({ sandbox: "full-access" }), { sandbox: "danger-full-access" });
  assert.deepEqual(threadPresetParams({ sandbox: "danger-full-access" }), { sandbox: "danger-full-access" });
  assert.deepEqual(threadPresetParams({}), {}, "no presets, no fields");
});

test("turn presets: sandbox presets become the exact sandboxPolicy objects", () => {
  assert.deepEqual(turnPresetParams({ sandbox: "read-only" }), {
    sandboxPolicy: { type: "readOnly", networkAccess: false },
  });
  assert.deepEqual(turnPresetParams({ sandbox: "workspace-write" }), {
    sandboxPolicy: {
      type: "workspaceWrite",
      writableRoots: [],
      networkAccess: false,
      excludeTmpdirEnvVar: false,
      excludeSlashTmp: false,
    },
  });
  assert.deepEqual(turnPresetParams({ sandbox: "full-access" }), { sandboxPolicy: { type: "dangerFullAccess" } });
  assert.deepEqual(turnPresetParams({ approvalMode: "bypass" }), {
    approvalPolicy: "never",
    sandboxPolicy: { type: "dangerFullAccess" },
  });
  assert.deepEqual(turnPresetParams({ approvalMode: "auto-review", sandbox: "read-only" }), {
    approvalPolicy: "on-request",
    approvalsReviewer: "auto_review",
    sandboxPolicy: { type: "readOnly", networkAccess: false },
  });
});

test("a preset together with its raw field is refused, naming the preset", () => {
  const refused = (fn: () => unknown, argument: string) =>
    assert.throws(fn, (e: InvalidArgumentError) => e instanceof InvalidArgumentError && e.argument === argument);
  refused(() => threadPresetParams({ approvalMode: "deny-all", approvalPolicy: "on-request" }), "approvalMode");
  refused(() => turnPresetParams({ approvalMode: "deny-all", approvalPolicy: "never" }), "approvalMode");
  refused(() => turnPresetParams({ sandbox: "read-only", sandboxPolicy: { type: "readOnly" } }), "sandbox");
  refused(() => threadPresetParams({ approvalMode: "bypass", sandbox: "read-only" }), "sandbox");
  refused(() => turnPresetParams({ approvalMode: "bypass", sandbox: "read-only" }), "sandbox");
});

test("a null raw field does not conflict; unknown preset values are refused with the allowed ones", () => {
  assert.deepEqual(threadPresetParams({ approvalMode: "deny-all", approvalPolicy: null }), { approvalPolicy: "never" });
  assert.throws(
    () => threadPresetParams({ approvalMode: "yolo" as never }),
    (e: InvalidArgumentError) => e.argument === "approvalMode" && /"deny-all", "auto-review" or "bypass"/.test(e.message),
  );
  assert.throws(
    () => turnPresetParams({ sandbox: "everything" as never }),
    (e: InvalidArgumentError) => e.argument === "sandbox" && /"read-only", "workspace-write" or "full-access"/.test(e.message),
  );
});
