// End-to-end browser test: merging duplicate ideas, live across three browsers.
//
//   node tests/e2e/merging.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// In Ideas, five ideas answer Ann's problem; three say the same thing in other words.
// The facilitator's console lists them as one group under "Possible duplicates". The
// facilitator merges a third idea into Bob's by keyboard only (the card's menu,
// "Merge into…", a choice, Merge); Ann (phone) and Bob see "merged from 1 card" at
// once and can read the merged words. Bob then says "Same as…" of Cleo's idea; the
// facilitator accepts the suggestion with one button and everyone sees Bob's idea
// "merged from 2 cards". A fourth wording joins the look-alike left; "Merge all 2"
// merges both. Screenshots go to tests/artifacts/e2e/merging-*.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid, waitFor,
  watchdog,
} from './lib.mjs';
import { SERVICE, openAs, sessionIn } from './fixtures.mjs';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

const ideaCard = (page, id) => page.locator(`${tid('idea-card')}[data-idea-id="${id}"]`);

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-merging-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const { api, tryApi } = apiOf(server.url);
    const session = await sessionIn(server.url, 'ideas');
    const { sid } = session;
    const body = async (res) => JSON.parse((await res).body);
    const cmd = (token, command) => body(api(`/api/sessions/${sid}/commands`, token, json({ command })));
    const cleo = await body(api(`/api/sessions/${sid}/participants`, null, json({ name: 'Cleo', department: SERVICE })));
    const idea = async (token, text) => (await cmd(token, { type: 'submit_idea', problem: session.ids.annProblem, text })).events[0].event.idea.id;
    const early = await idea(session.bob.token, 'Tell support about every promotion a week before launch');
    const late = await idea(cleo.token, 'Tell support about each promotion one week before it launches');
    const calendar = await idea(cleo.token, 'Share the campaign calendar with the support team');
    const again = await idea(cleo.token, 'Tell support about every promotion one week before launch');
    const ideaOf = async (id) => (await body(api(`/api/sessions/${sid}`, session.fac))).state.ideas[id];

    const fac = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
    await openAs(fac, server.url, session, 'facilitator');
    const ann = await openPage(browser, 'Ann', consoleLines, PHONE);
    await openAs(ann, server.url, session, 'participant');
    const bob = await openPage(browser, 'Bob', consoleLines, LAPTOP);
    await bob.goto(`${server.url}/`);
    await bob.evaluate(([key, token]) => window.localStorage.setItem(key, token), [`summit.participant.${sid}`, session.bob.token]);
    await bob.goto(`${server.url}/s/${sid}`);
    for (const page of [fac, ann, bob]) await waitFor(page, `${tid('idea-card')}[data-idea-id="${calendar}"]`, 'the ideas');

    await step('the console lists the three ideas that read alike as one group under the earliest', async () => {
      const group = fac.locator(tid(`dup-group-idea-${early}`));
      await poll('the group is listed', () => group.count(), (n) => n === 1);
      assert(await fac.locator(`${tid('duplicates')} .dup-group`).count() === 1, 'the look-alikes are split over several groups');
      const row = group.locator(tid(`dup-idea-${late}-idea-${early}`));
      assert(await row.count() === 1, 'Cleo\'s first wording is not under Bob\'s');
      assert(await group.locator(tid(`dup-idea-${again}-idea-${early}`)).count() === 1, 'Cleo\'s second wording is not under Bob\'s');
      const text = await row.textContent();
      assert(/\d+% alike/.test(text), `the row says: ${text}`);
      const all = (await fac.locator(tid(`dup-merge-all-idea-${early}`)).textContent())?.trim();
      assert(all === 'Merge all 2', `the group's button says "${all}"`);
      assert(await fac.locator(`[data-testid^="dup-idea-${calendar}-"]`).count() === 0, 'an unrelated idea is listed');
      await fac.screenshot({ path: path.join(ARTIFACTS, 'merging-duplicates-console.png'), fullPage: true });
    });

    await step('the facilitator merges an idea into another by keyboard only', async () => {
      await fac.locator(tid(`card-menu-idea-${calendar}`)).first().focus();
      await fac.keyboard.press('Enter');
      const chooser = fac.locator(tid(`merge-idea-${calendar}`)).first();
      // The menu's content is built as it opens (a frame later than the keypress).
      await poll('the menu opens', () => chooser.isVisible(), Boolean);
      await fac.keyboard.press('Tab'); // Hide
      await fac.keyboard.press('Tab'); // Merge into…
      assert(await chooser.evaluate((s) => s === document.activeElement), 'Tab does not reach "Merge into…"');
      await fac.keyboard.press('Enter');
      const select = fac.locator(tid(`merge-select-idea-${calendar}`)).first();
      await poll('the choice opens', () => select.isVisible(), Boolean);
      await fac.keyboard.press('Tab');
      assert(await select.evaluate((s) => s === document.activeElement), 'Tab does not reach the choice');
      // The choices are the other ideas for the problem, oldest first: Bob's earlier
      // idea, then the one that promises a week's notice.
      const options = await select.locator('option').allTextContents();
      const target = options.findIndex((o) => o.startsWith('Tell support about every promotion'));
      assert(target >= 0, `the choices: ${options.join(' | ')}`);
      for (let i = 0; i < target; i += 1) await fac.keyboard.press('ArrowDown');
      await fac.keyboard.press('Tab');
      await fac.keyboard.press('Enter');
      await poll('the server has it merged', () => ideaOf(calendar), (i) => i?.merged_into === early);
      await fac.screenshot({ path: path.join(ARTIFACTS, 'merging-console-laptop.png'), fullPage: true });
    });

    await step('Ann and Bob see it live: one card fewer, "merged from 1 card", the words on demand', async () => {
      for (const page of [ann, bob]) {
        await poll('the merged card is gone', () => ideaCard(page, calendar).count(), (n) => n === 0);
        const merged = page.locator(tid(`merged-from-idea-${early}`)).first();
        await poll('"merged from 1 card"', () => merged.textContent(), (t) => t?.includes('merged from 1 card'));
        await merged.click();
        const words = await ideaCard(page, early).locator('.merged-from li').allTextContents();
        assert(words.includes('Share the campaign calendar with the support team'), `the merged words: ${words}`);
      }
      await ann.screenshot({ path: path.join(ARTIFACTS, 'merging-participant-phone.png'), fullPage: true });
    });

    await step('Bob suggests that Cleo\'s idea is the same as his; the facilitator accepts it', async () => {
      await bob.locator(tid(`same-as-idea-${late}`)).click();
      const select = bob.locator(tid(`same-as-select-idea-${late}`));
      await select.selectOption(String(early));
      await bob.locator(tid(`same-as-select-idea-${late}-send`)).click();
      await poll('Bob is told', () => bob.locator(tid(`suggested-idea-${late}`)).textContent(), (t) => t?.includes('facilitator decides'));
      const row = fac.locator(tid(`dup-idea-${late}-idea-${early}`));
      await poll('the console shows who many suggested it', () => row.textContent(), (t) => t?.includes('suggested by 1 person'));
      await fac.locator(tid(`dup-merge-idea-${late}-idea-${early}`)).click();
      await poll('the server has it merged', () => ideaOf(late), (i) => i?.merged_into === early);
      for (const page of [ann, bob]) {
        await poll('"merged from 2 cards"', () => page.locator(tid(`merged-from-idea-${early}`)).first().textContent(), (t) => t?.includes('merged from 2 cards'));
        await poll('the duplicate is gone', () => ideaCard(page, late).count(), (n) => n === 0);
      }
      await poll('one look-alike is left, without "Merge all"', () => fac.locator(`${tid('duplicates')} .dup-row`).count(), (n) => n === 1);
      assert(!(await fac.locator(tid(`dup-merge-all-idea-${early}`)).isVisible()), '"Merge all" offered for one card');
      await bob.screenshot({ path: path.join(ARTIFACTS, 'merging-participant-laptop.png'), fullPage: true });
    });

    await step('a fourth wording joins the group; "Merge all 2" merges both at once', async () => {
      const fourth = await idea(session.bob.token, 'Tell support about every promotion one week before it goes live');
      const all = fac.locator(tid(`dup-merge-all-idea-${early}`));
      await poll('the group offers "Merge all 2"', () => all.isVisible().then((v) => v && all.textContent()), (t) => t?.trim() === 'Merge all 2');
      await fac.screenshot({ path: path.join(ARTIFACTS, 'merging-group-console.png'), fullPage: true });
      await all.click();
      for (const id of [again, fourth]) await poll('the server has it merged', () => ideaOf(id), (i) => i?.merged_into === early);
      await poll('"merged from 4 cards"', () => ann.locator(tid(`merged-from-idea-${early}`)).first().textContent(), (t) => t?.includes('merged from 4 cards'));
      await poll('the console\'s list is empty', () => fac.locator(`${tid('duplicates')}:not([hidden])`).count(), (n) => n === 0);
    });

    await step('a look-alike that Bob also says is the same is dismissed for good', async () => {
      const fifth = await idea(cleo.token, 'Tell support about every promotion a week ahead of launch');
      await cmd(session.bob.token, { type: 'suggest_merge', card: { idea: fifth }, into: { idea: early } });
      const row = fac.locator(tid(`dup-idea-${fifth}-idea-${early}`));
      await poll('listed as suggested', () => row.count().then((n) => n && row.textContent()), (t) => t?.includes('suggested by 1 person'));
      await fac.locator(tid(`dup-dismiss-idea-${fifth}-idea-${early}`)).click();
      await poll('the list is empty', () => fac.locator(`${tid('duplicates')}:not([hidden])`).count(), (n) => n === 0);
      // The suggestion is gone on the server; the texts still read alike, and stay dismissed.
      await poll('the suggestion dismissed', async () => (await body(api(`/api/sessions/${sid}`, session.fac))).state.suggestions?.length ?? 0, (n) => n === 0);
      await new Promise((r) => setTimeout(r, 500));
      assert(await fac.locator(`${tid('duplicates')}:not([hidden])`).count() === 0, 'the look-alike came back after its suggestion was dismissed');
    });

    await step('once a dot is cast, ideas no longer merge (409 voting_started)', async () => {
      await cmd(session.fac, { type: 'set_phase', phase: 'vote' });
      await cmd(session.ann.token, { type: 'cast_vote', idea: early });
      await cmd(session.fac, { type: 'set_phase', phase: 'ideas' });
      const res = await tryApi(`/api/sessions/${sid}/commands`, session.fac, json({ command: { type: 'merge', card: { idea: session.ids.bobIdea }, into: { idea: early } } }));
      assert(res.status === 409 && JSON.parse(res.body).error.code === 'voting_started', `${res.status} ${res.body}`);
      await poll('no "Merge into…" is offered', () => fac.locator(`${tid(`card-menu-idea-${early}`)}:not([hidden])`).count(), (n) => n === 1);
      assert(await fac.locator(tid(`merge-idea-${early}`)).count() === 0 || !(await fac.locator(tid(`merge-idea-${early}`)).first().isVisible()), '"Merge into…" still offered');
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'merging-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'merging-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
