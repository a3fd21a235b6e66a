// End-to-end browser test: a refusal is said where it happened.
//
//   node tests/e2e/feedback.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// - On a 390×844 phone, a participant puts dots on an idea far down the page until
//   the per-idea cap refuses one: the reason appears inside the viewport, inside that
//   idea's card, not in the page's banner; the muted "+" says why before it is tapped.
// - A join link with a code that names no session (or is no code at all) keeps what
//   was typed in a box to correct, and the corrected code leads to the join form.
// Screenshots go to tests/artifacts/e2e/feedback-*.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid,
  waitFor, watchdog,
} from './lib.mjs';
import { openAs, sessionIn } from './fixtures.mjs';

const PHONE = { width: 390, height: 844 };

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-feedback-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();

    await step('a vote refused at the cap is explained inside the viewport, in the idea\'s card', async () => {
      const session = await sessionIn(server.url, 'ideas');
      // More ideas above Bob's, so his is far down a phone's page.
      const { api } = apiOf(server.url);
      const cmd = (token, command) => api(`/api/sessions/${session.sid}/commands`, token, json({ command }));
      for (let i = 0; i < 6; i++) {
        await cmd(session.bob.token, { type: 'submit_idea', problem: session.ids.annProblem, text: `Another idea of Bob's, number ${i}, with enough words to take up room` });
      }
      await cmd(session.fac, { type: 'set_phase', phase: 'vote' });
      const idea = session.ids.bobIdea;
      const page = await openPage(browser, 'Ann on a phone', consoleLines, PHONE);
      await openAs(page, server.url, session, 'participant');
      const add = page.locator(tid(`vote-add-${idea}`));
      await add.scrollIntoViewIfNeeded();
      // The cap is 3 dots per idea (of a budget of 5).
      for (const n of [1, 2, 3]) {
        await add.click();
        await poll(`${n} dots on the idea`, () => page.locator(tid(`my-votes-${idea}`)).textContent(), (t) => t?.trim() === String(n));
      }
      const cap = 'An idea can take at most 3 of your votes.';
      assert(await add.getAttribute('title') === cap, `the muted + says ${await add.getAttribute('title')}`);
      await add.click();
      const why = page.locator(tid(`vote-why-${idea}`));
      await poll('the reason under the idea', () => why.textContent(), (t) => t?.trim() === cap);
      const box = await why.boundingBox();
      assert(box && box.y >= 0 && box.y + box.height <= PHONE.height, `the reason is outside the viewport: ${JSON.stringify(box)}`);
      // And not under the bars that stay on screen: "I'm done" below, the votes left above.
      const covered = async () => {
        const reason = await why.boundingBox();
        const bars = await Promise.all([tid('done-card'), tid('vote-bar')].map((s) => page.locator(s).boundingBox().catch(() => null)));
        return bars.filter((b) => b && reason && b.y < reason.y + reason.height && reason.y < b.y + b.height).length;
      };
      await poll('the reason clear of the sticky bars', covered, (n) => n === 0);
      const card = page.locator(`[data-testid="idea-card"][data-idea-id="${idea}"]`);
      assert(await card.locator(tid(`vote-why-${idea}`)).count() === 1, 'the reason is not in the idea\'s card');
      assert(!(await page.locator(tid('error-banner')).isVisible().catch(() => false)), 'the banner shows the refusal too');
      await page.screenshot({ path: path.join(ARTIFACTS, 'feedback-vote-cap-phone.png') });
      await page.context().close();
    });

    await step('an unknown code keeps what was typed, to correct and try again', async () => {
      const session = await sessionIn(server.url, 'lobby');
      const wrong = session.code.split('').reverse().join('');
      const page = await openPage(browser, 'a visitor', consoleLines, PHONE);
      await page.goto(`${server.url}/join/${wrong}`);
      await waitFor(page, tid('retry-code'), 'the code to correct');
      assert(await page.locator(tid('retry-code')).inputValue() === wrong, 'the typed code is kept');
      await page.screenshot({ path: path.join(ARTIFACTS, 'feedback-unknown-code-phone.png') });
      await page.locator(tid('retry-code')).fill('no!');
      await page.locator(tid('retry-submit')).click();
      await poll('a code that is no code is refused in place', () => page.locator(tid('retry-error')).textContent(), (t) => t?.includes('6 letters'));
      const typed = `${session.code.slice(0, 3)}-${session.code.slice(3)}`.toLowerCase();
      await page.locator(tid('retry-code')).fill(typed);
      await page.keyboard.press('Enter');
      await waitFor(page, tid('join-name'), 'the join form of the corrected code');
      assert(new URL(page.url()).pathname === `/join/${session.code}`, page.url());
      await page.context().close();
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'feedback-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'feedback-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
