/**
 * The `initialize` handshake: the params this SDK sends and the check of the server's answer,
 * version window included. The one handshake: `CodexClient.initialize` runs it on the first
 * connection and again on each connection a reconnect or restart opens, and `Codex.start`,
 * `Codex.connect` and `Codex.fromConnection` go through `CodexClient.initialize`.
 *
 * @example
 * ```ts
 * import type { CodexClient } from "@codex/sdk";
 *
 * declare const client: CodexClient;
 * const metadata = await client.initialize({ clientInfo: { name: "bot", title: "Bot", version: "1" } });
 * console.log(metadata.userAgent, client.serverVersion);
 * ```
 * @module
 */

import { ProtocolError } from "../rpc/errors.ts";
import type { InitializeCapabilities, InitializeParams } from "../protocol/generated/types.ts";
import type { HandshakeOptions } from "./options.ts";
import { SDK_VERSION } from "./version.ts";
import { checkServerVersion } from "./version_window.ts";

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

/** What the handshake uses of the connection options: who is calling, what to ask for, the version check. */
export type InitializeOptions = Pick<
  HandshakeOptions,
  "clientInfo" | "experimentalApi" | "optOutNotifications" | "startTimeoutMs" | "logger" | "allowVersionMismatch"
>;

/** The `initialize` params for these options. */
export function initializeParams(options: InitializeOptions): InitializeParams {
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

/** What the handshake needs of a connection: one request and one notification, sent at once. */
export interface HandshakeChannel {
  /** Sends a request on this connection (not held back while the client reconnects). */
  request(method: string, params: unknown, options: { timeoutMs: number }): Promise<unknown>;
  /** Sends a notification on this connection. */
  notify(method: string): void;
}

/**
 * Runs the handshake on one connection: `initialize`, a check of its answer (shape, then the
 * version window, which throws `IncompatibleAppServerError` for a server too old), then
 * `initialized`. Called by `CodexClient` only.
 */
export async function handshake(channel: HandshakeChannel, options: InitializeOptions): Promise<CodexMetadata> {
  const params = initializeParams(options);
  const result = await channel.request("initialize", params, { timeoutMs: options.startTimeoutMs ?? 30_000 });
  if (!isMetadata(result)) {
    throw new ProtocolError(
      "bad_handshake",
      `the app-server's initialize response is not what this SDK expects: ${JSON.stringify(result)?.slice(0, 300)} ` +
        `(is the binary a codex app-server of a supported version?)`,
    );
  }
  // Before `initialized`: a server outside the window is refused (and closed by the caller).
  const serverVersion = checkServerVersion(result.userAgent, { ...options, clientName: params.clientInfo.name });
  channel.notify("initialized");
  return { ...result, serverVersion };
}

function isMetadata(value: unknown): value is Omit<CodexMetadata, "serverVersion"> {
  const v = value as CodexMetadata | null;
  return typeof v === "object" && v !== null && typeof v.userAgent === "string" && typeof v.codexHome === "string";
}
