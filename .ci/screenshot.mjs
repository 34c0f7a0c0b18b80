// screenshot.mjs renders a local HTML file to a full-page PNG for people to
// look at (internal/testutil.Screenshot).
//
//   node .ci/screenshot.mjs IN.html OUT.png WIDTH light|dark
//
// Requests to anything but file: and data: are blocked and printed.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './browser.mjs';

const [input, output, widthArg, scheme = 'light'] = process.argv.slice(2);
const width = Number.parseInt(widthArg, 10);
if (!input || !output || !(width > 0) || !['light', 'dark'].includes(scheme)) {
  console.error('usage: node screenshot.mjs IN.html OUT.png WIDTH light|dark');
  process.exit(2);
}

const { browser, cleanup } = await launch();
try {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const u = req.url();
    if (u.startsWith('file:') || u.startsWith('data:')) {
      req.continue();
    } else {
      console.log(`external request: ${u}`);
      req.abort('blockedbyclient');
    }
  });
  await page.setViewport({ width, height: 800, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  await page.goto(pathToFileURL(resolve(input)).href, { waitUntil: 'load', timeout: 60000 });
  await page.screenshot({ path: resolve(output), fullPage: true });
} catch (e) {
  console.error(e.message);
  process.exitCode = 2;
} finally {
  await cleanup();
}
