import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// eslint-disable-next-line no-restricted-properties -- a test-only setting, read by the one helper that uses it
export const CHROMIUM_PATH = process.env.FEWSHOT_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this closed network needs (stack.md); never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is not at ${CHROMIUM_PATH}: run npm test (it installs it) or apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
