// End-to-end browser test: where anonymity is weak, people are told.
//
//   node tests/e2e/anonymity.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// Ticking "anonymous" on the start page's create form says that anonymity is weak in
// a department of fewer than 3 people. In an anonymous session's lobby, Marketing
// (Ann alone) carries that warning for the facilitator and for Ann; Customer Service
// (three people) does not; when two more join Marketing the warning goes, live.
// Screenshots go to tests/artifacts/e2e/anonymity-*.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid, waitFor,
  watchdog,
} from './lib.mjs';
import { MARKETING, SERVICE, openAs } from './fixtures.mjs';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-anonymity-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const { api } = apiOf(server.url);
    const body = async (res) => JSON.parse((await res).body);

    await step('the create form warns about small departments when anonymous is ticked', async () => {
      const page = await openPage(browser, 'organiser', consoleLines, LAPTOP);
      await page.goto(`${server.url}/`);
      await waitFor(page, tid('create-title'), 'the create form');
      const hint = page.locator(tid('create-anonymous-hint'));
      assert(!(await hint.isVisible()), 'the hint shows before anonymous is ticked');
      await page.locator(tid('create-anonymous')).check();
      await poll('the hint shows', () => hint.isVisible(), Boolean);
      assert((await hint.textContent()).includes('fewer than 3 people'), await hint.textContent());
      await page.context().close();
    });

    await step('the lobby warns where a department has fewer than 3 people, live', async () => {
      const created = await body(api('/api/sessions', null, json({
        title: 'Anonymous summit', departments: ['Marketing', 'Customer Service'], settings: { vote_budget: 5, vote_cap_per_idea: 3, allow_own_department_ideas: false, anonymous: true },
      })));
      const sid = created.session_id;
      const join = (name, department) => body(api(`/api/sessions/${sid}/participants`, null, json({ name, department })));
      const ann = await join('Ann', MARKETING);
      for (const name of ['Bob', 'Cy', 'Di']) await join(name, SERVICE);
      const session = { sid, fac: created.facilitator_token, ann };
      const fac = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
      await openAs(fac, server.url, session, 'facilitator');
      const annPage = await openPage(browser, 'Ann', consoleLines, PHONE);
      await openAs(annPage, server.url, session, 'participant');
      for (const page of [fac, annPage]) {
        await waitFor(page, tid(`weak-anonymity-${MARKETING}`), 'the warning on Marketing');
        assert(await page.locator(tid(`weak-anonymity-${SERVICE}`)).count() === 0, 'Customer Service (3 people) is warned too');
      }
      await fac.screenshot({ path: path.join(ARTIFACTS, 'anonymity-lobby-console.png'), fullPage: true });
      await annPage.screenshot({ path: path.join(ARTIFACTS, 'anonymity-lobby-phone.png'), fullPage: true });
      for (const name of ['Eve', 'Flo']) await join(name, MARKETING);
      for (const page of [fac, annPage]) {
        await poll('the warning goes', () => page.locator(tid(`weak-anonymity-${MARKETING}`)).count(), (n) => n === 0);
      }
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'anonymity-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'anonymity-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
