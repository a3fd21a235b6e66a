// End-to-end browser test: where anonymity is weak, people are told.
//
//   node tests/e2e/anonymity.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// Ticking "anonymous" on the start page's create form says that anonymity is weak in
// a department of fewer than 3 people. In an anonymous session's lobby, Marketing
// (Ann alone) carries that warning for the facilitator and for Ann; Customer Service
// (three people) does not; when two more join Marketing the warning goes, live. A
// named session made anonymous drops every name live. In an anonymous session the
// console counts who in the room has still to take part and the projector who has
// voted, and neither names anyone.
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
      // Ann's arrival grows the console's "In the room" and moves the panels under it:
      // wait for it, or the click may land on the panel that moved there.
      await poll('the console sees Ann online', () => fac.locator(tid(`readiness-online-${MARKETING}`)).textContent(), (t) => t?.includes('1 of 1'));
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

    await step('in an anonymous session the console and the projector count who has taken part, never who', async () => {
      const session = await sessionIn(server.url, 'lobby');
      const cmd = (token, command) => api(`/api/sessions/${session.sid}/commands`, token, json({ command }));
      const cy = await body(api(`/api/sessions/${session.sid}/participants`, null, json({ name: 'Cy', department: MARKETING })));
      await cmd(session.fac, { type: 'update_settings', settings: { vote_budget: 5, vote_cap_per_idea: 3, allow_own_department_ideas: false, anonymous: true } });
      await cmd(session.fac, { type: 'set_phase', phase: 'problems' });
      const fac = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
      await openAs(fac, server.url, session, 'facilitator');
      const annPage = await openPage(browser, 'Ann', consoleLines, PHONE);
      await openAs(annPage, server.url, session, 'participant');
      const count = () => fac.locator(tid('waiting-count')).textContent().catch(() => null);
      await poll('the room is counted, nobody named', count, (t) => t === '3 people still to take part');
      assert(await fac.locator(tid(`waiting-${MARKETING}`)).count() === 0, 'names are listed in an anonymous session');
      await annPage.locator(tid('problem-input')).fill('Promotions reach us last');
      await annPage.locator(tid('problem-input')).press('Control+Enter');
      await poll('one fewer once Ann writes', count, (t) => t === '2 people still to take part');
      const readiness = await fac.locator(tid('readiness')).textContent();
      assert(!readiness.includes('Ann') && !readiness.includes('Cy'), `the room panel names people: ${readiness}`);
      await fac.locator(tid('readiness')).screenshot({ path: path.join(ARTIFACTS, 'anonymity-counted-console.png') });
      const cysProblem = (await body(cmd(cy.token, { type: 'submit_problem', text: "Cy's problem" }))).events[0].event.problem.id;
      await poll('one fewer once Cy writes', count, (t) => t === '1 person still to take part');

      await cmd(session.fac, { type: 'set_phase', phase: 'pick' });
      await cmd(session.fac, { type: 'confirm_pick', problem: cysProblem, picked: true });
      await cmd(session.fac, { type: 'set_phase', phase: 'ideas' });
      const idea = (await body(cmd(session.bob.token, { type: 'submit_idea', problem: cysProblem, text: "Bob's idea" }))).events[0].event.idea.id;
      await cmd(session.fac, { type: 'set_phase', phase: 'vote' });
      const screen = await openPage(browser, 'projector', consoleLines, { width: 1920, height: 1080 });
      await openAs(screen, server.url, session, 'screen');
      const voters = () => screen.locator(tid('screen-voters')).textContent();
      await poll('the projector counts voters in an anonymous session', voters, (t) => t === '0 of 3 people have voted');
      await cmd(session.ann.token, { type: 'cast_vote', idea });
      await poll('and counts Ann\'s vote', voters, (t) => t === '1 of 3 people have voted');
      await screen.screenshot({ path: path.join(ARTIFACTS, 'anonymity-counted-screen.png') });
      await screen.context().close();
      await annPage.context().close();
      await fac.context().close();
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
