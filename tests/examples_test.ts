// Every example in examples/ runs as a program on the runtime running this test (Deno, Bun, or
// Node from the npm build), on the real codex binary with the scripted model, exits 0 and
// prints what it is meant to show.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
// On Node this file runs compiled, from npm/tests/; on Deno and Bun from tests/.
const COMPILED = basename(dirname(HERE)) === "npm";
const REPO = COMPILED ? join(HERE, "..", "..") : join(HERE, "..");
const RUNTIME = "Deno" in globalThis ? "deno" : process.versions.bun ? "bun" : "node";
const TIMEOUT_MS = 30_000;

interface Run {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** The command line that runs an example's main file on this runtime. */
async function exampleCommand(topic: string, args: string[]): Promise<string[]> {
  if (RUNTIME === "deno") return [process.execPath, "run", "-A", `examples/${topic}/main.ts`, ...args];
  if (RUNTIME === "bun") return [process.execPath, `examples/${topic}/main.ts`, ...args];
  await compileExamplesForNode();
  return [process.execPath, `npm/examples/${topic}/main.js`, ...args];
}

let compiled: Promise<void> | undefined;

/**
 * On Node the examples run against the built package, and scripts/build_npm.ts compiles src/ and
 * tests/ only. So the examples are transpiled here with the pinned TypeScript and
 * tsconfig.build.json's options into npm/examples/, where the build would put them: their
 * `../../mod.ts` imports become
 * `../../mod.js`, the built package. Files already compiled and newer than their source are
 * left alone (e.g. when the build compiles examples/ itself).
 */
function compileExamplesForNode(): Promise<void> {
  compiled ??= (async () => {
    const { default: ts } = await import("typescript");
    const config = ts.readConfigFile(join(REPO, "tsconfig.build.json"), ts.sys.readFile);
    const { options } = ts.convertCompilerOptionsFromJson(config.config.compilerOptions, REPO);
    const sources = walk(join(REPO, "examples")).filter((file) => file.endsWith(".ts"));
    for (const source of sources) {
      const target = join(REPO, "npm", relative(REPO, source)).replace(/\.ts$/, ".js");
      if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) continue;
      const output = ts.transpileModule(readFileSync(source, "utf8"), {
        // NodeNext would decide ESM vs CJS from package.json, which a lone file cannot see.
        compilerOptions: {
          ...options,
          module: ts.ModuleKind.ES2022,
          moduleResolution: ts.ModuleResolutionKind.Bundler,
          declaration: false,
        },
        fileName: source,
        reportDiagnostics: true,
      });
      if (output.diagnostics?.length) {
        throw new Error(`${source}: ${ts.flattenDiagnosticMessageText(output.diagnostics[0].messageText, "\n")}`);
      }
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, output.outputText);
    }
  })();
  return compiled;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]
  );
}

/**
 * Starts an example in its own process group (so a hung one is killed with its app-server),
 * always on the scripted model, even on a machine that is logged in.
 */
async function startExample(topic: string, args: string[] = []): Promise<{ child: ChildProcess; done: Promise<Run> }> {
  const [command, ...rest] = await exampleCommand(topic, args);
  const env: Record<string, string | undefined> = { ...process.env, CODEX_EXAMPLE_MODEL: "mock", NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  const child = spawn(command, rest, { cwd: REPO, env, stdio: ["pipe", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<Run>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

async function runExample(topic: string, options: { args?: string[]; stdin?: string } = {}): Promise<Run> {
  const { child, done } = await startExample(topic, options.args);
  child.stdin!.end(options.stdin ?? "");
  return await done;
}

function assertRan(run: Run, expected: RegExp[]): void {
  const shown = `exit ${run.code ?? run.signal}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr.slice(-3000)}`;
  assert.equal(run.code, 0, shown);
  assert.match(run.stdout, /^model: scripted MockModel on the real codex binary/m, shown);
  for (const pattern of expected) assert.match(run.stdout, pattern, shown);
}

const EXPECTED: Record<string, RegExp[]> = {
  quickstart: [/^- Ships a scripted model/m, /^usage: 1200 in, 48 out$/m, /check every event it emits\.\n\[turn completed\]/],
  turn_run: [/item commandExecution: `.*ls.*` → exit 0/, /finalResponse: `ls` ran/, /finalResponse: You asked me to list the files/],
  stream_events: [
    /item\/completed commandExecution .* → exit 0/,
    /agent says: This directory has \d+ entries\./,
    /turn\/completed: completed/,
    /readable deltas: \["one","two","three","four","five"\]/,
  ],
  existing_thread: [
    /^bound: +The codeword is pelican/m,
    /after restart, thread\(id\) alone: turn\/start: thread not found/,
    /^resumed: The codeword is pelican \(answered by (?!mock-model)/m,
  ],
  thread_lifecycle: [
    /threadList: a page of 1, more to come/,
    /^archived: \n {2}\* \S+ "Parser rewrite \(fork\)"$/m,
    /^compacted /m,
    /read: "Parser refactor"/,
    /after deleting both: \(none\)/,
  ],
  image_and_text: [/answer: I see an image \(image\/png, 77 bytes, 2×2 pixels\)\./, /remote URL refused: .*inline data URL/],
  local_image_and_text: [/answer: I see an image \(image\/png, 77 bytes, 2×2 pixels\)\./, /input items: text, localImage .*pixels\.png/],
  error_handling_and_retry: [
    /CodexNotFoundError, tried: codexBin option: \/no\/such\/codex/,
    /TransportClosedError at start: .*approval_policy = "untrusted" is no longer supported/,
    /MethodNotFoundError \(rpc -32600, retryable: false\)/,
    /InvalidParamsError \(rpc -32600, retryable: false\)/,
    /TurnFailedError: status failed, codexErrorInfo "usageLimitExceeded"/,
    /AbortError after 300 ms: .*interrupted/,
    /attempt 2: ServerBusyError, retrying in \d+ ms\n {2}attempt 3 reaches the server\nretryOnOverload: got thread/,
    /RetryLimitExceededError after 2 attempts \(retryable again: false\)/,
    /TransportClosedError: signal SIGKILL/,
    /restarted and resumed \S+: Mock reply to: Still there\?/,
  ],
  turn_params_kitchen_sink: [
    /^risk: low$/m,
    /thread now: model \S+, effort high, cwd the temp dir/,
    /reasoning \{"effort":"high","summary":"concise"/,
    /text\.format json_schema "codex_output_schema" requiring summary, risk/,
    /environment_context cwd = the temp dir, writable = the temp dir/,
  ],
  model_select: [/^ {2}\* \S+/m, /^chosen: \S+, effort high$/m, /answer: This answer was requested from \S+ with high effort\./],
  turn_controls: [
    /steered: completed: Understood — just give me one sentence about parsers\./,
    /interrupt\(\): interrupted/,
    /abort: AbortError, turn interrupted, because: the user gave up/,
    /afterwards: completed/,
  ],
  login_and_account: [
    /notifications: account\/login\/completed success=true, account\/updated authMode=apikey/,
    /openai provider, after loginApiKey: account \{"type":"apiKey"\}/,
    /openai provider, after logout: account null/,
  ],
  tracing: [
    /^finalResponse: Traced hello\.$/m,
    /^ {2}handle request \[sdk\/app\]\n {4}invoke_agent codex \[sdk\/app\] \(thread \S+, 12 in \/ 3 out\)\n {6}turn\/start \[app-server\]/m,
  ],
  client_tools: [
    /^ {2}lookup_weather\(\{"city":"Paris"\}\) → ok: \{"city":"Paris","sky":"sunny"/m,
    /^ {2}tickets\.find\(\{"id":"T-1"\}\) → ok: \{"title":"Login page is slow","state":"open"\}/m,
    /^ {2}tickets\.find\(\{"id":"one"\}\) → FAILED: Invalid arguments for tickets\.find: id: /m,
    /^ {2}tickets\.close\(\{"id":"T-1"\}\) → FAILED: Tool tickets\.close failed: the tracker is read-only today/m,
  ],
  turn_diff: [
    /^plan \(hello\.txt is written\):\n {2}\[completed\] Create hello\.txt$/m,
    /^ {2}add \.\/hello\.txt \(completed\)$/m,
    /^diff --git a\/hello\.txt b\/hello\.txt$[\s\S]*^\+hello world$/m,
    /on disk: hello\.txt = "hello world\\n"/,
    /a turn that changed nothing: diff null, 0 file changes/,
  ],
  code_review: [
    /^- \[P1\] sum subtracts — \S+sum\.js:1-1$/m,
    /^finding: \[P1\] sum subtracts at \.\/sum\.js:1 — `sum` now returns a - b/m,
    /detached review on a fork: The commit adds a correct sum function\./,
    /the model was asked: Review the code changes introduced by commit <sha> \("Add sum"\)/,
  ],
  commands_and_files: [
    /read back: "buy milk\\nwrite tests\\n"/,
    /entry: backup \(directory\)/,
    /exec: exit 0, stdout "2 \S+todo\.txt"/,
    /read-only sandbox: exit \d+, write refused/,
    /timeout: command_timeout/,
    /spawn stdout: echo: hello\n[\s\S]*echo: world/,
    /spawn exited: 0/,
    /watch: new\.txt changed/,
    /removed: true/,
  ],
  mcp: [
    /startup: notes starting\nstartup: notes ready/,
    /tools: add, echo/,
    /callMcpTool add\(2, 3\): \{"sum":5\}/,
    /readMcpResource: \{"uri":"note:\/\/greeting"/,
    /the agent called notes\.add: completed → \{"sum":42\}/,
    /another thread: mcpServer\/tool\/call: unknown MCP server 'notes'/,
  ],
  structured_output_zod: [/verdict: fix, score 7\/10/, /src\/parser\.ts: no test for empty input/, /StructuredOutputError: .*score/],
};

for (const [topic, expected] of Object.entries(EXPECTED)) {
  test(`example ${topic} runs and shows what it is for`, async () => {
    assertRan(await runExample(topic), expected);
  });
}

test("example cli_mini_app reads prompts from a pipe until EOF, on one thread", async () => {
  const run = await runExample("cli_mini_app", { stdin: "hello there\nwhat did I just say?\n" });
  assertRan(run, [
    /^you> hello there\ncodex> You said: hello there \(turn 1 of this thread/m,
    /^codex> You said: what did I just say\? \(turn 2 of this thread/m,
    /^bye$/m,
  ]);
});

test("example cli_mini_app: SIGINT interrupts the running turn, not the app", async () => {
  const { child, done } = await startExample("cli_mini_app");
  child.stdin!.write("please do a long task\n");
  // The scripted model makes the agent run `sleep 30`; interrupt once it is running.
  const running = new Promise<void>((resolve) => {
    let seen = "";
    child.stderr!.on("data", (chunk: string) => {
      seen += chunk;
      if (seen.includes("running")) resolve();
    });
  });
  await Promise.race([running, done]);
  // process.kill, not child.kill: Deno's child.kill() also cuts the child's pipes.
  process.kill(child.pid!, "SIGINT");
  child.stdin!.end("and now a short one\n");
  assertRan(await done, [/^\(interrupted\)$/m, /^codex> You said: and now a short one/m, /^bye$/m]);
});

test("every example folder has a test here", () => {
  const topics = readdirSync(join(REPO, "examples"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(REPO, "examples", entry.name, "main.ts")))
    .map((entry) => entry.name)
    // The browser example serves a page until stopped; it has its own test.
    .filter((name) => name !== "browser")
    // So does the AI SDK chat page (tests/ai/ai_chat_browser_test.ts).
    .filter((name) => name !== "ai_chat");
  assert.deepEqual(topics.sort(), [...Object.keys(EXPECTED), "cli_mini_app"].sort());
});
