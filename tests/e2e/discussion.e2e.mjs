// End-to-end browser test: comments and reactions, live across three browsers.
//
//   node tests/e2e/discussion.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// In Ideas, Bob (laptop) comments on Ann's idea with Enter and is ready for the next
// remark; Ann (phone) and the facilitator see it at once. Ann reacts "+1" to Bob's
// idea and Bob "♥": every page counts both, and only Ann's own button is pressed on
// hers. The facilitator hides Bob's comment: it is gone for Ann, kept under "Hidden
// cards" for the facilitator, and one "Restore" brings it back. Screenshots go to
// tests/artifacts/e2e/discussion-*.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, assert, launchBrowser, openPage, poll, startServer, steps, stopServer, tid, waitFor, watchdog,
} from './lib.mjs';
import { openAs, sessionIn } from './fixtures.mjs';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-discussion-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const session = await sessionIn(server.url, 'ideas');
    const { sid } = session;
    const { annIdea, bobIdea } = session.ids;

    const fac = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
    await openAs(fac, server.url, session, 'facilitator');
    const ann = await openPage(browser, 'Ann', consoleLines, PHONE);
    await openAs(ann, server.url, session, 'participant');
    const bob = await openPage(browser, 'Bob', consoleLines, LAPTOP);
    await bob.goto(`${server.url}/`);
    await bob.evaluate(([key, token]) => window.localStorage.setItem(key, token), [`summit.participant.${sid}`, session.bob.token]);
    await bob.goto(`${server.url}/s/${sid}`);
    // The facilitator neither comments nor reacts: the console shows what others said.
    await waitFor(fac, `${tid('idea-card')}[data-idea-id="${annIdea}"]`, 'Ann\'s idea');
    for (const page of [ann, bob]) await waitFor(page, tid(`comments-idea-${annIdea}`), 'the comments of Ann\'s idea');

    await step('Bob comments on Ann\'s idea with Enter, ready for the next remark', async () => {
      await bob.locator(tid(`comments-idea-${annIdea}`)).click();
      const input = bob.locator(tid(`comment-input-idea-${annIdea}`));
      await input.fill('Could the calendar live in the CRM?');
      await input.press('Enter');
      await poll('the box is empty again', () => input.inputValue(), (v) => v === '');
      assert(await input.evaluate((el) => el === document.activeElement), 'the focus left the comment box');
    });

    await step('Ann and the facilitator see it at once, with its author', async () => {
      for (const page of [ann, fac]) {
        const summaryOf = page.locator(tid(`comments-idea-${annIdea}`));
        await poll('"1 comment"', () => summaryOf.textContent(), (t) => t?.includes('1 comment'));
        await summaryOf.click();
        const comment = page.locator(tid('comment-1'));
        await poll('the comment', () => comment.textContent(), (t) => t?.includes('Could the calendar live in the CRM?') && t.includes('Bob'));
      }
    });

    await step('reactions are counted live on every page; one\'s own is pressed', async () => {
      const plus = (page) => page.locator(tid(`react-plus_one-idea-${bobIdea}`));
      const heart = (page) => page.locator(tid(`react-heart-idea-${bobIdea}`));
      await plus(ann).click();
      await heart(bob).click();
      for (const page of [ann, bob, fac]) {
        await poll('+1 counted', () => plus(page).locator('.reaction-count').textContent(), (t) => t === '1');
        await poll('♥ counted', () => heart(page).locator('.reaction-count').textContent(), (t) => t === '1');
      }
      assert(await plus(ann).getAttribute('aria-pressed') === 'true', 'Ann\'s +1 is not pressed on her page');
      assert(await plus(bob).getAttribute('aria-pressed') === 'false', 'Ann\'s +1 shows as Bob\'s');
      await plus(ann).click();
      await poll('taken back, for Bob too', () => plus(bob).locator('.reaction-count').textContent(), (t) => t === '');
      await ann.screenshot({ path: path.join(ARTIFACTS, 'discussion-participant-phone.png'), fullPage: true });
      await bob.screenshot({ path: path.join(ARTIFACTS, 'discussion-participant-laptop.png'), fullPage: true });
    });

    await step('the facilitator hides the comment; it is gone for Ann, and comes back', async () => {
      await fac.locator(tid('hide-comment-1')).click();
      await poll('gone for Ann', () => ann.locator(tid('comment-1')).count(), (n) => n === 0);
      await waitFor(fac, tid('restore-comment-1'), 'the comment under "Hidden cards"');
      // It says what it answered: a comment alone is a sentence out of context.
      const ideaText = (await fac.locator(`${tid('idea-card')}[data-idea-id="${annIdea}"] .card-text`).textContent()).trim();
      const row = (await fac.locator(`${tid('hidden-cards')} .hidden-card`).textContent()) ?? '';
      assert(row.includes(`On “${ideaText}”`), `the hidden comment's row says: ${row}`);
      await fac.screenshot({ path: path.join(ARTIFACTS, 'discussion-console-laptop.png'), fullPage: true });
      await fac.locator(tid('restore-comment-1')).click();
      await poll('back for Ann', () => ann.locator(tid(`comments-idea-${annIdea}`)).textContent(), (t) => t?.includes('1 comment'));
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'discussion-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'discussion-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
