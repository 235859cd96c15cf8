/**
 * Structured output with zod: pass a zod schema as `outputSchema`; the SDK sends its JSON
 * Schema, and `result.parsed` is the answer parsed, validated and typed. An answer that does not
 * match is a `StructuredOutputError` carrying the raw text.
 *
 *   deno run -A examples/structured_output_zod/main.ts
 *   bun examples/structured_output_zod/main.ts
 *   node npm/examples/structured_output_zod/main.js
 *
 * @module
 */
import process from "node:process";
import { z } from "zod";
import { StructuredOutputError } from "../../mod.ts";
import { startCodexForExample } from "../_shared/model.ts";

const Review = z.object({
  verdict: z.enum(["ship", "fix", "rethink"]),
  score: z.number().int().min(0).max(10),
  findings: z.array(z.object({ file: z.string(), note: z.string() })).max(3),
});
type Review = z.infer<typeof Review>;

await using example = await startCodexForExample((mock) => {
  mock.queueText(JSON.stringify({
    verdict: "fix",
    score: 7,
    findings: [{ file: "src/parser.ts", note: "no test for empty input" }],
  }));
  // The second answer breaks the schema (a score of 11), as a model sometimes might.
  mock.queueText(JSON.stringify({ verdict: "ship", score: 11, findings: [] }));
});
const thread = await example.codex.threadStart({ cwd: process.cwd(), sandbox: "read-only" });

const result = await thread.run("Review this repository in at most three findings.", { outputSchema: Review });
const review: Review = result.parsed!; // typed from the schema; no cast, no JSON.parse
console.log(`verdict: ${review.verdict}, score ${review.score}/10`);
for (const finding of review.findings) console.log(`  ${finding.file}: ${finding.note}`);

try {
  const again = await thread.run("Review it again, more generously.", { outputSchema: Review });
  console.log(`second review: ${again.parsed!.verdict}, score ${again.parsed!.score}/10`);
} catch (error) {
  if (!(error instanceof StructuredOutputError)) throw error;
  console.log(`StructuredOutputError: ${error.message}`);
  console.log(`  raw text: ${error.text}`);
}
