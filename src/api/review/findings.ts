/**
 * The findings of a review, read back from the review text the app-server renders. The server
 * does not send the model's structured review output (`exitedReviewMode` carries only the
 * rendered text), so the findings are parsed from the lines it renders for each one:
 *
 * ```text
 * - <title> — <absolute path>:<start>-<end>
 *   <body, indented by two spaces>
 * ```
 *
 * @example
 * ```ts
 * import { reviewFindingsOf } from "@codex/sdk/client";
 *
 * const [finding] = reviewFindingsOf("Looks off.\n\nReview comment:\n\n- [P1] Bad — /w/a.ts:2-3\n  Wrong sign.");
 * console.log(finding.title, finding.path, finding.startLine, finding.body); // "[P1] Bad" "/w/a.ts" 2 "Wrong sign."
 * ```
 * @module
 */

/** One finding of a review. */
export interface ReviewFinding {
  /** The finding's title, as the model wrote it (often with a priority tag such as `[P1]`). */
  title: string;
  /** The file it is about. */
  path: string;
  /** The first line of the range it is about (1-based). */
  startLine: number;
  /** The last line of that range. */
  endLine: number;
  /** The explanation. */
  body: string;
}

const HEADING = /^- (.+) — (.+):(\d+)-(\d+)$/;

/** Parses the findings out of a rendered review text; `[]` when it lists none. */
export function reviewFindingsOf(text: string | null): ReviewFinding[] {
  if (!text) return [];
  const findings: ReviewFinding[] = [];
  let current: ReviewFinding | undefined;
  const body: string[] = [];
  const flush = (): void => {
    if (current) findings.push({ ...current, body: body.join("\n").trim() });
    current = undefined;
    body.length = 0;
  };
  for (const line of text.split("\n")) {
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      current = { title: heading[1], path: heading[2], startLine: Number(heading[3]), endLine: Number(heading[4]), body: "" };
    } else if (current && (line.startsWith("  ") || line === "")) {
      body.push(line.slice(2));
    } else {
      flush();
    }
  }
  flush();
  return findings;
}
