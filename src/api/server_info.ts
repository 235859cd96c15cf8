/**
 * The small read-mostly requests behind `codex.skills`, `codex.rateLimits`, `codex.usage`,
 * `codex.modelProviders`, `codex.loadedThreads` and `codex.feedback`: each one request, typed,
 * every page collected.
 *
 * @example
 * ```ts
 * import { Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start();
 * for (const entry of await codex.skills({ cwd: "." })) console.log(entry.skills.map((s) => s.name));
 * console.log((await codex.modelProviders()).defaultProviderId);
 * ```
 * @module
 */

import type { CodexClient } from "../client/client.ts";
import type {
  FeedbackUploadParams,
  FeedbackUploadResponse,
  FeedbackSaveResponse,
  ModelProviderListResponse,
  SkillsListEntry,
} from "../protocol/generated/types.ts";
import { InvalidArgumentError } from "../util/errors.ts";
import { collectPages } from "./paginate.ts";

/** Options of `codex.skills`. */
export interface SkillsOptions {
  /** The working directory (or directories) whose skills to list; the server's cwd when left out. */
  cwd?: string | string[];
  /** Read the skill files again instead of the server's cache. */
  forceReload?: boolean;
}

/** The skills available in each working directory (`skills/list`). */
export async function listSkills(client: CodexClient, options: SkillsOptions = {}): Promise<SkillsListEntry[]> {
  const cwds = options.cwd === undefined ? undefined : Array.isArray(options.cwd) ? options.cwd : [options.cwd];
  const { data } = await client.request("skills/list", {
    ...(cwds ? { cwds } : {}),
    ...(options.forceReload !== undefined ? { forceReload: options.forceReload } : {}),
  });
  return data;
}

/** The configured model providers and the default (`modelProvider/list`). */
export function listModelProviders(client: CodexClient): Promise<ModelProviderListResponse> {
  return client.request("modelProvider/list", {});
}

/** The ids of the threads loaded in the app-server's memory (`thread/loaded/list`, every page). */
export function listLoadedThreads(client: CodexClient): Promise<string[]> {
  return collectPages((cursor) => client.request("thread/loaded/list", { cursor }));
}

/** What `codex.feedback` sends. */
export type FeedbackInput = FeedbackUploadParams & {
  /** Write the report to this file instead of uploading it (`feedback/save`). */
  savePath?: string;
};

/** Uploads (or with `savePath`, saves) a feedback report. */
export async function sendFeedback(client: CodexClient, feedback: FeedbackInput): Promise<FeedbackUploadResponse | FeedbackSaveResponse> {
  if (typeof feedback?.classification !== "string" || feedback.classification === "") {
    throw new InvalidArgumentError("classification", 'must say what kind of feedback this is, e.g. "bug"');
  }
  const { savePath, ...rest } = feedback;
  return savePath === undefined
    ? await client.request("feedback/upload", rest)
    : await client.request("feedback/save", { ...rest, savePath });
}
