/**
 * The differential harness: one scenario run against the real `@openai/codex-sdk` (one
 * `codex exec` per turn) and against `@codex/sdk/compat` (one app-server), each on a fresh
 * MockModel scripted the same way, with the same pinned binary; what each yields is normalised
 * (thread and item ids of the wire, temporary paths, the process's stderr noise) for comparison.
 */
import { mkdtemp, realpath } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Codex as Official } from "@openai/codex-sdk";
import { Codex as Compat } from "../../compat.ts";
import { resolveCodexBinary } from "../../client.ts";
import { MockModel, type MockModelOptions } from "../../testing.ts";

/** The class a scenario gets: the official `Codex` or compat's (the same surface). */
export type AnyCodex = typeof Official | typeof Compat;

/** What a scenario works with. */
export interface ScenarioContext {
  Codex: AnyCodex;
  mock: MockModel;
  /** A fresh temporary directory (not a git repository). */
  dir: string;
  /** The pinned codex binary, for `codexPathOverride`. */
  bin: string;
  /** The environment to pass as `env` (this process's plus the mock's). */
  env: Record<string, string>;
  /** Which SDK runs. */
  which: "official" | "compat";
}

/** One scenario's outcome: anything JSON-able, normalised afterwards. */
export type Scenario = (context: ScenarioContext) => Promise<unknown>;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Runs the scenario on both SDKs; resolves with both normalised outcomes. */
export async function both(
  scenario: Scenario,
  options: { mock?: MockModelOptions; script?: (mock: MockModel) => void } = {},
): Promise<{ official: unknown; compat: unknown }> {
  const bin = await resolveCodexBinary({ env: process.env as Record<string, string> });
  const run = async (which: "official" | "compat"): Promise<unknown> => {
    const mock = await MockModel.start(options.mock);
    // The compat app-servers a scenario started live until closed (a program would just end):
    // closed here before the mock removes their CODEX_HOME.
    const made: Compat[] = [];
    class TrackedCompat extends Compat {
      constructor(...args: ConstructorParameters<typeof Compat>) {
        super(...args);
        made.push(this);
      }
    }
    try {
      options.script?.(mock);
      const dir = await realpath(await mkdtemp(join(tmpdir(), "compat-diff-")));
      const env = { ...(process.env as Record<string, string>), ...mock.env };
      const outcome = await scenario({ Codex: which === "official" ? Official : TrackedCompat, mock, dir, bin, env, which });
      return normalise(outcome, [dir, mock.env.CODEX_HOME]);
    } finally {
      await Promise.all(made.map((codex) => codex.close()));
      await mock.close();
    }
  };
  // One after the other: the machine is small, and each run has its own mock.
  const official = await run("official");
  const compat = await run("compat");
  return { official, compat };
}

function normalise(value: unknown, paths: string[]): unknown {
  let text = JSON.stringify(value ?? null);
  for (const path of paths) if (path) text = text.replaceAll(path, "<dir>");
  // Timings the binary reports (an MCP call's "Wall time") differ from run to run.
  return JSON.parse(text.replace(UUID, "<id>").replace(/Wall time: [\d.]+ seconds/g, "Wall time: <t> seconds"));
}

/** Collects every event of `runStreamed`, and the error it ended with (name and message). */
export async function collect(events: AsyncIterable<unknown>): Promise<{ events: unknown[]; error?: unknown }> {
  const seen: unknown[] = [];
  try {
    for await (const event of events) seen.push(event);
    return { events: seen };
  } catch (error) {
    return { events: seen, error: describeError(error) };
  }
}

/**
 * An error as a program sees it: name and message. Where the official SDK appends the `codex
 * exec` process's whole stderr ("Codex Exec exited with code 1: <stderr>", a log whose last line
 * is whatever the process logged last), the message is compared up to that prefix; compat
 * quotes the reason instead (differs on purpose: the reason, not a log). `reason` keeps what the
 * tail says when it is one of the reasons a program could look for.
 */
export function describeError(error: unknown): { name: string; message: string; reason?: string } {
  const { name, message } = error as Error;
  const match = /^(Codex Exec exited with code \d+: )([\s\S]*)$/.exec(message);
  if (!match) return { name, message };
  const reason = /Not inside a trusted directory[^\n]*/.exec(match[2])?.[0];
  return { name, message: `${match[1]}…`, ...(reason ? { reason } : {}) };
}
