// End-to-end browser test: a session's bounds, as people meet them in the browser.
//
//   node tests/e2e/limits.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// The server runs with small bounds (3 participants, 3 problems and 2 ideas per
// person, 2 action items). On a phone, Ann sees how many problems she has left as
// she adds them, then, at her share, a notice where the form was; withdrawing one
// brings the form back. In Ideas, each idea box counts down the same way, and one notice above
// the problems says when her share is reached. The
// facilitator, with the action items used up, is told so on the Plan board and
// offered neither "Make action item" nor the new-item form, but may still edit. A fourth person opening
// the join link is told at once that the session is full (no form to fill in); one who began
// before the last place was taken is told next to the join button. Screenshots go to tests/artifacts/e2e/limits-*.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid,
  waitFor, watchdog,
} from './lib.mjs';

const BOUNDS = ['--max-participants', '3', '--max-problems-per-participant', '3',
  '--max-ideas-per-participant', '2', '--max-actions', '2'];
const PHONE = { width: 390, height: 844 };
const MARKETING = 1;
const SERVICE = 2;

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

const text = async (page, testid) => ((await page.locator(tid(testid)).first().textContent()) ?? '').trim();
const visible = async (page, testid) => {
  const el = page.locator(tid(testid));
  return (await el.count()) > 0 && el.first().isVisible();
};
const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, `limits-${name}.png`), fullPage: true });

async function main() {
  await mkdir(ARTIFACTS, { recursive: true });
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-e2e-limits-'));
  try {
    let api;
    let session;
    let ann;
    let page;
    const cmd = async (token, command) =>
      JSON.parse((await api(`/api/sessions/${session.session_id}/commands`, token, json({ command }))).body);
    const phase = (p) => cmd(session.facilitator_token, { type: 'set_phase', phase: p });

    let bob;
    await step('start the server with small bounds, and the browser', async () => {
      server = await startServer(dbDir, BOUNDS);
      browser = await launchBrowser();
      ({ api } = apiOf(server.url));
      session = JSON.parse((await api('/api/sessions', null, json({ title: 'Bounded summit', departments: ['Marketing', 'Customer Service'] }))).body);
      const join = async (name, department) =>
        JSON.parse((await api(`/api/sessions/${session.session_id}/participants`, null, json({ name, department }))).body);
      ann = await join('Ann', MARKETING);
      bob = await join('Bob', SERVICE);
      await join('Cy', SERVICE);
      await phase('problems');
      bob.problems = [];
      for (const t of ['Refund queue', 'Launch calls']) {
        bob.problems.push((await cmd(bob.token, { type: 'submit_problem', text: t })).events[0].event.problem.id);
      }
    });

    await step('Problems: Ann sees how many she has left, then a notice at her share', async () => {
      page = await openPage(browser, 'Ann (phone)', consoleLines, PHONE);
      await page.goto(`${server.url}/`);
      await page.evaluate(([key, token]) => window.localStorage.setItem(key, token), [`summit.participant.${session.session_id}`, ann.token]);
      await page.goto(`${server.url}/s/${session.session_id}`);
      await waitFor(page, tid('problem-input'), 'problem-input');
      await poll('"3 problems left"', () => text(page, 'problems-left'), (t) => t === '3 problems left');
      for (const [i, left] of ['2 problems left', '1 problem left'].entries()) {
        await page.locator(tid('problem-input')).fill(`Problem ${i + 1}`);
        await page.locator(tid('problem-submit')).click();
        await poll(`"${left}"`, () => text(page, 'problems-left'), (t) => t === left);
      }
      await shot(page, 'problems-one-left-phone');
      await page.locator(tid('problem-input')).fill('Problem 3');
      await page.locator(tid('problem-submit')).click();
      await poll('the limit notice', () => visible(page, 'limit-notice'));
      const notice = await text(page, 'limit-notice');
      assert(/added 3 problems/.test(notice), `the notice says "${notice}"`);
      assert(!(await visible(page, 'problem-input')), 'the form is still shown at the limit');
      await shot(page, 'problems-at-limit-phone');
      // Withdrawing one frees a place: the form comes back.
      await page.locator('[data-testid^="withdraw-problem-"]:visible').first().click();
      await poll('the form, back', () => visible(page, 'problem-input'));
      await poll('"1 problem left"', () => text(page, 'problems-left'), (t) => t === '1 problem left');
      assert(!(await visible(page, 'limit-notice')), 'the notice stays after a withdrawal');
    });

    await step("Ideas: each idea box counts Ann's ideas down, then one notice says she has added her share", async () => {
      await phase('pick');
      for (const problem of bob.problems) await cmd(session.facilitator_token, { type: 'confirm_pick', problem, picked: true });
      await phase('ideas');
      const box = (problem) => tid(`idea-input-${problem}`);
      await waitFor(page, box(bob.problems[0]), 'an idea box');
      await poll('"2 ideas left"', () => text(page, 'ideas-left'), (t) => t === '2 ideas left');
      await page.locator(box(bob.problems[0])).fill('A shared calendar');
      await page.locator(tid(`idea-submit-${bob.problems[0]}`)).click();
      await poll('"1 idea left"', () => text(page, 'ideas-left'), (t) => t === '1 idea left');
      await page.locator(box(bob.problems[1])).fill('A weekly call');
      await page.locator(tid(`idea-submit-${bob.problems[1]}`)).click();
      // Said once, above the problems: the share is reached for each of them at once.
      await poll('one limit notice', () => page.locator(`${tid('limit-notice')}:visible`).count(), (n) => n === 1);
      assert(await page.locator('[data-testid^="idea-input-"]').count() === 0, 'an idea box is still shown at the limit');
      const above = await page.evaluate(() => {
        const notice = document.querySelector('[data-testid="limit-notice"]:not([hidden])');
        const block = document.querySelector('[data-problem-block]');
        return !!(notice && block && notice.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert(above, 'the limit notice is not above the problems');
      const notice = await text(page, 'limit-notice');
      assert(/added 2 ideas/.test(notice), `the notice says "${notice}"`);
      await shot(page, 'ideas-at-limit-phone');
    });

    await step('Join: a fourth person is told at once that the session is full; one who began before it filled, when refused', async () => {
      const late = await openPage(browser, 'Dee (phone)', consoleLines, PHONE);
      await late.goto(`${server.url}/join/${encodeURIComponent(session.join_code)}`);
      await waitFor(late, tid('join-full'), 'the notice that the session is full');
      assert(await late.locator(tid('join-name')).isHidden(), 'a form to join a full session');
      const said = await text(late, 'join-full');
      assert(/full/.test(said), `the join page says "${said}"`);
      await shot(late, 'join-full-phone');
      // Another session fills up while Eve fills in its form: refused, she is told as
      // the fourth person was, and no form is left to try again.
      const other = JSON.parse((await api('/api/sessions', null, json({ title: 'Filling summit', departments: ['Marketing', 'Customer Service'] }))).body);
      const joinOther = (name) => api(`/api/sessions/${other.session_id}/participants`, null, json({ name, department: MARKETING }));
      await joinOther('One');
      await joinOther('Two');
      await late.goto(`${server.url}/join/${encodeURIComponent(other.join_code)}`);
      await waitFor(late, tid('join-name'), 'join-name');
      await joinOther('Three');
      await late.locator(tid('join-name')).fill('Eve');
      await late.locator(tid('join-submit')).click();
      await poll('the refusal', () => visible(late, 'join-full'));
      const refused = await text(late, 'join-full');
      assert(/full/.test(refused), `the join page says "${refused}"`);
      assert(await late.locator(tid('join-name')).isHidden(), 'the form is still offered after the refusal');
      assert(!(await visible(late, 'error-banner')), 'the refusal said twice');
      await shot(late, 'join-full-late-phone');
      await late.context().close();
    });

    await step('Plan: with the action items used up, the facilitator is told and offered no "Make action item"', async () => {
      await phase('vote');
      await phase('plan');
      const snap = JSON.parse((await api(`/api/sessions/${session.session_id}`, session.facilitator_token)).body);
      const idea = Object.values(snap.state.ideas)[0];
      const problem = idea.problem;
      const owner = snap.state.departments[0].id;
      for (const title of ['Share the launch calendar', 'Hold a weekly launch call']) {
        await cmd(session.facilitator_token, {
          type: 'create_action',
          action: { problem, idea: idea.id, title, owner: 'Ann', department: owner, due: '2027-01-15', status: 'open' },
        });
      }
      const fac = await openPage(browser, 'facilitator', consoleLines);
      await fac.goto(`${server.url}/s/${session.session_id}/facilitate#key=${session.facilitator_token}`);
      await poll('the limit notice', () => visible(fac, 'limit-notice'));
      const notice = await text(fac, 'limit-notice');
      assert(/2 action items/.test(notice), `the notice says "${notice}"`);
      assert(await fac.locator('[data-testid^="make-action-"]').count() === 0, '"Make action item" is offered at the limit');
      assert(!(await visible(fac, 'action-title')), 'the new-item form is offered at the limit');
      assert(!(await visible(fac, 'action-new')), '"New action item" is offered at the limit');
      await shot(fac, 'plan-at-limit-laptop');
      // Editing the item there is stays possible.
      await fac.locator('[data-testid^="action-edit-"]').first().click();
      await waitFor(fac, tid('action-title'), 'the form, to edit the item');
      await fac.context().close();
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'limits-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'limits-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
