// The supported version window, checked at the handshake: the server's version is read from the
// `initialize` reply's user agent; older than MIN_CODEX_VERSION is refused, newer than the pin
// warns, unreadable warns. On the real binaries where one exists (0.150.0 for "older", the MIN
// binary, the pinned one); a newer binary cannot be had, so "newer" and "unreadable" use a
// scripted in-memory peer answering `initialize` (legitimate here: the real binary cannot
// produce those replies).
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Codex,
  type CodexError,
  IncompatibleAppServerError,
  MethodNotFoundError,
  SUPPORTED_CODEX_VERSIONS,
} from "../mod.ts";
import { MIN_CODEX_VERSION, PINNED_CODEX_VERSION } from "../protocol.ts";
import { MockModel } from "../testing.ts";
import { compareVersions, parseVersion } from "../src/client/semver.ts";
import { serverVersionFromUserAgent } from "../src/client/version_window.ts";
import { minCodex, oldCodex, skipWithout } from "./_support/codex_versions.ts";
import { FakeAppServer } from "./_support/fake_app_server.ts";
import { startListener } from "./_support/app_server_listener.ts";
import { isAlive, waitGone } from "./_support/process.ts";

const withoutOld = skipWithout(oldCodex, "the tests on a codex older than the minimum");
const withoutMin = skipWithout(minCodex, "the MethodNotFoundError test on the MIN binary");
const UA_TAIL = "(Debian 12.0.0; x86_64) xterm (codex_sdk_ts; 0.1.0)";

function collect(): { warnings: CodexError[]; logger: { warn: (message: string, error?: CodexError) => void } } {
  const warnings: CodexError[] = [];
  return { warnings, logger: { warn: (_message, error) => void (error && warnings.push(error)) } };
}

test("the window is MIN_CODEX_VERSION to the generated protocol's version", () => {
  assert.deepEqual(SUPPORTED_CODEX_VERSIONS, { min: MIN_CODEX_VERSION, pinned: PINNED_CODEX_VERSION });
  assert.ok(compareVersions(MIN_CODEX_VERSION, PINNED_CODEX_VERSION) <= 0, "MIN is not newer than the pin");
});

test("the server's version is read from the user agents that 0.150.0, 0.160.0 and 0.169.0 send", () => {
  // As observed on each binary with clientInfo.name "codex_sdk_ts".
  for (const version of ["0.150.0", "0.160.0", "0.169.0"]) {
    assert.equal(serverVersionFromUserAgent(`codex_sdk_ts/${version} ${UA_TAIL}`, "codex_sdk_ts"), version);
    assert.equal(serverVersionFromUserAgent(`codex_sdk_ts/${version} ${UA_TAIL}`), version, "without the client name too");
  }
});

test("a client name with a slash, parentheses, spaces or a version in it does not fool the parse", () => {
  // The server puts clientInfo.name in front as it is (observed: "a/b (x)/0.169.0 (…)").
  const cases: [name: string, userAgent: string][] = [
    ["a/b (x)", "a/b (x)/0.169.0 (Debian 12.0.0; x86_64) xterm (a/b (x); 9.9)"],
    ["my app", "my app/0.169.0 (Debian 12.0.0; x86_64) xterm (my app; 9.9)"],
    ["x/1.2.3", "x/1.2.3/0.169.0 (Debian 12.0.0; x86_64) xterm (x/1.2.3; 9.9)"],
    ["", "/0.169.0 (Debian 12.0.0; x86_64) xterm (; 9.9)"],
  ];
  for (const [name, userAgent] of cases) {
    assert.equal(serverVersionFromUserAgent(userAgent, name), "0.169.0", `with the name ${JSON.stringify(name)}`);
    assert.equal(serverVersionFromUserAgent(userAgent), "0.169.0", `without the name, for ${JSON.stringify(name)}`);
  }
  assert.equal(serverVersionFromUserAgent("codex_sdk_ts/0.171.0-alpha.2 (linux)", "codex_sdk_ts"), "0.171.0-alpha.2");
});

test("a user agent with no readable version gives null, never a guess", () => {
  for (const userAgent of ["", "codex", "codex/abc (linux)", "codex/1.2 (linux)", "codex/01.2.3 (x)", "1.2.3"]) {
    assert.equal(serverVersionFromUserAgent(userAgent, "codex"), null, JSON.stringify(userAgent));
  }
});

test("versions order as semver: numerically, and a pre-release before its release", () => {
  assert.equal(compareVersions("0.160.0", "0.169.0"), -1);
  assert.equal(compareVersions("0.99.0", "0.100.0"), -1);
  assert.equal(compareVersions("1.0.0", "0.999.999"), 1);
  assert.equal(compareVersions("0.169.0", "0.169.0+build.7"), 0);
  assert.equal(compareVersions("0.171.0-alpha.2", "0.171.0"), -1);
  assert.equal(compareVersions("0.171.0-alpha.2", "0.171.0-alpha.10"), -1);
  assert.equal(compareVersions("0.171.0-alpha", "0.171.0-alpha.1"), -1);
  assert.equal(compareVersions("0.171.0-1", "0.171.0-alpha"), -1);
  assert.equal(parseVersion("0.169"), null);
});

/** Opens a Codex over a scripted peer that answers initialize with `userAgent`. */
async function handshakeWith(userAgent: string, options: { allowVersionMismatch?: boolean } = {}) {
  // Scripted: no binary newer than the pin (or with an unreadable version) can be installed here.
  const server = new FakeAppServer();
  const { warnings, logger } = collect();
  const opening = Codex.fromConnection(server.connection, { ...options, logger });
  const initialize = await server.nextMessage();
  await server.send({
    id: initialize.id,
    result: { userAgent, codexHome: "/nonexistent", platformFamily: "unix", platformOs: "linux" },
  });
  return { opening, warnings, server };
}

function newerThanPin(): string {
  const pinned = parseVersion(PINNED_CODEX_VERSION)!;
  return `${pinned.major}.${pinned.minor + 1}.0`;
}

test("a server newer than the pin is accepted with exactly one warning that names both versions", async () => {
  const newer = newerThanPin();
  const { opening, warnings, server } = await handshakeWith(`codex_sdk_ts/${newer} ${UA_TAIL}`);
  await using codex = await opening;
  assert.equal(codex.metadata.serverVersion, newer);
  assert.equal((await server.nextMessage()).method, "initialized", "the handshake completed");
  assert.deepEqual(warnings.map((w) => w.code), ["app_server_newer_than_pinned"]);
  assert.match(warnings[0].message, new RegExp(`${newer}.*${PINNED_CODEX_VERSION}`));
});

test("a user agent without a readable version is accepted with one warning; serverVersion is null", async () => {
  const { opening, warnings } = await handshakeWith("some-proxy/edge");
  await using codex = await opening;
  assert.equal(codex.metadata.serverVersion, null);
  assert.deepEqual(warnings.map((w) => w.code), ["app_server_version_unknown"]);
  assert.match(warnings[0].message, /some-proxy\/edge/);
});

test("a development build reporting 0.0.0 is treated as unknown: accepted with one warning", async () => {
  const { opening, warnings } = await handshakeWith(`codex_sdk_ts/0.0.0 ${UA_TAIL}`);
  await using codex = await opening;
  assert.deepEqual(warnings.map((w) => w.code), ["app_server_version_unknown"]);
  assert.equal(codex.metadata.serverVersion, "0.0.0");
});

test("on the pinned binary, metadata.serverVersion is the pinned version and nothing is warned", async () => {
  await using mock = await MockModel.start();
  const { warnings, logger } = collect();
  await using codex = await Codex.start({ env: mock.env, logger });
  assert.equal(codex.metadata.serverVersion, PINNED_CODEX_VERSION);
  assert.deepEqual(warnings.map((w) => w.code), []);
});

/** A wrapper that records the app-server's pid before becoming it (exec keeps the pid). */
async function pidRecordingWrapper(bin: string): Promise<{ codexBin: string; pid(): Promise<number>; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "codex-pid-"));
  const codexBin = join(dir, "codex");
  const pidFile = join(dir, "pid");
  await writeFile(codexBin, `#!/bin/sh\necho $$ > '${pidFile}'\nexec '${bin}' "$@"\n`);
  await chmod(codexBin, 0o755);
  return {
    codexBin,
    pid: async () => Number((await readFile(pidFile, "utf8")).trim()),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

test("Codex.start refuses a 0.150.0 app-server with IncompatibleAppServerError, and stops it", { skip: withoutOld }, async () => {
  await using mock = await MockModel.start();
  const wrapper = await pidRecordingWrapper(oldCodex.bin!);
  try {
    const error = await Codex.start({ codexBin: wrapper.codexBin, env: mock.env }).then(
      () => assert.fail("start resolved"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof IncompatibleAppServerError, String(error));
    assert.equal(error.code, "incompatible_app_server");
    assert.equal(error.serverVersion, oldCodex.version);
    assert.equal(error.minVersion, MIN_CODEX_VERSION);
    assert.equal(error.pinnedVersion, PINNED_CODEX_VERSION);
    // It names both versions and every way out.
    assert.match(error.message, new RegExp(`${oldCodex.version}.*${MIN_CODEX_VERSION}`));
    assert.ok(error.message.includes(`@openai/codex@${PINNED_CODEX_VERSION}`), error.message);
    assert.match(error.message, /codexBin/);
    assert.match(error.message, /CODEX_BIN/);
    assert.match(error.message, /allowVersionMismatch: true/);
    const pid = await wrapper.pid();
    assert.ok(await waitGone(pid), `the refused app-server ${pid} is still running`);
  } finally {
    await wrapper.dispose();
  }
});

test("Codex.connect refuses a remote 0.150.0 app-server the same way, leaving the server to its owner", { skip: withoutOld }, async () => {
  await using mock = await MockModel.start();
  await using server = await startListener({ env: { ...mock.env, CODEX_BIN: oldCodex.bin! } });
  await assert.rejects(Codex.connect(server.url), (error: IncompatibleAppServerError) => {
    assert.ok(error instanceof IncompatibleAppServerError);
    assert.equal(error.serverVersion, oldCodex.version);
    return true;
  });
  assert.ok(isAlive(server.pid), "a server this process did not start is not stopped");
});

test("allowVersionMismatch: true starts a 0.150.0 app-server with one warning, and a turn runs", { skip: withoutOld }, async () => {
  await using mock = await MockModel.start();
  const { warnings, logger } = collect();
  await using codex = await Codex.start({ codexBin: oldCodex.bin, env: mock.env, allowVersionMismatch: true, logger });
  assert.equal(codex.metadata.serverVersion, oldCodex.version);
  assert.deepEqual(warnings.map((w) => w.code), ["app_server_version_mismatch_allowed"]);
  assert.match(warnings[0].message, new RegExp(`${oldCodex.version}.*${MIN_CODEX_VERSION}`));
  mock.queueText("old but willing");
  const thread = await codex.threadStart();
  assert.equal((await thread.run("hello")).finalResponse, "old but willing");
});

test("inside the window, a method the older server lacks fails with MethodNotFoundError naming its version", { skip: withoutMin }, async () => {
  await using mock = await MockModel.start();
  await using codex = await Codex.start({ codexBin: minCodex.bin, env: mock.env });
  // modelProvider/list is in the pinned protocol and not in 0.160.0's.
  await assert.rejects(codex.client.request("modelProvider/list", {}), (error: MethodNotFoundError) => {
    assert.ok(error instanceof MethodNotFoundError, String(error));
    assert.equal(error.method, "modelProvider/list");
    assert.ok(error.message.includes(`the app-server is codex ${MIN_CODEX_VERSION}`), error.message);
    assert.ok(error.message.includes(`@openai/codex@${PINNED_CODEX_VERSION}`), error.message);
    return true;
  });
  // The untyped path names it too.
  await assert.rejects(codex.client.requestUntyped("no/such/method", {}), (error: MethodNotFoundError) => {
    assert.ok(error instanceof MethodNotFoundError);
    assert.ok(error.message.includes(`codex ${MIN_CODEX_VERSION}`), error.message);
    return true;
  });
});
