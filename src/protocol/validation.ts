/**
 * Applies the validation policy to incoming messages with the generated validators, which are
 * loaded only when a connection opens (they are large; importing the SDK stays fast). The list
 * of known notification methods is small and comes with the module.
 *
 * - `"off"`: nothing is checked.
 * - `"boundary"` (default): every notification, server request and response is checked; a
 *   failure is reported (with the path of the bad field) and the message is still delivered.
 * - `"strict"`: a failing notification is delivered as an `UnknownNotification` carrying the
 *   issue, and a failing response rejects the request with a {@link ValidationError}.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start({ validation: "strict" });
 * ```
 * @module
 */

import { ProtocolError } from "../rpc/errors.ts";
import type { ValidationIssue, ValidationPolicy } from "./messages.ts";
import { SERVER_NOTIFICATION_METHODS } from "./generated/methods.ts";

/** A message from the server failed validation against the pinned protocol's schema. */
export class ValidationError extends ProtocolError {
  /** The method of the message. */
  readonly method: string;
  /** Where and how it failed. */
  readonly issue: ValidationIssue;

  /** Creates the error for `method` and its issue. */
  constructor(kind: "notification" | "server request" | "response", method: string, issue: ValidationIssue) {
    super(
      "validation_failed",
      `${kind} ${method} does not match the pinned protocol: ${issue.path}: ${issue.message} ` +
        `(a newer app-server? see "upgrading the pinned runtime" in the README)`,
    );
    this.method = method;
    this.issue = issue;
  }
}

/** The three checks, as the client needs them. */
export interface Validator {
  /** The policy in force. */
  readonly policy: ValidationPolicy;
  /** Checks a notification's params; null when valid or unknown. */
  notification(method: string, params: unknown): ValidationIssue | null;
  /** Checks a server request's params; null when valid or unknown. */
  serverRequest(method: string, params: unknown): ValidationIssue | null;
  /** Checks a response's result; null when valid or unknown. */
  response(method: string, result: unknown): ValidationIssue | null;
  /** Whether `method` is a notification of the pinned protocol. */
  knowsNotification(method: string): boolean;
}

const none = (): null => null;

/** Loads the validators for `policy` (the experimental surface's when `experimental` is set). */
export async function loadValidator(policy: ValidationPolicy, experimental: boolean): Promise<Validator> {
  const known = new Set<string>(SERVER_NOTIFICATION_METHODS);
  // Methods come in runs (deltas): the last known one is compared before the set is looked up.
  let lastKnown = "";
  const knowsNotification = (method: string): boolean => {
    if (method === lastKnown) return true;
    if (!known.has(method)) return false;
    lastKnown = method;
    return true;
  };
  if (policy === "off") {
    return { policy, notification: none, serverRequest: none, response: none, knowsNotification };
  }
  const v = experimental
    ? await import("./generated/experimental/validators.ts")
    : await import("./generated/validators.ts");
  return {
    policy,
    notification: v.validateNotification,
    serverRequest: v.validateServerRequest,
    response: v.validateResponse,
    knowsNotification,
  };
}
