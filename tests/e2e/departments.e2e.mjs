// End-to-end browser test: changing department.
//
//   node tests/e2e/departments.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// In the Lobby a participant (Ann, Marketing) moves herself to Customer Service from
// her phone; the facilitator's console shows her there, live. Once Problems starts
// her choice is gone from her page, and the facilitator moves Bob with the console's
// "Move someone" form. Screenshots: tests/artifacts/e2e/departments-*.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid,
  waitFor, watchdog,
} from './lib.mjs';
import { MARKETING, SERVICE, openAs, sessionIn } from './fixtures.mjs';

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

const membersOf = (page, department) => page.locator(`[data-department-id="${department}"] .member-list`).textContent().catch(() => '');

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-departments-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const session = await sessionIn(server.url, 'lobby');
    const { api } = apiOf(server.url);
    const departmentOf = async (token, who) => {
      const snap = JSON.parse((await api(`/api/sessions/${session.sid}`, token)).body);
      return snap.state.participants[who].department;
    };
    const ann = await openPage(browser, 'Ann on a phone', consoleLines, { width: 390, height: 844 });
    const fac = await openPage(browser, 'facilitator', consoleLines, { width: 1440, height: 900 });

    await step('in the Lobby, Ann moves herself to Customer Service; the console shows it live', async () => {
      await openAs(ann, server.url, session, 'participant');
      await openAs(fac, server.url, session, 'facilitator');
      await waitFor(ann, tid('my-department'), 'her department');
      assert(await ann.locator(tid('my-department')).inputValue() === String(MARKETING), 'Marketing chosen');
      await ann.locator(tid('my-department')).selectOption(String(SERVICE));
      await poll('Ann in Customer Service on her page', () => membersOf(ann, SERVICE), (t) => t.includes('Ann'));
      await poll('Ann in Customer Service on the console', () => membersOf(fac, SERVICE), (t) => t.includes('Ann'));
      assert(!(await membersOf(fac, MARKETING)).includes('Ann'), 'Ann still listed in Marketing');
      assert(await departmentOf(session.fac, session.ann.participant_id) === SERVICE, 'the server has Ann in Customer Service');
      await ann.screenshot({ path: path.join(ARTIFACTS, 'departments-lobby-phone.png') });
    });

    await step('once Problems starts, only the facilitator moves people', async () => {
      await api(`/api/sessions/${session.sid}/commands`, session.fac, json({ command: { type: 'set_phase', phase: 'problems' } }));
      await poll('her choice gone', () => ann.locator(tid('my-department')).isVisible().catch(() => false), (v) => !v);
      await waitFor(fac, tid('move-card'), 'the console\'s move card');
      assert(await fac.locator(tid('move-person')).isHidden(), 'the move form is not folded');
      await fac.locator(`${tid('move-card')} > summary`).click();
      await waitFor(fac, tid('move-person'), 'the console\'s move form');
      const bob = session.bob.participant_id;
      await fac.locator(tid('move-person')).selectOption(String(bob));
      await fac.locator(tid('move-department')).selectOption(String(MARKETING));
      await fac.locator(tid('move-submit')).click();
      await poll('Bob in Marketing', () => departmentOf(session.fac, bob), (d) => d === MARKETING);
      await fac.locator('.move-card').screenshot({ path: path.join(ARTIFACTS, 'departments-console-move.png') });
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'departments-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'departments-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
