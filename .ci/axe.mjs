// axe.mjs runs axe-core on local HTML files in headless Chromium and prints
// one line per problem, so Go tests (internal/testutil.Axe) can assert zero.
//
//   node .ci/axe.mjs FILE.html...
//
// Output lines (stdout), one per violating node, blocked request or local
// file that failed to load:
//   FILE: rule-id: target: [impact] help (first failing check)
//   FILE: external request: URL
//   FILE: missing file: URL
// Exit status: 0 when the pages were checked (violations or not), 2 on a
// usage or browser error (message on stderr).
//
// Only file: and data: requests are allowed. Any other request is aborted and
// reported, so a page that would phone home (web fonts, CDNs, analytics)
// fails the test as well as never touching the network here.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './browser.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node axe.mjs FILE.html...');
  process.exit(2);
}

const oneLine = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

const { browser, cleanup } = await launch();
let failed = false;
try {
  for (const f of files) {
    const url = pathToFileURL(resolve(f)).href;
    const page = await browser.newPage();
    const blocked = [];
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      const u = req.url();
      if (u.startsWith('file:') || u.startsWith('data:')) {
        req.continue();
      } else {
        blocked.push(u);
        req.abort('blockedbyclient');
      }
    });
    // A local file the page needs but that is not there (a broken image
    // or stylesheet reference) is a defect too.
    const missing = [];
    page.on('requestfailed', (req) => {
      const u = req.url();
      if (u.startsWith('file:')) missing.push(u);
    });
    try {
      await page.goto(url, { waitUntil: 'load', timeout: 60000 });
      await page.evaluate(axeSource);
      const results = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        });
        return r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({
            target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(', '),
            // The first failing check says why this node failed (e.g. the
            // contrast ratio); the rule's help says what the rule wants.
            detail: (n.failureSummary || '').split('\n').map((l) => l.trim())
              .filter((l) => l && !/^Fix (any|all) of the following:$/.test(l))[0] || '',
          })),
        }));
      }, tags);
      for (const v of results) {
        for (const n of v.nodes) {
          const detail = n.detail ? ` (${oneLine(n.detail)})` : '';
          console.log(`${f}: ${v.id}: ${oneLine(n.target)}: [${v.impact}] ${oneLine(v.help)}${detail}`);
        }
      }
    } catch (e) {
      console.error(`${f}: ${e.message}`);
      failed = true;
    }
    for (const u of blocked) console.log(`${f}: external request: ${u}`);
    for (const u of missing) console.log(`${f}: missing file: ${u}`);
    await page.close();
  }
} finally {
  await cleanup();
}
process.exit(failed ? 2 : 0);
