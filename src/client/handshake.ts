/**
 * The `initialize` handshake: the params this SDK sends (also replayed by a reconnecting
 * connection) and the check of the server's answer. `Codex.start`, `Codex.connect` and
 * `Codex.fromConnection` run it before anything else.
 *
 * @example
 * ```ts
 * import type { CodexClient } from "@codex/sdk";
 * import { initialize } from "./handshake.ts";
 *
 * declare const client: CodexClient;
 * const metadata = await initialize(client, { clientInfo: { name: "bot", title: "Bot", version: "1" } });
 * console.log(metadata.userAgent);
 * ```
 * @module
 */

import { ProtocolError } from "../rpc/errors.ts";
import type { InitializeCapabilities, InitializeParams } from "../protocol/generated/types.ts";
import type { CodexClient } from "./client.ts";
import type { HandshakeOptions } from "./options.ts";
import { SDK_VERSION } from "./version.ts";
import { checkServerVersion } from "./version_window.ts";
import { recordServerVersion } from "./client.ts";

/** What the app-server said about itself in answer to `initialize`. */
export interface CodexMetadata {
  /** The server's user agent, e.g. `"codex_sdk_ts/0.169.0 (…)"`. */
  userAgent: string;
  /** The state directory the server uses. */
  codexHome: string;
  /** `"unix"` or `"windows"`. */
  platformFamily: string;
  /** The operating system, e.g. `"linux"`. */
  platformOs: string;
  /**
   * The server's version, read from `userAgent` (e.g. `"0.171.0"`); `null` when it could not be
   * read (the handshake then proceeded with a warning). See `MIN_CODEX_VERSION`.
   */
  serverVersion: string | null;
}

/** The `initialize` params for these options (also replayed by a reconnecting connection). */
export function initializeParams(options: HandshakeOptions): InitializeParams {
  const capabilities: InitializeCapabilities = {
    experimentalApi: options.experimentalApi ?? false,
    requestAttestation: false,
    ...(options.optOutNotifications?.length ? { optOutNotificationMethods: options.optOutNotifications } : {}),
  };
  return {
    clientInfo: options.clientInfo ?? { name: "codex_sdk_ts", title: "Codex TypeScript SDK", version: SDK_VERSION },
    capabilities,
  };
}

/** Runs the handshake on `client`: `initialize`, a check of its answer, then `initialized`. */
export async function initialize(client: CodexClient, options: HandshakeOptions): Promise<CodexMetadata> {
  const params = initializeParams(options);
  const result = await client.request("initialize", params, { timeoutMs: options.startTimeoutMs ?? 30_000 });
  if (!isMetadata(result)) {
    throw new ProtocolError(
      "bad_handshake",
      `the app-server's initialize response is not what this SDK expects: ${JSON.stringify(result)?.slice(0, 300)} ` +
        `(is the binary a codex app-server of a supported version?)`,
    );
  }
  // Before `initialized`: a server outside the window is refused (and closed by the caller).
  const serverVersion = checkServerVersion(result.userAgent, { ...options, clientName: params.clientInfo.name });
  recordServerVersion(client, serverVersion);
  client.notify("initialized");
  return { ...result, serverVersion };
}

function isMetadata(value: unknown): value is Omit<CodexMetadata, "serverVersion"> {
  const v = value as CodexMetadata | null;
  return typeof v === "object" && v !== null && typeof v.userAgent === "string" && typeof v.codexHome === "string";
}
