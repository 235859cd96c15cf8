/**
 * Code review with `thread.review(target)`: the agent reviews the uncommitted changes of a git
 * repository and `run()` gives the review text and its findings (file, lines, title, body).
 * Then a detached review (on a fork of the thread, leaving the thread's own history alone) of
 * the last commit, with the request the model got shown from the scripted model's log.
 *
 *   deno run -A examples/code_review/main.ts
 *   bun examples/code_review/main.ts
 *   node npm/examples/code_review/main.js
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lastUserText } from "../../testing.ts";
import { startCodexForExample } from "../_shared/model.ts";

// A throwaway repository: one commit, then an uncommitted edit that introduces a bug.
const repo = await mkdtemp(join(tmpdir(), "codex-code-review-"));
const git = (...args: string[]): string => execFileSync("git", args, { cwd: repo, encoding: "utf8" }).trim();
try {
  git("init", "-q", "-b", "main");
  git("config", "user.email", "example@example.com");
  git("config", "user.name", "Example");
  await writeFile(join(repo, "sum.js"), "export const sum = (a, b) => a + b;\n");
  git("add", ".");
  git("commit", "-qm", "Add sum");
  await writeFile(join(repo, "sum.js"), "export const sum = (a, b) => a - b;\n");

  await using example = await startCodexForExample((mock) => {
    // What a real model answers to a review request: JSON findings, which the app-server renders.
    mock.queueText(JSON.stringify({
      findings: [{
        title: "[P1] sum subtracts",
        body: "`sum` now returns a - b; every caller adding numbers gets the wrong result.",
        confidence_score: 0.9,
        priority: 1,
        code_location: { absolute_file_path: join(repo, "sum.js"), line_range: { start: 1, end: 1 } },
      }],
      overall_correctness: "patch is incorrect",
      overall_explanation: "The change breaks sum.",
      overall_confidence_score: 0.9,
    }));
    mock.queueText("The commit adds a correct sum function. No findings.");
  });
  const thread = await example.codex.threadStart({ cwd: repo });

  const review = await thread.review("uncommittedChanges");
  const result = await review.run();
  console.log(`review text:\n${result.text}\n`);
  for (const finding of result.findings) {
    console.log(`finding: ${finding.title} at ${finding.path.replace(repo, ".")}:${finding.startLine} — ${finding.body}`);
  }

  const head = git("rev-parse", "HEAD");
  const detached = await thread.review({ type: "commit", sha: head, title: "Add sum" }, { delivery: "detached" });
  const second = await detached.run();
  console.log(`\ndetached review on ${detached.thread.id === thread.id ? "the same thread" : "a fork"}: ${second.text}`);
  if (example.mock) console.log(`the model was asked: ${lastUserText(example.mock.requests.at(-1)!)?.replace(head, "<sha>")}`);
} finally {
  await rm(repo, { recursive: true, force: true });
}
