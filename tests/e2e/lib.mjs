// What every end-to-end browser test needs: its own Summit server on a free port
// with a throwaway SQLite database, Debian's headless Chromium, pages per role,
// polling expectations, the server's JSON API, and a step runner that prints
// "N passed, N failed" last.
//
// Environment (all optional):
//   SUMMIT_BIN      server binary          (default target/release/summit)
//   SUMMIT_ASSETS   built front end        (default frontend/dist)
//   CHROMIUM_PATH   browser executable     (default /usr/bin/chromium)
//   E2E_TIMEOUT_MS  wait per expectation   (default 10000)
//   E2E_HEADED=1    show the browser (needs a display)

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_BIN = process.env.SUMMIT_BIN || path.join(ROOT, 'target/release/summit');
export const ASSETS = process.env.SUMMIT_ASSETS || path.join(ROOT, 'frontend/dist');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts/e2e');
// The product goal is "appears within a second"; CI machines are slow, so each
// expectation polls for up to this long. Observed latencies are printed.
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 10_000);

export const tid = (id) => `[data-testid="${id}"]`;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (async, returns a value) until `ok(value)` holds, or fails with `what`. */
export async function poll(what, probe, ok = Boolean, timeout = TIMEOUT) {
  const start = Date.now();
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (ok(last)) return { value: last, ms: Date.now() - start };
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - start > timeout) {
      const seen = lastError ? `error: ${lastError.message.split('\n')[0]}` : `last seen: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (${seen})`);
    }
    await sleep(100);
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// ---------------------------------------------------------------------------
// The server

/** The server that is running, so a watchdog can kill it whatever happens. */
export let runningServer;

/** Starts the release server on a free port with a database in `dbDir`, and any `extra` flags. */
export async function startServer(dbDir, extra = []) {
  const args = ['--addr', '127.0.0.1:0', '--database-url', `sqlite://${dbDir}/e2e.db`, '--assets', ASSETS, ...extra];
  const child = spawn(SERVER_BIN, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  runningServer = child;
  const log = [];
  child.stderr.on('data', (d) => log.push(d.toString()));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not print its address within 30 s:\n${log.join('')}`)), 30_000);
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`cannot start ${SERVER_BIN}: ${e.message}`)); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}) before it was ready:\n${log.join('')}`)); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.push(line + '\n');
      const m = line.match(/Summit is running at (http:\/\/\S+?)\/?$/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  return { child, url, log };
}

export async function stopServer(server) {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  const t = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

/**
 * The server's JSON API at `base`: `api(path, token, init)` answers `{ res, body }`
 * and throws on a non-2xx answer; `tryApi` answers `{ status, body }` whatever it is.
 */
export function apiOf(base) {
  const tryApi = async (pathname, token, init = {}) => {
    const res = await fetch(base + pathname, {
      ...init,
      headers: { ...(init.headers || {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
    return { res, status: res.status, body: await res.text() };
  };
  const api = async (pathname, token, init = {}) => {
    const { res, body } = await tryApi(pathname, token, init);
    if (!res.ok) throw new Error(`${init.method || 'GET'} ${pathname} -> ${res.status}: ${body.slice(0, 300)}`);
    return { res, body };
  };
  return { api, tryApi };
}

/** A JSON request body for `api`. */
export const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

// ---------------------------------------------------------------------------
// The browser

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: !process.env.E2E_HEADED,
    args: [...(process.env.E2E_HEADED ? [] : ['--headless']), '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const roles = new Map(); // page -> role name
export const roleOf = (page) => roles.get(page) ?? 'page';
/** Names a page anew in messages, for a page reused for another role. */
export const nameRole = (page, role) => { roles.set(page, role); };

/**
 * A page in a browser context of its own, named `role` in messages; its console goes
 * to `consoleLines`. `locale` is the browser's language (what Summit starts in);
 * `options` go to the browser context (e.g. `bypassCSP` to inject a test script).
 */
export async function openPage(browser, role, consoleLines, viewport = { width: 1280, height: 900 }, locale = 'en-US', options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport, locale, ...options });
  const page = await context.newPage();
  roles.set(page, role);
  page.setDefaultTimeout(TIMEOUT);
  page.on('console', (m) => consoleLines.push(`[${new Date().toISOString()}] ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[${new Date().toISOString()}] pageerror: ${e.stack || e.message}`));
  page.on('requestfailed', (r) => {
    consoleLines.push(`[${new Date().toISOString()}] requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  page.on('dialog', (d) => { consoleLines.push(`dialog (accepted): ${d.message()}`); d.accept().catch(() => {}); });
  return page;
}

/** Waits until the element is visible; a clear message names the page and testid. */
export async function waitFor(page, selector, what = selector) {
  try {
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: TIMEOUT });
  } catch {
    throw new Error(`${roleOf(page)}: ${what} did not become visible within ${TIMEOUT} ms`);
  }
}

// ---------------------------------------------------------------------------
// Steps

/**
 * Runs named steps in order; after a failure the rest are skipped. `summary()`
 * prints the last line, "N passed, N failed[, N skipped]", and answers whether all passed.
 */
export function steps() {
  const results = [];
  let failed = false;
  const step = async (name, fn) => {
    if (failed) { results.push({ name, status: 'skipped' }); console.log(`skip - ${name}`); return; }
    const start = Date.now();
    console.log(`\n---- ${name}`);
    try {
      await fn();
      results.push({ name, status: 'passed' });
      console.log(`ok   - ${name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed = true;
      results.push({ name, status: 'failed', error: e });
      console.log(`FAIL - ${name} (${Date.now() - start} ms)\n       ${String(e.stack || e).split('\n').join('\n       ')}`);
    }
  };
  const fail = (name, e) => {
    failed = true;
    results.push({ name, status: 'failed', error: e });
    console.log(`FAIL - ${name}: ${e.stack || e}`);
  };
  const count = (s) => results.filter((r) => r.status === s).length;
  const summary = () => {
    const skipped = count('skipped');
    console.log(`${count('passed')} passed, ${count('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`);
    return !failed;
  };
  return { step, fail, summary, failed: () => failed, results };
}

/** Ends the process if the whole run takes longer than `ms`, killing the server. */
export function watchdog(ms, results) {
  return setTimeout(() => {
    console.log(`FAIL - the whole run exceeded ${ms / 1000} s`);
    runningServer?.kill('SIGKILL');
    console.log(`${results.filter((r) => r.status === 'passed').length} passed, ${results.filter((r) => r.status === 'failed').length + 1} failed`);
    process.exit(1);
  }, ms);
}

/** Opens the console's share card ("Invite people"), which is folded after the lobby. */
export async function openShare(page) {
  const folded = page.locator(`${tid('share-card')}:not([open]) > summary`);
  if (await folded.count()) await folded.click();
}
