import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './server.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that reaches outside this machine. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run scripts/install-test-deps.sh (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const BUILT_CLIENT = 'client/dist';

export function assertClientBuilt(): void {
  if (!existsSync(`${BUILT_CLIENT}/index.html`))
    throw new Error('client/dist is missing: run `npm run build` first (npm test does)');
}

/** Chromium and a Plenary server serving the built client, for one test file. */
export function browserAndServerForFile(options: Parameters<typeof startTestServer>[0] = {}): {
  readonly browser: Browser;
  readonly server: TestServer;
} {
  let browser: Browser | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    assertClientBuilt();
    browser = await launchChromium();
    server = await startTestServer({ clientDir: BUILT_CLIENT, ...options });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is not started yet');
      return browser;
    },
    get server() {
      if (!server) throw new Error('the server is not started yet');
      return server;
    },
  };
}
