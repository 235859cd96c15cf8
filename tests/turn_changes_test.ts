// TurnResult's diff, plan and fileChanges, against the real codex binary and MockModel: the model
// applies a patch (an apply_patch heredoc through exec_command) and updates its plan.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functionCallItem } from "../testing.ts";
import { harness } from "./_support/harness.ts";

const ADD_HELLO = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: hello.txt\n+hello world\n*** End Patch\nEOF\n";
// The binary offers the model its update_plan tool only when the config enables it.
const PLAN_TOOL = "[tools.update_plan]\nenabled = true\n";

/**
 * A temporary git repository for the thread's cwd, removed when disposed. The binary writes the
 * diff's paths relative to the nearest `.git` above a changed file: the workspace is its own
 * repository so that no `.git` elsewhere on the machine decides them (seen once in a full run:
 * `a/codex-sdk-changes-…/hello.txt`, relative to the temp dir).
 */
async function workspace(): Promise<{ path: string } & AsyncDisposable> {
  const path = await mkdtemp(join(tmpdir(), "codex-sdk-changes-"));
  execFileSync("git", ["init", "-q"], { cwd: path });
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

test("a turn that applies a patch has its unified diff and its file changes on the result", async () => {
  await using ws = await workspace();
  await using h = await harness();
  h.mock.queueExecCommand({ cmd: ADD_HELLO }).queueText("Wrote hello.txt.");
  const thread = await h.codex.threadStart({ cwd: ws.path, sandbox: "workspace-write" });
  const result = await thread.run("Write hello.txt");
  assert.equal(await readFile(join(ws.path, "hello.txt"), "utf8"), "hello world\n");
  assert.match(result.diff ?? "", /^diff --git a\/hello\.txt b\/hello\.txt\n/);
  assert.match(result.diff ?? "", /^\+hello world$/m);
  assert.equal(result.fileChanges.length, 1);
  const [change] = result.fileChanges;
  assert.equal(change.kind, "add");
  assert.equal(change.status, "completed");
  assert.equal(change.movePath, null);
  assert.equal(change.diff, "hello world\n");
  assert.ok(change.path.endsWith("/hello.txt"), change.path);
  assert.equal(result.plan, null, "the model made no plan");
});

test("a turn that changes nothing has a null diff and no file changes", async () => {
  await using ws = await workspace();
  await using h = await harness();
  h.mock.queueText("Nothing to do.");
  const thread = await h.codex.threadStart({ cwd: ws.path, sandbox: "workspace-write" });
  const result = await thread.run("Look, don't touch");
  assert.equal(result.diff, null);
  assert.deepEqual(result.fileChanges, []);
  assert.equal(result.plan, null);
});

test("the result's plan is the model's last update_plan, with its explanation", async () => {
  await using ws = await workspace();
  await using h = await harness({ mock: { config: PLAN_TOOL } });
  const step = (name: string, status: string) => ({ step: name, status });
  h.mock
    .queueItems([functionCallItem("update_plan", { plan: [step("write hello", "in_progress"), step("report", "pending")] })])
    .queueExecCommand({ cmd: ADD_HELLO })
    .queueItems([functionCallItem("update_plan", { explanation: "all done", plan: [step("write hello", "completed"), step("report", "completed")] })])
    .queueText("Done.");
  const thread = await h.codex.threadStart({ cwd: ws.path, sandbox: "workspace-write" });
  const turn = await thread.turn("Write hello.txt, with a plan");
  const plans: unknown[] = [];
  for await (const event of turn.stream()) if (event.method === "turn/plan/updated") plans.push(event.params.plan);
  const result = await turn.run();
  assert.equal(plans.length, 2, "the stream saw both plan updates");
  assert.deepEqual(result.plan, {
    explanation: "all done",
    steps: [{ step: "write hello", status: "completed" }, { step: "report", status: "completed" }],
  });
  assert.equal(result.fileChanges.length, 1);
  assert.ok(result.diff?.includes("+hello world"));
  const tools = (h.mock.requests[0].body.tools as { name?: string }[]).map((tool) => tool.name);
  assert.ok(tools.includes("update_plan"), "the model was offered update_plan");
});
