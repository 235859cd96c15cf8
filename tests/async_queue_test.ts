// Unit tests of the single-consumer async queue (src/util/async_queue.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { AsyncQueue } from "../src/util/async_queue.ts";

async function drain<T>(queue: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of queue) out.push(value);
  return out;
}

test("values pushed before and while the consumer waits arrive in order; end() stops it after the buffer", async () => {
  const queue = new AsyncQueue<number>();
  queue.push(1);
  queue.push(2);
  assert.equal(queue.size, 2);
  const consumed = drain(queue);
  queue.push(3);
  queue.end();
  queue.push(4);
  assert.deepEqual(await consumed, [1, 2, 3], "nothing after end()");
  assert.equal(queue.done, true);
});

test("a waiting consumer gets the value pushed later", async () => {
  const queue = new AsyncQueue<string>();
  const next = queue.next();
  queue.push("late");
  assert.deepEqual(await next, { value: "late", done: false });
});

test("fail() gives the buffered values, then the error", async () => {
  const queue = new AsyncQueue<number>();
  queue.push(1);
  const error = new Error("broken");
  queue.fail(error);
  assert.deepEqual(await queue.next(), { value: 1, done: false });
  await assert.rejects(queue.next(), (e) => e === error);
  assert.deepEqual(await queue.next(), { value: undefined, done: true }, "the error is thrown once");
});

test("fail() with discardBuffered throws at once; a waiting consumer gets the error", async () => {
  const queue = new AsyncQueue<number>();
  queue.push(1);
  queue.fail(new Error("now"), { discardBuffered: true });
  await assert.rejects(queue.next(), /now/);
  const waiting = new AsyncQueue<number>();
  const next = waiting.next();
  waiting.fail(new Error("while waiting"));
  await assert.rejects(next, /while waiting/);
});

test("a consumer that stops early drops the buffer and calls onCancel once", async () => {
  let cancelled = 0;
  const queue = new AsyncQueue<number>({ onCancel: () => cancelled++ });
  queue.push(1);
  queue.push(2);
  for await (const value of queue) {
    assert.equal(value, 1);
    break;
  }
  assert.equal(cancelled, 1);
  assert.equal(queue.size, 0);
  assert.deepEqual(await queue.next(), { value: undefined, done: true });
  await queue.return();
  assert.equal(cancelled, 1, "not again");
});

test("ended() is an empty, finished iterator; many values pass through without loss", async () => {
  assert.deepEqual(await drain(new AsyncQueue<number>().ended()), []);
  const queue = new AsyncQueue<number>();
  for (let i = 0; i < 5000; i++) queue.push(i);
  queue.end();
  const all = await drain(queue);
  assert.equal(all.length, 5000);
  assert.ok(all.every((v, i) => v === i));
});
