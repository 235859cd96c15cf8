// Reliability: what a user gets wrong. Against the real codex binary: each mistake gives a clear,
// typed error (before the request, or from the server), and the client goes on working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CodexError,
  InvalidArgumentError,
  InvalidParamsError,
  InvalidRequestError,
  localImage,
} from "../../mod.ts";
import { type Harness, harness } from "../_support/harness.ts";

/** The client still runs a turn after the mistake. */
async function stillUsable(h: Harness): Promise<void> {
  h.mock.queueText("still here");
  const thread = await h.codex.threadStart();
  assert.equal(
    (await thread.run("are you there?")).finalResponse,
    "still here",
    "the client stays usable",
  );
}

test("an empty prompt is refused before anything is sent", async () => {
  await using h = await harness();
  const thread = await h.codex.threadStart();
  for (const empty of ["", "   \n", [] as string[]]) {
    await assert.rejects(thread.run(empty), (error: InvalidArgumentError) => {
      assert.ok(error instanceof InvalidArgumentError);
      assert.equal(error.argument, "input");
      assert.match(error.message, /empty/);
      return true;
    });
  }
  assert.equal(h.mock.requests.length, 0, "the model was never asked");
  await stillUsable(h);
});

test("an unknown thread id gives a typed error from the server naming the thread", async () => {
  await using h = await harness();
  const unknown = "01a20fa3-0eb1-7441-a9ff-ba869f568cb1";
  await assert.rejects(h.codex.thread(unknown).run("hello?"), (error: InvalidRequestError) => {
    assert.ok(error instanceof InvalidRequestError, `got ${error}`);
    assert.match(error.message, /thread not found/);
    assert.ok(error.message.includes(unknown));
    return true;
  });
  await assert.rejects(
    h.codex.threadResume(unknown),
    (error: CodexError) => error instanceof InvalidRequestError && error.message.includes(unknown),
  );
  await assert.rejects(h.codex.thread("not-a-thread-id").run("hello?"), (error: CodexError) => {
    assert.ok(error instanceof InvalidRequestError);
    assert.match(error.message, /invalid thread id/);
    return true;
  });
  assert.throws(() => h.codex.thread(42 as unknown as string), InvalidArgumentError);
  await stillUsable(h);
});

test("a number for cwd gives a typed error that names cwd", async () => {
  await using h = await harness();
  const namesCwd = (error: CodexError): boolean => {
    assert.ok(
      error instanceof InvalidArgumentError || error instanceof InvalidParamsError,
      `got ${error}`,
    );
    assert.match(error.message, /cwd/, `the message says which option is wrong: ${error.message}`);
    return true;
  };
  await assert.rejects(h.codex.threadStart({ cwd: 5 as unknown as string }), namesCwd);
  const thread = await h.codex.threadStart();
  await assert.rejects(thread.run("hi", { cwd: 5 as unknown as string }), namesCwd);
  await stillUsable(h);
});

test("a local image that does not exist gives a typed error naming the path, and the model is not asked", async () => {
  await using h = await harness();
  const dir = await mkdtemp(join(tmpdir(), "codex-reliability-"));
  try {
    const missing = join(dir, "no-such-image.png");
    const thread = await h.codex.threadStart({ cwd: dir });
    await assert.rejects(
      thread.run([localImage(missing), "what is in this picture?"]),
      (error: CodexError) => {
        assert.ok(error instanceof CodexError, `got ${error}`);
        assert.ok(error.message.includes(missing), `the message names the path: ${error.message}`);
        return true;
      },
    );
    assert.equal(
      h.mock.requests.length,
      0,
      "the model was never asked about an image it cannot see",
    );
    await stillUsable(h);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
