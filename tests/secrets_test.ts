// Secrets never appear in error messages, stderr tails or logs. The fake binary below is a
// shell script standing in for codex: the real binary cannot be made to print a chosen env
// value to stderr and die, which is exactly the leak this guards against.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Codex, TransportClosedError } from "../mod.ts";
import { SecretRedactor } from "../client.ts";
import { harness } from "./_support/harness.ts";

const PLANTED = "sk-planted-secret-0123456789abcdef";

test("an env secret echoed by a dying app-server is redacted from the error, the stderr tail and the log", async () => {
  const dir = await mkdtemp(join(tmpdir(), "codex-secret-"));
  try {
    const fake = join(dir, "codex");
    await writeFile(fake, `#!/bin/sh\necho "starting with key $OPENAI_API_KEY and token $MY_SERVICE_TOKEN" >&2\necho "Error: bad key $OPENAI_API_KEY" >&2\nexit 3\n`);
    await chmod(fake, 0o755);
    const logged: string[] = [];
    await assert.rejects(
      Codex.start({
        codexBin: fake,
        env: { OPENAI_API_KEY: PLANTED, MY_SERVICE_TOKEN: "tok-planted-987654" },
        onStderr: (line) => logged.push(line),
      }),
      (error: TransportClosedError) => {
        assert.ok(error instanceof TransportClosedError);
        assert.equal(error.exitCode, 3);
        const everything = [error.message, ...error.stderrTail, ...logged, JSON.stringify(error)].join("\n");
        assert.ok(!everything.includes(PLANTED), everything);
        assert.ok(!everything.includes("tok-planted-987654"), everything);
        assert.match(error.message, /Error: bad key \[redacted\]/);
        return true;
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("an API key given to loginApiKey is redacted from a later error message", async () => {
  await using h = await harness();
  const key = "sk-login-planted-secret-42424242";
  await h.codex.loginApiKey(key);
  const account = await h.codex.account();
  assert.ok(!JSON.stringify(account).includes(key));
  // The server echoes a bad value back in its error ("invalid type: string \"…\""): the
  // message the user sees hides the key.
  const error = await h.codex.client.request("thread/start", { ephemeral: key as unknown as boolean }).catch((e: Error) => e);
  assert.ok(error instanceof Error);
  assert.match(error.message, /invalid type: string/);
  assert.match(error.message, /\[redacted\]/);
  assert.ok(!error.message.includes(key), error.message);
});

test("SecretRedactor hides known secrets and anything shaped like a key or bearer token", () => {
  const redactor = new SecretRedactor();
  redactor.add("hunter2-long-secret");
  redactor.add("abc"); // too short to redact by value: it would mask ordinary words
  const out = redactor.redact("pw=hunter2-long-secret auth: Bearer abcdefghijklmnop key sk-abcdefghijklmnop abc");
  assert.equal(out, "pw=[redacted] auth: Bearer [redacted] key [redacted] abc");
});
