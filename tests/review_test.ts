// thread.review over review/start, against the real codex binary and MockModel on a temporary git
// repository: what the model was asked, and what the review result carries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "../mod.ts";
import { lastUserText } from "../testing.ts";
import { harness } from "./_support/harness.ts";

/** A git repository with one commit (a.txt) on `main`, a second commit on `feature`, and an uncommitted edit. */
async function repository(): Promise<{ path: string; head: string; mainHead: string } & AsyncDisposable> {
  const path = await mkdtemp(join(tmpdir(), "codex-sdk-review-"));
  const git = (...args: string[]): string => execFileSync("git", args, { cwd: path, encoding: "utf8" }).trim();
  git("init", "-q", "-b", "main");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "Test");
  await writeFile(join(path, "a.txt"), "one\n");
  git("add", ".");
  git("commit", "-qm", "first");
  const mainHead = git("rev-parse", "HEAD");
  git("checkout", "-q", "-b", "feature");
  await writeFile(join(path, "a.txt"), "one\ntwo\n");
  git("commit", "-qam", "add two");
  await writeFile(join(path, "a.txt"), "one\ntwo\nthree\n");
  return { path, head: git("rev-parse", "HEAD"), mainHead, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

/** The model's review output, in the JSON shape the binary's review prompt asks for. */
function reviewJson(path: string): string {
  const finding = (title: string, body: string, line: number) => ({
    title,
    body,
    confidence_score: 0.8,
    priority: 1,
    code_location: { absolute_file_path: join(path, "a.txt"), line_range: { start: line, end: line } },
  });
  return JSON.stringify({
    findings: [finding("[P1] Two is wrong", "The second line should not be there.", 2), finding("[P2] Three too", "Same for three.\nAnd more.", 3)],
    overall_correctness: "patch is incorrect",
    overall_explanation: "It adds lines that are not needed.",
    overall_confidence_score: 0.7,
  });
}

test("a review of uncommitted changes gives the review text and its findings", async () => {
  await using repo = await repository();
  await using h = await harness();
  h.mock.queueText(reviewJson(repo.path));
  const thread = await h.codex.threadStart({ cwd: repo.path });
  const review = await thread.review("uncommittedChanges");
  assert.equal(review.thread, thread, "inline: the review runs on this thread");
  const result = await review.run();
  assert.match(lastUserText(h.mock.requests[0]) ?? "", /Review the current code changes \(staged, unstaged, and untracked files\)/);
  assert.equal(result.reviewThreadId, thread.id);
  assert.equal(result.turn.status, "completed");
  assert.match(result.text ?? "", /^It adds lines that are not needed\./);
  assert.deepEqual(result.findings, [
    { title: "[P1] Two is wrong", path: join(repo.path, "a.txt"), startLine: 2, endLine: 2, body: "The second line should not be there." },
    { title: "[P2] Three too", path: join(repo.path, "a.txt"), startLine: 3, endLine: 3, body: "Same for three.\nAnd more." },
  ]);
});

test("a review against a base branch asks the model about the diff with that branch", async () => {
  await using repo = await repository();
  await using h = await harness();
  h.mock.queueText(reviewJson(repo.path));
  const thread = await h.codex.threadStart({ cwd: repo.path });
  const result = await (await thread.review({ type: "baseBranch", branch: "main" })).run();
  const asked = lastUserText(h.mock.requests[0]) ?? "";
  assert.match(asked, /against the base branch 'main'\. The merge base commit for this comparison is ([0-9a-f]{40})/);
  assert.equal(/merge base commit for this comparison is ([0-9a-f]{40})/.exec(asked)?.[1], repo.mainHead);
  assert.equal(result.findings.length, 2);
});

test("a review of a commit names the commit to the model", async () => {
  await using repo = await repository();
  await using h = await harness();
  h.mock.queueText(reviewJson(repo.path));
  const thread = await h.codex.threadStart({ cwd: repo.path });
  await (await thread.review({ type: "commit", sha: repo.head, title: "add two" })).run();
  const asked = lastUserText(h.mock.requests[0]) ?? "";
  assert.ok(asked.includes(repo.head), asked);
  assert.ok(asked.includes("add two"), asked);
});

test("a review with custom instructions passes them to the model, and a plain-text answer is the review text", async () => {
  await using repo = await repository();
  await using h = await harness();
  h.mock.queueText("Nothing to report.");
  const thread = await h.codex.threadStart({ cwd: repo.path });
  const review = await thread.review({ type: "custom", instructions: "Check a.txt for typos only." });
  const methods: string[] = [];
  for await (const event of review.stream()) methods.push(event.method);
  const result = await review.run();
  assert.equal(lastUserText(h.mock.requests[0]), "Check a.txt for typos only.");
  assert.ok(methods.includes("item/completed") && methods.at(-1) === "turn/completed");
  assert.equal(result.text, "Nothing to report.");
  assert.deepEqual(result.findings, []);
});

test("a detached review runs on a fork, and the thread's own history has no review", async () => {
  await using repo = await repository();
  await using h = await harness();
  h.mock.queueText("Hello.").queueText(reviewJson(repo.path));
  const thread = await h.codex.threadStart({ cwd: repo.path });
  await thread.run("Hi");
  const review = await thread.review("uncommittedChanges", { delivery: "detached" });
  assert.notEqual(review.thread.id, thread.id);
  const result = await review.run();
  assert.equal(result.reviewThreadId, review.thread.id);
  assert.equal(result.findings.length, 2);
  const own = await thread.read({ includeTurns: true });
  assert.equal(own.turns.length, 1, "only the first turn is on the original thread");
  const fork = await review.thread.read({ includeTurns: true });
  assert.ok(fork.turns.length >= 2, "the fork has the first turn and the review");
});

test("a review target or delivery that is not valid is refused before anything is sent", async () => {
  await using h = await harness();
  const thread = await h.codex.threadStart();
  await assert.rejects(thread.review({ type: "baseBranch", branch: "" }), InvalidArgumentError);
  await assert.rejects(thread.review("everything" as never), InvalidArgumentError);
  await assert.rejects(thread.review("uncommittedChanges", { delivery: "elsewhere" as never }), InvalidArgumentError);
  assert.equal(h.mock.requests.length, 0);
});
