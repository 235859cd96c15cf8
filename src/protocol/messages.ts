/**
 * The typed protocol surface the SDK speaks: the generated method tables, plus the event types
 * the SDK adds (unknown notifications, server-request events).
 *
 * @example
 * ```ts
 * import type { Notification } from "@codex/sdk";
 *
 * function show(event: Notification): string {
 *   return event.method === "item/agentMessage/delta" ? event.params.delta : "";
 * }
 * ```
 * @module
 */

import type {
  ClientRequestMap,
  ServerNotification,
  ServerNotificationMap,
  ServerRequestMap,
  ServerRequestMethod,
} from "./generated/methods.ts";
import type { ValidationIssue } from "./generated/validators.ts";

// Re-exported rather than redefined: one name, one declaration, whichever entry exports it.
export type { ServerRequestMethod, ValidationIssue };

/**
 * A notification whose method this SDK's pinned protocol does not know (a newer server), or
 * that failed validation under `validation: "strict"`. It is never dropped: it arrives with
 * `method: "unknown"` and the original method and params inside, so narrowing on `method`
 * keeps working for every known notification.
 */
export interface UnknownNotification {
  /** Always `"unknown"`. */
  method: "unknown";
  /** The message as it arrived. */
  params: {
    /** The method the server sent. */
    method: string;
    /** The params the server sent, unchecked. */
    params: unknown;
    /** Why it was not delivered as a known notification, when it failed validation. */
    issue?: ValidationIssue;
  };
}

/** Any notification from the app-server: a known one (typed by `method`) or an unknown one. */
export type Notification = ServerNotification | UnknownNotification;

/** A client request method of the pinned protocol. */
export type RequestMethod = keyof ClientRequestMap;

/** The params of client request `M`. */
export type RequestParams<M extends RequestMethod> = ClientRequestMap[M] extends { params: infer P } ? P
  : ClientRequestMap[M] extends { params?: infer P } ? P | undefined
  : never;

/** The response of client request `M`. */
export type RequestResponse<M extends RequestMethod> = ClientRequestMap[M]["response"];

/** The arguments after the method: params (optional exactly when the protocol allows), then options. */
export type RequestArgs<M extends RequestMethod, Options> = ClientRequestMap[M] extends { params: infer P }
  ? [params: P, options?: Options]
  : ClientRequestMap[M] extends { params?: infer P } ? [params?: P, options?: Options]
  : never;

/** The params of server request `M`. */
export type ServerRequestParams<M extends ServerRequestMethod> = ServerRequestMap[M]["params"];

/** The answer server request `M` expects. */
export type ServerRequestResponse<M extends ServerRequestMethod> = ServerRequestMap[M]["response"];

/** The params of notification `M`. */
export type NotificationParams<M extends keyof ServerNotificationMap> = ServerNotificationMap[M];

/** How incoming messages are checked against the pinned protocol's schema. */
export type ValidationPolicy = "off" | "boundary" | "strict";
