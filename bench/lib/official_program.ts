/**
 * A conversation written the way `@openai/codex-sdk`'s users write it (`new Codex()`,
 * `startThread`, `thread.run` per turn), timed: scenario 1 runs it on the official SDK, scenario
 * C on the official SDK and on `@codex/sdk/compat`, the same program with another import.
 * @module
 */

import { prompt, type RunnerContext } from "../scenario.ts";

/** The part of the official SDK's surface the program uses (compat has the same). */
export interface OfficialShape {
  Codex: new (options: { codexPathOverride?: string; env?: Record<string, string> }) => {
    startThread(options: { workingDirectory?: string; skipGitRepoCheck?: boolean }): {
      run(input: string): Promise<{ finalResponse: string }>;
    };
  };
}

/** The official SDK's package name (imported by name, so the bench bundle leaves it out). */
export const OFFICIAL_SDK = "@openai/codex-sdk";

/** One timed conversation of `turns` turns on one thread; `label` names it in answer checks. */
export async function officialConversation(
  ctx: RunnerContext,
  sdk: OfficialShape,
  turns: number,
  label: string,
): Promise<{ totalMs: number; turnMs: number[] }> {
  const t0 = performance.now();
  const codex = new sdk.Codex({ codexPathOverride: ctx.codexBin, env: ctx.childEnv });
  const thread = codex.startThread({ workingDirectory: ctx.cwd, skipGitRepoCheck: true });
  const turnMs: number[] = [];
  for (let i = 0; i < turns; i++) {
    const t = performance.now();
    const result = await thread.run(prompt(i));
    turnMs.push(performance.now() - t);
    ctx.check(result.finalResponse, label);
  }
  const totalMs = performance.now() - t0;
  // Outside the timing: compat's extension (the official SDK has none), so the next run starts
  // from nothing again.
  await (codex as { close?: () => Promise<void> }).close?.();
  return { totalMs, turnMs };
}
