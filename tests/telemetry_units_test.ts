// The pieces of tracing (issue 21) that need no app-server: W3C traceparent formatting and
// parsing, and the rpc layer's generic envelope fields (it carries `trace` without knowing it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatTraceparent, parseTraceparent, readTraceContext } from "../src/telemetry/traceparent.ts";
import { JsonRpcPeer, memoryPair } from "../rpc.ts";

test("a traceparent is formatted from a span context and parsed back; invalid ones are refused", () => {
  const parts = { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: 1 };
  const header = formatTraceparent(parts);
  assert.equal(header, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  assert.deepEqual(parseTraceparent(header), parts);
  assert.equal(formatTraceparent({ ...parts, traceId: "0".repeat(32) }), undefined);
  for (const bad of ["", "garbage", "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", `00-${"0".repeat(32)}-b7ad6b7169203331-01`, "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01"]) {
    assert.equal(parseTraceparent(bad), undefined, bad);
  }
  assert.equal(readTraceContext({ traceparent: "nope" }), undefined);
  assert.deepEqual(readTraceContext({ traceparent: header, tracestate: "k=v" }), { traceparent: header, tracestate: "k=v" });
});

test("peer.request sends extra envelope members beside id, method and params, and cannot replace those", async () => {
  const [ours, theirs] = memoryPair();
  const seen: Record<string, unknown>[] = [];
  const server = new JsonRpcPeer(theirs, {
    onUnhandledRequest: (_params, context) => {
      seen.push({ ...context.message });
      return "ok";
    },
  });
  const client = new JsonRpcPeer(ours);
  const trace = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
  assert.equal(await client.request("a/b", { x: 1 }, { envelope: { trace, id: 99, method: "evil" } }), "ok");
  assert.equal(await client.request("c/d"), "ok");
  assert.deepEqual(seen[0], { id: 1, method: "a/b", params: { x: 1 }, trace });
  assert.deepEqual(seen[1], { id: 2, method: "c/d" });
  await client.close();
  await server.close();
});
