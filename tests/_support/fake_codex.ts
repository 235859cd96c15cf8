/**
 * A `Codex` on the scripted fake app-server (tests/_support/fake_app_server.ts), for the faults
 * the real binary cannot produce on cue; each test that uses it says which.
 * @module
 */

import { Codex, type CodexError, type ConnectionOptions, type TurnHandle } from "../../mod.ts";
import { connectCodex, FakeAppServer } from "./fake_app_server.ts";
import { wireTurn } from "./wire.ts";

export { FakeAppServer, type Message } from "./fake_app_server.ts";
export * from "./wire.ts";

/** A fake app-server and the `Codex` connected to it (the handshake is answered). */
export interface FakeCodex {
  codex: Codex;
  server: FakeAppServer;
  /** Everything the SDK reported through `logger.warn`. */
  warnings: CodexError[];
}

/** Options of {@link fakeCodex}. */
export interface FakeCodexOptions extends ConnectionOptions {
  /** The connection's line bound (default: the SDK's default). */
  maxLineLength?: number;
}

/** Opens `Codex.fromConnection` on a new fake app-server, answering the handshake. */
export async function fakeCodex(options: FakeCodexOptions = {}): Promise<FakeCodex> {
  const { maxLineLength, ...connectionOptions } = options;
  const server = new FakeAppServer({ maxLineLength });
  const warnings: CodexError[] = [];
  const logger = options.logger ??
    { warn: (_message: string, error?: CodexError) => void (error && warnings.push(error)) };
  const codex = await connectCodex(Codex, server, { ...connectionOptions, logger });
  return { codex, server, warnings };
}

/**
 * Starts a turn on the fake server: answers the client's `turn/start` for `threadId` with a turn
 * `turnId` in progress and returns the client's handle.
 */
export async function startFakeTurn(
  fake: FakeCodex,
  threadId: string,
  turnId: string,
): Promise<TurnHandle> {
  const starting = fake.codex.thread(threadId).turn("hello");
  const request = await fake.server.nextRequest("turn/start");
  await fake.server.send({ id: request.id, result: { turn: wireTurn(turnId) } });
  return await starting;
}
