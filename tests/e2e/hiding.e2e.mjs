// End-to-end browser test: moderation without loss, live across three browsers.
//
//   node tests/e2e/hiding.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// During Vote the facilitator hides Bob's idea, which holds one of Ann's dots, from
// the card's menu, by keyboard. It vanishes at once from Ann's page; the facilitator
// keeps it under "Hidden cards". The dots cast stay as they were, on the server and
// on the projector (a refund would tell the room the idea's tally); Ann is told
// that one of her dots is on an idea no longer shown and takes it back with one
// button. Bob, whose idea it is, is told on his page and can read what was hidden.
// Then the facilitator restores the idea with one action and everyone sees
// it again. Screenshots go to tests/artifacts/e2e/hiding-*.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, launchBrowser, openPage, poll, startServer, steps, stopServer, tid, waitFor,
  watchdog,
} from './lib.mjs';
import { openAs, sessionIn } from './fixtures.mjs';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

const cards = (page, id) => page.locator(`${tid('idea-card')}[data-idea-id="${id}"]`).count();

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-hiding-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const { api } = apiOf(server.url);
    const session = await sessionIn(server.url, 'vote');
    const idea = session.ids.bobIdea;
    const total = async (token) => {
      const { state } = JSON.parse((await api(`/api/sessions/${session.sid}`, token)).body);
      return Object.values(state.votes).flatMap((m) => Object.values(m)).reduce((a, b) => a + b, 0) + state.hidden_votes;
    };

    const fac = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
    await openAs(fac, server.url, session, 'facilitator');
    const ann = await openPage(browser, 'Ann', consoleLines, PHONE);
    await openAs(ann, server.url, session, 'participant');
    const bob = await openPage(browser, 'Bob', consoleLines, PHONE);
    await bob.goto(`${server.url}/`);
    await bob.evaluate(([k, t]) => localStorage.setItem(k, t), [`summit.participant.${session.sid}`, session.bob.token]);
    await bob.goto(`${server.url}/s/${session.sid}`);
    const screen = await openPage(browser, 'screen', consoleLines, LAPTOP);
    await openAs(screen, server.url, session, 'screen');
    for (const page of [fac, ann]) await waitFor(page, `${tid('idea-card')}[data-idea-id="${idea}"]`, 'the idea');
    const before = await total(session.bob.token);
    const dotsOnScreen = () => screen.locator(tid('screen-dots')).first().textContent().then((t) => t?.trim());
    await poll('the projector counts the dot cast', dotsOnScreen, (t) => t?.startsWith(String(before)));
    const screenBefore = await dotsOnScreen();

    await step('the facilitator hides the idea by keyboard, from its menu', async () => {
      const menu = fac.locator(tid(`card-menu-idea-${idea}`)).first();
      await menu.focus();
      await fac.keyboard.press('Enter');
      const hide = fac.locator(tid(`hide-idea-${idea}`)).first();
      await poll('the menu opens', () => hide.isVisible(), Boolean);
      await fac.keyboard.press('Tab');
      assert(await hide.evaluate((b) => b === document.activeElement), 'Tab does not reach "Hide"');
      await fac.keyboard.press('Enter');
      await waitFor(fac, tid(`restore-idea-${idea}`), 'the idea under "Hidden cards"');
      await fac.screenshot({ path: path.join(ARTIFACTS, 'hiding-console-laptop.png'), fullPage: true });
    });

    await step('it is gone for Ann at once, and no count moved anywhere', async () => {
      await poll('gone for Ann', () => cards(ann, idea), (n) => n === 0);
      assert(await total(session.bob.token) === before, 'the dots cast changed: a tally would leak');
      assert(await dotsOnScreen() === screenBefore, `the projector's count moved: ${await dotsOnScreen()}`);
      await waitFor(ann, tid('stranded-dots'), "Ann's notice of her dot");
      const said = await ann.locator(tid('stranded-dots')).textContent();
      assert(said.includes('1 of your votes is on an idea no longer shown'), `Ann is told: ${said}`);
      await ann.screenshot({ path: path.join(ARTIFACTS, 'hiding-participant-phone.png'), fullPage: true });
      // Bob, whose idea it is, is told, and can read what was hidden.
      const told = bob.locator(tid('hidden-mine'));
      await waitFor(bob, tid('hidden-mine'), "Bob's notice");
      const summaryText = await told.locator('summary').textContent();
      assert(summaryText.includes('The facilitator hid one of your contributions'), `Bob is told: ${summaryText}`);
      await told.locator('summary').focus();
      await bob.keyboard.press('Enter');
      await poll('it opens to his words', () => told.locator('li').first().isVisible(), Boolean);
      assert((await told.locator('li').first().textContent()) === "Bob's idea", 'Bob reads his own words');
      await bob.screenshot({ path: path.join(ARTIFACTS, 'hiding-author-phone.png') });
      await screen.screenshot({ path: path.join(ARTIFACTS, 'hiding-screen.png') });
    });

    await step('Ann takes her dot back with one button', async () => {
      const left = () => ann.locator(tid('votes-left')).first().textContent().then((t) => Number(t?.trim()));
      const was = await left();
      await ann.locator(tid('take-back-dots')).click();
      await poll('her dot is back', left, (n) => n === was + 1);
      await poll('the notice is gone', () => ann.locator(tid('stranded-dots')).count(), (n) => n === 0);
    });

    await step('the facilitator restores it with one action; everyone sees it again', async () => {
      await fac.locator(tid(`restore-idea-${idea}`)).click();
      await poll('back for Ann', () => cards(ann, idea), (n) => n === 1);
      await poll('no hidden cards left', () => fac.locator(tid('hidden-cards')).count(), (n) => n === 0);
      await poll("Bob's notice goes", () => bob.locator(tid('hidden-mine')).count(), (n) => n === 0);
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'hiding-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'hiding-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
