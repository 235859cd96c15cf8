// @codex/sdk/compat against the real @openai/codex-sdk, scenario by scenario, on the same
// scripted model and the same pinned binary: what each yields must be the same after
// normalising ids and paths (see _differential.ts). Where they differ on purpose, the test says
// so. Runs wherever the official SDK runs (it spawns `codex exec` with node:child_process).
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execCommandItem, failureReply, functionCallOutputs, reasoningItem, textReply } from "../../testing.ts";
import type { MockRequest } from "../../testing.ts";
import { both, collect, describeError } from "./_differential.ts";

/** The parts of a model request that thread and turn options decide. */
function requestShape(request: MockRequest | undefined): unknown {
  const body = request?.body ?? {};
  const input = (body.input as { role?: string; content?: { type: string; text?: string; image_url?: string }[] }[]) ?? [];
  const user = input.filter((item) => item.role === "user").at(-1);
  return {
    model: body.model,
    reasoning: body.reasoning,
    text: body.text,
    tools: ((body.tools as { name?: string; type?: string }[]) ?? []).map((tool) => tool.name ?? tool.type).sort(),
    lastUser: user?.content?.map((part) => ({ type: part.type, text: part.text, image: part.image_url !== undefined })),
  };
}

test("runStreamed yields the same events over three turns: reasoning, a command, messages, running-total usage", async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env }) => {
    const thread = new Codex({ codexPathOverride: bin, env }).startThread({ workingDirectory: dir, skipGitRepoCheck: true });
    const idBefore = thread.id;
    const first = await collect((await thread.runStreamed("hi")).events);
    const second = await collect((await thread.runStreamed("again")).events);
    const third = await thread.run("third");
    return { idBefore, idAfterIsString: typeof thread.id, first, second, third };
  }, {
    script: (mock) =>
      mock.queueItems([reasoningItem(["Thinking hard"]), execCommandItem({ cmd: "echo hi" })]).queueText("done")
        .queueText("second", { deltas: 3 }).queueText("third"),
  });
  assert.deepEqual(compat, official);
  assert.equal((official as { idBefore: unknown }).idBefore, null);
});

test("a failed model stream: error, turn.failed, then the same thrown message; run() rejects with the turn's message", async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env }) => {
    const codex = new Codex({ codexPathOverride: bin, env });
    const streamed = await collect((await codex.startThread({ workingDirectory: dir, skipGitRepoCheck: true }).runStreamed("x")).events);
    const run = await codex.startThread({ workingDirectory: dir, skipGitRepoCheck: true }).run("y").then(
      () => "resolved",
      describeError,
    );
    return { streamed, run };
  }, { script: (mock) => mock.queue(failureReply({ message: "boom" }), failureReply({ message: "boom again" })) });
  // Differs on purpose in the class only: compat's are CodexError subclasses (name shown).
  const strip = (o: unknown) => JSON.parse(JSON.stringify(o).replace(/"name":"[A-Za-z]+"/g, '"name":"Error"'));
  assert.deepEqual(strip(compat), strip(official));
});

test("a file change made by an apply_patch command yields the same file_change item", async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env }) => {
    const thread = new Codex({ codexPathOverride: bin, env }).startThread({
      workingDirectory: dir,
      skipGitRepoCheck: true,
      sandboxMode: "workspace-write",
    });
    return await collect((await thread.runStreamed("patch")).events);
  }, {
    script: (mock) =>
      mock.queueExecCommand({ cmd: "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\nEOF" })
        .queueText("done"),
  });
  assert.deepEqual(compat, official);
});

test("outputSchema reaches the model as the same text.format, and finalResponse is the JSON text", async () => {
  const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };
  const { official, compat } = await both(async ({ Codex, dir, bin, env, mock }) => {
    const thread = new Codex({ codexPathOverride: bin, env }).startThread({ workingDirectory: dir, skipGitRepoCheck: true });
    const result = await thread.run("json please", { outputSchema: schema });
    return { result, request: requestShape(mock.requests[0]) };
  }, { script: (mock) => mock.queue(textReply('{"answer":"42"}')) });
  assert.deepEqual(compat, official);
});

test("text and local_image inputs reach the model the same way (texts joined, the image attached)", async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env, mock }) => {
    const image = join(dir, "pixel.png");
    // A 1×1 PNG.
    await writeFile(image, Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64"));
    const thread = new Codex({ codexPathOverride: bin, env }).startThread({ workingDirectory: dir, skipGitRepoCheck: true });
    await thread.run([{ type: "text", text: "first" }, { type: "local_image", path: image }, { type: "text", text: "second" }]);
    return requestShape(mock.requests[0]);
  });
  assert.deepEqual(compat, official);
});

test("resumeThread(id) on a new Codex continues the thread: the model sees the earlier turn", async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env, mock }) => {
    const first = new Codex({ codexPathOverride: bin, env }).startThread({ workingDirectory: dir, skipGitRepoCheck: true });
    await first.run("My name is Ada.");
    const resumed = new Codex({ codexPathOverride: bin, env }).resumeThread(first.id!, { workingDirectory: dir, skipGitRepoCheck: true });
    const idBefore = resumed.id === first.id;
    const events = await collect((await resumed.runStreamed("Who am I?")).events);
    const seen = JSON.stringify(mock.requests.at(-1)?.body.input).includes("My name is Ada.");
    return { idBefore, events, seen };
  });
  assert.deepEqual(compat, official);
});

test("outside a git repository a turn is refused the same way unless skipGitRepoCheck is set", async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env }) => {
    const refused = await collect((await new Codex({ codexPathOverride: bin, env }).startThread({ workingDirectory: dir }).runStreamed("x")).events);
    const allowed = await new Codex({ codexPathOverride: bin, env }).startThread({ workingDirectory: dir, skipGitRepoCheck: true })
      .run("x").then((r) => r.finalResponse);
    return { refused, allowed };
  });
  const strip = (o: unknown) => JSON.parse(JSON.stringify(o).replace(/"name":"[A-Za-z]+"/g, '"name":"Error"'));
  assert.deepEqual(strip(compat), strip(official));
});

// On Bun the official SDK, given a signal that is already aborted, writes the prompt to the
// process the signal has just killed, and Bun raises that EPIPE as an uncaught error: the
// official side of this comparison cannot run there (compat's side is in compat_test.ts).
const OFFICIAL_EPIPE_ON_BUN = (globalThis as { Bun?: unknown }).Bun
  ? "the official SDK crashes with an uncaught EPIPE on Bun here"
  : false;

test("a signal aborted before the turn: nothing is yielded, then AbortError", { skip: OFFICIAL_EPIPE_ON_BUN }, async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env }) => {
    const thread = new Codex({ codexPathOverride: bin, env }).startThread({ workingDirectory: dir, skipGitRepoCheck: true });
    return await collect((await thread.runStreamed("x", { signal: AbortSignal.abort() })).events);
  });
  assert.deepEqual(compat, official);
});

test("a signal aborted during the turn: the events so far, then AbortError", async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env, mock }) => {
    const thread = new Codex({ codexPathOverride: bin, env }).startThread({ workingDirectory: dir, skipGitRepoCheck: true });
    const held = mock.queueHeld();
    const controller = new AbortController();
    const during = collect((await thread.runStreamed("y", { signal: controller.signal })).events);
    // Each SDK spawns its process for this turn; on a loaded machine (CI ran four suites side by
    // side on two cores) reaching the model took longer than the kit's 10 s default.
    await mock.waitForRequests(1, { timeoutMs: 60_000 });
    controller.abort();
    const result = await during;
    held.release();
    return result;
  });
  assert.deepEqual(compat, official);
});

test("each ThreadOptions field reaches the model the same way (model, effort, sandbox, web search, network, directories)", async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env, mock }) => {
    const codex = new Codex({ codexPathOverride: bin, env });
    const shapes = [];
    for (const options of [
      { model: "gpt-5.1-codex" },
      { modelReasoningEffort: "high" as const },
      { sandboxMode: "workspace-write" as const, networkAccessEnabled: true, additionalDirectories: [dir] },
      { webSearchMode: "live" as const },
      { webSearchEnabled: false },
      { approvalPolicy: "on-request" as const },
    ]) {
      await codex.startThread({ workingDirectory: dir, skipGitRepoCheck: true, ...options }).run("x");
      shapes.push(requestShape(mock.requests.at(-1)));
    }
    return shapes;
  });
  assert.deepEqual(compat, official);
});

test("CodexOptions config and configOverrides reach the app-server as the same -c overrides", async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env, mock }) => {
    const codex = new Codex({
      codexPathOverride: bin,
      env,
      config: { model: "from-config", model_reasoning_summary: "detailed" },
      configOverrides: ['model_verbosity="low"'],
    });
    await codex.startThread({ workingDirectory: dir, skipGitRepoCheck: true }).run("x");
    const bad = await new Codex({ codexPathOverride: bin, env, config: { a: null as never } })
      .startThread({ workingDirectory: dir, skipGitRepoCheck: true }).run("x").then(() => "resolved", describeError);
    return { request: requestShape(mock.requests[0]), bad };
  });
  const strip = (o: unknown) => JSON.parse(JSON.stringify(o).replace(/"name":"[A-Za-z]+"/g, '"name":"Error"'));
  assert.deepEqual(strip(compat), strip(official));
});

test("an escalation the model asks for gets exec's answer: refused under the approval policy never, no approval asked", async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env, mock }) => {
    const thread = new Codex({ codexPathOverride: bin, env }).startThread({
      workingDirectory: dir,
      skipGitRepoCheck: true,
      approvalPolicy: "on-request",
    });
    const events = await collect((await thread.runStreamed("touch it")).events);
    const body = JSON.stringify(mock.requests[1]?.body.input ?? []);
    return { events, toldRefused: body.includes("approval policy is Never") };
  }, {
    mock: { approvalPolicy: "on-request" },
    script: (mock) =>
      mock.queueExecCommand({ cmd: "touch out.txt", escalated: true, justification: "write" }).queueText("done"),
  });
  assert.deepEqual(compat, official);
  assert.equal((official as { toldRefused: boolean }).toldRefused, true);
});

test("the env option replaces the inherited environment, without it this process's is inherited", async () => {
  process.env.COMPAT_DIFF_MARK = "inherited";
  try {
    const { official, compat } = await both(async ({ Codex, dir, bin, env, mock }) => {
      const outputs = [];
      const { COMPAT_DIFF_MARK: _mark, ...withoutMark } = env;
      for (const options of [{ env: withoutMark }, { env: { ...env, COMPAT_DIFF_MARK: "given" } }]) {
        const thread = new Codex({ codexPathOverride: bin, ...options }).startThread({ workingDirectory: dir, skipGitRepoCheck: true });
        const result = await thread.run("print the mark");
        outputs.push(result.items.flatMap((item) => item.type === "command_execution" ? [item.aggregated_output] : []));
      }
      // Without `env`: CODEX_HOME comes from this process's environment, the mark too.
      const saved = process.env.CODEX_HOME;
      process.env.CODEX_HOME = mock.env.CODEX_HOME;
      try {
        const thread = new Codex({ codexPathOverride: bin }).startThread({ workingDirectory: dir, skipGitRepoCheck: true });
        const result = await thread.run("print the mark");
        outputs.push(result.items.flatMap((item) => item.type === "command_execution" ? [item.aggregated_output] : []));
      } finally {
        if (saved === undefined) delete process.env.CODEX_HOME;
        else process.env.CODEX_HOME = saved;
      }
      return outputs;
    }, {
      script: (mock) => {
        for (let i = 0; i < 3; i++) mock.queueExecCommand({ cmd: 'echo "mark=$COMPAT_DIFF_MARK"' }).queueText("ok");
      },
    });
    assert.deepEqual(compat, official);
    // Given without the mark: none (not merged with this process's); given: its value; no env: inherited.
    assert.deepEqual(official, [["mark=\n"], ["mark=given\n"], ["mark=inherited\n"]]);
  } finally {
    delete process.env.COMPAT_DIFF_MARK;
  }
});

test("baseUrl, apiKey, threadSource and cyberAccessProgram: the same turn, the same model request", async () => {
  const { official, compat } = await both(async ({ Codex, dir, bin, env, mock }) => {
    const codex = new Codex({ codexPathOverride: bin, env, baseUrl: "http://127.0.0.1:9/v1", apiKey: "sk-compat-test" });
    const thread = codex.startThread({ workingDirectory: dir, skipGitRepoCheck: true, threadSource: "user" });
    const events = await collect((await thread.runStreamed("x", { cyberAccessProgram: "standard" })).events);
    const { input: _input, instructions: _instructions, prompt_cache_key: _key, client_metadata: _meta, ...rest } =
      mock.requests[0]?.body ?? {};
    return { events, request: rest };
  });
  assert.deepEqual(compat, official);
});

test("an MCP tool call yields the same mcp_tool_call items, and its elicitation gets exec's answer", async () => {
  const server = fileURLToPath(new URL("../_support/mcp_elicitation_server.mjs", import.meta.url));
  const { official, compat } = await both(async ({ Codex, dir, bin, env, mock }) => {
    const thread = new Codex({ codexPathOverride: bin, env }).startThread({ workingDirectory: dir, skipGitRepoCheck: true });
    const events = await collect((await thread.runStreamed("sign me up")).events);
    const outputs = mock.requests.flatMap((request) => functionCallOutputs(request).map((o) => o.output));
    return { events, outputs };
  }, {
    mock: { config: { mcp_servers: { forms: { command: "node", args: [server], default_tools_approval_mode: "approve" } } } },
    script: (mock) => mock.queueToolCall({ name: "signup", namespace: "mcp__forms" }, {}, { callId: "c1" }).queueText("done"),
  });
  assert.deepEqual(compat, official);
});
