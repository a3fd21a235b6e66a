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
import { MARKETING, SERVICE, openAs, sessionIn } from './fixtures.mjs';

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
      await page.locator(tid('create-anonymity')).selectOption('2');
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

    await step('the facilitator makes a named session anonymous; names vanish live, and it cannot go back', async () => {
      const session = await sessionIn(server.url, 'problems');
      const fac = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
      await openAs(fac, server.url, session, 'facilitator');
      const annPage = await openPage(browser, 'Ann', consoleLines, PHONE);
      await openAs(annPage, server.url, session, 'participant');
      const bobsCard = annPage.locator(`${tid('problem-card')}[data-problem-id="${session.ids.bobProblem}"]`);
      await poll('Ann sees who wrote Bob\'s problem', () => bobsCard.textContent(), (t) => t?.includes('by Bob'));
      await fac.locator(tid('settings-edit')).click();
      const choice = fac.locator(tid('settings-anonymity'));
      await choice.selectOption('2');
      await fac.locator(tid('settings-save')).click();
      await poll('the name is gone for Ann', () => bobsCard.textContent(), (t) => t !== null && !t.includes('by Bob'));
      await poll('and on the console', () => fac.locator(`${tid('problem-card')}[data-problem-id="${session.ids.bobProblem}"]`).textContent(), (t) => t !== null && !t.includes('by Bob'));
      assert((await annPage.locator(`${tid('problem-card')}[data-problem-id="${session.ids.annProblem}"]`).textContent()).includes('by you'), 'Ann no longer knows her own');
      await fac.locator(tid('settings-edit')).click();
      const disabled = await choice.locator('option').evaluateAll((os) => os.filter((o) => o.disabled).map((o) => o.value));
      assert(disabled.join() === '0,1', `looser choices still offered: ${disabled}`);
      await fac.screenshot({ path: path.join(ARTIFACTS, 'anonymity-made-stricter-console.png'), fullPage: true });
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
