// End-to-end browser test: in every phase, the moderation controls a screen shows
// (and the Support and Pick toggles) are exactly the ones the server would accept.
//
//   node tests/e2e/moderation.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// For each phase and for each of two viewers, the facilitator and a participant
// (Ann, Marketing), a fresh session is brought to that phase through the API, with
// a problem and an idea of Ann's and of Bob's (Customer Service). The viewer's page
// lists the "Hide" (in the facilitator's menu per card) and "Withdraw" buttons it
// shows on every problem and idea card, and
// the "Support" and "Pick" toggles on problem cards. Then the server is asked, card
// by card, with the viewer's own token: each command is sent for real (the toggles
// first, then the withdrawals of ideas, then of problems, since withdrawing a
// problem takes its ideas along). The buttons shown must be exactly the commands
// accepted (and, for a toggle, changing something); a shown button the server
// refuses, or a hidden one it accepts, fails the test. Screenshots go to
// tests/artifacts/e2e/.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid,
  waitFor, watchdog,
} from './lib.mjs';
import { PHASES as ALL_PHASES, openAs, sessionIn } from './fixtures.mjs';

const PHASES = ALL_PHASES.filter((p) => p !== 'lobby');

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

/** The viewer's page of a session, once the phase's cards are on it. */
async function pageOf(session, viewer, phase) {
  const page = await openPage(browser, `${viewer} in ${phase}`, consoleLines);
  await openAs(page, server.url, session, viewer);
  await waitFor(page, tid('phase-name'), 'phase-name');
  await poll(`${viewer} in ${phase}: the phase shown`, () => page.locator(tid('phase-name')).first().textContent(),
    (t) => t?.trim().toLowerCase() === phase);
  await waitFor(page, tid('problem-card'), 'a problem card');
  return page;
}

/** Every card's id on the page, and whether it shows the control `testid(id)`. */
async function shownOn(page, kind, testid) {
  // The facilitator's moderation sits in a menu per card: open them all (a menu
  // with nothing the server would accept is not there to open).
  await page.evaluate(() => document.querySelectorAll('details.card-menu').forEach((d) => { d.open = true; }));
  const cards = page.locator(tid(`${kind}-card`));
  const shown = new Map();
  for (let i = 0; i < await cards.count(); i++) {
    const id = await cards.nth(i).getAttribute(`data-${kind}-id`);
    const button = page.locator(tid(testid(id)));
    const visible = (await button.count()) > 0 && await button.first().isVisible();
    // A card may show up twice (a problem with its ideas); one verdict per card.
    shown.set(id, shown.get(id) || visible);
  }
  return shown;
}

/**
 * The controls to check, in the order their commands are sent: each with the
 * control's test id, the cards' kind, and the command it sends for a card of `state`
 * (the viewer's snapshot).
 */
const TOGGLES_AND_WITHDRAWALS = [
  { name: 'Support', kind: 'problem', testid: (id) => `support-${id}`,
    command: (id, state, me) => ({ type: 'support_problem', problem: Number(id), support: !state.problems[id].support.includes(me) }) },
  { name: 'Pick', kind: 'problem', testid: (id) => `confirm-pick-${id}`,
    command: (id, state) => ({ type: 'confirm_pick', problem: Number(id), picked: !state.problems[id].picked }) },
  { name: 'Withdraw', kind: 'idea', testid: (id) => `withdraw-idea-${id}`,
    command: (id) => ({ type: 'withdraw_idea', idea: Number(id) }) },
  { name: 'Withdraw', kind: 'problem', testid: (id) => `withdraw-problem-${id}`,
    command: (id) => ({ type: 'withdraw_problem', problem: Number(id) }) },
];

// Hiding changes what Pick and Support may do (a hidden problem cannot be picked,
// a picked one cannot be hidden): checked on a session of its own.
const HIDES = [
  { name: 'Hide', kind: 'idea', testid: (id) => `hide-idea-${id}`,
    command: (id) => ({ type: 'hide_idea', idea: Number(id), hidden: true }) },
  { name: 'Hide', kind: 'problem', testid: (id) => `hide-problem-${id}`,
    command: (id) => ({ type: 'hide_problem', problem: Number(id), hidden: true }) },
];

/** Opens a fresh session in `phase` as `viewer` and checks `controls` against the server. */
async function check(phase, viewer, controls, label) {
  const session = await sessionIn(server.url, phase);
  const page = await pageOf(session, viewer, phase);
  await page.screenshot({ path: path.join(ARTIFACTS, `moderation-${phase}-${viewer}-${label}.png`), fullPage: true });
  const shown = [];
  for (const control of controls) shown.push(await shownOn(page, control.kind, control.testid));
  await page.context().close();
  const token = viewer === 'facilitator' ? session.fac : session.ann.token;
  const { api, tryApi } = apiOf(server.url);
  const snapshot = JSON.parse((await api(`/api/sessions/${session.sid}`, token)).body);
  const verdicts = [];
  for (const [i, control] of controls.entries()) {
    for (const [id, visible] of shown[i]) {
      const command = control.command(id, snapshot.state, snapshot.viewer.participant);
      const res = await tryApi(`/api/sessions/${session.sid}/commands`, token, json({ command }));
      assert(res.status === 200 || (res.status >= 400 && res.status < 500),
        `${control.kind} ${id}: the server answered ${res.status}: ${res.body}`);
      // Accepted, and it changes something (a toggle is sent to its other side).
      const accepted = res.status === 200 && JSON.parse(res.body).events.length > 0;
      const why = res.status === 200 ? 'accepts' : `refuses (${JSON.parse(res.body).error.code})`;
      verdicts.push(`${control.name} on ${control.kind} ${id}: shown ${visible}, server ${why}`);
      assert(visible === accepted, `${viewer} in ${phase}, ${control.name} on ${control.kind} ${id}: ` +
        `the button is ${visible ? 'shown' : 'hidden'}, but the server ${why} ${JSON.stringify(command)}`);
    }
  }
  assert(shown[controls.length - 1].size > 0, `${viewer} in ${phase}: no problem card to check`);
  console.log(`     ${verdicts.join('\n     ')}`);
}

async function main() {
  // Beside the other tests' artifacts (scripts/test.sh empties the folder first).
  await mkdir(ARTIFACTS, { recursive: true });
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-e2e-moderation-'));
  try {
    await step('start the server and the browser', async () => {
      server = await startServer(dbDir);
      browser = await launchBrowser();
      console.log(`     server at ${server.url}`);
    });
    for (const phase of PHASES) {
      for (const viewer of ['facilitator', 'participant']) {
        await step(`${phase}: the ${viewer}'s Withdraw, Support and Pick buttons are exactly what the server accepts`,
          () => check(phase, viewer, TOGGLES_AND_WITHDRAWALS, 'toggles'));
        await step(`${phase}: the ${viewer}'s Hide buttons are exactly what the server accepts`,
          () => check(phase, viewer, HIDES, 'hide'));
      }
    }
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'moderation-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'moderation-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(5 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
