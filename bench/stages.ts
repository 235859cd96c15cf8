/**
 * Where the throughput of scenario 2 goes: the same 200k notifications (64 KiB chunks, one
 * macrotask between chunks) through successively more of the SDK's read path, each timed
 * against the bare split + JSON.parse loop, interleaved, `rounds` times (default 7). Prints the
 * median and the minimum time of each stage and its ratio to the bare loop (min is the least
 * disturbed by other load; use it to compare stages).
 *
 *   deno run -A bench/stages.ts [rounds]
 *   bun bench/stages.ts [rounds]
 *   node: bun build bench/stages.ts --target=node --outfile=bench/.tmp/stages.mjs && node bench/.tmp/stages.mjs
 *
 * Stages: A bare loop · A2 bare loop + AsyncQueue + for-await (the floor of any async-iterator
 * API) · B LineSplitter · C + JsonRpcPeer · D + CodexClient, validation off · E + default
 * validation · F + TurnRouter (a no-op sink; the client's `dispatcher` option, as `Codex` wires it) ·
 * G the full `turn.stream()` (= scenario 2's a) · H the same with validation off · I `turn.run()`
 * with no stream consumer.
 *
 * Stages A2-F reach inside the SDK (the queue, the client, the router, the validator), so they
 * import those from their src/ files, not from an entry point.
 * @module
 */
import * as sdk from "../mod.ts";
import { AsyncQueue } from "../src/util/async_queue.ts";
import { LineSplitter } from "../src/rpc/line_splitter.ts";
import { JsonRpcPeer } from "../src/rpc/peer.ts";
import { streamConnection } from "../src/rpc/connection.ts";
import { CodexClient } from "../src/client/client.ts";
import { loadValidator } from "../src/protocol/validation.ts";
import { TurnRouter } from "../src/api/turn/router.ts";
import { BENCH_TURN_ID, buildJsonl, chunkBytes } from "./lib/notifications.ts";
import { fakeSession } from "./lib/sdk_pipe.ts";
import { args, nextMacrotask } from "./lib/rt.ts";
import { median } from "./lib/stats.ts";
const N = 200_000;
const chunks = chunkBytes(buildJsonl(N, { turnId: BENCH_TURN_ID }), 65536);
const now = () => performance.now();
async function feed(write: (c: Uint8Array) => Promise<void>) {
  for (const c of chunks) {
    await write(c);
    await nextMacrotask();
  }
}
function pair() {
  const ts = new TransformStream<Uint8Array, Uint8Array>();
  const w = ts.writable.getWriter();
  return { readable: ts.readable, write: (c: Uint8Array) => w.write(c), close: () => w.close() };
}
const sink = { n: 0 };
// A dispatcher that takes every notification and does nothing with it (stages D and E).
const noDispatcher = { dispatch: () => {}, read: () => new AsyncQueue<never>().ended() };
const stages: Record<string, () => Promise<number>> = {
  A_bare: async () => {
    const p = pair();
    const done = (async () => {
      const r = p.readable.getReader();
      const d = new TextDecoder();
      let buf = "";
      for (;;) {
        const { done, value } = await r.read();
        if (done) break;
        const t = buf + d.decode(value, { stream: true });
        let s = 0, nl;
        while ((nl = t.indexOf("\n", s)) !== -1) {
          if (nl > s) {
            const m = JSON.parse(t.slice(s, nl));
            sink.n += m.method.length;
          }
          s = nl + 1;
        }
        buf = t.slice(s);
      }
    })();
    const t0 = now();
    await feed(p.write);
    await p.close();
    await done;
    return now() - t0;
  },
  A2_bareQueue: async () => {
    const p = pair();
    const q = new AsyncQueue<{ method: string }>();
    const consumer = (async () => {
      for await (const m of q) sink.n += m.method.length;
    })();
    const done = (async () => {
      const r = p.readable.getReader();
      const d = new TextDecoder();
      let buf = "";
      for (;;) {
        const { done, value } = await r.read();
        if (done) break;
        const t = buf + d.decode(value, { stream: true });
        let s = 0, nl;
        while ((nl = t.indexOf("\n", s)) !== -1) {
          if (nl > s) q.push(JSON.parse(t.slice(s, nl)));
          s = nl + 1;
        }
        buf = t.slice(s);
      }
      q.end();
    })();
    const t0 = now();
    await feed(p.write);
    await p.close();
    await done;
    await consumer;
    return now() - t0;
  },
  B_splitter: async () => {
    const p = pair();
    const sp = new LineSplitter({
      onLine: (l) => {
        const m = JSON.parse(l);
        sink.n += m.method.length;
      },
    });
    const done = (async () => {
      const r = p.readable.getReader();
      for (;;) {
        const { done, value } = await r.read();
        if (done) break;
        sp.push(value);
      }
    })();
    const t0 = now();
    await feed(p.write);
    await p.close();
    await done;
    return now() - t0;
  },
  C_peer: async () => {
    const p = pair();
    const out = new TransformStream<Uint8Array, Uint8Array>();
    const peer = new JsonRpcPeer(streamConnection(p.readable, out.writable), {
      onNotification: (m) => {
        sink.n += m.length;
      },
    });
    const t0 = now();
    await feed(p.write);
    await p.close();
    await peer.closed;
    return now() - t0;
  },
  D_clientOff: async () => {
    const p = pair();
    const out = new TransformStream<Uint8Array, Uint8Array>();
    const v = await loadValidator("off", false);
    const c = new CodexClient(streamConnection(p.readable, out.writable), { validator: v, dispatcher: noDispatcher });
    const t0 = now();
    await feed(p.write);
    await p.close();
    await c.closed;
    return now() - t0;
  },
  E_clientBoundary: async () => {
    const p = pair();
    const out = new TransformStream<Uint8Array, Uint8Array>();
    const v = await loadValidator("boundary", false);
    const c = new CodexClient(streamConnection(p.readable, out.writable), { validator: v, dispatcher: noDispatcher });
    const t0 = now();
    await feed(p.write);
    await p.close();
    await c.closed;
    return now() - t0;
  },
  F_routerNoConsumer: async () => {
    const p = pair();
    const out = new TransformStream<Uint8Array, Uint8Array>();
    const v = await loadValidator("boundary", false);
    const router = new TurnRouter(() => {});
    router.register(BENCH_TURN_ID, {
      handle: undefined,
      push: () => {
        sink.n++;
      },
      fail: () => {},
    });
    const c = new CodexClient(streamConnection(p.readable, out.writable), {
      validator: v,
      dispatcher: { dispatch: router.dispatch, read: noDispatcher.read },
    });
    const t0 = now();
    await feed(p.write);
    await p.close();
    await c.closed;
    return now() - t0;
  },
  G_sdkStream: async () => {
    const s = await fakeSession(sdk);
    const consumed = (async () => {
      for await (const _ of s.turn.stream()) sink.n++;
    })();
    const t0 = now();
    await feed(s.write);
    await consumed;
    const ms = now() - t0;
    await s.close();
    return ms;
  },
  H_sdkStreamOff: async () => {
    const s = await fakeSession(sdk, { validation: "off" });
    const consumed = (async () => {
      for await (const _ of s.turn.stream()) sink.n++;
    })();
    const t0 = now();
    await feed(s.write);
    await consumed;
    const ms = now() - t0;
    await s.close();
    return ms;
  },
  I_sdkRun: async () => {
    const s = await fakeSession(sdk);
    const t0 = now();
    const p = s.turn.run();
    await feed(s.write);
    await p;
    const ms = now() - t0;
    await s.close();
    return ms;
  },
};
const names = Object.keys(stages);
const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (const n of names) await stages[n]();
const ROUNDS = Number(
  args()[0] ?? 7,
);
for (let r = 0; r < ROUNDS; r++) for (const n of names) times[n].push(await stages[n]());
const base = median(times.A_bare);
const bmin = Math.min(...times.A_bare);
for (const n of names) {
  console.log(
    n.padEnd(20),
    median(times[n]).toFixed(0).padStart(5),
    "ms",
    (base / median(times[n])).toFixed(3),
    " min",
    Math.min(...times[n]).toFixed(0).padStart(5),
    (bmin / Math.min(...times[n])).toFixed(3),
  );
}
