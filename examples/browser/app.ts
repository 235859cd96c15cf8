/**
 * The browser example's page script: connects to a Codex app-server through the relay
 * (`@codex/sdk/relay`), starts a thread, runs one turn and shows the reply as it streams.
 *
 * The page is opened as `index.html?relay=<relay URL>[&prompt=<text>]`. It sets `#status`'s
 * `data-state` to `connecting`, `streaming`, then the turn's final status (`completed`, …), or
 * `failed` with the error's message; `#reply`'s `data-deltas` counts the streamed pieces.
 *
 * Bundle it for the browser (see README.md beside it):
 *
 *   node_modules/.bin/bun build examples/browser/app.ts --target browser --external 'node:*' --outdir OUT
 *
 * @module
 */
import { Codex } from "../../mod.ts";

const params = new URLSearchParams(location.search);
const relayUrl = params.get("relay");
const prompt = params.get("prompt") ?? "Say hello to the browser";

const promptElement = document.querySelector<HTMLElement>("#prompt")!;
const reply = document.querySelector<HTMLElement>("#reply")!;
const status = document.querySelector<HTMLElement>("#status")!;

function show(state: string, text = state): void {
  status.dataset.state = state;
  status.textContent = text;
}

async function main(): Promise<void> {
  promptElement.textContent = prompt;
  if (!relayUrl) throw new Error("open this page as index.html?relay=<the relay's ws:// URL>");
  show("connecting");
  // No token here: the relay holds the app-server's token; the page only needs the relay's URL.
  const codex = await Codex.connect(relayUrl);
  try {
    const thread = await codex.threadStart();
    const turn = await thread.turn(prompt);
    show("streaming");
    let deltas = 0;
    for await (const event of turn.stream()) {
      if (event.method === "item/agentMessage/delta") {
        reply.textContent += event.params.delta;
        reply.dataset.deltas = String(++deltas);
      } else if (event.method === "turn/completed") {
        show(event.params.turn.status);
      }
    }
  } finally {
    await codex.close();
  }
}

main().catch((error) => {
  console.error(error);
  show("failed", `failed: ${error instanceof Error ? error.message : String(error)}`);
});
