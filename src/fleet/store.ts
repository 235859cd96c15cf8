/**
 * The fleet's own two tables, beside pg-boss's in the same schema:
 * - `fleet_threads`: which CODEX_HOME (by name) holds each thread the fleet started, so a turn
 *   on that thread is sent where its history is.
 * - `fleet_turns`: each job's progress (its thread, its turn, its result once the turn ended),
 *   written before the job is completed, so an attempt after a crash can tell a turn that
 *   already finished from one that has to run again.
 *
 * @module
 */
import type { TurnResult } from "../api/turn/result.ts";
import type { BossDb } from "./boss.ts";
import { InvalidArgumentError } from "../util/errors.ts";

/** A job's recorded progress. */
export interface TurnProgress {
  threadId: string;
  turnId: string | null;
  home: string;
  result: TurnResult | null;
}

/** SQL for the fleet's tables in `schema`. */
export class FleetStore {
  readonly #db: BossDb;
  readonly #schema: string;

  /** Uses pg-boss's connection pool `db`; `schema` must be a plain identifier. */
  constructor(db: BossDb, schema: string) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
      throw new InvalidArgumentError("schema", `must be a lower-case SQL identifier ([a-z_][a-z0-9_]*), got ${JSON.stringify(schema)}`);
    }
    this.#db = db;
    this.#schema = schema;
  }

  /** Creates the tables if missing; an advisory lock keeps concurrent starters from racing. */
  async install(): Promise<void> {
    const s = this.#schema;
    await this.#db.executeSql(`
      BEGIN;
      SELECT pg_advisory_xact_lock(hashtext('${s}.codex_fleet_install'));
      CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${s}.fleet_threads (
        thread_id text PRIMARY KEY,
        home text NOT NULL,
        created_on timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS ${s}.fleet_turns (
        job_id uuid PRIMARY KEY,
        thread_id text NOT NULL,
        turn_id text,
        home text NOT NULL,
        result jsonb,
        updated_on timestamptz NOT NULL DEFAULT now()
      );
      COMMIT;`);
  }

  /** The CODEX_HOME that holds `threadId`, or undefined when the fleet did not start it. */
  async threadHome(threadId: string): Promise<string | undefined> {
    const { rows } = await this.#db.executeSql(`SELECT home FROM ${this.#schema}.fleet_threads WHERE thread_id = $1`, [threadId]);
    return rows[0]?.home as string | undefined;
  }

  /** Records that `threadId`'s history is in `home`. */
  async setThreadHome(threadId: string, home: string): Promise<void> {
    await this.#db.executeSql(
      `INSERT INTO ${this.#schema}.fleet_threads (thread_id, home) VALUES ($1, $2)
       ON CONFLICT (thread_id) DO UPDATE SET home = EXCLUDED.home`,
      [threadId, home],
    );
  }

  /** What earlier attempts of `jobId` recorded. */
  async progress(jobId: string): Promise<TurnProgress | undefined> {
    const { rows } = await this.#db.executeSql(
      `SELECT thread_id, turn_id, home, result FROM ${this.#schema}.fleet_turns WHERE job_id = $1`,
      [jobId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      threadId: row.thread_id as string,
      turnId: (row.turn_id as string | null) ?? null,
      home: row.home as string,
      result: (row.result as TurnResult | null) ?? null,
    };
  }

  /** Records the thread an attempt of `jobId` runs on (and forgets an earlier attempt's turn). */
  async recordThread(jobId: string, threadId: string, home: string): Promise<void> {
    await this.#db.executeSql(
      `INSERT INTO ${this.#schema}.fleet_turns (job_id, thread_id, home) VALUES ($1, $2, $3)
       ON CONFLICT (job_id) DO UPDATE SET thread_id = EXCLUDED.thread_id, home = EXCLUDED.home,
         turn_id = NULL, result = NULL, updated_on = now()`,
      [jobId, threadId, home],
    );
  }

  /** Records the turn an attempt started. */
  async recordTurn(jobId: string, turnId: string): Promise<void> {
    await this.#db.executeSql(
      `UPDATE ${this.#schema}.fleet_turns SET turn_id = $2, updated_on = now() WHERE job_id = $1`,
      [jobId, turnId],
    );
  }

  /** Records the ended turn's result (before the job itself is completed). */
  async recordResult(jobId: string, result: TurnResult): Promise<void> {
    await this.#db.executeSql(
      `UPDATE ${this.#schema}.fleet_turns SET result = $2::jsonb, turn_id = $3, updated_on = now() WHERE job_id = $1`,
      [jobId, JSON.stringify(result), result.id],
    );
  }
}
