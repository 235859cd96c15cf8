/**
 * Turn inputs: a string, one input item, or an array of them. Helpers build the wire items.
 *
 * @example
 * ```ts
 * import { localImage, text } from "@codex/sdk";
 *
 * const input = [text("What is in this picture?"), localImage("./photo.png")];
 * ```
 * @module
 */

import { InvalidArgumentError } from "../util/errors.ts";
import type { UserInput } from "../protocol/generated/types.ts";

/** What `thread.run`/`thread.turn`/`turn.steer` accept. */
export type Input = string | UserInput | readonly (string | UserInput)[];

/** A text input item. */
export function text(value: string): UserInput {
  return { type: "text", text: value, text_elements: [] };
}

/** An image by URL. codex 0.169.0 accepts `data:` URLs only (it refuses remote URLs). */
export function image(url: string): UserInput {
  return { type: "image", url };
}

/** An image file on the app-server's machine, by path. */
export function localImage(path: string): UserInput {
  return { type: "localImage", path };
}

/** A skill to use in this turn, by name and path. */
export function skill(name: string, path: string): UserInput {
  return { type: "skill", name, path };
}

/** A mention of a file or resource, by name and path. */
export function mention(name: string, path: string): UserInput {
  return { type: "mention", name, path };
}

const KNOWN_TYPES = new Set(["text", "image", "localImage", "audio", "localAudio", "skill", "mention"]);

/** Turns any {@link Input} into the wire's `UserInput[]`, refusing empty or malformed input. */
export function toUserInputs(input: Input, argument = "input"): UserInput[] {
  const items = typeof input === "string" || !Array.isArray(input) ? [input as string | UserInput] : input;
  if (items.length === 0) throw new InvalidArgumentError(argument, "is empty; give a prompt string or input items");
  return items.map((item, i) => {
    if (typeof item === "string") {
      if (item.trim() === "") {
        throw new InvalidArgumentError(argument, "is an empty prompt; give the model something to do");
      }
      return text(item);
    }
    if (typeof item !== "object" || item === null || !KNOWN_TYPES.has((item as { type?: string }).type ?? "")) {
      throw new InvalidArgumentError(
        items.length > 1 ? `${argument}[${i}]` : argument,
        `must be a string or an input item ({ type: "text" | "image" | "localImage" | "skill" | "mention", … }), ` +
          `got ${JSON.stringify(item)?.slice(0, 100)}`,
      );
    }
    const typed = item as UserInput;
    if (typed.type === "text" && typed.text_elements === undefined) return text(typed.text);
    return typed;
  });
}
