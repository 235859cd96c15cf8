/**
 * What a tool call answers the model. A tool's `run` usually returns text or a JSON value;
 * return a {@linkcode ToolOutput} (made by {@linkcode toolOutput}) to send several content
 * items, images ({@linkcode toolImage}) or to mark the call as failed while still saying why.
 *
 * | `run` returns | the model gets |
 * |---|---|
 * | a string | that text |
 * | any other JSON value (object, array, number, boolean, null) | its JSON text |
 * | `undefined` | an empty text |
 * | `toolOutput(items, { success })` | those content items, with that success flag |
 *
 * @example
 * ```ts
 * import { toolImage, toolOutput } from "@codex/sdk";
 *
 * const chart = "data:image/png;base64,iVBORw0KGgo=";
 * toolOutput(["Here is the chart:", toolImage(chart)]);
 * toolOutput("The ticket is closed; reopen it first", { success: false });
 * ```
 * @module
 */

import { InvalidArgumentError } from "../../util/errors.ts";
import type { DynamicToolCallOutputContentItem, DynamicToolCallResponse } from "../../protocol/generated/types.ts";

/** One content item of a tool's output: text or an image (or audio) by URL. */
export type ToolContentItem = DynamicToolCallOutputContentItem;

/** A tool's full output: content items and whether the call succeeded. */
export class ToolOutput {
  /** The content items sent to the model. */
  readonly contentItems: readonly ToolContentItem[];
  /** Whether the call succeeded (the model is told when it did not). */
  readonly success: boolean;

  /** Use {@linkcode toolOutput}. */
  constructor(contentItems: readonly ToolContentItem[], success: boolean) {
    this.contentItems = contentItems;
    this.success = success;
  }
}

/**
 * A full tool output: text (strings) and content items (e.g. {@linkcode toolImage}), with a
 * success flag (default true).
 *
 * @example
 * ```ts
 * import { toolOutput } from "@codex/sdk";
 *
 * toolOutput("no such city", { success: false });
 * ```
 */
export function toolOutput(
  content: string | ToolContentItem | readonly (string | ToolContentItem)[],
  options: { success?: boolean } = {},
): ToolOutput {
  const list = Array.isArray(content) ? content : [content as string | ToolContentItem];
  const items = list.map((item, i): ToolContentItem => {
    if (typeof item === "string") return { type: "inputText", text: item };
    if (typeof item === "object" && item !== null && ["inputText", "inputImage", "inputAudio"].includes(item.type)) return item;
    throw new InvalidArgumentError(`toolOutput content[${i}]`, "must be a string or a content item such as toolImage(url)");
  });
  return new ToolOutput(items, options.success ?? true);
}

/**
 * An image content item for a tool's output, by URL: a `data:` URL
 * (`data:image/png;base64,…`) always works.
 *
 * @example
 * ```ts
 * import { toolImage, toolOutput } from "@codex/sdk";
 *
 * toolOutput(toolImage("data:image/png;base64,iVBORw0KGgo="));
 * ```
 */
export function toolImage(url: string): ToolContentItem {
  if (typeof url !== "string" || url === "") {
    throw new InvalidArgumentError("toolImage", "needs an image URL, e.g. data:image/png;base64,…");
  }
  return { type: "inputImage", imageUrl: url };
}

/** The wire answer for what a tool's `run` returned. */
export function toolResponse(value: unknown): DynamicToolCallResponse {
  if (value instanceof ToolOutput) return { contentItems: [...value.contentItems], success: value.success };
  if (typeof value === "string") return textResponse(value, true);
  if (value === undefined) return textResponse("", true);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return textResponse(`the tool returned a value that is not JSON (${(error as Error).message})`, false);
  }
  if (json === undefined) return textResponse(`the tool returned a ${typeof value}, which is not JSON`, false);
  return textResponse(json, true);
}

/** A one-text answer. */
export function textResponse(text: string, success: boolean): DynamicToolCallResponse {
  return { contentItems: [{ type: "inputText", text }], success };
}
