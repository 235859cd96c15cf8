/**
 * `@codex/sdk/relay`: lets a web page use the SDK against a `codex app-server`.
 *
 * A browser cannot connect to the app-server itself: its WebSocket listener refuses every
 * upgrade that carries an `Origin` header (HTTP 403), and takes its capability token only as an
 * `Authorization: Bearer` header, which a browser's WebSocket cannot send. {@linkcode startRelay}
 * runs a small relay on loopback (Deno, Bun or Node) that admits the page origins you list and
 * forwards each page connection, message for message, to the app-server with the token.
 * In the page, `Codex.connect(relay.url)` then works as anywhere else.
 *
 * @example
 * ```ts
 * import { startRelay } from "@codex/sdk/relay";
 *
 * await using relay = await startRelay({
 *   appServerUrl: "ws://127.0.0.1:4500",
 *   appServerToken: "…contents of the --ws-token-file…",
 *   allowedOrigins: ["http://localhost:5173"],
 * });
 * // In the page (bundled @codex/sdk): const codex = await Codex.connect(relay.url);
 * ```
 * @module
 */
export {
  DEFAULT_RELAY_IDLE_TIMEOUT_MS,
  DEFAULT_RELAY_MAX_CONNECTIONS,
  DEFAULT_RELAY_MAX_MESSAGE_BYTES,
  type Relay,
  type RelayOptions,
  startRelay,
} from "./src/relay/relay.ts";
export { BAD_GATEWAY, GOING_AWAY } from "./src/relay/bridge.ts";
