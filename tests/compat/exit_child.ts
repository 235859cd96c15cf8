// A program written for @openai/codex-sdk, unchanged but for the import: it runs two turns and
// returns without closing anything. compat_test.ts runs it and checks that it exits on its own,
// and its app-server with it. It prints the app-server's pid (through the compat extension
// `native()`, which starts nothing new) so the test can watch it.
import process from "node:process";
import { Codex } from "../../compat.ts";

const env = JSON.parse(process.env.COMPAT_CHILD_ENV ?? "{}") as Record<string, string>;
const codex = new Codex({ env: { ...(process.env as Record<string, string>), ...env } });
const thread = codex.startThread({ skipGitRepoCheck: true });
const first = await thread.run("first");
const second = await thread.run("second");
const pid = (await codex.native()).pid;
console.log(JSON.stringify({ pid, answers: [first.finalResponse, second.finalResponse] }));
