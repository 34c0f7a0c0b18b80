// browser.mjs starts the system Chromium for the validator scripts with a
// fresh profile and no way to reach the network.
import puppeteer from 'puppeteer-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Flags shared by every Chromium the tests start: no sandbox (CI runs as
// root), no background traffic, and a host resolver that resolves nothing, so
// even a request that slipped past interception could not leave the machine.
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

export function chromiumPath() {
  return process.env.PUPPETEER_EXECUTABLE_PATH || process.env.CHROMIUM || '/usr/bin/chromium';
}

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'altformats-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...chromiumFlags, `--user-data-dir=${profile}`],
    userDataDir: profile,
    timeout: 60000,
  });
  const cleanup = async () => {
    try {
      await browser.close();
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  };
  return { browser, cleanup };
}
