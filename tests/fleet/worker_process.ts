/**
 * A fleet worker as its own process, for the tests that kill one (fleet_faults_test.ts): starts
 * a FleetWorker with the options in FLEET_WORKER_OPTIONS (JSON), prints
 * `{"workerId": …, "pid": <app-server pid>}`, and runs until killed. SIGTERM stops it gracefully.
 */
import process from "node:process";
import { FleetWorker } from "../../fleet.ts";

const worker = await FleetWorker.start(JSON.parse(process.env.FLEET_WORKER_OPTIONS ?? "{}"));
console.log(JSON.stringify({ workerId: worker.id, pid: worker.codex.pid }));
process.on("SIGTERM", () => {
  worker.stop({ timeoutMs: 0 }).then(() => process.exit(0), () => process.exit(1));
});
setInterval(() => {}, 60_000);
