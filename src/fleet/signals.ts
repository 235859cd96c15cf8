/**
 * Wake-ups between fleet processes over PostgreSQL's LISTEN/NOTIFY: a client tells workers that a
 * job was sent (so idle workers fetch at once instead of at their next poll) and that a job was
 * cancelled (so the worker running it interrupts the turn at once instead of at its next
 * heartbeat). Both are hints: polling and heartbeats stay the guarantee, so a notification lost
 * while a connection was down delays work but never loses it.
 *
 * @module
 */
import type { BossDb } from "./boss.ts";

/** A fleet signal: a job was sent to `queue`, or job `jobId` was cancelled. */
export type FleetSignal = { type: "sent"; queue: string } | { type: "cancelled"; jobId: string };

/** The channel of the fleet in `schema` (channels are database-wide; the schema keeps fleets apart). */
export function signalChannel(schema: string): string {
  return `codex_fleet_${schema}`;
}

/** Sends a signal to every listening worker. */
export async function sendSignal(db: BossDb, schema: string, signal: FleetSignal): Promise<void> {
  const payload = signal.type === "sent" ? `sent:${signal.queue}` : `cancelled:${signal.jobId}`;
  await db.executeSql("SELECT pg_notify($1, $2)", [signalChannel(schema), payload]);
}

/**
 * Listens for signals on pg-boss's dedicated listener connection, which reconnects by itself;
 * `onReconnect` runs after each reconnection so the caller can catch up on what it missed.
 * Resolves with a close function, or with undefined when the database handle cannot listen.
 */
export async function listenForSignals(
  db: BossDb,
  schema: string,
  onSignal: (signal: FleetSignal) => void,
  onReconnect: () => void,
): Promise<(() => Promise<void>) | undefined> {
  if (!db.listen) return undefined;
  const handle = await db.listen(signalChannel(schema), (payload) => {
    const colon = payload.indexOf(":");
    const kind = payload.slice(0, colon);
    const value = payload.slice(colon + 1);
    if (kind === "sent") onSignal({ type: "sent", queue: value });
    else if (kind === "cancelled") onSignal({ type: "cancelled", jobId: value });
  }, onReconnect);
  return () => handle.close();
}
