import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { Codex, TransportClosedError } from "../../mod.ts";
import { SecretRedactor } from "../../client.ts";
import { JsonRpcPeer } from "../../rpc.ts";
import { FakeAppServer } from "../_support/fake_app_server.ts";
import { check, checkAsync } from "./_support.ts";

// Generated: secrets (token-shaped, 16-40 characters) planted at any position of random text, in
// a server's error message, in stderr lines of a dying process, and in text given to the redactor.

const secret = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/);
const around = fc.string({ maxLength: 60 });

function plant(text: string, at: number, value: string): string {
  const i = at % (text.length + 1);
  return text.slice(0, i) + value + text.slice(i);
}

test("property: a known secret anywhere in any text is gone after redaction, however often it occurs", () => {
  check(
    fc.property(secret, around, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (value, text, positions) => {
      const redactor = new SecretRedactor();
      redactor.add(value);
      const planted = positions.reduce((t, at) => plant(t, at, value), text);
      assert.ok(!redactor.redact(planted).includes(value));
    }),
    { numRuns: 500 },
  );
});

test("property: a secret echoed anywhere in a server's error message is not in the error the caller gets, nor in any reported fault", async () => {
  // Scripted: an error response quoting a chosen text on cue.
  await checkAsync(
    fc.asyncProperty(secret, around, fc.nat(), async (value, text, at) => {
      const redactor = new SecretRedactor();
      redactor.add(value);
      const server = new FakeAppServer();
      const faults: string[] = [];
      const peer = new JsonRpcPeer(server.connection, {
        redact: (t) => redactor.redact(t),
        onError: (error) => faults.push(`${error.message} ${JSON.stringify(error)}`),
      });
      const pending = peer.request("thread/start", {}).catch((error: Error) => error);
      const { id } = await server.nextMessage();
      await server.send({ id, error: { code: -32600, message: plant(text, at, value), data: plant(text, at, value) } });
      // A stray message with the secret in it too: reported as a fault.
      await server.writeText(`${plant(text.replaceAll("\n", " "), at, value)}\n`);
      const error = await pending;
      await server.end();
      await peer.closed;
      const everything = [String(error), JSON.stringify(error), (error as Error).stack ?? "", ...faults].join("\n");
      assert.ok(!everything.includes(value), everything);
    }),
    { numRuns: 100 },
  );
});

test("property: an env secret printed anywhere in a dying app-server's stderr is not in the error, its stderr tail or the stderr log", async () => {
  // A shell script stands in for codex: the real binary cannot be made to print a chosen env
  // value to stderr and die. Few runs: each starts a process.
  const dir = await mkdtemp(join(tmpdir(), "codex-secret-property-"));
  try {
    const fake = join(dir, "codex");
    await writeFile(fake, `#!/bin/sh\ncat "$STDERR_FILE" >&2\nexit 3\n`);
    await chmod(fake, 0o755);
    await checkAsync(
      fc.asyncProperty(
        secret,
        fc.array(fc.string({ unit: "grapheme-ascii", maxLength: 80 }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.nat(),
        async (value, lines, line, at) => {
          const stderr = [...lines];
          stderr[line % stderr.length] = plant(stderr[line % stderr.length], at, value);
          const file = join(dir, "stderr.txt");
          await writeFile(file, stderr.join("\n") + "\n");
          const logged: string[] = [];
          const error = await Codex.start({
            codexBin: fake,
            env: { OPENAI_API_KEY: value, STDERR_FILE: file },
            onStderr: (l) => logged.push(l),
          }).then(
            (codex) => codex.close().then(() => assert.fail("the fake server started")),
            (e: unknown) => e,
          );
          assert.ok(error instanceof TransportClosedError, String(error));
          const everything = [error.message, ...error.stderrTail, ...logged, JSON.stringify(error), error.stack ?? ""]
            .join("\n");
          assert.ok(!everything.includes(value), everything);
        },
      ),
      { numRuns: 8 },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
