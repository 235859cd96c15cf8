/**
 * Controlling a running turn: `turn.steer(input)` adds input the model sees in the same turn;
 * `turn.interrupt()` stops it (status "interrupted"); an AbortSignal does the same from outside
 * and makes `run()` reject with an AbortError.
 *
 * With the scripted model, each turn is held open (the model "thinks" until released), so the
 * controls land while the turn is in progress; with a real model the prompts are long enough.
 *
 *   deno run -A examples/turn_controls/main.ts
 *   bun examples/turn_controls/main.ts
 *   node npm/examples/turn_controls/main.js
 *
 * @module
 */
import process from "node:process";
import { AbortError, type TurnHandle } from "../../mod.ts";
import { lastUserText } from "../../testing.ts";
import { sleep, startCodexForExample } from "../_shared/model.ts";

await using example = await startCodexForExample((mock) => {
  const steered = mock.queueHeld();
  // After a steer the binary asks the model again, with the steer as the latest user input.
  mock.queue((request) => `Understood — ${lastUserText(request)?.replace(/^Actually, /, "")}`);
  const interrupted = mock.queueHeld();
  const aborted = mock.queueHeld();
  return { steered, interrupted, aborted };
});
const { codex, scripted } = example;
const thread = await codex.threadStart({ cwd: process.cwd(), sandbox: "read-only" });

/** Resolves once the turn is busy: the scripted model got the request, or a real one had time. */
async function busy(turn: TurnHandle, held: { started: Promise<unknown> } | undefined): Promise<void> {
  if (held) await held.started;
  else await sleep(1500);
  console.log(`  turn ${turn.id} is running`);
}

// 1. Steer.
const first = await thread.turn("Write a long essay about parsers. Take your time.");
await busy(first, scripted?.steered);
await first.steer("Actually, just give me one sentence about parsers.");
const steered = await first.run();
console.log(`steered: ${steered.status}: ${steered.finalResponse}`);

// 2. Interrupt.
const second = await thread.turn("Now write the long essay after all.");
await busy(second, scripted?.interrupted);
await second.interrupt();
console.log(`interrupt(): ${(await second.run()).status}`);

// 3. Abort with a signal (a timeout, a Ctrl-C handler, a closed HTTP request, …).
const controller = new AbortController();
const third = thread.run("Write it once more.", { signal: controller.signal });
if (scripted) await scripted.aborted.started;
else await sleep(1500);
controller.abort(new Error("the user gave up"));
try {
  await third;
} catch (error) {
  if (!(error instanceof AbortError)) throw error;
  console.log(`abort: ${error.name}, turn ${error.result?.status}, because: ${(error.cause as Error).message}`);
}

// The thread is still usable after all of that.
const after = await thread.run("Are you still there? One word.");
console.log(`afterwards: ${after.status}`);
