/**
 * A tiny chat in the terminal: type a prompt, watch the answer stream in (with a spinner while
 * the agent thinks or runs a command), keep talking on the same thread. Ctrl-C interrupts the
 * running turn — through an AbortSignal, the app keeps running; Ctrl-C at the prompt (or
 * Ctrl-D, or /quit) exits. /new starts a new thread.
 *
 * When stdin is not a terminal it reads prompts line by line until EOF, so it can be scripted:
 *
 *   printf 'hello\nwhat did I just say?\n' | deno run -A examples/cli_mini_app/main.ts
 *   deno run -A examples/cli_mini_app/main.ts
 *   bun examples/cli_mini_app/main.ts
 *   node npm/examples/cli_mini_app/main.js
 *
 * With the scripted model, a prompt that mentions "long" makes the agent run `sleep 30`: a turn
 * to interrupt with Ctrl-C.
 *
 * @module
 */
import process from "node:process";
import { createInterface } from "node:readline";
import { AbortError, type Thread } from "../../mod.ts";
import { execCommandReply, inputItems, inputTexts, lastUserText, type MockRequest, textReply } from "../../testing.ts";
import { startCodexForExample } from "../_shared/model.ts";

function scripted(request: MockRequest) {
  if (inputItems(request).at(-1)?.type === "function_call_output") return textReply("The long task finished.");
  const prompt = lastUserText(request) ?? "";
  if (/\blong\b/i.test(prompt)) return execCommandReply({ cmd: "sleep 30", yieldTimeMs: 30_000 });
  const turnNumber = inputTexts(request).filter((text) => !text.startsWith("<")).length;
  return textReply(`You said: ${prompt} (turn ${turnNumber} of this thread; a scripted reply).`, { deltas: 6 });
}

const interactive = process.stdin.isTTY === true;
const fancy = process.stderr.isTTY === true; // spinner and colours only on a terminal

/** A one-line progress indicator on stderr: animated on a terminal, one plain line otherwise. */
class Spinner {
  #timer: ReturnType<typeof setInterval> | undefined;
  #label = "";
  #since = Date.now();

  show(label: string): void {
    this.pause();
    this.#label = label;
    this.#since = Date.now();
    if (!fancy) {
      console.error(`… ${label}`);
      return;
    }
    const frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    let frame = 0;
    this.#timer = setInterval(() => {
      const seconds = ((Date.now() - this.#since) / 1000).toFixed(1);
      process.stderr.write(`\r${frames[frame++ % frames.length]} ${this.#label} ${seconds}s (Ctrl-C to interrupt)\x1b[K`);
    }, 80);
  }

  pause(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    process.stderr.write("\r\x1b[K");
  }
}

await using example = await startCodexForExample(undefined, { mock: { defaultReply: scripted } });
const { codex } = example;
const newThread = () => codex.threadStart({ cwd: process.cwd(), sandbox: "read-only" });
let thread = await newThread();

const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive, prompt: "you> " });
let running: AbortController | undefined;
// On a terminal, readline reads Ctrl-C as a key and emits "SIGINT" on itself, and no signal is
// sent. When stdin is a pipe, SIGINT (kill -INT) is a real signal to this process. Either way:
// stop the turn if one runs, else leave. (The app-server runs in its own session, so a terminal's
// Ctrl-C never reaches it: this program alone decides what Ctrl-C means.)
const onInterrupt = () => (running ? running.abort(new Error("Ctrl-C")) : rl.close());
rl.on("SIGINT", onInterrupt);
process.on("SIGINT", onInterrupt);

console.log(interactive ? "Type a prompt (/new: new thread, /quit or Ctrl-D: exit)." : "Reading prompts from stdin.");
if (interactive) rl.prompt();
for await (const line of rl) {
  const prompt = line.trim();
  if (prompt === "/quit") break;
  if (prompt === "/new") {
    thread = await newThread();
    console.log(`(new thread ${thread.id})`);
  } else if (prompt !== "") {
    if (!interactive) console.log(`you> ${prompt}`);
    await converse(thread, prompt);
  }
  if (interactive) rl.prompt();
}
rl.close();
process.off("SIGINT", onInterrupt);
console.log("bye");

/** Runs one turn, streaming its answer; Ctrl-C interrupts it. */
async function converse(thread: Thread, prompt: string): Promise<void> {
  running = new AbortController();
  const spinner = new Spinner();
  const started = Date.now();
  let atLineStart = true;
  const write = (text: string) => {
    spinner.pause();
    if (atLineStart) process.stdout.write("codex> ");
    process.stdout.write(text);
    atLineStart = text.endsWith("\n");
  };
  try {
    spinner.show("thinking");
    const turn = await thread.turn(prompt, { signal: running.signal });
    for await (const event of turn.stream()) {
      if (event.method === "item/agentMessage/delta") write(event.params.delta);
      else if (event.method === "item/completed" && event.params.item.type === "agentMessage" && !atLineStart) write("\n");
      else if (event.method === "item/started" && event.params.item.type === "commandExecution") {
        spinner.show(`running ${event.params.item.command}`);
      } else if (event.method === "turn/completed") {
        const { status } = event.params.turn;
        const usage = (await turn.result).usage;
        spinner.pause();
        if (!atLineStart) write("\n");
        process.stderr.write(dim(`(${status} in ${((Date.now() - started) / 1000).toFixed(1)} s${usage ? `, ${usage.last.totalTokens} tokens` : ""})`) + "\n");
      }
    }
  } catch (error) {
    spinner.pause();
    if (!atLineStart) process.stdout.write("\n");
    if (error instanceof AbortError) console.log("(interrupted)");
    else console.log(`error: ${error instanceof Error ? error.message : error}`);
  } finally {
    spinner.pause();
    running = undefined;
  }
}

function dim(text: string): string {
  return fancy ? `\x1b[2m${text}\x1b[22m` : text;
}
