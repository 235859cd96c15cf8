/**
 * The SDK's side of the in-memory scenarios: a `Codex` on the fake app-server with one turn
 * started; the bench writes notification bytes for that turn as a pipe would deliver them and
 * the consumer reads `turn.stream()`. The mirror of `barePipe` (bench/lib/bare_reader.ts).
 * @module
 */

import type * as Sdk from "../../mod.ts";
import { fakeSession } from "./fake_server.ts";

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
