import { test } from "node:test";
import assert from "node:assert/strict";
import { LineSplitter, LineStream, LineTooLongError } from "../rpc.ts";

const encoder = new TextEncoder();

function split(chunks: Uint8Array[], maxLineLength?: number): { lines: string[]; errors: LineTooLongError[] } {
  const lines: string[] = [];
  const errors: LineTooLongError[] = [];
  const splitter = new LineSplitter({ onLine: (l) => lines.push(l), onError: (e) => errors.push(e), maxLineLength });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return { lines, errors };
}

test("a message split at every byte offset, through multi-byte characters, comes out whole", () => {
  const messages = ['{"text":"héllo wörld — 日本語 🎉"}', '{"id":2,"emoji":"👩‍👩‍👧"}'];
  const bytes = encoder.encode(messages.join("\n") + "\n");
  for (let cut = 0; cut <= bytes.length; cut++) {
    const { lines } = split([bytes.subarray(0, cut), bytes.subarray(cut)]);
    assert.deepEqual(lines, messages, `cut at byte ${cut}`);
  }
});

test("every byte in its own chunk still gives the same lines", () => {
  const text = '{"a":"ß"}\r\n{"b":"€"}\n';
  const bytes = encoder.encode(text);
  const { lines } = split([...bytes].map((b) => new Uint8Array([b])));
  assert.deepEqual(lines, ['{"a":"ß"}', '{"b":"€"}']);
});

test("\\r\\n endings are stripped, even when the \\r and \\n arrive in different chunks", () => {
  const { lines } = split([encoder.encode('{"a":1}\r'), encoder.encode('\n{"b":2}\r\n')]);
  assert.deepEqual(lines, ['{"a":1}', '{"b":2}']);
});

test("a final line without a newline is delivered at the end of input", () => {
  const { lines } = split([encoder.encode('{"a":1}\n{"last":true}')]);
  assert.deepEqual(lines, ['{"a":1}', '{"last":true}']);
});

test("empty lines are skipped", () => {
  const { lines } = split([encoder.encode('\n\n{"a":1}\n\r\n\n')]);
  assert.deepEqual(lines, ['{"a":1}']);
});

test("10,000 messages in one chunk all arrive, in order", () => {
  const text = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ id: i, text: `message ${i} ✓` })).join("\n");
  const { lines } = split([encoder.encode(text + "\n")]);
  assert.equal(lines.length, 10_000);
  assert.equal(JSON.parse(lines[9_999]).id, 9_999);
  assert.equal(JSON.parse(lines[1234]).text, "message 1234 ✓");
});

test("an over-long line is reported with a clear error, skipped, and the next lines still arrive", () => {
  const long = "x".repeat(5000);
  const chunks = [encoder.encode('{"ok":1}\n' + long.slice(0, 2000)), encoder.encode(long.slice(2000) + '\n{"ok":2}\n')];
  const { lines, errors } = split(chunks, 1000);
  assert.deepEqual(lines, ['{"ok":1}', '{"ok":2}']);
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof LineTooLongError);
  assert.equal(errors[0].code, "line_too_long");
  assert.match(errors[0].message, /exceeded the maximum of 1000 characters/);
  assert.ok(errors[0].sample.length <= 201);
});

test("an over-long line that is still arriving is not buffered past the limit", () => {
  const errors: LineTooLongError[] = [];
  const lines: string[] = [];
  const splitter = new LineSplitter({ onLine: (l) => lines.push(l), onError: (e) => errors.push(e), maxLineLength: 100 });
  const chunk = encoder.encode("y".repeat(1000));
  for (let i = 0; i < 1000; i++) splitter.push(chunk); // a 1 MB line in pieces
  assert.equal(errors.length, 1, "reported once, as soon as it passed the limit");
  splitter.push(encoder.encode('\n{"after":true}\n'));
  splitter.end();
  assert.deepEqual(lines, ['{"after":true}']);
});

test("LineStream is a Web Streams transform from bytes to lines", async () => {
  const bytes = new Blob(['{"id":1}\r\n', '{"id":2}']).stream();
  const lines: string[] = [];
  for await (const line of bytes.pipeThrough(new LineStream())) lines.push(line);
  assert.deepEqual(lines, ['{"id":1}', '{"id":2}']);
});

test("LineStream errors the stream on an over-long line", async () => {
  const bytes = new Blob(["z".repeat(50) + "\n"]).stream();
  await assert.rejects(async () => {
    for await (const _ of bytes.pipeThrough(new LineStream({ maxLineLength: 10 }))) { /* drain */ }
  }, LineTooLongError);
});
