/**
 * The SDK's side of the in-memory scenarios: a `Codex` on the scripted fake app-server
 * (tests/_support/fake_app_server.ts, the one the tests use) with one turn started; the bench
 * writes notification bytes for that turn as a pipe would deliver them and the consumer reads
 * `turn.stream()`. The mirror of `barePipe` (bench/lib/bare_reader.ts).
 *
 * The SDK side is the full read path: the connection's line splitting → `JsonRpcPeer`
 * (JSON.parse) → `CodexClient` (validation) → the turn router → `TurnHandle` (queue) → the
 * consumer. The SDK is the one under test (`sdk`, on Node the built npm package); the fake
 * server is loaded on first use, so that the scenarios on the real binary (cold start: the
 * import time of the SDK) never load any of it.
 * @module
 */

import type * as Sdk from "../../mod.ts";
import { BENCH_THREAD_ID, BENCH_TURN_ID } from "./notifications.ts";

/** A `Codex` connected to the fake server, with one turn started. */
export interface FakeSession {
  codex: Sdk.Codex;
  turn: Sdk.TurnHandle;
  /** Writes bytes to the client, as the server's stdout would; resolves once the client took them. */
  write(chunk: Uint8Array): Promise<void>;
  /** Faults the SDK reported (garbage, failed validation): must stay 0 for a valid stream. */
  faults(): string[];
  close(): Promise<void>;
}

/** Opens a `Codex` of `sdk` on the fake app-server and starts one turn (`BENCH_TURN_ID`). */
export async function fakeSession(
  sdk: typeof Sdk,
  options: { validation?: "off" | "boundary" | "strict" } = {},
): Promise<FakeSession> {
  const { FakeAppServer, connectCodex } = await import("../../tests/_support/fake_app_server.ts");
  const { threadStartResult, wireTurn } = await import("../../tests/_support/wire.ts");
  const server = new FakeAppServer()
    .answer("thread/start", () => threadStartResult(BENCH_THREAD_ID, "/tmp/bench"))
    .answer("turn/start", () => ({ turn: wireTurn(BENCH_TURN_ID) }));
  const faults: string[] = [];
  const codex = await connectCodex(sdk.Codex, server, {
    validation: options.validation,
    logger: { warn: (message: string) => void faults.push(message) },
  });
  const thread = await codex.threadStart({ cwd: "/tmp/bench" });
  if (thread.id !== BENCH_THREAD_ID) {
    throw new Error(`fake server: unexpected thread id ${thread.id}`);
  }
  const turn = await thread.turn("bench");
  return {
    codex,
    turn,
    write: (chunk) => server.writeBytes(chunk),
    faults: () => faults,
    close: async () => {
      await codex.close();
      await server.end();
    },
  };
}

/** What the in-memory scenarios drive. */
export interface SdkPipe {
  /** Writes bytes to the client; resolves once the client took them. */
  write(chunk: Uint8Array): Promise<void>;
  /** Resolves once the turn's stream ended (after `turn/completed`) and the session is closed. */
  finish(): Promise<void>;
  /** What the SDK reported through `logger.warn`: must stay empty for a valid stream. */
  faults(): string[];
}

/** Opens the session and starts consuming `turn.stream()` into `onEvent`. */
export async function sdkPipe(
  sdk: typeof Sdk,
  onEvent: (event: Sdk.TurnEvent) => void,
  options: { validation?: "off" | "boundary" } = {},
): Promise<SdkPipe> {
  const session = await fakeSession(sdk, options);
  const consumed = (async () => {
    for await (const event of session.turn.stream()) onEvent(event);
  })();
  return {
    write: (chunk) => session.write(chunk),
    finish: async () => {
      await consumed;
      await session.close();
    },
    faults: () => session.faults(),
  };
}

/** Throws when the SDK reported faults (a valid stream must give none). */
export function assertNoFaults(faults: string[]): void {
  if (faults.length) throw new Error(`the SDK reported ${faults.length} faults, e.g. ${faults[0]}`);
}
