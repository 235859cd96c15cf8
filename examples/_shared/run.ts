/**
 * `npm run example <topic> [args…]`: runs `examples/<topic>/main.ts` with the runtime this runs
 * on (Deno, from `npm run`), passing the arguments on. With no topic, lists the examples.
 *
 * ```sh
 * npm run example turn_run
 * npm run example model_select gpt-5.5
 * ```
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const EXAMPLES = dirname(dirname(fileURLToPath(import.meta.url)));
const topics = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith("_"))
  .filter((entry) => existsSync(join(EXAMPLES, entry.name, "main.ts")))
  .map((entry) => entry.name)
  .sort();

const [topic, ...args] = process.argv.slice(2);
if (!topic || !topics.includes(topic)) {
  if (topic) console.error(`no example "${topic}"`);
  console.log(`usage: npm run example <topic> [args…]\nexamples: ${topics.join(", ")}`);
  process.exit(topic ? 2 : 0);
}
const main = join(EXAMPLES, topic, "main.ts");
const isDeno = "Deno" in globalThis;
const child = spawn(process.execPath, isDeno ? ["run", "-A", main, ...args] : [main, ...args], { stdio: "inherit" });
// Ctrl-C reaches the example directly (same terminal); this runner only waits for it.
process.on("SIGINT", () => {});
child.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
