// End-to-end keyboard test: a participant who uses only the keyboard (Tab,
// Shift+Tab, Enter, Space, arrows and typing) joins, writes a problem, supports one,
// proposes an idea, votes, moves a vote and takes one back. The focus is checked
// where it must land: on the phase heading after joining and after each phase
// change, back in the text box after each submit.
//
//   node tests/e2e/keyboard.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// The facilitator and a second participant (Bob, Customer Service) act through the
// API; Ann (Marketing) is the keyboard user. What her screen reader hears from the
// polite live region is checked too: each phase change, and her votes left.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid,
  waitFor, watchdog,
} from './lib.mjs';

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

/**
 * Presses Tab (or Shift+Tab) until the element `testid` has the focus; if it is
 * not that way, the other way round.
 */
async function tabTo(page, testid, { back = false, max = 60 } = {}) {
  for (const key of back ? ['Shift+Tab', 'Tab'] : ['Tab', 'Shift+Tab']) {
    for (let i = 0; i <= max; i++) {
      if ((await focused(page)) === testid) return;
      await page.keyboard.press(key);
    }
  }
  throw new Error(`${testid} was not reached by Tab or Shift+Tab (focus on ${await focused(page)})`);
}

async function expectFocus(page, testid, when) {
  await poll(`the focus on ${testid} ${when}`, () => focused(page), (f) => f === testid);
}

async function main() {
  await mkdir(ARTIFACTS, { recursive: true });
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-e2e-keyboard-'));
  try {
    let page;
    let s;
    let api;
    let cmd;
    let ann;
    const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `keyboard-${name}.png`), fullPage: true });
    const state = async () => JSON.parse((await api(`/api/sessions/${s.session_id}`, ann.token)).body).state;
    const heard = () => page.locator(tid('announcer')).textContent();
    const phase = async (p) => {
      await cmd(s.facilitator_token, { type: 'set_phase', phase: p });
      await expectFocus(page, 'phase-heading', `after the move to ${p}`);
      const said = `Phase: ${p[0].toUpperCase()}${p.slice(1)}`;
      await poll(`"${said}" in the live region`, heard, (t) => t?.includes(said));
    };

    await step('start the server and the browser; a session with Bob in it', async () => {
      server = await startServer(dbDir);
      browser = await launchBrowser();
      ({ api } = apiOf(server.url));
      const body = async (res) => JSON.parse((await res).body);
      s = await body(api('/api/sessions', null, json({ title: 'Keyboard summit', departments: ['Marketing', 'Customer Service'] })));
      cmd = (token, command) => body(api(`/api/sessions/${s.session_id}/commands`, token, json({ command })));
      s.bob = await body(api(`/api/sessions/${s.session_id}/participants`, null, json({ name: 'Bob', department: 2 })));
      page = await openPage(browser, 'Ann (keyboard)', consoleLines);
    });

    await step('join: Tab to the name, type it, arrows in the department list, Enter', async () => {
      await page.goto(`${server.url}/join/${encodeURIComponent(s.join_code)}`);
      await waitFor(page, tid('join-name'), 'the join form');
      await page.locator('body').focus();
      await tabTo(page, 'join-name');
      await page.keyboard.type('Ann');
      await page.keyboard.press('Tab');
      assert((await focused(page)) === 'join-department', `Tab after the name went to ${await focused(page)}`);
      await page.keyboard.press('ArrowDown');
      await poll('Customer Service chosen by ArrowDown', () => page.locator(tid('join-department')).inputValue(), (v) => v === '2');
      await page.keyboard.press('ArrowUp');
      await poll('Marketing chosen again by ArrowUp', () => page.locator(tid('join-department')).inputValue(), (v) => v === '1');
      await tabTo(page, 'join-submit');
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/s/${s.session_id}$`));
      await expectFocus(page, 'phase-heading', 'after joining');
      ann = { token: await page.evaluate((k) => localStorage.getItem(k), `summit.participant.${s.session_id}`) };
      assert(ann.token, 'no pass stored after joining');
      await shot('lobby');
    });

    await step('Problems: type a problem, Ctrl+Enter adds it, the focus stays in the box', async () => {
      await phase('problems');
      await tabTo(page, 'problem-input');
      await page.keyboard.type('Campaign briefs reach us late');
      await page.keyboard.press('Control+Enter');
      await poll('the problem on the server', async () => Object.values((await state()).problems).map((p) => p.text),
        (texts) => texts.includes('Campaign briefs reach us late'));
      await poll('the box emptied for the next problem', () => page.locator(tid('problem-input')).inputValue(), (v) => v === '');
      await expectFocus(page, 'problem-input', 'after the submit');
      s.bobProblem = (await cmd(s.bob.token, { type: 'submit_problem', text: 'Customers repeat their story' })).events[0].event.problem.id;
      await shot('problems');
    });

    await step('Pick: Tab to Support on her problem, Space supports it', async () => {
      await phase('pick');
      const mine = Object.values((await state()).problems).find((p) => p.text === 'Campaign briefs reach us late');
      s.annProblem = mine.id;
      await tabTo(page, `support-${mine.id}`);
      await page.keyboard.press('Space');
      await poll('the support on the server', async () => (await state()).problems[mine.id].support.length, (n) => n === 1);
      for (const problem of [s.annProblem, s.bobProblem]) await cmd(s.facilitator_token, { type: 'confirm_pick', problem, picked: true });
      await shot('pick');
    });

    await step("Ideas: an idea for Bob's problem with Ctrl+Enter; the focus stays in its box", async () => {
      await phase('ideas');
      const box = `idea-input-${s.bobProblem}`;
      await tabTo(page, box);
      await page.keyboard.type('A one-page case summary');
      await page.keyboard.press('Control+Enter');
      await poll('the idea on the server', async () => Object.values((await state()).ideas).map((i) => i.text),
        (texts) => texts.includes('A one-page case summary'));
      await poll('the box emptied for the next idea', () => page.locator(tid(box)).inputValue(), (v) => v === '');
      await expectFocus(page, box, 'after the submit');
      s.annIdea = Object.values((await state()).ideas).find((i) => i.text === 'A one-page case summary').id;
      s.bobIdea = (await cmd(s.bob.token, { type: 'submit_idea', problem: s.annProblem, text: 'A launch calendar' })).events[0].event.idea.id;
      await shot('ideas');
    });

    await step('Vote: Enter twice on +, move a dot with "Move a dot…" and "Move here", take one back with −', async () => {
      await phase('vote');
      const votesOn = async (idea) => {
        const st = await state();
        const all = Object.values(st.votes)[0] ?? {};
        return all[idea] ?? 0;
      };
      await tabTo(page, `vote-add-${s.bobIdea}`);
      await page.keyboard.press('Enter');
      await poll('1 dot on the launch calendar', () => votesOn(s.bobIdea), (n) => n === 1);
      await page.keyboard.press('Enter');
      await poll('2 dots on the launch calendar', () => votesOn(s.bobIdea), (n) => n === 2);
      await tabTo(page, `vote-move-${s.bobIdea}`);
      await page.keyboard.press('Enter');
      await waitFor(page, tid(`vote-move-here-${s.annIdea}`), 'Move here on the other idea');
      await tabTo(page, `vote-move-here-${s.annIdea}`);
      await page.keyboard.press('Enter');
      await poll('the dot moved', async () => [await votesOn(s.bobIdea), await votesOn(s.annIdea)], ([b, a]) => b === 1 && a === 1);
      await tabTo(page, `vote-remove-${s.annIdea}`, { back: true });
      await page.keyboard.press('Enter');
      await poll('the dot taken back', () => votesOn(s.annIdea), (n) => n === 0);
      await poll('"4 votes left" in the live region', heard, (t) => t?.includes('4 votes left'));
      await shot('vote');
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'keyboard-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'keyboard-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(4 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
