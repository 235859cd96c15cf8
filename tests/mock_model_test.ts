// Tests of the testing kit itself: MockModel drives the REAL codex binary (spawned directly
// here, JSONL over stdio) through complete turns, and serves plain HTTP sanely.
// Over 300 lines on purpose: one spawned-binary driver shared by every test of the kit.
import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import process from "node:process";
import { test } from "node:test";
import {
  functionCallOutputs,
  type JsonObject,
  lastUserText,
  messageItem,
  MockModel,
  type MockModelOptions,
  reasoningItem,
  toolNames,
} from "../testing.ts";
import { Codex } from "../mod.ts";
import { eventually } from "./_support/eventually.ts";

const CODEX_BIN = process.env.CODEX_BIN ??
  resolve("node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex");

type Message = JsonObject & { id?: number; method?: string; params?: JsonObject };

/** A bare JSONL client for `codex app-server`: just enough to drive a turn. */
class AppServer {
  readonly messages: Message[] = [];
  #child: ChildProcessWithoutNullStreams;
  #nextId = 1;
  #listeners = new Set<() => void>();
  #exited: Promise<void>;
  #stderr = "";

  constructor(env: Record<string, string>) {
    this.#child = spawn(CODEX_BIN, ["app-server"], {
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.#exited = new Promise((done) => this.#child.once("close", () => done()));
    let buffer = "";
    this.#child.stdout.setEncoding("utf8");
    this.#child.stdout.on("data", (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf("\n"); nl !== -1; nl = buffer.indexOf("\n")) {
        this.messages.push(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
      }
      for (const listener of this.#listeners) listener();
    });
    this.#child.stderr.setEncoding("utf8");
    this.#child.stderr.on(
      "data",
      (chunk: string) => (this.#stderr = (this.#stderr + chunk).slice(-4000)),
    );
  }

  static async start(env: Record<string, string>): Promise<AppServer> {
    const server = new AppServer(env);
    await server.request("initialize", { clientInfo: { name: "t", title: "t", version: "0" } });
    server.send({ method: "initialized" });
    return server;
  }

  send(message: JsonObject): void {
    this.#child.stdin.write(JSON.stringify(message) + "\n");
  }

  async request(method: string, params: JsonObject): Promise<JsonObject> {
    const id = this.#nextId++;
    this.send({ id, method, params });
    const reply = await this.waitFor((m) => m.id === id && m.method === undefined);
    if (reply.error !== undefined) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    return reply.result as JsonObject;
  }

  /** The first message (already received or coming) that matches. */
  waitFor(match: (message: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.messages.find(match);
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching message in ${timeoutMs} ms; stderr:\n${this.#stderr}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
      };
      this.#listeners.add(check);
      check();
    });
  }

  notifications(method: string): JsonObject[] {
    return this.messages.filter((m) => m.method === method && m.id === undefined)
      .map((m) => m.params ?? {});
  }

  async startTurn(text: string): Promise<{ threadId: string; turnId: string }> {
    const { thread } = await this.request("thread/start", {}) as { thread: { id: string } };
    const { turn } = await this.request("turn/start", {
      threadId: thread.id,
      input: [{ type: "text", text }],
    }) as { turn: { id: string } };
    return { threadId: thread.id, turnId: turn.id };
  }

  turnCompleted(timeoutMs?: number): Promise<Message> {
    return this.waitFor((m) => m.method === "turn/completed", timeoutMs);
  }

  async close(): Promise<void> {
    this.#child.kill();
    await this.#exited;
  }
}

type ErrorBody = { error: { message: string } };
type Turn = { status: string; error: { message: string; codexErrorInfo: unknown } | null };
type Item = { type: string; id: string; text?: string; phase?: string | null; summary?: string[] };

function completedItems(server: AppServer, type: string): Item[] {
  return server.notifications("item/completed").map((p) => p.item as Item).filter((i) =>
    i.type === type
  );
}

test("a queued text reply completes a real app-server turn with that text", async () => {
  await using mock = await MockModel.start();
  mock.queueText("Hello from the mock", { deltas: 3 });
  const server = await AppServer.start(mock.env);
  try {
    await server.startTurn("hi");
    const done = await server.turnCompleted();
    assert.equal((done.params?.turn as Turn).status, "completed");
    const [message] = completedItems(server, "agentMessage");
    assert.equal(message.text, "Hello from the mock");
    const deltas = server.notifications("item/agentMessage/delta").map((p) => p.delta);
    assert.deepEqual(deltas, ["Hello f", "rom th", "e mock"]);
    assert.equal(mock.requests.length, 1);
    assert.equal(lastUserText(mock.requests[0]), "hi");
    assert.ok(toolNames(mock.requests[0]).includes("exec_command"));
    assert.equal(mock.pendingReplies, 0);
  } finally {
    await server.close();
  }
});

test("the default reply echoes the user's text", async () => {
  await using mock = await MockModel.start();
  const server = await AppServer.start(mock.env);
  try {
    await server.startTurn("what is 2+2?");
    await server.turnCompleted();
    assert.equal(completedItems(server, "agentMessage")[0].text, "Mock reply to: what is 2+2?");
  } finally {
    await server.close();
  }
});

test("a reply of several items arrives as reasoning and phased messages", async () => {
  await using mock = await MockModel.start();
  mock.queueItems([
    reasoningItem("Thinking it over"),
    messageItem("Working on it", { phase: "commentary" }),
    messageItem("All done", { phase: "final_answer", deltas: 0 }),
  ]);
  const server = await AppServer.start(mock.env);
  try {
    await server.startTurn("go");
    await server.turnCompleted();
    assert.deepEqual(completedItems(server, "reasoning")[0].summary, ["Thinking it over"]);
    const messages = completedItems(server, "agentMessage").map((i) => [i.phase, i.text]);
    assert.deepEqual(messages, [["commentary", "Working on it"], ["final_answer", "All done"]]);
  } finally {
    await server.close();
  }
});

test("a held reply keeps the turn in progress until it is released", async () => {
  await using mock = await MockModel.start();
  const held = mock.queueHeld();
  const server = await AppServer.start(mock.env);
  try {
    await server.startTurn("wait for it");
    const request = await held.started;
    assert.equal(lastUserText(request), "wait for it");
    // Not a wait for an event: the time in which a reply that was not held would have ended the
    // turn (a scripted turn takes ~60 ms), to show that this one does not.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(server.notifications("turn/completed").length, 0);
    held.release("Released at last");
    const done = await server.turnCompleted();
    assert.equal((done.params?.turn as Turn).status, "completed");
    assert.equal(completedItems(server, "agentMessage")[0].text, "Released at last");
  } finally {
    await server.close();
  }
});

test("interrupting a turn whose reply is held makes the binary drop the request", async () => {
  await using mock = await MockModel.start();
  const held = mock.queueHeld();
  const server = await AppServer.start(mock.env);
  try {
    const { threadId, turnId } = await server.startTurn("long job");
    await held.started;
    await server.request("turn/interrupt", { threadId, turnId });
    const done = await server.turnCompleted();
    assert.equal((done.params?.turn as Turn).status, "interrupted");
    assert.equal(await held.ended, "clientClosed");
  } finally {
    await server.close();
  }
});

test("a failure reply fails the turn at once with an error notification", async () => {
  await using mock = await MockModel.start();
  mock.queueFailure({ code: "context_length_exceeded", message: "too long" });
  const server = await AppServer.start(mock.env);
  try {
    await server.startTurn("hi");
    const done = await server.turnCompleted(5_000);
    const turn = done.params?.turn as Turn;
    // 0.169.0: one `error` notification (willRetry false), then turn/completed status failed.
    assert.equal(turn.status, "failed");
    assert.equal(turn.error?.codexErrorInfo, "contextWindowExceeded");
    const [error] = server.notifications("error");
    assert.equal(error.willRetry, false);
    assert.equal(mock.requests.length, 1, "retries are off: no second request");
  } finally {
    await server.close();
  }
});

test("an escalated exec_command under on-request asks the client for approval", async () => {
  await using mock = await MockModel.start({ approvalPolicy: "on-request" });
  mock.queueExecCommand(
    { cmd: "touch approved.txt", escalated: true, justification: "needs a file" },
    { callId: "call_touch" },
  );
  mock.queueText("Declined, fine.");
  const server = await AppServer.start(mock.env);
  try {
    await server.startTurn("make a file");
    const ask = await server.waitFor((m) => m.method === "item/commandExecution/requestApproval");
    assert.equal(ask.params?.reason, "needs a file");
    server.send({ id: ask.id ?? 0, result: { decision: "decline" } });
    const done = await server.turnCompleted();
    assert.equal((done.params?.turn as Turn).status, "completed");
    const [output] = functionCallOutputs(mock.requests[1]);
    assert.equal(output.callId, "call_touch");
    assert.match(output.output, /rejected/);
  } finally {
    await server.close();
  }
});

test("a scripted exec_command runs in a plain shell, not a login shell that reads the machine's profile", async () => {
  await using mock = await MockModel.start();
  mock.queueExecCommand({ cmd: "echo plain" }).queueText("ok");
  mock.queueExecCommand({ cmd: "echo login", login: true }).queueText("ok");
  const server = await AppServer.start(mock.env);
  try {
    const commands: string[] = [];
    for (const prompt of ["first", "second"]) {
      const { turnId } = await server.startTurn(prompt);
      const done = await server.waitFor((m) =>
        m.method === "item/completed" && m.params?.turnId === turnId &&
        (m.params?.item as { type?: string } | undefined)?.type === "commandExecution"
      );
      commands.push(String((done.params?.item as { command?: string }).command));
      await server.waitFor((m) => m.method === "turn/completed" && (m.params?.turn as { id?: string }).id === turnId);
    }
    assert.match(commands[0], / -c 'echo plain'$/);
    assert.match(commands[1], / -lc 'echo login'$/, "login: true asks for the login shell");
  } finally {
    await server.close();
  }
});

test("config.toml, env and close follow the test bed; close is idempotent", async () => {
  const mock = await MockModel.start({
    config: "hide_agent_reasoning = true\n",
    sandboxMode: "workspace-write",
  });
  const toml = await readFile(join(mock.codexHome, "config.toml"), "utf8");
  assert.match(toml, /^model = "mock-model"$/m);
  assert.match(toml, /^sandbox_mode = "workspace-write"$/m);
  assert.match(toml, /^hide_agent_reasoning = true\n[\s\S]*\[model_providers\.mock\]/m);
  assert.ok(toml.includes(`base_url = "${mock.url}/v1"`));
  assert.match(toml, /^supports_websockets = false$/m);
  assert.deepEqual(mock.env, {
    CODEX_HOME: mock.codexHome,
    RUST_LOG: "warn",
    CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1",
  });
  await mock.close();
  await mock.close();
  await assert.rejects(stat(mock.codexHome), { code: "ENOENT" });
});

test("a given codexHome is reused, rewritten for the new port and never deleted", async () => {
  const home = await mkdtemp(join(tmpdir(), "mock-home-test-"));
  try {
    const first = await MockModel.start({ codexHome: home });
    await first.close();
    const second = await MockModel.start({
      codexHome: home,
      config: { model_reasoning_effort: "low" },
    });
    const toml = await readFile(join(home, "config.toml"), "utf8");
    assert.ok(toml.includes(second.baseUrl));
    assert.match(toml, /^model_reasoning_effort = "low"$/m);
    await second.close();
    assert.ok((await stat(home)).isDirectory());
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test("unknown routes get a 404 and bad bodies a 400, both with a clear message", async () => {
  await using mock = await MockModel.start();
  const missing = await fetch(`${mock.url}/v1/embeddings`, { method: "POST", body: "{}" });
  assert.equal(missing.status, 404);
  assert.match(
    ((await missing.json()) as ErrorBody).error.message,
    /no route for POST \/v1\/embeddings/,
  );
  const bad = await fetch(`${mock.baseUrl}/responses`, { method: "POST", body: "{not json" });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as ErrorBody).error.message, /not a JSON object/);
  const models = await fetch(`${mock.baseUrl}/models`);
  assert.equal(models.status, 200);
  await models.body?.cancel();
  assert.equal(mock.requests.length, 0);
  assert.deepEqual(mock.httpLog.map((e) => e.status), [404, 400, 200]);
});

test("waitForRequests times out with a count, and close cuts a held stream", async () => {
  const mock = await MockModel.start();
  await assert.rejects(mock.waitForRequests(1, { timeoutMs: 50 }), /got 0/);
  const held = mock.queueHeld();
  const response = await fetch(`${mock.baseUrl}/responses`, { method: "POST", body: "{}" });
  await held.started;
  const cut = assert.rejects(response.text()); // attached now: the rejection comes during close
  await mock.close();
  await cut;
});

test("a scripted session never runs the user's shell profile: the kit turns the binary's shell snapshot off", async () => {
  const home = await mkdtemp(join(tmpdir(), "profile-home-"));
  const marker = join(home, "profile-ran");
  const profile = `echo ran >> '${marker}'\n`;
  await writeFile(join(home, ".bashrc"), profile);
  await writeFile(join(home, ".bash_profile"), profile);
  await writeFile(join(home, ".profile"), profile);
  // Starts threads and runs a turn with this HOME; `whileOpen` runs before the app-server closes.
  const session = async (config: MockModelOptions["config"], whileOpen: () => Promise<void>) => {
    const mock = await MockModel.start({ config });
    try {
      await using codex = await Codex.start({ env: { ...mock.env, HOME: home, SHELL: "/bin/bash" } });
      await (await codex.threadStart()).run("Hi");
      await whileOpen();
    } finally {
      await mock.close();
    }
  };
  try {
    await session(undefined, async () => {});
    await assert.rejects(stat(marker), { code: "ENOENT" }, "the profile ran with the kit's defaults");
    // The same program with the snapshot turned back on runs the profile (in the background, so
    // the test waits for the file to appear): the assertion above can fail.
    await session({ features: { shell_snapshot: true } }, () => eventually(`${marker} to appear`, 30_000, () => stat(marker).then(() => true, () => undefined)).then(() => {}));
    assert.match(await readFile(marker, "utf8"), /ran/);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
