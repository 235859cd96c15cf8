/**
 * What a turn changed: `TurnResult.diff` (the turn's unified diff), `fileChanges` (each file
 * added, deleted or updated, and whether the patch was applied) and `plan` (the model's last
 * plan), read from the result, without watching the stream. The agent works in a temporary
 * directory, with the `workspace-write` sandbox so that it may write there.
 *
 *   deno run -A examples/turn_diff/main.ts
 *   bun examples/turn_diff/main.ts
 *   node npm/examples/turn_diff/main.js
 *
 * @module
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functionCallItem } from "../../testing.ts";
import { startCodexForExample } from "../_shared/model.ts";

const PATCH = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: hello.txt\n+hello world\n*** End Patch\nEOF\n";
const step = (name: string, status: string) => ({ step: name, status });

const workspace = await mkdtemp(join(tmpdir(), "codex-turn-diff-"));
try {
  await using example = await startCodexForExample((mock) => {
    // The scripted model plans, writes hello.txt with a patch (the binary applies it), marks the
    // plan done and answers. A real model does the same with its own words.
    mock.queueItems([functionCallItem("update_plan", { plan: [step("Create hello.txt", "in_progress"), step("Report", "pending")] })]);
    mock.queueExecCommand({ cmd: PATCH });
    mock.queueItems([functionCallItem("update_plan", { explanation: "hello.txt is written", plan: [step("Create hello.txt", "completed"), step("Report", "completed")] })]);
    mock.queueText("Created hello.txt with a greeting.");
  }, {
    // The binary offers the model its update_plan tool only when this is on.
    mock: { config: "[tools.update_plan]\nenabled = true\n" },
  });
  const thread = await example.codex.threadStart({ cwd: workspace, sandbox: "workspace-write" });
  const result = await thread.run("Create hello.txt saying hello world. Plan first.");

  console.log(`finalResponse: ${result.finalResponse}`);
  console.log(`plan${result.plan?.explanation ? ` (${result.plan.explanation})` : ""}:`);
  for (const { step, status } of result.plan?.steps ?? []) console.log(`  [${status}] ${step}`);
  console.log("fileChanges:");
  for (const change of result.fileChanges) console.log(`  ${change.kind} ${change.path.replace(workspace, ".")} (${change.status})`);
  console.log(`diff:\n${result.diff ?? "(nothing changed)\n"}`);
  console.log(`on disk: hello.txt = ${JSON.stringify(await readFile(join(workspace, "hello.txt"), "utf8").catch(() => null))}`);

  const quiet = await thread.run("Now just tell me you are done; change nothing.");
  console.log(`a turn that changed nothing: diff ${quiet.diff}, ${quiet.fileChanges.length} file changes`);
} finally {
  await rm(workspace, { recursive: true, force: true });
}
