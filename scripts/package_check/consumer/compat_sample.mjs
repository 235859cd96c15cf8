// The sample program of @openai/codex-sdk's README, unchanged but for the import. It never
// closes anything: it must exit on its own. The package check runs it in a fresh project with
// CODEX_HOME pointing at a scripted model, in a directory with a .git (the official SDK refuses
// to run outside a git repository unless skipGitRepoCheck is set, and so does compat).
import { Codex } from "@codex/sdk/compat";

const codex = new Codex();
const thread = codex.startThread();
const turn = await thread.run("Diagnose the test failure and propose a fix");

console.log(turn.finalResponse);
console.log(turn.items);
