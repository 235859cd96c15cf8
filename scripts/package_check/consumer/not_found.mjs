// A user's program whose install has no platform binary (`npm install --omit=optional` leaves
// out @openai/codex's platform package). Codex.start must fail with CodexNotFoundError saying
// what to install and the other ways to point at a binary. Prints the error as one JSON line.
import { Codex, CodexNotFoundError } from "@codex/sdk";

try {
  const codex = await Codex.start();
  await codex.close();
  console.log(JSON.stringify({ started: true }));
} catch (error) {
  console.log(JSON.stringify({
    started: false,
    isCodexNotFoundError: error instanceof CodexNotFoundError,
    code: error.code,
    message: error.message,
  }));
}
