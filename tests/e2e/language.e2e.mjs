// End-to-end browser test: the language a reader picks is the one they get back.
//
//   node tests/e2e/language.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// A reader whose browser speaks English picks German on a join page: the page turns
// German at once, and after a reload, on another page and in the iframe of another
// site (/embed/CODE?lang=fr asks for French, which wins there) it stays so.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, assert, launchBrowser, openPage, poll, startServer, steps, stopServer, tid, waitFor, watchdog,
} from './lib.mjs';
import { sessionIn } from './fixtures.mjs';

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-language-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const session = await sessionIn(server.url, 'lobby');
    const page = await openPage(browser, 'reader', consoleLines, { width: 1280, height: 900 }, 'en-US');
    const button = () => page.locator(tid('join-submit')).textContent();

    await step('picking German turns the page German at once', async () => {
      await page.goto(`${server.url}/join/${session.code}`);
      await waitFor(page, tid('join-submit'), 'the join form');
      assert((await button()).includes('Join'), `English first: ${await button()}`);
      await page.locator(tid('language')).selectOption('de');
      await poll('German', button, (t) => /teilnehmen/.test(t));
      assert(await page.evaluate(() => document.documentElement.lang) === 'de', 'the page says it is German');
    });

    await step('the choice is kept after a reload and on another page', async () => {
      await page.reload();
      await waitFor(page, tid('join-submit'), 'the join form');
      // Long enough for anything set after mounting to have run.
      await page.waitForTimeout(300);
      assert(/teilnehmen/.test(await button()), `still German after a reload: ${await button()}`);
      await page.goto(`${server.url}/no/such/page`);
      await page.waitForLoadState('networkidle');
      const text = await page.locator('main').textContent();
      assert(/Seite/.test(text), `German on another page: ${text}`);
    });

    await step('an iframe on another site speaks the language its page asks for', async () => {
      await page.goto(`${server.url}/embed/${session.code}?lang=fr`);
      await waitFor(page, tid('join-submit'), 'the join form');
      await page.waitForTimeout(300);
      assert(/Rejoindre/i.test(await button()), `French: ${await button()}`);
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'language-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'language-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(2 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
