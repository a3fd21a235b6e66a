// Embedding benchmark: what `<summit-session>` costs the page that hosts it.
//
//   node bench/embed.mjs      (after scripts/build-frontend.sh and a release server build;
//                              scripts/bench.sh embed does both)
//
// Environment (all optional):
//   SUMMIT_BIN      server binary        (default target-bench/release/summit)
//   SUMMIT_ASSETS   built front end      (default frontend/dist)
//   CHROMIUM_PATH   browser executable   (default /usr/bin/chromium)
//   LOADS           cold loads per page  (default 10)
//
// A host page on a second origin (another port) holds an article and a 60 KB image,
// as an intranet page does. It is loaded cold (fresh browser context: empty cache, no
// compiled-wasm cache) over a throttled network (1.6 Mbit/s down, 150 ms round trip:
// Chrome's "Slow 4G"), LOADS times without the widget and LOADS times with
// `<script type="module" src=…/embed.js>` and one `<summit-session>`. Reported: the
// host page's `load` event (the navigation's `loadEventStart`, ms since navigation
// start), and with the widget the moment its join form is there (ms since
// navigation start). The last line is a `RESULT {json}`.

import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM, SLOW_4G, median, startSummit } from './common.mjs';

const LOADS = Number(process.env.LOADS || 10);
// An image the size of a typical article photo (60 KB), as an SVG of random-ish text.
const IMAGE = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><!--${'x'.repeat(60_000)}--><rect width="600" height="200" fill="#cde"/></svg>`;


async function startHost() {
  let summit = '';
  let code = '';
  const server = createServer((req, res) => {
    if (req.url === '/photo.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' });
      res.end(IMAGE);
      return;
    }
    const widget = req.url === '/with'
      ? `<script type="module" src="${summit}/embed.js"></script><summit-session code="${code}"></summit-session>`
      : '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title></head>
<body><h1>Intranet news</h1><p>${'The canteen reopens on Monday. '.repeat(40)}</p>
<img src="/photo.svg" alt="The canteen" width="600" height="200">${widget}</body></html>`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    set: (url, joinCode) => { summit = url; code = joinCode; },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}


async function load(browser, url, withWidget) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  const loaded = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventStart);
  let ready = null;
  if (withWidget) {
    const handle = await page.waitForFunction(() => {
      const form = document.querySelector('summit-session')?.shadowRoot?.querySelector('[data-testid="join-name"]');
      return form ? performance.now() : null;
    }, null, { polling: 'raf', timeout: 120_000 });
    ready = await handle.jsonValue();
  }
  await context.close();
  return { loaded, ready };
}

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-bench-embed-'));
  const host = await startHost();
  const summit = await startSummit(dbDir, ['--embed-origins', host.origin]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const created = await fetch(`${summit.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Bench summit', departments: ['Marketing', 'Customer Service'] }),
    }).then((r) => r.json());
    host.set(summit.url, created.join_code);
    const results = {};
    for (const [name, withWidget] of [['without', false], ['with', true]]) {
      const runs = [];
      for (let i = 0; i < LOADS; i++) runs.push(await load(browser, `${host.origin}/${name}`, withWidget));
      results[name] = {
        load_ms: median(runs.map((r) => r.loaded)),
        ...(withWidget ? { widget_ready_ms: median(runs.map((r) => r.ready)) } : {}),
      };
      console.log(`${name} the widget: host page load event ${results[name].load_ms.toFixed(0)} ms (median of ${LOADS})`
        + (withWidget ? `, join form in the widget ${results[name].widget_ready_ms.toFixed(0)} ms` : ''));
    }
    console.log(`RESULT ${JSON.stringify({ loads: LOADS, network: 'slow-4g', ...results })}`);
  } finally {
    await browser.close();
    summit.child.kill('SIGTERM');
    await host.close();
    await rm(dbDir, { recursive: true, force: true });
  }
}

await main();
