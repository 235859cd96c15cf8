/**
 * Answering `item/tool/requestUserInput`: the agent asks the user one to three questions (each
 * with an id, a header, the question and usually a few options). {@linkcode answerUserInput}
 * builds the answer from answers by question id, checking them against the questions. Without
 * a handler the SDK answers no questions (the safe default), and the agent goes on without.
 *
 * @example
 * ```ts
 * import { answerUserInput, Codex } from "@codex/sdk";
 *
 * await using codex = await Codex.start({
 *   approvals: {
 *     "item/tool/requestUserInput": (params) => answerUserInput(params, { color: "Blue" }),
 *   },
 * });
 * ```
 * @module
 */

import { InvalidArgumentError } from "../../util/errors.ts";
import type { ToolRequestUserInputParams, ToolRequestUserInputResponse } from "../../protocol/generated/types.ts";

/** Answers by question id: one answer or several. */
export type UserInputAnswers = { readonly [questionId: string]: string | readonly string[] };

/**
 * The answer to a `requestUserInput` request. Questions left out get no answer. Throws
 * {@linkcode InvalidArgumentError} for an id no question has, or, for a question with options
 * and no free-form "other" answer, a value that is not one of its option labels (thrown in a
 * handler, that sends the safe answer instead and reports the error).
 *
 * @example
 * ```ts
 * import { answerUserInput, type ToolRequestUserInputParams } from "@codex/sdk";
 *
 * const params: ToolRequestUserInputParams = {
 *   threadId: "t", turnId: "u", itemId: "i", isBlocking: true, autoResolutionMs: null,
 *   questions: [{ id: "color", header: "Color", question: "Which?", isOther: true, isSecret: false, options: null }],
 * };
 * answerUserInput(params, { color: "Blue" }); // { answers: { color: { answers: ["Blue"] } } }
 * ```
 */
export function answerUserInput(params: ToolRequestUserInputParams, answers: UserInputAnswers): ToolRequestUserInputResponse {
  const questions = new Map(params.questions.map((question) => [question.id, question]));
  const out: ToolRequestUserInputResponse["answers"] = {};
  for (const [id, given] of Object.entries(answers)) {
    const question = questions.get(id);
    if (!question) {
      const ids = [...questions.keys()].map((known) => JSON.stringify(known)).join(", ") || "(none)";
      throw new InvalidArgumentError(`answers.${id}`, `no question has this id; the questions are ${ids}`);
    }
    const list = typeof given === "string" ? [given] : [...given];
    if (list.some((answer) => typeof answer !== "string")) {
      throw new InvalidArgumentError(`answers.${id}`, "must be a string or an array of strings");
    }
    const labels = question.options?.map((option) => option.label);
    if (labels && labels.length > 0 && !question.isOther) {
      const unknown = list.find((answer) => !labels.includes(answer));
      if (unknown !== undefined) {
        throw new InvalidArgumentError(
          `answers.${id}`,
          `${JSON.stringify(unknown)} is not an option of "${question.header}"; choose one of ${labels.map((l) => JSON.stringify(l)).join(", ")}`,
        );
      }
    }
    out[id] = { answers: list };
  }
  return { answers: out };
}
