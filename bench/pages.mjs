// Page-load benchmark: how long each kind of person waits for their page on a slow
// phone network, from a cold cache.
//
//   node bench/pages.mjs      (after scripts/build-frontend.sh and a release server build;
//                              scripts/bench.sh pages does both)
//
// Environment (all optional):
//   SUMMIT_BIN      server binary        (default target-bench/release/summit)
//   SUMMIT_ASSETS   built front end      (default frontend/dist)
//   CHROMIUM_PATH   browser executable   (default /usr/bin/chromium)
//   LOADS           cold loads per page  (default 7)
//
// Each page is loaded LOADS times in a fresh browser context (empty HTTP cache, no
// compiled-wasm cache) over a throttled network: 1.6 Mbit/s down, 150 ms round trip
// (Chrome's "Slow 4G"). Timed, in ms since the navigation started (the page's own
// clock, read when the element appears): a newcomer's join link until the join form
// can be filled, the same newcomer from pressing Join until the lobby is shown (the
// session's part of the app was fetched while they typed), a participant reopening
// the session until the lobby, the facilitator's console until its phase controls,
// the projector until the join code, and a lead's follow-up page until its list.
// Reported: the median of each. The last line is a `RESULT {json}`.

import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM, SLOW_4G, median, startSummit } from './common.mjs';

const LOADS = Number(process.env.LOADS || 7);


async function api(base, route, token, body) {
  const res = await fetch(`${base}${route}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body && JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json();
}


/** A fresh, throttled context: `{ context, page }`. */
async function cold(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  return { context, page };
}

/** The page's clock (ms since its navigation started) when `selector` is there. */
async function when(page, selector) {
  const handle = await page.waitForFunction((s) => (document.querySelector(s) ? performance.now() : null), selector, { polling: 'raf', timeout: 120_000 });
  return handle.jsonValue();
}

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-bench-pages-'));
  const summit = await startSummit(dbDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const base = summit.url;
    const created = await api(base, '/api/sessions', null, { title: 'Bench summit', departments: ['Marketing', 'Customer Service'] });
    const sid = created.session_id;
    const fac = created.facilitator_token;
    const ann = await api(base, `/api/sessions/${sid}/participants`, null, { name: 'Ann', department: 1 });
    const { key: screenKey } = await api(base, `/api/sessions/${sid}/screen`, fac);
    await api(base, `/api/sessions/${sid}/commands`, fac, { command: { type: 'issue_link', link: 'follow_up' } });
    const { follow_up: leadKey } = await api(base, `/api/sessions/${sid}/links`, fac);

    const series = {
      // A newcomer opens the join link, types a name while the rest arrives, joins.
      join_form_ms: [],
      joined_to_lobby_ms: [],
      reopen_session_ms: [],
      facilitator_ms: [],
      projector_ms: [],
      lead_ms: [],
    };
    for (let i = 0; i < LOADS; i++) {
      {
        const { context, page } = await cold(browser);
        await page.goto(`${base}/join/${created.join_code}`, { timeout: 120_000 });
        series.join_form_ms.push(await when(page, '[data-testid="join-name"]'));
        // As long as a person takes to type a name.
        await page.fill('[data-testid="join-name"]', `Newcomer ${i}`);
        await page.waitForTimeout(3000);
        const pressed = await page.evaluate(() => performance.now());
        await page.click('[data-testid="join-submit"]');
        series.joined_to_lobby_ms.push((await when(page, '.dept-grid')) - pressed);
        await context.close();
      }
      {
        const { context, page } = await cold(browser);
        await context.addInitScript(([key, token]) => window.localStorage.setItem(key, token), [`summit.participant.${sid}`, ann.token]);
        await page.goto(`${base}/s/${sid}`, { timeout: 120_000 });
        series.reopen_session_ms.push(await when(page, '.dept-grid'));
        await context.close();
      }
      for (const [name, url, selector] of [
        ['facilitator_ms', `${base}/s/${sid}/facilitate#key=${fac}`, '[data-testid="readiness"]'],
        ['projector_ms', `${base}/s/${sid}/screen#key=${screenKey}`, '[data-testid="screen-code"]'],
        ['lead_ms', `${base}/s/${sid}/actions#key=${leadKey}`, '[data-testid="follow-up-page"]'],
      ]) {
        const { context, page } = await cold(browser);
        await page.goto(url, { timeout: 120_000 });
        series[name].push(await when(page, selector));
        await context.close();
      }
    }
    const result = Object.fromEntries(Object.entries(series).map(([k, v]) => [k, Math.round(median(v))]));
    for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(20)} ${String(v).padStart(6)} ms (median of ${LOADS})`);
    console.log(`RESULT ${JSON.stringify({ loads: LOADS, network: 'slow-4g', ...result })}`);
  } finally {
    await browser.close();
    summit.child.kill('SIGTERM');
    await rm(dbDir, { recursive: true, force: true });
  }
}

await main();
