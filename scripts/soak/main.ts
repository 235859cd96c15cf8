/**
 * `npm run soak` (= `deno run -A --v8-flags=--expose-gc scripts/soak/main.ts`): 1,000 turns over
 * 10 threads on one `Codex`, against the real codex binary and a scripted model, with a reconnect
 * (the network cut under the connection) and a restart (the app-server SIGKILLed and started
 * again on the same CODEX_HOME) injected while turns run. Not part of `npm test`: it takes minutes.
 *
 * It prints heap and RSS at the start, after a warm-up and at the end, and fails (exit 1) when:
 * - the heap after a full GC at the end exceeds the heap after the warm-up by more than
 *   {@link HEAP_GROWTH_BOUND_MIB} MiB (what a leak of a few kB per turn would cross), or
 * - a turn answers wrongly, or a turn lost to the injected faults still fails after retries.
 *
 * The SDK runs in this process; the scripted model runs in a child (it keeps every request, which
 * is not the SDK's memory), so the heap measured is the SDK's and this small driver's.
 *
 *   deno run -A --v8-flags=--expose-gc scripts/soak/main.ts [--turns N] [--threads N]
 * @module
 */

import { spawn } from "node:child_process";
import { createConnection, createServer, type Socket } from "node:net";
import process from "node:process";
import { parseArgs } from "node:util";
import { Codex, type Thread } from "../../mod.ts";
import { type Listener, startListener } from "../../tests/_support/app_server_listener.ts";

/** The heap may grow by at most this much between the warm-up and the end (after GC). */
export const HEAP_GROWTH_BOUND_MIB = 16;
const WARM_UP_TURNS = 100;
const TURN_RETRIES = 3;

const { values } = parseArgs({
  args: Deno.args,
  options: { turns: { type: "string", default: "1000" }, threads: { type: "string", default: "10" } },
});
const TURNS = Number(values.turns);
const THREADS = Number(values.threads);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error("soak: run with --v8-flags=--expose-gc (npm run soak does)");
  Deno.exit(2);
}

const MiB = 1024 * 1024;
function sample(label: string): { heap: number; rss: number } {
  gc!();
  gc!();
  const { heapUsed, rss } = process.memoryUsage();
  console.log(`soak: ${label.padEnd(28)} heap ${(heapUsed / MiB).toFixed(1)} MiB, rss ${(rss / MiB).toFixed(1)} MiB`);
  return { heap: heapUsed, rss };
}

/** A loopback TCP proxy whose target can change (a restarted app-server listens elsewhere). */
async function retargetableProxy(port: number) {
  let target = port;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: "127.0.0.1", port: target });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    retarget: (next: number) => (target = next),
    cut: () => sockets.forEach((socket) => socket.destroy()),
    close: () => (sockets.forEach((s) => s.destroy()), new Promise<void>((r) => server.close(() => r()))),
  };
}

async function startModel(): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  const child = spawn(Deno.execPath(), ["run", "-A", new URL("./model.ts", import.meta.url).pathname], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
    });
    child.once("exit", (code) => reject(new Error(`the scripted model exited (${code}) before it was ready`)));
  });
  return { env: JSON.parse(line).env, stop: () => (child.stdin!.end(), exited) };
}

const portOf = (listener: Listener): number => Number(new URL(listener.url).port);

const started = performance.now();
const atStart = sample("start");
const model = await startModel();
let listener = await startListener({ env: model.env, transport: "ws" });
const proxy = await retargetableProxy(portOf(listener));
const codex = await Codex.connect(`ws://127.0.0.1:${proxy.port}`, {
  reconnect: { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 30 },
});
let failed = false;
let completed = 0;
let retries = 0;
const lost: string[] = [];
let baseline: { heap: number; rss: number } | undefined;
const faults: Promise<void>[] = [];
const injected: string[] = [];

async function inject(): Promise<void> {
  if (completed === Math.floor(TURNS / 3)) {
    injected.push(`reconnect at turn ${completed}`);
    console.log(`soak: turn ${completed}: cutting the connection (reconnect)`);
    proxy.cut();
  } else if (completed === Math.floor((2 * TURNS) / 3)) {
    injected.push(`restart at turn ${completed}`);
    console.log(`soak: turn ${completed}: SIGKILL the app-server, start another on the same CODEX_HOME (restart)`);
    const old = listener;
    faults.push((async () => {
      await old.kill("SIGKILL");
      listener = await startListener({ env: model.env, transport: "ws" });
      proxy.retarget(portOf(listener));
    })());
  }
}

let next = 0;
async function worker(thread: Thread): Promise<void> {
  for (let n = next++; n < TURNS; n = next++) {
    for (let attempt = 0;; attempt++) {
      const prompt = `turn ${n}`;
      const outcome = await thread.run(prompt).then(
        // A turn caught by a fault may come back completed from the server's record (thread/read)
        // without its final message: counted and retried like an interrupted one.
        (result) =>
          result.status === "completed" && result.finalResponse !== null
            ? result.finalResponse
            : `status ${result.status}${result.finalResponse === null ? " without a final response" : ""}`,
        (error: Error) => `${error.name}: ${error.message}`,
      );
      if (outcome === `echo:${prompt}`) break;
      if (!outcome.startsWith("status") && !/Error/.test(outcome)) {
        console.error(`soak: ${prompt} answered ${JSON.stringify(outcome)}`);
        failed = true;
        break;
      }
      if (attempt >= TURN_RETRIES) {
        console.error(`soak: ${prompt} failed ${attempt + 1} times, last: ${outcome}`);
        failed = true;
        break;
      }
      retries++;
      lost.push(`${prompt}: ${outcome}`);
    }
    completed++;
    if (completed === WARM_UP_TURNS) baseline = sample(`after ${WARM_UP_TURNS} turns (baseline)`);
    if (completed % 100 === 0) console.log(`soak: ${completed}/${TURNS} turns`);
    await inject();
  }
}

let atEnd: { heap: number; rss: number } | undefined;
try {
  const threads = await Promise.all(Array.from({ length: THREADS }, () => codex.threadStart()));
  await Promise.all(threads.map(worker));
  await Promise.all(faults);
  // Measured with the Codex and its threads still open: what it holds for them is what could leak.
  atEnd = sample("end (Codex still open)");
} finally {
  await codex.close();
  await proxy.close();
  await listener.kill("SIGTERM").catch(() => {});
  await model.stop();
}
sample("after close");
atEnd ??= sample("end");
const growth = (atEnd.heap - (baseline ?? atStart).heap) / MiB;
const seconds = (performance.now() - started) / 1000;
console.log(
  `soak: ${completed} turns over ${THREADS} threads in ${seconds.toFixed(1)} s; injected: ${injected.join(", ") || "nothing"}; ` +
    `${retries} turns retried after the faults`,
);
console.log(
  `soak: heap growth from the baseline ${growth.toFixed(1)} MiB (bound ${HEAP_GROWTH_BOUND_MIB} MiB); ` +
    `rss ${(atStart.rss / MiB).toFixed(1)} → ${(atEnd.rss / MiB).toFixed(1)} MiB`,
);
for (const line of lost) console.log(`soak: retried ${line}`);
if (injected.length < 2) {
  console.error("soak: FAILED: the reconnect and the restart were not both injected");
  failed = true;
}
if (growth > HEAP_GROWTH_BOUND_MIB) {
  console.error(`soak: FAILED: the heap grew by ${growth.toFixed(1)} MiB, over the bound of ${HEAP_GROWTH_BOUND_MIB} MiB`);
  failed = true;
}
console.log(failed ? "soak: FAILED" : "soak: passed");
Deno.exit(failed ? 1 : 0);
