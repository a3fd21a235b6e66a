// End-to-end browser test: each page downloads its own part of the app, and a part
// that cannot be fetched says so and can be fetched again.
//
//   node tests/e2e/parts.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// The app's wasm is cut into a main module and parts fetched when first needed
// (frontend/src/split.rs, scripts/split-wasm.mjs). Here, with every request the
// browser makes recorded:
//   - the join page runs on the main module alone (the form works while the
//     session's part is held back), and fetches that part while the person fills
//     the form;
//   - a session page asks for its part from the HTML, before the app runs, and the
//     app takes that response rather than asking again; a device without a pass
//     for the session does not fetch it;
//   - the start page fetches nothing ahead until the person turns to a form: the
//     join box brings the session's part, the create form the facilitator's console;
//   - a lead's follow-up page and the projector fetch their own parts, never the
//     facilitator's console;
//   - a session part that fails to arrive shows a message (in the reader's language)
//     with Retry and Reload (axe-core finds nothing serious in it); Retry asks
//     again, and brings the session once it can; so does the browser coming back
//     online; a part that stalls (neither arrives nor fails) is said to be slow
//     after ten seconds, with Reload; nothing panics.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid, waitFor, watchdog,
} from './lib.mjs';
import { openAs, sessionIn } from './fixtures.mjs';

const { step, fail, summary, failed, results } = steps();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
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

    const sessionPart = /summit-frontend-(session|chunk_\d+)-[0-9a-f]+\.wasm$/;
    await step('the join page runs without the session part, then fetches it ahead', async () => {
      const page = await openPage(browser, 'newcomer', consoleLines);
      const files = recordFiles(page);
      // The session's part is held back until the form has been filled: the form must
      // not wait for it.
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await page.route(sessionPart, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(`${server.url}/join/${session.code}`);
      await waitFor(page, tid('join-submit'), 'the join form');
      assert(files.some((f) => /^summit-frontend-[0-9a-f]+_bg\.wasm$/.test(f)), `the main module: ${files}`);
      await poll('the session part asked for ahead', () => part(files, 'session'));
      await page.locator(tid('join-name')).fill('Cleo');
      release();
      await page.locator(tid('join-submit')).click();
      await waitFor(page, '.dept-grid', 'the lobby');
      assert(!files.some((f) => f.includes('-console-') || f.includes('-summary-')), `nothing else: ${files}`);
      await page.close();
    });

    await step('a session page asks for its part before the app runs, once', async () => {
      const page = await openPage(browser, 'returning', consoleLines);
      const files = recordFiles(page);
      await openAs(page, server.url, session, 'participant');
      await waitFor(page, '.dept-grid', 'the lobby');
      const preloaded = await page.locator('link[rel="preload"][as="fetch"]').evaluateAll((links) => links.map((l) => l.getAttribute('href')));
      assert(preloaded.some((href) => /^\/summit-frontend-session-[0-9a-f]+\.wasm$/.test(href)), `preloads: ${preloaded}`);
      // The loader takes the preloaded response rather than asking again.
      const asked = files.filter((f) => sessionPart.test(f));
      assert(asked.length > 0 && asked.length === new Set(asked).size, `each file of the part once: ${asked}`);
      await page.close();
    });

    await step('a device without a pass does not fetch the session part', async () => {
      const page = await openPage(browser, 'stranger', consoleLines);
      const files = recordFiles(page);
      await page.goto(`${server.url}/s/${session.sid}`);
      await page.waitForLoadState('networkidle');
      assert(await page.locator('main').textContent().then((t) => /join/i.test(t)), 'the page says how to join');
      assert(!part(files, 'session'), `no session part: ${files}`);
      await page.close();
    });

    await step('the start page fetches the console while the create form is filled, and only then', async () => {
      const page = await openPage(browser, 'organiser', consoleLines);
      const files = recordFiles(page);
      await page.goto(`${server.url}/`);
      await waitFor(page, tid('create-title'), 'the create form');
      await page.waitForLoadState('networkidle');
      assert(!part(files, 'console') && !part(files, 'session'), `nothing ahead yet: ${files}`);
      await page.locator(tid('join-code-input')).focus();
      await poll('the session part, for someone about to join', () => part(files, 'session'));
      assert(!part(files, 'console'), `not the console: ${files}`);
      await page.locator(tid('create-title')).focus();
      await poll('the console, for someone about to create a summit', () => part(files, 'console'));
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

    const blocked = sessionPart;
    await step('a part that fails to arrive says so in German, and Retry brings it', async () => {
      // bypassCSP: axe-core is injected as a script, which the page's policy refuses.
      const page = await openPage(browser, 'unlucky', consoleLines, { width: 390, height: 844 }, 'de-DE', { bypassCSP: true });
      let refused = 0;
      await page.route(blocked, (route) => {
        refused += 1;
        return route.abort();
      });
      await openAs(page, server.url, session, 'participant');
      await waitFor(page, tid('part-failed'), 'the message');
      const text = await page.locator(tid('part-failed')).textContent();
      assert(/konnte nicht geladen werden/.test(text), `German: ${text}`);
      assert(/Seite neu laden/.test(await page.locator(tid('part-reload')).textContent()), 'and offers to reload the page');
      await page.screenshot({ path: path.join(ARTIFACTS, 'parts-failed-phone-de.png') });
      await page.addScriptTag({ path: AXE });
      const found = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
      });
      assert(found.length === 0, `axe on the message: ${found.join('; ')}`);
      const before = refused;
      await page.locator(`${tid('part-failed')} button.btn-primary`).click();
      await poll('Retry asks again', () => refused > before);
      await waitFor(page, tid('part-failed'), 'the message again, still blocked');
      await page.unroute(blocked);
      await page.locator(`${tid('part-failed')} button.btn-primary`).click();
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

    await step('a part that stalls is said to be slow, in French, and Reload brings the session', async () => {
      const page = await openPage(browser, 'stalled', consoleLines, { width: 390, height: 844 }, 'fr-FR');
      // Never answered while `stalled`: the request hangs as on a connection that
      // has stalled. (Unrouting would end the hanging request.)
      let stalled = true;
      await page.route(blocked, (route) => (stalled ? undefined : route.continue()));
      await openAs(page, server.url, session, 'participant');
      await waitFor(page, '.loading', 'Loading…');
      assert(await page.locator(tid('part-slow')).count() === 0, 'not said to be slow at once');
      await page.locator(tid('part-slow')).waitFor({ state: 'visible', timeout: 20_000 });
      const text = await page.locator(tid('part-slow')).textContent();
      assert(/plus de temps que d’habitude/.test(text), `French: ${text}`);
      assert(await page.locator('[role="status"]').filter({ has: page.locator(tid('part-slow')) }).count() === 1, 'said in a live region');
      await page.screenshot({ path: path.join(ARTIFACTS, 'parts-slow-phone-fr.png') });
      stalled = false;
      await page.locator(tid('part-reload')).click();
      await waitFor(page, '.dept-grid', 'the lobby after Reload');
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

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
