// Front-end benchmark: the size of the whole built app and the time from navigation
// to interactive in headless Chromium.
//
//   node bench/frontend.mjs        (after scripts/build-frontend.sh and a release server build;
//                                   scripts/bench.sh frontend does both)
//
// Environment (all optional):
//   SUMMIT_BIN      server binary        (default target-bench/release/summit)
//   SUMMIT_ASSETS   built front end      (default frontend/dist)
//   CHROMIUM_PATH   browser executable   (default /usr/bin/chromium)
//   LOADS           cold loads           (default 10)
//   SERVER_CPU      core for the server  (default 0; the browser runs where this process runs)
//   WHAT_IF=0       skip the second series (below)
//   PROBE_WAIT      cdp (default) or playwright: how the harness waits (below)
//
// Sizes: every file in the dist folder, raw, gzip -9 and brotli at quality 11.
// Time to interactive: a fresh browser context per load (empty cache, no service
// worker, no compiled-wasm cache), navigation to `/`, and the first moment the
// join-code input exists, is laid out and enabled AND the page has painted (its
// first contentful paint): "the join form usable". Also "app running": the same for
// the create form's title input, which only the wasm app renders. Both are read in
// the page as performance.now() (milliseconds since the navigation started) by a
// MutationObserver and a paint observer installed before any page script runs. The
// last line is a `RESULT {json}`.
//
// `.br` and `.gz` siblings in the dist folder are compressed copies, not part of the
// app: they are left out of the size table. When the build has none, a second series
// (what-if) serves a copy of the same files with them (`.br` at quality 11, `.gz` at
// level 9), which the server's static-file service prefers over compressing each
// response on the fly.

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_BIN = process.env.SUMMIT_BIN || path.join(ROOT, 'target-bench/release/summit');
const ASSETS = process.env.SUMMIT_ASSETS || path.join(ROOT, 'frontend/dist');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LOADS = Number(process.env.LOADS || 10);
const SERVER_CPU = process.env.SERVER_CPU || '0';
const SELECTOR = '[data-testid="join-code-input"]';
// Only the wasm app renders the create form: its title input shows the app is running.
const APP_SELECTOR = '[data-testid="create-title"]';

const kb = (n) => (n / 1024).toFixed(1);

const isCompressedCopy = (p) => p.endsWith('.br') || p.endsWith('.gz');

/// The app's files (compressed copies left out).
async function files(dir) {
  return (await allFiles(dir)).filter((p) => !isCompressedCopy(p));
}

async function allFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(p)));
    else out.push(p);
  }
  return out.sort();
}

async function sizes() {
  const rows = [];
  for (const file of await files(ASSETS)) {
    const data = await readFile(file);
    rows.push({
      file: path.relative(ASSETS, file),
      raw: data.length,
      gzip: zlib.gzipSync(data, { level: 9 }).length,
      brotli: brotli(data).length,
    });
  }
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return { files: rows, total };
}

function brotli(data) {
  return zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

/// A copy of the dist folder with `.br` and `.gz` next to every file.
async function precompressedCopy(into) {
  await cp(ASSETS, into, { recursive: true });
  for (const file of await files(into)) {
    const data = await readFile(file);
    await writeFile(file + '.br', brotli(data));
    await writeFile(file + '.gz', zlib.gzipSync(data, { level: 9 }));
  }
  return into;
}

async function startServer(dbDir, assets) {
  const args = ['-c', SERVER_CPU, SERVER_BIN, '--addr', '127.0.0.1:0', '--database-url', `sqlite://${dbDir}/tti.db`, '--assets', assets];
  const child = spawn('taskset', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RUST_LOG: 'warn' } });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code})`)); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/running at (http:\/\/\S+?)\/?$/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  return { child, url };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// Runs in the page before its own scripts. Records, as performance.now() (ms since
// the navigation started):
// - `tti`: the join input is in the page, enabled and laid out, and the page has
//   painted (first contentful paint): a person can see it and type. This is the
//   target's "join form usable";
// - `app`: the same for the create form's title input, which only the wasm app
//   renders: the whole app is running.
// Each is reported once, through `window.__benchReport` (a CDP binding, see
// coldLoads), as soon as it is known.
function installProbe({ joinSelector, appSelector }) {
  const pending = { tti: joinSelector, app: appSelector }; // still to report
  const usableAt = {};
  let fcp;
  const usable = (selector) => {
    const el = document.querySelector(selector);
    return el && !el.disabled && el.getClientRects().length > 0;
  };
  const update = () => {
    const now = performance.now();
    for (const [key, selector] of Object.entries(pending)) {
      if (usableAt[key] === undefined && usable(selector)) usableAt[key] = now;
      if (usableAt[key] === undefined || fcp === undefined) continue;
      const at = Math.max(usableAt[key], fcp);
      window.__bench = { ...window.__bench, [key]: at };
      if (window.__benchReport) window.__benchReport(JSON.stringify({ [key]: at }));
      delete pending[key];
    }
    return Object.keys(pending).length === 0;
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') fcp = e.startTime;
    update();
  }).observe({ type: 'paint', buffered: true });
  const observer = new MutationObserver(() => { if (update()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

// How the harness learns the probe's times. `cdp` (default): a CDP binding pushes
// them, so nothing of Playwright's runs in the page while it loads.
// `playwright`: page.waitForFunction, as the benchmark did until the ninth session;
// it injects Playwright's ~330 KB utility script into the page during the load,
// which cost the page's main thread 30–40 ms on these machines (BENCHMARKS.md §4).
const PROBE_WAIT = process.env.PROBE_WAIT || 'cdp';

async function coldLoads(browser, url) {
  const loads = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(installProbe, { joinSelector: SELECTOR, appSelector: APP_SELECTOR });
    const transferred = { bytes: 0, requests: 0 };
    page.on('requestfinished', async (req) => {
      const s = await req.sizes().catch(() => null);
      if (s) { transferred.bytes += s.responseBodySize + s.responseHeadersSize; transferred.requests += 1; }
    });
    let reported;
    if (PROBE_WAIT === 'cdp') {
      const cdp = await context.newCDPSession(page);
      // Binding calls reach only sessions with the Runtime domain enabled.
      await cdp.send('Runtime.enable');
      await cdp.send('Runtime.addBinding', { name: '__benchReport' });
      const got = {};
      reported = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the page did not become interactive within 30 s')), 30_000);
        cdp.on('Runtime.bindingCalled', (e) => {
          if (e.name !== '__benchReport') return;
          Object.assign(got, JSON.parse(e.payload));
          if (got.tti !== undefined && got.app !== undefined) { clearTimeout(timer); resolve(got); }
        });
      });
    }
    await page.goto(url + '/', { waitUntil: 'commit' });
    if (PROBE_WAIT === 'cdp') {
      await reported;
    } else {
      await page.waitForFunction(() => window.__bench?.tti !== undefined && window.__bench?.app !== undefined, null, { timeout: 30_000 });
    }
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = (suffix) => performance.getEntriesByType('resource').find((r) => r.name.endsWith(suffix));
      const wasm = res('.wasm');
      const js = res('.js');
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        tti: window.__bench.tti,
        app: window.__bench.app,
        fcp: fcp ? fcp.startTime : null,
        responseEnd: nav ? nav.responseEnd : null,
        domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
        jsResponseEnd: js ? js.responseEnd : null,
        wasmStart: wasm ? wasm.startTime : null,
        wasmResponseEnd: wasm ? wasm.responseEnd : null,
      };
    });
    // Make sure it is usable, as a person would: type into it.
    await page.locator(SELECTOR).fill('ABC-123', { timeout: 5_000 });
    await page.waitForLoadState('load');
    const load = await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? null);
    loads.push({ ...t, load, transferred_bytes: transferred.bytes, requests: transferred.requests });
    await context.close();
  }
  return loads;
}

async function main() {
  const load1 = loadavg()[0];
  const size = await sizes();
  console.log(`front end in ${path.relative(ROOT, ASSETS)} (load average ${load1.toFixed(2)})`);
  console.log('file'.padEnd(48) + 'raw KiB'.padStart(10) + 'gzip-9 KiB'.padStart(12) + 'brotli-11 KiB'.padStart(15));
  for (const r of [...size.files, { file: 'TOTAL', ...size.total }]) {
    console.log(r.file.padEnd(48) + kb(r.raw).padStart(10) + kb(r.gzip).padStart(12) + kb(r.brotli).padStart(15));
  }
  console.log(`gzip total ${kb(size.total.gzip)} KiB (${size.total.gzip} bytes): target ≤ 250 KB → ${size.total.gzip <= 250_000 ? 'met' : 'MISSED'}`);

  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-tti-'));
  const result = { load_average_1m: load1, sizes: size, series: {} };
  try {
    const precompressed = (await allFiles(ASSETS)).some(isCompressedCopy);
    result.precompressed_in_dist = precompressed;
    result.series.as_built = await series(
      precompressed ? 'as built (precompressed .br/.gz in dist)' : 'as built (server compresses on the fly)', dbDir, ASSETS);
    if (!precompressed && process.env.WHAT_IF !== '0') {
      const copy = await precompressedCopy(path.join(dbDir, 'dist-precompressed'));
      result.series.precompressed = await series('what-if: precompressed .br/.gz files', dbDir, copy);
    }
    console.log('RESULT ' + JSON.stringify({ benchmark: 'frontend', result }));
  } finally {
    await rm(dbDir, { recursive: true, force: true });
  }
}

async function series(label, dbDir, assets) {
  console.log(`\n${label}`);
  let server, browser;
  try {
    server = await startServer(dbDir, assets);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    // One throwaway load so the server's page cache and the browser process are warm;
    // every measured load is still cold for the page (fresh context).
    const warm = await browser.newContext();
    await (await warm.newPage()).goto(server.url + '/');
    await warm.close();
    const loads = await coldLoads(browser, server.url);
    for (const [i, l] of loads.entries()) {
      console.log(`load ${String(i + 1).padStart(2)}: interactive ${l.tti.toFixed(1)} ms, app running ${l.app.toFixed(1)} ms  (HTML received ${l.responseEnd?.toFixed(1)} ms, first contentful paint ${l.fcp?.toFixed(1)} ms, JS received ${l.jsResponseEnd?.toFixed(1)} ms, wasm requested ${l.wasmStart?.toFixed(1)} ms and received ${l.wasmResponseEnd?.toFixed(1)} ms, DOMContentLoaded ${l.domContentLoaded?.toFixed(1)} ms, load ${l.load?.toFixed(1)} ms, ${l.requests} requests, ${kb(l.transferred_bytes)} KiB transferred)`);
    }
    const summary = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values), all: values });
    const out = {
      probe_wait: PROBE_WAIT,
      tti_ms: summary(loads.map((l) => l.tti)),
      app_ms: summary(loads.map((l) => l.app)),
      loads,
      transferred_bytes_median: median(loads.map((l) => l.transferred_bytes)),
      wasm_received_ms_median: median(loads.map((l) => l.wasmResponseEnd ?? 0)),
      after_wasm_to_app_ms_median: median(loads.map((l) => l.app - (l.wasmResponseEnd ?? 0))),
    };
    console.log(`wasm received at median ${out.wasm_received_ms_median.toFixed(1)} ms; from then to the app running (compile, instantiate, first render, paint) median ${out.after_wasm_to_app_ms_median.toFixed(1)} ms; ${kb(out.transferred_bytes_median)} KiB transferred`);
    console.log(`app running (create form usable): median ${out.app_ms.median.toFixed(1)} ms (min ${out.app_ms.min.toFixed(1)}, max ${out.app_ms.max.toFixed(1)})`);
    console.log(`time to interactive (join form usable): median ${out.tti_ms.median.toFixed(1)} ms (min ${out.tti_ms.min.toFixed(1)}, max ${out.tti_ms.max.toFixed(1)}) over ${LOADS} cold loads (probe: ${PROBE_WAIT}): target ≤ 300 ms → ${out.tti_ms.median <= 300 ? 'met' : 'MISSED'}`);
    return out;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) {
      const exited = new Promise((r) => server.child.once('exit', r));
      server.child.kill('SIGTERM');
      const t = setTimeout(() => server.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
  }
}

// Never outlive two minutes.
const watchdog = setTimeout(() => { console.error('front-end benchmark timed out'); process.exit(1); }, 120_000);
watchdog.unref();
main().catch((e) => { console.error(e); process.exitCode = 1; });
