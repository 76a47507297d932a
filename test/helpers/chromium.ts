import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const CHROMIUM = '/usr/bin/chromium';

export const skipBrowser = process.env.LCRON_SKIP_BROWSER === '1';

// Everything that would have Chromium reach the network at start-up is off; it only ever loads our own file:// pages.
const OFFLINE_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const run = promisify(execFile);

/** Throws (so the test fails, clearly) when Chromium is missing; the caller skips on LCRON_SKIP_BROWSER=1. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}: install it with apt-get install -y chromium, or set LCRON_SKIP_BROWSER=1 to skip the browser tests`,
    );
  }
}

/** Runs headless Chromium on one local page with a profile (and home) of its own, removed afterwards. */
async function chromium(page: string, args: string[], timeoutMs: number): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'lcron-chromium-'));
  try {
    const { stdout } = await run(
      CHROMIUM,
      [...OFFLINE_FLAGS, `--user-data-dir=${profile}`, ...args, pathToFileURL(page).href],
      {
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        env: { PATH: process.env.PATH, HOME: profile, TZ: 'UTC' },
      },
    );

    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The DOM Chromium built from the page, serialised. */
export function dumpDom(page: string, timeoutMs = 15_000): Promise<string> {
  return chromium(page, ['--dump-dom'], timeoutMs);
}

export async function screenshot(page: string, png: string, size = '1400,900', timeoutMs = 15_000) {
  await chromium(page, [`--screenshot=${png}`, `--window-size=${size}`, '--hide-scrollbars'], timeoutMs);
}
