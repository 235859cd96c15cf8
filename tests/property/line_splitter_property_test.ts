import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { LineSplitter } from "../../rpc.ts";
import { check } from "./_support.ts";

// Generated: any text of lines (any Unicode, \r\n or \n, with or without a final newline), cut
// into chunks at any byte offsets, including inside a multi-byte character or a \r\n.

const line = fc.string({ unit: "binary", maxLength: 40 }).map((s) => s.replaceAll("\n", ""));

function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

function run(chunks: Uint8Array[], maxLineLength?: number) {
  const lines: string[] = [];
  const errors: { sample: string }[] = [];
  const splitter = new LineSplitter({
    onLine: (l) => lines.push(l),
    onError: (e) => errors.push(e),
    maxLineLength,
  });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return { lines, errors };
}

/** What the lines should be: one trailing \r dropped, empty lines skipped. */
function expected(lines: string[]): string[] {
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l)).filter((l) => l !== "");
}

// A lone surrogate does not survive UTF-8; the wire carries what TextEncoder makes of it.
const wellFormed = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s));

test("property: any split of any byte stream of lines gives the same lines as reading it whole", () => {
  check(
    fc.property(
      fc.array(line, { maxLength: 20 }),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 30 }),
      (lines, finalNewline, cuts) => {
        const text = lines.map(wellFormed).join("\n") + (finalNewline ? "\n" : "");
        const bytes = new TextEncoder().encode(text);
        const whole = run([bytes]);
        const pieces = run(split(bytes, cuts));
        assert.deepEqual(pieces.lines, whole.lines);
        assert.deepEqual(whole.lines, expected(lines.map(wellFormed)));
        assert.deepEqual(pieces.errors, []);
      },
    ),
  );
});

test("property: a line over maxLineLength is refused with a bounded sample, and every other line still arrives, for any split", () => {
  const max = 32;
  check(
    fc.property(
      fc.array(fc.oneof(line, fc.string({ minLength: max + 1, maxLength: 400 }).map((s) => s.replaceAll("\n", ""))), {
        maxLength: 12,
      }),
      fc.array(fc.nat(), { maxLength: 30 }),
      (raw, cuts) => {
        const lines = raw.map(wellFormed);
        const bytes = new TextEncoder().encode(lines.join("\n") + "\n");
        const { lines: got, errors } = run(split(bytes, cuts), max);
        const long = lines.filter((l) => l.length > max);
        assert.deepEqual(got, expected(lines.filter((l) => l.length <= max)));
        assert.equal(errors.length, long.length, "one refusal per over-long line");
        for (const error of errors) assert.ok(error.sample.length <= 200, "the sample is bounded");
      },
    ),
  );
});
