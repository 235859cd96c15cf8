/**
 * Text and an image in one turn: `image(url)` with a `data:` URL. (The pinned app-server refuses
 * remote `https:` image URLs — "remote image URLs are not supported; use an inline data URL
 * instead" — so download the image and inline it, as shown at the end.) For a file on disk,
 * see local_image_and_text.
 *
 *   deno run -A examples/image_and_text/main.ts
 *   bun examples/image_and_text/main.ts
 *   node npm/examples/image_and_text/main.js
 *
 * @module
 */
import process from "node:process";
import { image, InvalidRequestError, text } from "../../mod.ts";
import { startCodexForExample } from "../_shared/model.ts";
import { dataUrl, describeImages, tinyPng } from "../_shared/png.ts";

await using example = await startCodexForExample(undefined, {
  // The scripted model describes the image from the bytes the binary sent it.
  mock: { defaultReply: (request) => `I see ${describeImages(request).join(" and ") || "no image"}.` },
});
const thread = await example.codex.threadStart({ cwd: process.cwd(), sandbox: "read-only" });

const url = dataUrl(tinyPng());
console.log(`sending ${url.slice(0, 40)}… (${url.length} characters)`);
const result = await thread.run([
  text("What is in this image? One sentence."),
  image(url),
]);
console.log(`answer: ${result.finalResponse}`);

// A remote URL is refused before the turn starts: the request fails, the thread is fine.
try {
  await thread.run([text("And this one?"), image("https://example.com/cat.png")]);
} catch (error) {
  if (!(error instanceof InvalidRequestError)) throw error;
  console.log(`remote URL refused: ${error.message}`);
  console.log(`(inline it instead: ${remoteImage.name}() fetches it and makes a data: URL)`);
}

/** How to send a remote image: fetch it yourself and inline it (not called: this runs offline). */
async function remoteImage(href: string): Promise<ReturnType<typeof image>> {
  const response = await fetch(href);
  if (!response.ok) throw new Error(`GET ${href}: HTTP ${response.status}`);
  const type = response.headers.get("content-type") ?? "image/png";
  return image(dataUrl(new Uint8Array(await response.arrayBuffer()), type));
}
