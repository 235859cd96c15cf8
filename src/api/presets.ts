/**
 * Friendly presets for thread and turn params, mapped to the wire fields. Raw wire params pass
 * through unchanged; a preset and its raw field together is an error (which one would win?).
 *
 * | preset | wire |
 * |---|---|
 * | `approvalMode: "deny-all"` | `approvalPolicy: "never"`: the agent never asks; anything needing approval is refused |
 * | `approvalMode: "auto-review"` | `approvalPolicy: "on-request"`, `approvalsReviewer: "auto_review"`: an automatic reviewer decides |
 * | `approvalMode: "bypass"` | `approvalPolicy: "never"` and full access: **dangerous**, no sandbox, no approvals |
 * | `sandbox: "read-only" \| "workspace-write" \| "full-access"` | thread: `sandbox: "read-only" \| "workspace-write" \| "danger-full-access"`; turn: `sandboxPolicy: { type: … }` |
 *
 * @example
 * ```ts
 * import { threadPresetParams } from "./presets.ts";
 *
 * threadPresetParams({ approvalMode: "deny-all", sandbox: "read-only" });
 * // { approvalPolicy: "never", sandbox: "read-only" }
 * ```
 * @module
 */

import { InvalidArgumentError } from "../util/errors.ts";
import type { ApprovalsReviewer, AskForApproval, SandboxMode, SandboxPolicy } from "../protocol/generated/types.ts";

/** How the agent's requests for approval are handled. */
export type ApprovalMode = "deny-all" | "auto-review" | "bypass";

/** How much the agent's commands may touch. */
export type SandboxPreset = "read-only" | "workspace-write" | "full-access";

/** The presets a thread or turn accepts. */
export interface PresetOptions {
  /** How approvals are handled (maps to `approvalPolicy`/`approvalsReviewer`). */
  approvalMode?: ApprovalMode;
  /** The sandbox (a preset name; the thread-level wire `SandboxMode` names are accepted too). */
  sandbox?: SandboxPreset | SandboxMode;
}

interface ApprovalWire {
  approvalPolicy: AskForApproval;
  approvalsReviewer?: ApprovalsReviewer;
  fullAccess?: true;
}

function approvalWire(mode: ApprovalMode): ApprovalWire {
  switch (mode) {
    case "deny-all":
      return { approvalPolicy: "never" };
    case "auto-review":
      return { approvalPolicy: "on-request", approvalsReviewer: "auto_review" };
    case "bypass":
      return { approvalPolicy: "never", fullAccess: true };
    default:
      throw new InvalidArgumentError("approvalMode", `must be "deny-all", "auto-review" or "bypass", got ${JSON.stringify(mode)}`);
  }
}

function sandboxMode(sandbox: SandboxPreset | SandboxMode): SandboxMode {
  switch (sandbox) {
    case "read-only":
    case "workspace-write":
    case "danger-full-access":
      return sandbox;
    case "full-access":
      return "danger-full-access";
    default:
      throw new InvalidArgumentError(
        "sandbox",
        `must be "read-only", "workspace-write" or "full-access", got ${JSON.stringify(sandbox)}`,
      );
  }
}

function conflict(params: object, preset: string, raw: string): void {
  const value = (params as Record<string, unknown>)[raw];
  if (value !== undefined && value !== null) {
    throw new InvalidArgumentError(preset, `cannot be combined with ${raw}; give one or the other`);
  }
}

/** The thread-level wire fields the presets map to. */
export interface ThreadPresetWire {
  /** From `approvalMode`. */
  approvalPolicy?: AskForApproval;
  /** From `approvalMode: "auto-review"`. */
  approvalsReviewer?: ApprovalsReviewer;
  /** From `sandbox`, or `approvalMode: "bypass"`. */
  sandbox?: SandboxMode;
}

/** Thread-level (`thread/start`, `thread/resume`, `thread/fork`) wire fields for the presets. */
export function threadPresetParams(
  presets: PresetOptions & { approvalPolicy?: unknown; approvalsReviewer?: unknown },
): ThreadPresetWire {
  const out: ThreadPresetWire = {};
  if (presets.approvalMode !== undefined) {
    conflict(presets, "approvalMode", "approvalPolicy");
    const wire = approvalWire(presets.approvalMode);
    out.approvalPolicy = wire.approvalPolicy;
    if (wire.approvalsReviewer) out.approvalsReviewer = wire.approvalsReviewer;
    if (wire.fullAccess) out.sandbox = "danger-full-access";
  }
  if (presets.sandbox !== undefined) {
    if (out.sandbox) throw new InvalidArgumentError("sandbox", `approvalMode "bypass" already means full access`);
    out.sandbox = sandboxMode(presets.sandbox);
  }
  return out;
}

/** Thread-level options with the presets replaced by their wire fields: the one mapping `threadStart`, `threadResume` and `threadFork` share. */
export function withThreadPresets<T extends PresetOptions & { approvalPolicy?: unknown; approvalsReviewer?: unknown }>(
  options: T,
): Omit<T, keyof PresetOptions> & ThreadPresetWire {
  const { approvalMode, sandbox, ...wire } = options;
  return { ...wire, ...threadPresetParams({ approvalMode, sandbox, approvalPolicy: wire.approvalPolicy }) };
}

/** Turn-level (`turn/start`) wire fields for the presets. */
export function turnPresetParams(
  presets: PresetOptions & { approvalPolicy?: unknown; sandboxPolicy?: unknown },
): { approvalPolicy?: AskForApproval; approvalsReviewer?: ApprovalsReviewer; sandboxPolicy?: SandboxPolicy } {
  const thread = threadPresetParams({ ...presets, sandbox: undefined });
  const out: { approvalPolicy?: AskForApproval; approvalsReviewer?: ApprovalsReviewer; sandboxPolicy?: SandboxPolicy } = {
    ...(thread.approvalPolicy ? { approvalPolicy: thread.approvalPolicy } : {}),
    ...(thread.approvalsReviewer ? { approvalsReviewer: thread.approvalsReviewer } : {}),
  };
  let mode = thread.sandbox;
  if (presets.sandbox !== undefined) {
    conflict(presets, "sandbox", "sandboxPolicy");
    if (mode) throw new InvalidArgumentError("sandbox", `approvalMode "bypass" already means full access`);
    mode = sandboxMode(presets.sandbox);
  }
  if (mode === "read-only") out.sandboxPolicy = { type: "readOnly", networkAccess: false };
  if (mode === "danger-full-access") out.sandboxPolicy = { type: "dangerFullAccess" };
  if (mode === "workspace-write") {
    out.sandboxPolicy = {
      type: "workspaceWrite",
      writableRoots: [],
      networkAccess: false,
      excludeTmpdirEnvVar: false,
      excludeSlashTmp: false,
    };
  }
  return out;
}
