// End-to-end browser test: each page downloads its own part of the app, and a part
// that cannot be fetched says so and can be fetched again.
//
//   node tests/e2e/parts.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// The app's wasm is cut into a main module and parts fetched when first needed
// (frontend/src/split.rs, scripts/split-wasm.mjs). Here, with every request the
// browser makes recorded:
//   - the join page runs on the main module alone, then fetches the session's part
//     while the person fills the form, so joining shows the lobby without waiting;
//   - a session page asks for its part from the HTML, before the app runs;
//   - a lead's follow-up page and the projector fetch their own parts, never the
//     facilitator's console;
//   - a session part that fails to arrive shows a message (in the reader's language)
//     with Retry; Retry asks again, and brings the session once it can; so does the
//     browser coming back online; nothing panics.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid, waitFor, watchdog,
} from './lib.mjs';
import { openAs, sessionIn } from './fixtures.mjs';

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

/** The names of the app's files `page` requests from now on. */
function recordFiles(page) {
  const files = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.slice(1);
    if (/^summit-(frontend|console)-/.test(name)) files.push(name);
  });
  return files;
}
const part = (files, name) => files.some((f) => new RegExp(`^summit-(frontend|console)-${name}-[0-9a-f]+\\.wasm$`).test(f));

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-parts-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const session = await sessionIn(server.url, 'lobby');

    await step('the join page runs without the session part, then fetches it ahead', async () => {
      const page = await openPage(browser, 'newcomer', consoleLines);
      const files = recordFiles(page);
      await page.goto(`${server.url}/join/${session.code}`);
      await waitFor(page, tid('join-submit'), 'the join form');
      assert(files.some((f) => /^summit-frontend-[0-9a-f]+_bg\.wasm$/.test(f)), `the main module: ${files}`);
      await poll('the session part fetched ahead', () => part(files, 'session'));
      await page.locator(tid('join-name')).fill('Cleo');
      await page.locator(tid('join-submit')).click();
      await waitFor(page, '.dept-grid', 'the lobby');
      assert(!files.some((f) => f.includes('-console-') || f.includes('-summary-')), `nothing else: ${files}`);
      await page.close();
    });

    await step('a session page asks for its part before the app runs', async () => {
      const page = await openPage(browser, 'returning', consoleLines);
      await openAs(page, server.url, session, 'participant');
      await waitFor(page, '.dept-grid', 'the lobby');
      const preloaded = await page.locator('link[rel="preload"][as="fetch"]').evaluateAll((links) => links.map((l) => l.getAttribute('href')));
      assert(preloaded.some((href) => /^\/summit-frontend-session-[0-9a-f]+\.wasm$/.test(href)), `preloads: ${preloaded}`);
      await page.close();
    });

    await step('a lead and the projector fetch their own parts, not the console', async () => {
      const { api } = apiOf(server.url);
      await api(`/api/sessions/${session.sid}/commands`, session.fac, json({ command: { type: 'issue_link', link: 'follow_up' } }));
      const { follow_up: key } = JSON.parse((await api(`/api/sessions/${session.sid}/links`, session.fac)).body);
      const lead = await openPage(browser, 'lead', consoleLines);
      const leadFiles = recordFiles(lead);
      await lead.goto(`${server.url}/s/${session.sid}/actions#key=${key}`);
      await waitFor(lead, tid('follow-up-page'), 'the follow-up page');
      assert(part(leadFiles, 'follow_up') && !part(leadFiles, 'console'), `the lead's files: ${leadFiles}`);
      await lead.close();
      const screen = await openPage(browser, 'screen', consoleLines, { width: 1920, height: 1080 });
      const screenFiles = recordFiles(screen);
      await openAs(screen, server.url, session, 'screen');
      await waitFor(screen, tid('screen-code'), 'the projector');
      assert(part(screenFiles, 'screen') && !part(screenFiles, 'console'), `the projector's files: ${screenFiles}`);
      await screen.close();
    });

    const blocked = /summit-frontend-(session|chunk_\d+)-[0-9a-f]+\.wasm$/;
    await step('a part that fails to arrive says so in German, and Retry brings it', async () => {
      const page = await openPage(browser, 'unlucky', consoleLines, { width: 390, height: 844 }, 'de-DE');
      let refused = 0;
      await page.route(blocked, (route) => {
        refused += 1;
        return route.abort();
      });
      await openAs(page, server.url, session, 'participant');
      await waitFor(page, tid('part-failed'), 'the message');
      const text = await page.locator(tid('part-failed')).textContent();
      assert(/konnte nicht geladen werden/.test(text), `German: ${text}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'parts-failed-phone-de.png') });
      const before = refused;
      await page.locator(`${tid('part-failed')} button`).click();
      await poll('Retry asks again', () => refused > before);
      await waitFor(page, tid('part-failed'), 'the message again, still blocked');
      await page.unroute(blocked);
      await page.locator(`${tid('part-failed')} button`).click();
      await waitFor(page, '.dept-grid', 'the lobby after Retry');
      await page.close();
    });

    await step('after a failure, coming back online fetches the part on its own', async () => {
      const page = await openPage(browser, 'offline', consoleLines);
      await page.route(blocked, (route) => route.abort());
      await openAs(page, server.url, session, 'participant');
      await waitFor(page, tid('part-failed'), 'the message');
      await page.unroute(blocked);
      await page.context().setOffline(true);
      await page.context().setOffline(false);
      await waitFor(page, '.dept-grid', 'the lobby once online');
      await page.close();
    });

    await step('no panic in any page', async () => {
      const panics = consoleLines.filter((l) => /panicked|RuntimeError|unreachable/.test(l));
      assert(panics.length === 0, panics.join('\n'));
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'parts-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'parts-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(2 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
