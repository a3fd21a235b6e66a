// End-to-end browser test: the room — presence, readiness, the timer, the reveal,
// a closed session's join link.
//
//   node tests/e2e/room.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// - Presence: participants with the session open are online on the console, in the
//   lobby and on the projector; one closes the tab and is offline on the console once
//   the grace period (2 s here) has passed.
// - Readiness: a participant says "I'm done" and takes it back; the console counts
//   "done n of m online" per department and names who has not taken part; a phase
//   change starts over.
// - Timer: any length in minutes and seconds, paused (it stops for everyone),
//   resumed, a minute added, kept across a phase change, and run out: every role
//   sees "Time is up"; a participant hears a chime unless they muted it.
// - After the reveal a participant who had scrolled down sees the results.
// - A closed session's join link says so, and links the summary for those who were there.
// - A summit closed without action items says so, not "No action items yet", and offers
//   only its summary: no action-item files, no lead's link or calendar on the console.
// Screenshots go to tests/artifacts/e2e/room-*.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, sleep, startServer, steps, stopServer, tid,
  waitFor, watchdog,
} from './lib.mjs';
import { MARKETING, openAs, sessionIn } from './fixtures.mjs';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };
const PROJECTOR = { width: 1280, height: 720 };
const GRACE_SECONDS = 2;

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

/** Counts the chimes a page plays (each makes an AudioContext). */
const COUNT_CHIMES = () => {
  window.__chimes = 0;
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    constructor(...args) { super(...args); window.__chimes += 1; }
  };
};

const text = (page, id) => page.locator(tid(id)).first().textContent().then((t) => t?.trim() ?? '');

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-room-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir, ['--presence-grace', String(GRACE_SECONDS)]);
    browser = await launchBrowser();
    const { api } = apiOf(server.url);
    const cmdOf = (session) => (token, command) => api(`/api/sessions/${session.sid}/commands`, token, json({ command }));

    await step('presence: online on the console, the lobby and the projector; a closed tab goes offline', async () => {
      const session = await sessionIn(server.url, 'lobby');
      const cy = JSON.parse((await api(`/api/sessions/${session.sid}/participants`, null, json({ name: 'Cy', department: MARKETING }))).body);
      const console_ = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
      await openAs(console_, server.url, session, 'facilitator');
      await waitFor(console_, tid('readiness'), 'the room panel');
      const ann = await openPage(browser, 'Ann', consoleLines, PHONE);
      await openAs(ann, server.url, session, 'participant');
      const bob = await openPage(browser, 'Bob', consoleLines, PHONE);
      await bob.goto(`${server.url}/`);
      await bob.evaluate(([k, t]) => localStorage.setItem(k, t), [`summit.participant.${session.sid}`, session.bob.token]);
      await bob.goto(`${server.url}/s/${session.sid}`);
      await poll('Marketing: Ann of Ann and Cy online', () => text(console_, 'readiness-online-1'), (t) => t === '1 of 2 online');
      await poll('Customer Service: Bob online', () => text(console_, 'readiness-online-2'), (t) => t === '1 of 1 online');
      await poll('the lobby counts who is online', () => text(ann, 'online-1'), (t) => t === '1 online');
      const member = (page, name) => page.locator('.member', { hasText: name }).getAttribute('data-online');
      assert(await member(ann, 'Ann') === 'true' && await member(ann, 'Cy') === 'false', 'the lobby marks who is here');
      const screen = await openPage(browser, 'projector', consoleLines, PROJECTOR);
      await openAs(screen, server.url, session, 'screen');
      await poll('the projector counts who is online', () => text(screen, 'screen-online-1'), (t) => t === '1 online');
      await ann.screenshot({ path: path.join(ARTIFACTS, 'room-lobby-phone.png') });

      await bob.context().close();
      await poll('Bob offline after the grace period', () => text(console_, 'readiness-online-2'), (t) => t === 'Nobody online', (GRACE_SECONDS + 8) * 1000);
      // The room reads "0 online" under a department of joined people as "nobody came":
      // the projector leaves it out (its place kept, the columns stay level).
      await poll('the projector says nothing of nobody online', () => screen.locator(tid('screen-online-2')).isVisible(), (v) => !v);
      await console_.screenshot({ path: path.join(ARTIFACTS, 'room-presence-console.png'), fullPage: true });
      await screen.context().close();
      await ann.context().close();
      await console_.context().close();
      void cy;
    });

    await step('readiness: done is said, counted per department, taken back, and starts over', async () => {
      const session = await sessionIn(server.url, 'lobby');
      await api(`/api/sessions/${session.sid}/participants`, null, json({ name: 'Cy', department: MARKETING }));
      await cmdOf(session)(session.fac, { type: 'set_phase', phase: 'problems' });
      const console_ = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
      await openAs(console_, server.url, session, 'facilitator');
      const ann = await openPage(browser, 'Ann', consoleLines, PHONE);
      await openAs(ann, server.url, session, 'participant');
      await poll('Ann online', () => text(console_, 'readiness-online-1'), (t) => t === '1 of 2 online');
      await poll('nobody done yet', () => text(console_, 'readiness-done-1'), (t) => t === '0 of 1 online said “I’m done”');
      const waiting = () => console_.locator(`${tid('waiting-1')} .waiting-name`).allTextContents();
      await poll('Ann and Cy have not taken part', waiting, (names) => names.join(',').includes('Ann') && names.join(',').includes('Cy'));
      await ann.locator(tid('done-toggle')).click();
      await poll('Ann is done', () => text(console_, 'readiness-done-1'), (t) => t === '1 of 1 online said “I’m done”');
      await poll('only Cy is still to act', waiting, (names) => names.length === 1 && names[0].includes('Cy'));
      assert(await ann.locator(tid('done-toggle')).getAttribute('aria-pressed') === 'true', 'the toggle says it is on');
      const box = await ann.locator(tid('done-card')).boundingBox();
      assert(box && box.y + box.height <= PHONE.height, `"I'm done" is out of reach: ${JSON.stringify(box)}`);
      await ann.screenshot({ path: path.join(ARTIFACTS, 'room-done-phone.png') });
      await console_.screenshot({ path: path.join(ARTIFACTS, 'room-readiness-console.png') });
      await ann.locator(tid('done-toggle')).click();
      await poll('taken back', () => text(console_, 'readiness-done-1'), (t) => t === '0 of 1 online said “I’m done”');
      await ann.locator(tid('done-toggle')).click();
      await poll('done again', () => text(console_, 'readiness-done-1'), (t) => t === '1 of 1 online said “I’m done”');
      await cmdOf(session)(session.fac, { type: 'set_phase', phase: 'pick' });
      await poll('a new phase starts over', () => text(console_, 'readiness-done-1'), (t) => t === '0 of 1 online said “I’m done”');
      // Ann's phone hears of the new phase in its own time, not with the console.
      await poll('the toggle starts over', () => ann.locator(tid('done-toggle')).getAttribute('aria-pressed'), (p) => p === 'false');
      await ann.context().close();
      await console_.context().close();
    });

    await step('timer: paused, resumed, extended, kept across a phase, and run out for every role', async () => {
      const session = await sessionIn(server.url, 'problems');
      const console_ = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
      await openAs(console_, server.url, session, 'facilitator');
      const ann = await openPage(browser, 'Ann', consoleLines, PHONE);
      await ann.addInitScript(COUNT_CHIMES);
      await openAs(ann, server.url, session, 'participant');
      const bob = await openPage(browser, 'Bob', consoleLines, PHONE);
      await bob.addInitScript(COUNT_CHIMES);
      await bob.goto(`${server.url}/`);
      await bob.evaluate(([k, t]) => localStorage.setItem(k, t), [`summit.participant.${session.sid}`, session.bob.token]);
      await bob.goto(`${server.url}/s/${session.sid}`);
      const screen = await openPage(browser, 'projector', consoleLines, PROJECTOR);
      await openAs(screen, server.url, session, 'screen');

      // 1 min 30 s, typed.
      await console_.locator(tid('timer-minutes')).fill('1');
      await console_.locator(tid('timer-seconds')).fill('30');
      await console_.locator(tid('timer-start-custom')).click();
      const seconds = (t) => { const m = t.match(/(\d+):(\d\d)/); return m ? Number(m[1]) * 60 + Number(m[2]) : NaN; };
      await poll('Ann sees about 1:30', () => text(ann, 'timer'), (t) => seconds(t) > 80 && seconds(t) <= 90);
      // Paused: it stops for everyone.
      await console_.locator(tid('timer-pause')).click();
      await poll('Ann sees it paused', () => text(ann, 'timer'), (t) => t.includes('Paused'));
      const frozen = seconds(await text(ann, 'timer'));
      await sleep(2_000);
      assert(seconds(await text(ann, 'timer')) === frozen, 'a paused timer ran on');
      assert((await text(screen, 'timer')).includes('Paused'), 'the projector does not show the pause');
      // The console's timer card says it too, beside Resume, once scrolled past the phase bar.
      const readout = await text(console_, 'timer-readout');
      assert(readout.includes('Paused') && seconds(readout) === frozen, `the timer card says "${readout}", not ${frozen} s paused`);
      await ann.screenshot({ path: path.join(ARTIFACTS, 'room-timer-paused-phone.png') });
      await console_.screenshot({ path: path.join(ARTIFACTS, 'room-timer-console.png') });
      await console_.locator(tid('timer-resume')).click();
      await poll('running again', () => text(ann, 'timer'), (t) => !t.includes('Paused'));
      await console_.locator(tid('timer-add-minute')).click();
      await poll('a minute more', () => text(bob, 'timer'), (t) => seconds(t) > frozen + 50);
      // Kept across a phase change.
      await console_.locator(tid('timer-keep')).check();
      // The server has it (the box is ticked at once; the command may still be on
      // its way when the phase changes).
      const kept = async () => JSON.parse((await api(`/api/sessions/${session.sid}`, session.fac)).body).state.timer?.keep;
      await poll('kept', kept, Boolean);
      await cmdOf(session)(session.fac, { type: 'set_phase', phase: 'pick' });
      await poll('the phase moved on', () => ann.locator('.step-current').textContent(), (t) => t?.includes('Pick'));
      assert(seconds(await text(ann, 'timer')) > 60, 'the kept timer did not survive the phase change');
      // Bob mutes the sound; a 3-second timer runs out for everyone.
      await bob.locator(tid('timer-sound')).click();
      assert(await bob.locator(tid('timer-sound')).getAttribute('aria-pressed') === 'false', 'muted');
      // A timer runs: starting another is folded under one line, opened by keyboard.
      assert(!(await console_.locator(tid('timer-minutes')).isVisible()), 'the fields to start a timer crowd the card while one runs');
      await console_.locator(tid('timer-new')).focus();
      await console_.keyboard.press('Enter');
      await console_.locator(tid('timer-minutes')).fill('0');
      await console_.locator(tid('timer-seconds')).fill('3');
      await console_.locator(tid('timer-start-custom')).click();
      for (const [who, page] of [['Ann', ann], ['Bob', bob], ['the facilitator', console_], ['the projector', screen]]) {
        await poll(`${who} sees the time is up`, () => text(page, 'timer'), (t) => t.endsWith('Time is up'));
        assert(await page.locator(tid('timer')).evaluate((el) => el.classList.contains('timer-done')), `${who}: no visual signal`);
      }
      await poll('the console offers a new timer again', () => console_.locator(tid('timer-minutes')).isVisible(), Boolean);
      await poll('Ann hears a chime', () => ann.evaluate(() => window.__chimes), (n) => n === 1);
      assert(await bob.evaluate(() => window.__chimes) === 0, 'Bob muted the chime and heard it anyway');
      await poll('Ann is told', () => text(ann, 'announcer'), (t) => t.includes('Time is up'));
      await screen.screenshot({ path: path.join(ARTIFACTS, 'room-timer-up-projector.png') });
      await ann.screenshot({ path: path.join(ARTIFACTS, 'room-timer-up-phone.png') });
      for (const p of [ann, bob, screen, console_]) await p.context().close();
    });

    await step('after the reveal a participant who had scrolled down sees the results, announced', async () => {
      const session = await sessionIn(server.url, 'ideas');
      const cmd = cmdOf(session);
      for (let i = 0; i < 8; i++) {
        await cmd(session.bob.token, { type: 'submit_idea', problem: session.ids.annProblem, text: `Bob's idea number ${i}, long enough to take some room on a phone` });
      }
      await cmd(session.fac, { type: 'set_phase', phase: 'vote' });
      await cmd(session.ann.token, { type: 'cast_vote', idea: session.ids.bobIdea });
      const ann = await openPage(browser, 'Ann', consoleLines, PHONE);
      await openAs(ann, server.url, session, 'participant');
      await waitFor(ann, tid(`vote-add-${session.ids.bobIdea}`), 'the vote board');
      await ann.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await cmd(session.fac, { type: 'set_phase', phase: 'plan' });
      await poll('the reveal is announced', () => text(ann, 'announcer'), (t) => t.includes('revealed'));
      await poll('the results are in view', async () => {
        const box = await ann.locator('.problem-block').first().boundingBox();
        return box && box.y < PHONE.height && box.y + 40 > 0;
      }, Boolean);
      await ann.screenshot({ path: path.join(ARTIFACTS, 'room-reveal-phone.png') });
      // The idea with a vote is first; the eight without one have no place, and on a
      // phone no mark where it would be.
      const ranks = ann.locator('.problem-block').first().locator('.ranked-item .rank');
      assert(await ranks.first().textContent() === '#1', `the voted idea's place: ${await ranks.first().textContent()}`);
      const unplaced = await ranks.evaluateAll((els) => els.slice(1).map((el) => [el.textContent, getComputedStyle(el).display]));
      assert(unplaced.length >= 2 && unplaced.every(([t, d]) => t === '' && d === 'none'), `ideas without votes marked: ${JSON.stringify(unplaced)}`);
      await ann.context().close();
    });

    await step("a closed session's join link says so and links the summary for those who were there", async () => {
      const session = await sessionIn(server.url, 'closed', { withActions: true });
      const visitor = await openPage(browser, 'a visitor', consoleLines, PHONE);
      await visitor.goto(`${server.url}/join/${session.code}`);
      await waitFor(visitor, tid('join-closed'), 'the closed notice');
      assert(!(await visitor.locator(tid('join-name')).isVisible()), 'a closed session still shows its join form');
      assert(await visitor.locator(tid('join-summary')).count() === 0, 'a stranger is sent to a summary they cannot read');
      const grouped = `${session.code.slice(0, 3)} ${session.code.slice(3)}`;
      const shown = await visitor.locator('.join-card .mono').textContent();
      assert(shown === grouped, `the code reads "${shown}", not "${grouped}" as on the share card and the projector`);
      await visitor.screenshot({ path: path.join(ARTIFACTS, 'room-closed-join-phone.png') });
      await visitor.context().close();
      // Ann joined on this phone: the link takes her to the session, closed, with the summary a tap away.
      const ann = await openPage(browser, 'Ann', consoleLines, PHONE);
      await ann.goto(`${server.url}/`);
      await ann.evaluate(([k, t]) => localStorage.setItem(k, t), [`summit.participant.${session.sid}`, session.ann.token]);
      await ann.goto(`${server.url}/join/${session.code}`);
      await poll('Ann lands on her session', () => ann.url(), (u) => u.endsWith(`/s/${session.sid}`));
      await ann.locator('.notice a').click();
      await poll('the summary opens', () => ann.url(), (u) => u.endsWith(`/s/${session.sid}/summary`));
      await waitFor(ann, tid('action-row'), 'the action items on the summary');
      await ann.context().close();
      // The facilitator's browser on the join link: the summary, not a join form.
      const lead = await openPage(browser, 'the facilitator', consoleLines, PHONE);
      await lead.goto(`${server.url}/`);
      await lead.evaluate(([k, t]) => localStorage.setItem(k, t), [`summit.facilitator.${session.sid}`, session.fac]);
      await lead.goto(`${server.url}/join/${session.code}`);
      await waitFor(lead, tid('join-summary'), 'the summary link');
      await lead.locator(tid('join-summary')).click();
      await poll('the summary opens', () => lead.url(), (u) => u.endsWith(`/s/${session.sid}/summary`));
      await lead.context().close();
    });

    await step('a summit closed without action items says so, without "yet", and offers only its summary', async () => {
      const session = await sessionIn(server.url, 'closed');
      const ann = await openPage(browser, 'Ann', consoleLines, PHONE);
      await openAs(ann, server.url, session, 'participant');
      await waitFor(ann, tid('no-actions'), 'the empty action items');
      const said = (await ann.locator(tid('no-actions')).textContent())?.trim();
      assert(said === 'The summit ended without action items.', `the closed summit says "${said}"`);
      // Nothing was agreed: of the files only the summary is offered.
      const offered = (page) => page.locator('.export-list li:not([hidden]) a').evaluateAll((as) => as.map((a) => a.getAttribute('download')));
      const annFiles = await offered(ann);
      assert(JSON.stringify(annFiles) === '["summary.md"]', `Ann is offered ${JSON.stringify(annFiles)}`);
      await ann.context().close();
      // Nor does the console hand out a lead's link or a calendar for nothing.
      const fac = await openPage(browser, 'the facilitator', consoleLines, { width: 1280, height: 800 });
      await openAs(fac, server.url, session, 'facilitator');
      await waitFor(fac, tid('follow-up'), 'the closed console');
      const facFiles = await offered(fac);
      assert(JSON.stringify(facFiles) === '["summary.md"]', `the facilitator is offered ${JSON.stringify(facFiles)}`);
      assert(await fac.locator(tid('links-panel')).count() === 0, 'the console offers follow-up links for a summit that agreed nothing');
      assert(await fac.locator(tid('follow-up-counts')).count() === 0, 'the console counts 0 open, 0 in progress, 0 done');
      await fac.screenshot({ path: path.join(ARTIFACTS, 'room-closed-empty-console.png'), fullPage: true });
      await fac.context().close();
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'room-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'room-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(4 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
