/** Starts MockModel + a real app-server for a test, and always cleans up in the right order. */
import { Codex, type CodexStartOptions } from "../../mod.ts";
import { MockModel, type MockModelOptions } from "../../testing.ts";

export interface Harness {
  mock: MockModel;
  codex: Codex;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function harness(
  options: { mock?: MockModelOptions; codex?: CodexStartOptions } = {},
): Promise<Harness> {
  const mock = await MockModel.start(options.mock);
  let codex: Codex;
  try {
    codex = await Codex.start({ ...options.codex, env: { ...mock.env, ...options.codex?.env } });
  } catch (error) {
    await mock.close();
    throw error;
  }
  return {
    mock,
    codex,
    // The app-server goes first: closing the mock first lets codex recreate its CODEX_HOME.
    async [Symbol.asyncDispose]() {
      await codex.close();
      await mock.close();
    },
  };
}
