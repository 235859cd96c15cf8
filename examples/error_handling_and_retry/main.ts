/**
 * What can go wrong, and what to do about each: a start that fails (no binary, a config the
 * binary refuses), a request the server refuses (fix the call, do not retry), a failed turn
 * (`TurnFailedError`, with the whole result), a turn that takes too long (an AbortSignal), an
 * overloaded server (`retryOnOverload`, only for what `isRetryableError` allows), and an
 * app-server that died (`TransportClosedError`: start a new one, resume the thread).
 *
 *   deno run -A examples/error_handling_and_retry/main.ts
 *   bun examples/error_handling_and_retry/main.ts
 *   node npm/examples/error_handling_and_retry/main.js
 *
 * @module
 */
import process from "node:process";
import {
  Codex,
  CodexNotFoundError,
  InvalidParamsError,
  isRetryableError,
  MethodNotFoundError,
  RetryLimitExceededError,
  retryOnOverload,
  TransportClosedError,
  TurnFailedError,
} from "../../mod.ts";
import { rpcErrorFromWire } from "../../client.ts";
import { startCodexForExample } from "../_shared/model.ts";

await using example = await startCodexForExample((mock) => {
  mock.queueFailure({ code: "insufficient_quota", message: "You exceeded your current quota" });
  mock.queueHeld(); // a reply that never comes: the turn runs until something stops it
});
let codex = example.codex;

// 1. Start failures say what was tried or quote the app-server's own words.
try {
  await Codex.start({ codexBin: "/no/such/codex" });
} catch (error) {
  if (!(error instanceof CodexNotFoundError)) throw error;
  console.log(`CodexNotFoundError, tried: ${error.tried.join("; ")}`);
}
try {
  await Codex.start({ ...example.startOptions, config: { approval_policy: "untrusted" } });
} catch (error) {
  if (!(error instanceof TransportClosedError)) throw error;
  console.log(`TransportClosedError at start: ${error.message.split("\n")[0]}`);
}

// 2. The server refuses a call: a bug in the call or a version mismatch. Never retried.
for (const call of [
  () => codex.client.requestUntyped("thread/frobnicate", {}),
  () => codex.client.requestUntyped("thread/start", { sandbox: 42 }),
]) {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof MethodNotFoundError || error instanceof InvalidParamsError)) throw error;
    console.log(`${error.name} (rpc ${error.rpcCode}, retryable: ${isRetryableError(error)}): ${short(error.message)}`);
  }
}

// 3. A failed turn: run() rejects with TurnFailedError; error.result is the whole TurnResult.
const thread = await codex.threadStart({ cwd: process.cwd(), sandbox: "read-only" });
try {
  const result = await thread.run("Say hello.");
  console.log(`the turn completed: ${result.finalResponse}`); // with a real model, most likely
} catch (error) {
  if (!(error instanceof TurnFailedError)) throw error;
  const { status, error: reason } = error.result;
  console.log(`TurnFailedError: status ${status}, codexErrorInfo ${JSON.stringify(reason?.codexErrorInfo)}`);
  console.log(`  ${error.message}`);
}

// 4. A turn has no timeout of its own: give it a signal. Aborting interrupts the turn on the
// server, then run() rejects with an AbortError carrying the interrupted result. (Given to
// thread.run(), the signal also covers the wait for the turn to start.)
const slow = await thread.turn("Count slowly to one million, one number per line.");
try {
  await slow.run({ signal: AbortSignal.timeout(300) });
} catch (error) {
  if (!(error instanceof Error && error.name === "AbortError")) throw error;
  console.log(`AbortError after 300 ms: ${error.message}`);
}

// 5. Overload: retry with backoff, only what isRetryableError says. The overload here is
// simulated (a busy app-server answers -32001 exactly like this); the retried call is real.
let busyAnswers = 2;
const retried = await retryOnOverload(async (attempt) => {
  if (busyAnswers-- > 0) throw rpcErrorFromWire({ code: -32001, message: "Server overloaded; retry later." }, "thread/start");
  console.log(`  attempt ${attempt} reaches the server`);
  return await codex.threadStart({ sandbox: "read-only" });
}, {
  maxAttempts: 4,
  initialDelayMs: 50,
  onRetry: ({ attempt, delayMs, error }) => console.log(`  attempt ${attempt}: ${error.name}, retrying in ${delayMs} ms`),
});
console.log(`retryOnOverload: got thread ${retried.id}`);
try {
  await retryOnOverload(() => Promise.reject(rpcErrorFromWire({ code: -32001, message: "Server overloaded" })), {
    maxAttempts: 2,
    initialDelayMs: 10,
  });
} catch (error) {
  if (!(error instanceof RetryLimitExceededError)) throw error;
  console.log(`RetryLimitExceededError after ${error.attempts} attempts (retryable again: ${isRetryableError(error)})`);
}

// 6. The app-server dies: every pending request and running turn fails with
// TransportClosedError (exit status + the last stderr lines). Start a new one and resume.
process.kill(codex.pid!, "SIGKILL");
try {
  await codex.threadList({});
} catch (error) {
  if (!(error instanceof TransportClosedError)) throw error;
  console.log(`TransportClosedError: signal ${error.signal}, exit code ${error.exitCode}, retryable: ${isRetryableError(error)}`);
}
codex = await example.restart();
const resumed = await codex.threadResume(thread.id);
console.log(`restarted and resumed ${resumed.id}: ${(await resumed.run("Still there?")).finalResponse}`);

function short(message: string): string {
  return message.length > 120 ? `${message.slice(0, 120)}…` : message;
}
