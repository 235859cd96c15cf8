/**
 * What the browser tests need besides the SDK: the example page bundled with the project's own
 * tooling (`bun build --target browser`), a static file server on loopback for it, and Debian's
 * Chromium driven headless by playwright-core.
 *
 * Chromium comes from the OS (`apt-get install chromium`, which `.ci/run` does), never from
 * `npx playwright install`: browsers cannot be downloaded on these machines.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, sep } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

// As root (CI) Chromium needs --no-sandbox; the machine's closed network makes its background
// connections (updates, sync, field trials) fail loudly, so they are switched off.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Headless Chromium; disposing closes it (and removes its temporary profile). */
export interface HeadlessChromium extends AsyncDisposable {
  /** The browser. */
  browser: Browser;
  /** A new page whose uncaught errors and console errors are collected in `errors`. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
}

/**
 * Launches Debian's Chromium headless. Throws, saying how to install it, when it is missing:
 * CI installs it, so a machine without it must fail loudly rather than skip the browser tests.
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `the browser tests need Debian's Chromium at ${CHROMIUM_PATH}, which is missing. Install it with ` +
        "`sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium` " +
        "(.ci/run does this in CI); `npx playwright install` cannot download browsers here",
    );
  }
  const { chromium } = await import("playwright-core").catch((error) => {
    throw new Error(`playwright-core is not installed (run npm ci): ${error?.message ?? error}`);
  });
  // Playwright gives every launch a fresh, temporary --user-data-dir of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    browser,
    async newPage() {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`console: ${message.text()}`);
      });
      return { page, errors };
    },
    async [Symbol.asyncDispose]() {
      await browser.close();
    },
  };
}

/** The example page, built and served. */
export interface ServedExample extends AsyncDisposable {
  /** The page's origin, e.g. `http://127.0.0.1:41234` (what the relay must allow). */
  origin: string;
  /** The page's URL for a given relay address and prompt. */
  pageUrl(relayUrl: string, prompt?: string): string;
}

/**
 * Bundles `examples/browser/app.ts` for the browser with Bun, copies `index.html` beside it and
 * serves both from a static server on 127.0.0.1 (an ephemeral port).
 */
export async function serveBrowserExample(): Promise<ServedExample> {
  const root = repoRoot();
  const out = await mkdtemp(join(tmpdir(), "codex-browser-example-"));
  try {
    await bundleExample(root, out);
    await copyFile(join(root, "examples", "browser", "index.html"), join(out, "index.html"));
    const server = await serveDirectory(out);
    return {
      origin: server.origin,
      pageUrl(relayUrl, prompt) {
        const query = new URLSearchParams({ relay: relayUrl, ...(prompt ? { prompt } : {}) });
        return `${server.origin}/index.html?${query}`;
      },
      async [Symbol.asyncDispose]() {
        await server.close();
        await rm(out, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(out, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `bun build --target browser`: the SDK's runtime adapters import `node:*` modules only inside
 * branches a browser never takes (dynamic imports), so they are left external rather than
 * polyfilled.
 */
function bundleExample(root: string, out: string): Promise<void> {
  const bun = join(root, "node_modules", ".bin", "bun");
  const args = [
    "build",
    join(root, "examples", "browser", "app.ts"),
    "--target",
    "browser",
    "--external",
    "node:*",
    "--outdir",
    out,
  ];
  return new Promise((resolve, reject) => {
    execFile(bun, args, { cwd: root }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`bun build failed: ${stderr || error.message}`));
      else resolve();
    });
  });
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
};

async function serveDirectory(dir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    const path = normalize(
      join(dir, decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname)),
    );
    if (!path.startsWith(dir + sep)) return void response.writeHead(403).end();
    try {
      const body = await readFile(path);
      response.writeHead(200, {
        "Content-Type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream",
      }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The repository root: above this file (source or compiled into npm/), else from cwd up. */
function repoRoot(): string {
  const candidates: string[] = [];
  try {
    for (
      let dir = dirname(fileURLToPath(import.meta.url));
      dirname(dir) !== dir;
      dir = dirname(dir)
    ) candidates.push(dir);
  } catch {
    // not a file: URL
  }
  candidates.push(process.cwd());
  const root = candidates.find((dir) => existsSync(join(dir, "examples", "browser", "app.ts")));
  if (!root) throw new Error("cannot find the repository root (examples/browser/app.ts)");
  return root;
}
