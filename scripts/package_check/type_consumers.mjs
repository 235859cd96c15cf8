// @ts-check
/**
 * The TypeScript consumers of the package check: sources and tsconfigs written into the types
 * project. One program imports every entry point (the list comes from the built package.json)
 * and uses the main API as an application does; another must not compile.
 *
 * Two module settings users have: `module: nodenext` (Node's own resolution, what a Node
 * project uses) and `moduleResolution: bundler` (Vite, esbuild, Bun). Both `strict`, with
 * `skipLibCheck: false` so the published declarations themselves are checked.
 *
 * @module
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** @type {Record<string, Record<string, unknown>>} */
const SETTINGS = {
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
};

/**
 * @param {string} dir the types project
 * @param {string[]} entries bare specifiers, e.g. ["@codex/sdk", "@codex/sdk/testing"]
 */
export async function typeConsumers(dir, entries) {
  await mkdir(dir, { recursive: true });
  const imports = entries.map((entry, i) => `import * as entry${i} from "${entry}";`);
  // An entry whose types fail to resolve would be `any` and accept anything: refuse that.
  const notAny = entries.map((_, i) => `const notAny${i}: IsAny<typeof entry${i}> = false;`);
  const good = [
    "// Written by scripts/package_check/type_consumers.mjs: every entry point, as a user imports it.",
    ...imports,
    'import { Codex, CodexNotFoundError, type TurnResult } from "@codex/sdk";',
    'import { MockModel } from "@codex/sdk/testing";',
    "",
    "type IsAny<T> = 0 extends 1 & T ? true : false;",
    ...notAny,
    "",
    "export async function reply(prompt: string): Promise<string | null> {",
    "  const mock = await MockModel.start();",
    "  try {",
    '    mock.queueText("hi", { deltas: 2 });',
    "    const codex = await Codex.start({ env: mock.env, requestTimeoutMs: 30_000 });",
    "    try {",
    "      const thread = await codex.threadStart();",
    "      const turn = await thread.turn(prompt);",
    "      for await (const event of turn.stream()) {",
    '        if (event.method === "item/agentMessage/delta") {',
    "          const delta: string = event.params.delta;",
    "          void delta;",
    "        }",
    "      }",
    "      const result: TurnResult = await turn.run();",
    "      return result.finalResponse;",
    "    } finally {",
    "      await codex.close();",
    "    }",
    "  } catch (error) {",
    "    if (error instanceof CodexNotFoundError) console.error(error.tried, error.platformPackage);",
    "    throw error;",
    "  } finally {",
    "    await mock.close();",
    "  }",
    "}",
    `export const used = [${[...entries.keys()].map((i) => `entry${i}, notAny${i}`).join(", ")}];`,
    "",
  ].join("\n");
  const bad = [
    "// Written by scripts/package_check/type_consumers.mjs: this must NOT compile.",
    'import { Codex } from "@codex/sdk";',
    "",
    'export const codex = await Codex.start({ requestTimeoutMs: "30 seconds" });',
    "",
  ].join("\n");
  await writeFile(join(dir, "entries.ts"), good);
  await writeFile(join(dir, "must_not_compile.ts"), bad);
  for (const [name, settings] of Object.entries(SETTINGS)) {
    const compilerOptions = {
      ...settings,
      target: "es2022",
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ["node"],
    };
    // One program per setting for both files (tsc's time is mostly our declarations): the
    // checks read which file each error is in.
    await writeFile(
      join(dir, `tsconfig.${name}.json`),
      JSON.stringify({ compilerOptions, files: ["entries.ts", "must_not_compile.ts"] }, null, 2) +
        "\n",
    );
  }
}
