/**
 * `@codex/sdk/protocol` — the Codex app-server protocol as TypeScript types, generated from the
 * pinned binary: every wire type, the method maps (method → params and response), and the
 * version they were generated from.
 *
 * For anyone typing wire data: a UI that renders `ThreadItem`s, a log reader, a relay. The
 * generated `Thread` record is exported as `ThreadInfo`, since `Thread` is the SDK's class in
 * `@codex/sdk`. The experimental surface (`experimentalApi: true`) is here too: its new types
 * under their own names, and those whose name a stable type already has (with other fields)
 * prefixed `Experimental` (`ExperimentalThreadStartParams`).
 *
 * @example
 * ```ts
 * import type { ServerNotificationMap, ThreadItem } from "@codex/sdk/protocol";
 * import { PINNED_CODEX_VERSION } from "@codex/sdk/protocol";
 *
 * function describe(item: ThreadItem): string {
 *   return item.type === "agentMessage" ? item.text : item.type;
 * }
 * type Delta = ServerNotificationMap["item/agentMessage/delta"];
 * console.log(PINNED_CODEX_VERSION);
 * ```
 * @module
 */

export type * from "./src/protocol/wire_types.ts";
export type {
  ClientNotificationMap,
  ClientNotificationMethod,
  ClientRequestMap,
  ClientRequestMethod,
  ServerNotification,
  ServerNotificationMap,
  ServerNotificationMethod,
  ServerRequest,
  ServerRequestMap,
  ServerRequestMethod,
} from "./src/protocol/generated/methods.ts";
export type {
  Notification,
  NotificationParams,
  RequestArgs,
  RequestMethod,
  RequestParams,
  RequestResponse,
  ServerRequestParams,
  ServerRequestResponse,
  UnknownNotification,
  ValidationIssue,
  ValidationPolicy,
} from "./src/protocol/messages.ts";
export type {
  ClientRequestMapWithExperimental,
  ExperimentalClientRequestMap,
  ExperimentalFieldsClientRequestMap,
  ExperimentalServerNotificationMap,
} from "./src/protocol/generated/experimental/methods.ts";
// The `@openai/codex` version the protocol was generated from and the SDK is tested against.
export { CODEX_VERSION as PINNED_CODEX_VERSION } from "./src/protocol/generated/methods.ts";
export { MIN_CODEX_VERSION } from "./src/client/version_window.ts";
