/**
 * A host program for process_faults_test.ts, run as a child process by the same runtime: it
 * starts Codex (env from HOST_CHILD_ENV), starts a turn, prints `{"pid": <app-server pid>}`, waits
 * for a line on stdin (the test's "the turn is with the model now"), and then, as told by its last
 * argument:
 *   "exit"  ends at once with process.exit(0), without close();
 *   "throw" ends with an uncaught exception, without close();
 *   "wait"  waits to be killed.
 */
import process from "node:process";
import { Codex } from "../../mod.ts";

const mode = process.argv.at(-1);
const codex = await Codex.start({ env: JSON.parse(process.env.HOST_CHILD_ENV ?? "{}") });
const thread = await codex.threadStart();
const turn = await thread.turn("keep working until the host goes away");
turn.result.catch(() => {});
console.log(JSON.stringify({ pid: codex.pid, turn: turn.id }));
await new Promise((resolve) => process.stdin.once("data", resolve));

if (mode === "exit") {
  process.exit(0);
} else if (mode === "throw") {
  setTimeout(() => {
    throw new Error("the host program crashed");
  }, 10);
} else {
  setInterval(() => {}, 60_000);
}
