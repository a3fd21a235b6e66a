// End-to-end browser test: action items carried over into the next summit.
//
//   node tests/e2e/carryover.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// Last year's summit is closed with three agreed items: one in progress with a
// progress note, one open, one done. This year's facilitator creates a new summit
// on the start page and pastes last year's facilitator link: a link that is not one,
// then one with a wrong key, are refused next to the field. The new summit starts
// with a Review phase between Lobby and Problems, where the two open items wait with
// their history. The facilitator marks one continue and one drop; a participant (on a
// phone) and the projector see the verdicts arrive live. The continuing item is then
// this summit's: a lead's follow-up page lists it with where it came from. Last
// year's lead, following up last year's summit, sees each decision arrive there: an
// item marked done is done there, with a note naming the new summit; changed to
// drop, it has its status again and a note says it was dropped.
// Screenshots go to tests/artifacts/e2e/carryover-*.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid, waitFor, watchdog,
} from './lib.mjs';
import { MARKETING, SERVICE, openAs, sessionIn } from './fixtures.mjs';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };
const PROJECTOR = { width: 1920, height: 1080 };

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-carryover-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const { api } = apiOf(server.url);
    const body = async (res) => JSON.parse((await res).body);

    // Last year's summit: "Launch calendar" (open), two more items, then closed.
    const last = await sessionIn(server.url, 'plan', { withActions: true });
    const lastCmd = (command) => api(`/api/sessions/${last.sid}/commands`, last.fac, json({ command }));
    const item = (title, status, department) => ({
      type: 'create_action',
      action: { problem: last.ids.bobProblem, idea: last.ids.annIdea, title, owner: 'Eli', department, due: '2026-03-01', status },
    });
    await lastCmd(item('Brief the support leads', 'in_progress', SERVICE));
    await lastCmd(item('Publish the promo FAQ', 'done', MARKETING));
    await lastCmd({ type: 'add_note', id: 2, text: 'Half the leads briefed' });
    await lastCmd({ type: 'set_phase', phase: 'closed' });
    const lastLink = `${server.url}/s/${last.sid}/facilitate#key=${last.fac}`;

    const fac = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
    let sid;
    let facToken;

    await step('the start page refuses a link that opens no summit, next to the field', async () => {
      await fac.goto(`${server.url}/`);
      await waitFor(fac, tid('create-title'), 'the create form');
      await fac.locator(tid('create-title')).fill('Summit 2027');
      await fac.locator(tid('create-carry')).fill('https://example.com/not/a/summit');
      await fac.locator(tid('create-carry')).press('Tab');
      await poll('says it is not a link', () => fac.locator(tid('create-carry-error')).textContent(), (t) => /not the facilitator link/i.test(t));
      assert(await fac.locator(tid('create-submit')).isDisabled(), 'no summit from a wrong link');
      // The right shape, the wrong key: the server says so, under the field.
      await fac.locator(tid('create-carry')).fill(`${server.url}/s/${last.sid}/facilitate#key=wrongkey`);
      await fac.locator(tid('create-carry')).press('Tab');
      await poll('the button works', () => fac.locator(tid('create-submit')).isDisabled(), (d) => d === false);
      await fac.locator(tid('create-submit')).click();
      await poll('the refusal under the field', () => fac.locator(tid('create-carry-error')).textContent(), (t) => /renewed or revoked/.test(t));
      assert(new URL(fac.url()).pathname === '/', 'still on the start page');
      await fac.screenshot({ path: path.join(ARTIFACTS, 'carryover-refused-laptop.png'), fullPage: true });
    });

    await step('with last year\'s facilitator link the new summit carries its open items into Review', async () => {
      await fac.locator(tid('create-carry')).fill(lastLink);
      await poll('no refusal', () => fac.locator(tid('create-carry-error')).textContent(), (t) => t.trim() === '');
      await fac.locator(tid('create-submit')).click();
      await poll('the console', () => fac.evaluate(() => location.pathname), (p) => p.endsWith('/facilitate'));
      sid = (await fac.evaluate(() => location.pathname)).split('/')[2];
      facToken = await fac.evaluate((id) => localStorage.getItem(`summit.facilitator.${id}`), sid);
      assert(facToken, 'the facilitator token is kept');
      await poll('Review among the steps', () => fac.locator('.step-label').allTextContents(), (l) => l.join('|') === 'Lobby|Review|Problems|Pick|Ideas|Vote|Plan|Closed');
      await poll('next is Review', () => fac.locator(tid('phase-next')).textContent(), (t) => /Review/.test(t));
      await fac.locator(tid('phase-next')).click();
      await waitFor(fac, tid('carried-review'), 'the review');
      await poll('two carried items', () => fac.locator(tid('carried-item')).count(), (n) => n === 2);
      const text = await fac.locator(tid('carried-review')).textContent();
      assert(text.includes('A summit in plan'), 'says where they come from');
      assert(text.includes('Half the leads briefed'), 'with their progress notes');
      assert(!text.includes('Publish the promo FAQ'), 'a done item stays behind');
    });

    // A participant on a phone and the projector watch.
    const ann = await body(api(`/api/sessions/${sid}/participants`, null, json({ name: 'Ann', department: SERVICE })));
    const phone = await openPage(browser, 'participant', consoleLines, PHONE);
    await openAs(phone, server.url, { sid, ann }, 'participant');
    const screen = await openPage(browser, 'screen', consoleLines, PROJECTOR);
    await openAs(screen, server.url, { sid, fac: facToken }, 'screen');

    // Last year's lead follows last year's summit up.
    await lastCmd({ type: 'issue_link', link: 'follow_up' });
    const lastLinks = await body(api(`/api/sessions/${last.sid}/links`, last.fac));
    const lastLead = await openPage(browser, 'last-lead', consoleLines, LAPTOP);
    await lastLead.goto(`${server.url}/s/${last.sid}/actions#key=${lastLinks.follow_up}`);
    await waitFor(lastLead, tid('follow-up-page'), "last year's follow-up page");
    const briefed = lastLead.locator(`${tid('follow-up-item')}[data-action-id="2"]`);

    await step("a decision reaches last year's follow-up page, live", async () => {
      await waitFor(fac, tid('carried-done-2'), 'the Done button');
      await fac.locator(tid('carried-done-2')).click();
      await poll('done there', () => lastLead.locator(tid('follow-up-status-2')).inputValue(), (v) => v === 'done');
      await poll('with a note naming this summit', () => lastLead.locator(tid('follow-up-notes-2')).textContent(), (t) => t.includes('Marked done in the review at “Summit 2027”'));
      assert((await briefed.getAttribute('class')).includes('status-done'), 'the card shows it done');
      await lastLead.screenshot({ path: path.join(ARTIFACTS, 'carryover-earlier-lead-laptop.png'), fullPage: true });
    });

    await step('the facilitator decides, live for everyone', async () => {
      await waitFor(phone, tid('carried-review'), "the participant's review");
      await waitFor(screen, tid('carried-review'), "the projector's review");
      assert(await phone.locator(tid('carried-continue-1')).count() === 0, 'a participant watches, no buttons');
      // The room's decision is named as one: beside the item's own status a bare
      // "Open" or "Done" would read as a second status.
      const pending = (await phone.locator(tid('carried-verdict-1')).textContent()).trim();
      assert(pending === 'Undecided', `an undecided item says "${pending}"`);
      // The phase's one line tells a participant what goes on; the long explanation is the console's.
      assert(await phone.locator(tid('review-intro')).count() === 0, "the participant's phone repeats the review's explanation");
      assert(await fac.locator(tid('review-intro')).count() === 1, 'the console does not explain the review');
      await fac.locator(tid('carried-continue-1')).click();
      await fac.locator(tid('carried-drop-2')).click();
      // Changed from Done to Drop: last year's item is in progress again.
      await poll('in progress there again', () => lastLead.locator(tid('follow-up-status-2')).inputValue(), (v) => v === 'in_progress');
      await poll('a note says it was dropped', () => lastLead.locator(tid('follow-up-notes-2')).textContent(), (t) => t.includes('Dropped in the review at “Summit 2027”'));
      for (const [page, who] of [[phone, 'participant'], [screen, 'projector']]) {
        await poll(`${who} sees continue`, () => page.locator(tid('carried-verdict-1')).textContent(), (t) => t.trim() === 'Decision: Continued');
        await poll(`${who} sees drop`, () => page.locator(tid('carried-verdict-2')).textContent(), (t) => t.trim() === 'Decision: Dropped');
        // Dropped, its status and lateness are over: only the decision is shown.
        await poll(`${who} shows the dropped item's decision alone`, () => page.locator(`${tid('carried-item')}[data-action-id="2"] :is(.follow-up-meta .status-pill, .tag-overdue)`).count(), (n) => n === 0);
      }
      assert(await fac.locator(tid('carried-continue-1')).getAttribute('aria-pressed') === 'true', 'the chosen verdict is pressed');
      // Where it continues is asked of the continuing item only.
      assert(await fac.locator(tid('carried-department-1')).isVisible(), 'no department for the continuing item');
      assert(await fac.locator(tid('carried-department-2')).isHidden(), 'a dropped item "continues in" a department');
      const tally = await screen.locator(tid('review-tally')).textContent();
      assert(/Continued\s*1/.test(tally) && /Dropped\s*1/.test(tally), `the tally: ${tally}`);
      await fac.screenshot({ path: path.join(ARTIFACTS, 'carryover-console-laptop.png'), fullPage: true });
      await phone.screenshot({ path: path.join(ARTIFACTS, 'carryover-participant-phone.png'), fullPage: true });
      await screen.screenshot({ path: path.join(ARTIFACTS, 'carryover-screen-projector.png') });
    });

    await step('the continuing item is this summit\'s, with where it came from', async () => {
      await fac.locator(tid('phase-next')).click();
      await poll('Problems', () => phone.locator(tid('carried-review')).count(), (n) => n === 0);
      const cmd = (command) => api(`/api/sessions/${sid}/commands`, facToken, json({ command }));
      await cmd({ type: 'issue_link', link: 'follow_up' });
      const links = await body(api(`/api/sessions/${sid}/links`, facToken));
      const lead = await openPage(browser, 'lead', consoleLines, PHONE);
      await lead.goto(`${server.url}/s/${sid}/actions#key=${links.follow_up}`);
      await waitFor(lead, tid('follow-up-page'), 'the follow-up page');
      await poll('one item', () => lead.locator(tid('follow-up-item')).count(), (n) => n === 1);
      const text = await lead.locator(tid('follow-up-item')).textContent();
      assert(text.includes('Launch calendar') && text.includes('A summit in plan'), `the item: ${text}`);
      // In Problems it is shown without controls, and the page says when they come.
      assert(await lead.locator(tid('follow-up-not-yet')).isVisible(), 'the lead is not told why the item has no controls');
      assert(await lead.locator(`${tid('follow-up-item')} select`).count() === 0, 'a status control before Plan');
      await lead.screenshot({ path: path.join(ARTIFACTS, 'carryover-lead-phone.png'), fullPage: true });
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'carryover-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'carryover-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
