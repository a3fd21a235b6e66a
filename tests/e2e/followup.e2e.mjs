// End-to-end browser test: action items followed up after the summit.
//
//   node tests/e2e/followup.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// A closed summit with two agreed action items, one of them overdue. The facilitator
// (laptop) creates the follow-up link; a lead (phone) opens it: the overdue item
// first and marked, a status to set and a note to add by keyboard, and nothing else
// to press. The facilitator sees both live. The facilitator renews the link: the old
// one stops working. The calendar feed is created and answers with the items. Last,
// the facilitator deletes the session, typing its title: it is gone for everyone.
// Screenshots go to tests/artifacts/e2e/followup-*.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid, waitFor, watchdog,
} from './lib.mjs';
import { MARKETING, openAs, sessionIn } from './fixtures.mjs';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

const items = (page) => page.locator(tid('follow-up-item'));
const itemText = (page, id) => page.locator(`${tid('follow-up-item')}[data-action-id="${id}"]`).textContent();

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-followup-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const { api, tryApi } = apiOf(server.url);
    const session = await sessionIn(server.url, 'plan', { withActions: true });
    const { sid, fac: facToken } = session;
    const cmd = (command) => api(`/api/sessions/${sid}/commands`, facToken, json({ command }));
    // A second item, due long ago: overdue.
    await cmd({
      type: 'create_action',
      action: { problem: session.ids.bobProblem, idea: session.ids.annIdea, title: 'Brief the support leads', owner: 'Eli', department: MARKETING, due: '2026-01-10', status: 'open' },
    });
    await cmd({ type: 'set_phase', phase: 'closed' });

    const fac = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
    await openAs(fac, server.url, session, 'facilitator');
    let leadUrl;

    await step('after the summit the console shows the items to follow up and creates the follow-up link', async () => {
      await waitFor(fac, tid('follow-up'), 'the follow-up list');
      await poll('two items', () => items(fac).count(), (n) => n === 2);
      await fac.locator(tid('link-create-follow_up')).click();
      await waitFor(fac, tid('link-url-follow_up'), 'the follow-up link');
      leadUrl = await fac.locator(tid('link-url-follow_up')).inputValue();
      assert(leadUrl.includes(`/s/${sid}/actions#key=`), `the link: ${leadUrl}`);
      // Its key is blurred until asked for, as the facilitator link is (a console
      // on the room's screen or in a call would hand it out).
      const blurred = () => fac.locator(tid('link-url-follow_up')).evaluate((el) => getComputedStyle(el).color === 'rgba(0, 0, 0, 0)' && getComputedStyle(el).textShadow.includes('px'));
      assert(await blurred(), 'the follow-up link is shown in the clear');
      // Nobody is in the room any more: no "In the room" beside the items.
      assert(await fac.locator(tid('readiness')).count() === 0, 'the closed summit\'s console still shows "In the room"');
      await fac.screenshot({ path: path.join(ARTIFACTS, 'followup-console-laptop.png'), fullPage: true });
      const show = fac.getByRole('button', { name: 'Show Follow-up link for leads' });
      assert(await show.count() === 1, 'the Show button does not name its link');
      await show.click();
      assert(!(await blurred()), 'Show leaves the link blurred');
      await fac.locator(tid('link-show-follow_up')).click();
      assert(await blurred(), 'Hide leaves the link in the clear');
    });

    const lead = await openPage(browser, 'lead', consoleLines, PHONE);
    await step('a lead opens the link on a phone: overdue first, marked', async () => {
      await lead.goto(leadUrl);
      await waitFor(lead, tid('follow-up-page'), 'the follow-up page');
      await poll('two items', () => items(lead).count(), (n) => n === 2);
      assert(await lead.locator(tid('follow-up-not-yet')).count() === 0, 'told that follow-up waits, after the summit');
      const first = await items(lead).first().getAttribute('data-action-id');
      assert(first === '2', `the overdue item comes first, not ${first}`);
      await waitFor(lead, tid('follow-up-overdue-2'), 'the overdue mark');
      assert((await itemText(lead, 2)).includes('Overdue'), 'it says overdue');
      const counts = await lead.locator(tid('follow-up-counts')).textContent();
      assert(/open 2/i.test(counts), `the counts: ${counts}`);
      const late = (await lead.locator(tid('follow-up-late')).textContent())?.trim();
      assert(late === '1 overdue', `the overdue count says "${late}"`);
      // Set apart from the statuses: the overdue are some of the open ones, not a fourth kind.
      assert(await lead.locator(`${tid('follow-up-counts')} .status-pill`).count() === 3, 'overdue is drawn as a status of its own');
      // A lead has nothing of the room: no phase controls, no delete, no links.
      for (const absent of ['links-panel', 'delete-session', 'phase-next']) {
        assert(await lead.locator(tid(absent)).count() === 0, `${absent} is not a lead's`);
      }
      // The exports are a row each on a phone (six tiles would fill the screen), still
      // easy to tap.
      const rows = await lead.locator('.export-link').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height));
      assert(rows.length === 6, `${rows.length} exports for a lead`);
      assert(rows.every((h) => h >= 44), `an export shorter than a finger: ${rows}`);
      const list = await lead.locator('.export-list').evaluate((ul) => ul.getBoundingClientRect().height);
      assert(list <= 0.45 * 844, `the exports take ${Math.round(list)} px of an 844 px phone`);
      await lead.screenshot({ path: path.join(ARTIFACTS, 'followup-lead-phone.png'), fullPage: true });
    });

    await step('the lead sets a status and adds a note by keyboard; the facilitator sees both live', async () => {
      await lead.locator(tid('follow-up-status-2')).selectOption('in_progress');
      await lead.locator(tid('follow-up-note-2')).focus();
      await lead.keyboard.type('Briefing booked for Monday');
      await lead.keyboard.press('Enter');
      await poll('the note shows for the lead', () => lead.locator(tid('follow-up-notes-2')).textContent(), (t) => t.includes('Briefing booked for Monday') && t.includes('Lead'));
      await poll('the field is empty again', () => lead.locator(tid('follow-up-note-2')).inputValue(), (v) => v === '');
      await poll('the facilitator sees the note', () => fac.locator(tid('follow-up-notes-2')).textContent(), (t) => t.includes('Briefing booked for Monday'));
      await poll('the facilitator sees the status', () => fac.locator(tid('follow-up-status-2')).inputValue(), (v) => v === 'in_progress');
      // An empty note is refused next to the field, not sent.
      await lead.locator(tid('follow-up-add-1')).click();
      await poll('an empty note is explained', () => lead.locator(`${tid('follow-up-item')}[data-action-id="1"] .field-error`).count(), (n) => n === 1);
      await lead.screenshot({ path: path.join(ARTIFACTS, 'followup-lead-noted-phone.png'), fullPage: true });
    });

    await step('a new link stops the old one at once', async () => {
      await fac.locator(tid('link-renew-follow_up')).click();
      await poll('a new link', () => fac.locator(tid('link-url-follow_up')).inputValue(), (v) => v !== leadUrl && v.includes('#key='));
      const oldKey = leadUrl.split('#key=')[1];
      const { status } = await tryApi(`/api/sessions/${sid}`, oldKey);
      assert(status === 401, `the old key answers ${status}`);
      await lead.reload();
      await waitFor(lead, tid('error-banner'), 'the refusal on reload');
    });

    await step('the calendar feed answers with the items', async () => {
      await fac.locator(tid('link-create-calendar')).click();
      await waitFor(fac, tid('link-url-calendar'), 'the calendar link');
      const feed = await fac.locator(tid('link-url-calendar')).inputValue();
      const subscribe = await fac.locator(tid('link-subscribe')).getAttribute('href');
      assert(subscribe.startsWith('webcal://'), `subscribe: ${subscribe}`);
      const res = await fetch(feed);
      const ics = await res.text();
      assert(res.status === 200 && ics.includes('BEGIN:VTODO') && ics.includes('STATUS:IN-PROCESS'), `the feed: ${res.status} ${ics.slice(0, 200)}`);
      await fac.locator(tid('links-panel')).screenshot({ path: path.join(ARTIFACTS, 'followup-links-laptop.png') });
    });

    await step('the facilitator deletes the session after typing its title', async () => {
      await fac.locator(`${tid('delete-session')} summary`).click();
      const confirm = fac.locator(tid('delete-confirm'));
      await fac.locator(tid('delete-title')).fill('A summit');
      assert(await confirm.isDisabled(), 'a wrong title does not delete');
      await fac.locator(tid('delete-title')).fill('A summit in plan');
      await poll('the button works', () => confirm.isDisabled(), (d) => d === false);
      await fac.locator(tid('delete-session')).screenshot({ path: path.join(ARTIFACTS, 'followup-delete-laptop.png') });
      await confirm.click();
      await poll('back on the start page', () => fac.evaluate(() => location.pathname), (p) => p === '/');
      const { status } = await tryApi(`/api/sessions/${sid}`, facToken);
      assert(status === 404, `the session answers ${status}`);
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'followup-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'followup-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
