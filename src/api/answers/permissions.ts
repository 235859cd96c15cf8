/**
 * Answering `item/permissions/requestApproval`: the agent asks for more filesystem or network
 * access than its sandbox gives (the model's `request_permissions` tool). {@linkcode grantPermissions}
 * grants all of it or a subset, for the turn or the rest of the session. Without a handler the
 * SDK grants nothing (the safe default).
 *
 * @example
 * ```ts
 * import { Codex, grantPermissions } from "@codex/sdk";
 *
 * await using codex = await Codex.start({
 *   approvals: {
 *     // Writes under /tmp only; never the network.
 *     "item/permissions/requestApproval": (params) =>
 *       grantPermissions(params, {
 *         write: (params.permissions.fileSystem?.write ?? []).filter((path) => path.startsWith("/tmp/")),
 *       }),
 *   },
 * });
 * ```
 * @module
 */

import { InvalidArgumentError } from "../../util/errors.ts";
import type {
  GrantedPermissionProfile,
  PermissionGrantScope,
  PermissionsRequestApprovalParams,
  PermissionsRequestApprovalResponse,
} from "../../protocol/generated/types.ts";

/** What to grant: network access and paths to read or write, each among those requested. */
export interface PermissionGrant {
  /** Grant the network access requested. */
  network?: boolean;
  /** Paths to grant read access to (each one the request asked to read). */
  read?: readonly string[];
  /** Paths to grant write access to (each one the request asked to write). */
  write?: readonly string[];
}

/**
 * The answer granting `grant` (default: everything requested) for `scope` (default `"turn"`;
 * `"session"` keeps it for the rest of the thread's session). Throws
 * {@linkcode InvalidArgumentError} when the grant asks for more than the request did.
 *
 * @example
 * ```ts
 * import { grantPermissions, type PermissionsRequestApprovalParams } from "@codex/sdk";
 *
 * const params = {
 *   permissions: { network: { enabled: true }, fileSystem: { read: null, write: ["/tmp/out"] } },
 * } as PermissionsRequestApprovalParams;
 * grantPermissions(params, { write: ["/tmp/out"] }, { scope: "session" });
 * // { permissions: { fileSystem: { read: null, write: ["/tmp/out"] } }, scope: "session" }
 * ```
 */
export function grantPermissions(
  params: PermissionsRequestApprovalParams,
  grant: PermissionGrant | "all" = "all",
  options: { scope?: PermissionGrantScope } = {},
): PermissionsRequestApprovalResponse {
  const scope = options.scope ?? "turn";
  if (scope !== "turn" && scope !== "session") {
    throw new InvalidArgumentError("scope", `must be "turn" or "session", got ${JSON.stringify(scope)}`);
  }
  const requested = params.permissions;
  const wanted: PermissionGrant = grant === "all"
    ? {
      network: requested.network?.enabled === true,
      read: requested.fileSystem?.read ?? [],
      write: requested.fileSystem?.write ?? [],
    }
    : grant;
  const permissions: GrantedPermissionProfile = {};
  if (wanted.network) {
    if (requested.network?.enabled !== true) throw new InvalidArgumentError("network", "the request did not ask for network access");
    permissions.network = { enabled: true };
  }
  const read = subset("read", wanted.read, requested.fileSystem?.read);
  const write = subset("write", wanted.write, requested.fileSystem?.write);
  if (read.length > 0 || write.length > 0) {
    permissions.fileSystem = { read: read.length > 0 ? read : null, write: write.length > 0 ? write : null };
  }
  return { permissions, scope };
}

function subset(kind: string, wanted: readonly string[] | undefined, requested: readonly string[] | null | undefined): string[] {
  const list = [...(wanted ?? [])];
  for (const path of list) {
    if (!(requested ?? []).includes(path)) {
      const asked = (requested ?? []).map((p) => JSON.stringify(p)).join(", ") || "none";
      throw new InvalidArgumentError(kind, `${JSON.stringify(path)} was not requested for ${kind} access (requested: ${asked}); grant only a subset`);
    }
  }
  return list;
}
