// End-to-end browser test: participants propose action items, the facilitator
// approves or declines, live across three browsers.
//
//   node tests/e2e/proposals.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// In Plan, Ann (phone) proposes an action item from Bob's idea: "Propose action item"
// opens the form with the idea's words as its title and the focus on the owner; she
// sends it and sees it as her proposal, awaiting approval. Bob (laptop) and the
// facilitator see it marked "Proposed by Ann". The facilitator reviews it, changes the
// owner and approves it: everyone sees an ordinary action item. Ann proposes another; the
// facilitator declines it with a reason, by keyboard: Ann sees the reason, Bob no
// longer sees the proposal. Screenshots go to tests/artifacts/e2e/proposals-*.png.

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

const rows = (page) => page.locator(tid('action-row'));
const rowText = (page, id) => page.locator(`${tid('action-row')}[data-action-id="${id}"]`).textContent().catch(() => null);

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-proposals-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const session = await sessionIn(server.url, 'plan');
    const { sid } = session;
    const { bobIdea, annIdea } = session.ids;

    const fac = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
    await openAs(fac, server.url, session, 'facilitator');
    const ann = await openPage(browser, 'Ann', consoleLines, PHONE);
    await openAs(ann, server.url, session, 'participant');
    const bob = await openPage(browser, 'Bob', consoleLines, LAPTOP);
    await bob.goto(`${server.url}/`);
    await bob.evaluate(([key, token]) => window.localStorage.setItem(key, token), [`summit.participant.${sid}`, session.bob.token]);
    await bob.goto(`${server.url}/s/${sid}`);
    let first;

    await step('Ann proposes an action item from an idea; the form is ready for the owner', async () => {
      const propose = ann.locator(tid(`make-action-${bobIdea}`));
      await waitFor(ann, tid(`make-action-${bobIdea}`), '"Propose action item" on Bob\'s idea');
      assert((await propose.textContent()).includes('Propose action item'), `the button says: ${await propose.textContent()}`);
      assert((await propose.getAttribute('class')).includes('btn-primary'), 'the voted idea\'s button is not the main one');
      // An idea nobody voted for may become one too, not as the main thing to do.
      const unvoted = ann.locator(tid(`make-action-${annIdea}`));
      await waitFor(ann, tid(`make-action-${annIdea}`), 'the button on the idea without votes');
      assert(!(await unvoted.getAttribute('class')).includes('btn-primary'), 'an idea without votes offers its action item as the main button');
      await propose.click();
      await waitFor(ann, tid('action-owner'), 'the proposal form');
      await poll('the focus is on the owner', () => ann.evaluate(() => document.activeElement?.dataset?.testid), (t) => t === 'action-owner');
      // The form opens under the idea it was tapped on, not at the top of the page.
      const underIdea = ann.locator('.ranked-item', { has: propose }).locator(tid('proposal-form'));
      assert(await underIdea.count() === 1, 'the proposal form is not under the idea');
      // Escape closes it, back on the idea's button; tapped again, it opens again.
      await ann.keyboard.press('Escape');
      await poll('Escape closed the form', () => ann.locator(tid('proposal-form')).count(), (n) => n === 0);
      await poll('the focus back on the idea', () => ann.evaluate(() => document.activeElement?.dataset?.testid), (t) => t === `make-action-${bobIdea}`);
      await propose.click();
      await poll('the focus is on the owner again', () => ann.evaluate(() => document.activeElement?.dataset?.testid), (t) => t === 'action-owner');
      assert(await ann.locator(tid('action-title')).inputValue() === "Bob's idea", 'the title is the idea\'s words');
      await ann.keyboard.type('Dana');
      await ann.screenshot({ path: path.join(ARTIFACTS, 'proposals-form-phone.png') });
      await ann.keyboard.press('Enter');
      await poll('Ann sees her proposal', () => rows(ann).count(), (n) => n === 1);
      first = await rows(ann).first().getAttribute('data-action-id');
      await poll('marked as hers, waiting', () => rowText(ann, first), (t) => t?.includes('Proposed by you') && t.includes('Awaiting approval'));
      // Each said once: who proposed it beside its words, that it waits in the status column.
      const said = (await rowText(ann, first)).match(/Proposed|Awaiting/g);
      assert(said.length === 2, `the row says "proposed"/"awaiting" ${said.length} times`);
      await poll('the form is closed', () => ann.locator(tid('action-owner')).count(), (n) => n === 0);
      await poll('sent, the focus is back on the idea', () => ann.evaluate(() => document.activeElement?.dataset?.testid), (t) => t === `make-action-${bobIdea}`);
      // The idea is taken up: a further proposal is "another", no longer the main button.
      await poll('the button offers another', () => propose.textContent(), (t) => t?.includes('Propose another action item'));
      assert(!(await propose.getAttribute('class')).includes('btn-primary'), 'proposing again is still the main button');
      // Said right at the idea, where it was proposed: it waits for approval.
      const atIdea = ann.locator(tid(`idea-proposals-${bobIdea}`));
      await poll('the proposal said at the idea', () => atIdea.textContent(), (t) => t?.trim() === '1 proposal awaiting approval');
      assert(await atIdea.isVisible(), 'the note at the idea is hidden');
      assert(await ann.locator(tid(`idea-proposals-${annIdea}`)).isHidden(), 'a proposal said at another idea');
      await ann.screenshot({ path: path.join(ARTIFACTS, 'proposals-participant-phone.png'), fullPage: true });
    });

    await step('Bob and the facilitator see it as Ann\'s proposal', async () => {
      await poll('Bob sees it', () => rowText(bob, first), (t) => t?.includes('Proposed by Ann'));
      await poll('the facilitator sees it', () => rowText(fac, first), (t) => t?.includes('Proposed by Ann'));
      await poll('the facilitator sees it at the idea', () => fac.locator(tid(`idea-proposals-${bobIdea}`)).textContent(), (t) => t?.trim() === '1 proposal awaiting approval');
      // Under the phase buttons, the console counts it and takes the facilitator to it.
      const waiting = fac.locator(tid('proposals-waiting'));
      await poll('the proposal counted by the phase buttons', () => waiting.textContent(), (t) => t?.trim() === '1 action item awaiting approval');
      await waiting.click();
      await poll('the focus on the action items', () => fac.evaluate(() => document.activeElement?.id), (id) => id === 'action-items');
      const approve = await fac.locator(tid(`action-approve-${first}`)).boundingBox();
      assert(approve && approve.y >= 0 && approve.y + approve.height <= fac.viewportSize().height, `Approve… out of sight: ${JSON.stringify(approve)}`);
      await fac.screenshot({ path: path.join(ARTIFACTS, 'proposals-console-laptop.png'), fullPage: true });
      // The new item's problem list shows its whole prompt ("Choose a problem…"), not its first word.
      await fac.locator(tid('action-new')).click();
      const cut = await fac.locator(tid('action-problem')).evaluate((select) => {
        const style = getComputedStyle(select);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = ctx.measureText(select.selectedOptions[0].textContent.trim()).width;
        // The room for words: the box less its padding and the arrow (about 1.5em).
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 1.5 * parseFloat(style.fontSize);
        return text - room;
      });
      assert(cut <= 0, `the problem list's prompt is ${Math.round(cut)} px wider than its box`);
      // On a laptop the whole row fits its card, "Decline" included: nothing to scroll sideways for.
      const wider = await fac.locator('.actions-card').evaluate((card) => card.scrollWidth - card.clientWidth);
      assert(wider <= 0, `the action table is ${wider} px wider than its card`);
    });

    await step('the facilitator changes the owner and approves it; everyone sees an action item', async () => {
      await fac.locator(tid(`action-approve-${first}`)).click();
      await waitFor(fac, tid('action-owner'), 'the approval form');
      assert((await fac.locator('.action-form h3').textContent()).includes('Approve proposal'), 'the form says it approves');
      await fac.locator(tid('action-owner')).fill('Eve');
      await fac.locator(tid('action-save')).click();
      for (const [who, page] of [['Ann', ann], ['Bob', bob], ['the facilitator', fac]]) {
        await poll(`${who} sees it agreed`, () => rowText(page, first), (t) => t !== null && t.includes('Eve') && !t.includes('Proposed') && !t.includes('Awaiting'));
      }
      await poll('nothing left to review', () => fac.locator(tid('proposals-waiting')).isVisible(), (v) => !v);
      for (const page of [ann, fac]) await poll('no proposal said at the idea', () => page.locator(tid(`idea-proposals-${bobIdea}`)).isHidden(), Boolean);
    });

    await step('the facilitator declines a second proposal by keyboard; Ann is told why, Bob no longer sees it', async () => {
      await ann.locator(tid(`make-action-${bobIdea}`)).click();
      await waitFor(ann, tid('action-owner'), 'the proposal form');
      await ann.keyboard.type('Dana');
      await ann.keyboard.press('Enter');
      await poll('two rows for Ann', () => rows(ann).count(), (n) => n === 2);
      const ids = await rows(ann).evaluateAll((rs) => rs.map((r) => r.dataset.actionId));
      const second = ids.find((id) => id !== first);
      await poll('Bob sees the second', () => rowText(bob, second), (t) => t?.includes('Proposed by Ann'));
      const decline = fac.locator(tid(`action-decline-${second}`));
      await waitFor(fac, tid(`action-decline-${second}`), '"Decline"');
      await decline.focus();
      await fac.keyboard.press('Enter');
      await poll('the focus is in the reason', () => fac.evaluate(() => document.activeElement?.dataset?.testid), (t) => t === `decline-reason-${second}`);
      await fac.keyboard.type('Covered by the first one');
      await fac.keyboard.press('Enter');
      await poll('Ann is told why', () => rowText(ann, second), (t) => t?.includes('Declined') && t.includes('Covered by the first one'));
      await poll('Bob no longer sees it', () => bob.locator(`${tid('action-row')}[data-action-id="${second}"]`).count(), (n) => n === 0);
      await poll('the facilitator keeps it, declined', () => rowText(fac, second), (t) => t?.includes('Declined'));
      // Declined once (its status), listed after the agreed item, and not counted.
      assert((await rowText(ann, second)).split('Declined').length === 2, `"Declined" said more than once: ${await rowText(ann, second)}`);
      const order = await rows(ann).evaluateAll((rs) => rs.map((r) => r.dataset.actionId));
      assert(order.at(-1) === second, `the declined proposal is not last: ${order}`);
      assert((await ann.locator('.actions-card .count-badge').textContent()).trim() === '1', 'the declined proposal is counted');
      await ann.screenshot({ path: path.join(ARTIFACTS, 'proposals-declined-phone.png'), fullPage: true });
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'proposals-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'proposals-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
