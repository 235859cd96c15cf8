/**
 * The part of pg-boss the fleet uses, and the one place that loads it.
 *
 * pg-boss is an optional peer dependency: it is imported only when a fleet worker or client is
 * started, so `@codex/sdk` itself never needs it. Its own types stay out of the fleet's public
 * signatures (a user without pg-boss installed can still type-check against the SDK).
 *
 * @module
 */
import { FleetDependencyError } from "./errors.ts";

/** A job as `fetch` hands it out. */
export interface BossJob {
  id: string;
  name: string;
  data: unknown;
  retryCount: number;
  heartbeatSeconds: number | null;
  expireInSeconds: number;
}

/** Which jobs a settle/touch call affected. */
export interface BossCommandResponse {
  affected: number;
  settled?: string[];
}

/** A job attempt, as pg-boss fences settle calls with it. */
export interface BossAttempt {
  id: string;
  retryCount: number;
}

/** The queue options the fleet sets. */
export interface BossQueueOptions {
  heartbeatSeconds?: number;
  retryLimit?: number;
  retryDelay?: number;
  expireInSeconds?: number;
  deadLetter?: string;
}

/** A database handle pg-boss runs SQL on (its own pool). */
export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  listen?(
    channel: string,
    onNotification: (payload: string) => void,
    onReconnect: () => void,
  ): Promise<{ close(): Promise<void> }>;
}

/** The pg-boss instance methods the fleet calls. */
export interface Boss {
  start(): Promise<unknown>;
  stop(options?: { graceful?: boolean; close?: boolean; timeout?: number }): Promise<void>;
  on(event: "error", listener: (error: Error) => void): unknown;
  createQueue(name: string, options?: BossQueueOptions): Promise<void>;
  updateQueue(name: string, options?: BossQueueOptions): Promise<void>;
  getQueue(name: string): Promise<unknown>;
  send(name: string, data: object, options?: Record<string, unknown>): Promise<string | null>;
  fetch(name: string, options?: Record<string, unknown>): Promise<BossJob[]>;
  complete(name: string, jobs: BossAttempt[], output?: object): Promise<BossCommandResponse>;
  fail(name: string, jobs: BossAttempt[], output?: object): Promise<BossCommandResponse>;
  touch(name: string, jobs: BossAttempt[]): Promise<BossCommandResponse>;
  cancel(name: string, id: string): Promise<BossCommandResponse>;
  getDb(): BossDb;
}

/** How a fleet process reaches PostgreSQL. */
export interface FleetConnectionOptions {
  /** A PostgreSQL connection string, e.g. `postgres://user:pass@db:5432/app`. */
  connectionString: string;
  /** The schema for pg-boss's tables and the fleet's two own tables. Default `"codex_fleet"`. */
  schema?: string;
  /** The largest number of connections this process opens. Default 10 (pg-boss's default). */
  maxConnections?: number;
}

/** The default schema. */
export const DEFAULT_SCHEMA = "codex_fleet";

/** Extra constructor options (maintenance cadence), passed through to pg-boss. */
export type BossTuning = Record<string, unknown>;

/** Loads pg-boss and makes (but does not start) an instance. */
export async function createBoss(options: FleetConnectionOptions, tuning: BossTuning = {}): Promise<Boss> {
  let PgBoss: new (options: object) => Boss;
  try {
    ({ PgBoss } = await import("pg-boss") as unknown as { PgBoss: new (options: object) => Boss });
  } catch (error) {
    throw new FleetDependencyError(error);
  }
  return new PgBoss({
    connectionString: options.connectionString,
    schema: options.schema ?? DEFAULT_SCHEMA,
    ...(options.maxConnections ? { max: options.maxConnections } : {}),
    application_name: "codex-fleet",
    ...tuning,
  });
}

/** Creates a queue unless it exists (concurrent creators are fine: pg-boss serialises them). */
export async function ensureQueue(boss: Boss, name: string, options: BossQueueOptions): Promise<void> {
  if (await boss.getQueue(name)) return;
  await boss.createQueue(name, options);
}

/**
 * Whether an error means the database could not be reached (down, restarting, connection cut),
 * as opposed to a statement it refused. Those are retried; the rest are not.
 */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : "";
  // 08xxx: connection exceptions; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
  if (/^08/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  if (["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTCONN"].includes(code)) return true;
  const message = typeof e?.message === "string" ? e.message : "";
  return /Connection terminated|connection (?:is )?closed|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (?:shutting down|starting up)|terminating connection/i
    .test(message);
}

/** Waits `ms`, or less if `signal` fires. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
