// End-to-end browser test: one whole summit, driven through the UI by three people
// at once (a facilitator, a Marketing participant, a Customer Service participant),
// each in their own browser context of Debian's headless Chromium.
//
//   node tests/e2e/summit.e2e.mjs        (after a release build; scripts/test.sh does both)
//
// Environment (all optional):
//   SUMMIT_BIN      server binary          (default target/release/summit)
//   SUMMIT_ASSETS   built front end        (default frontend/dist)
//   CHROMIUM_PATH   browser executable     (default /usr/bin/chromium)
//   E2E_TIMEOUT_MS  wait per expectation   (default 10000)
//   E2E_HEADED=1    show the browser (needs a display)
//   SUMMIT_E2E_LOCALE  the three browsers' language (default en-US; de-DE runs the
//                      summit in German and fails on any English text on a page)
//   SUMMIT_E2E_PHONE=1 the participants on 390×844 phones, or on WxH ones with
//                      SUMMIT_E2E_PHONE=360x640 (the vote bar's height is checked)
//
// It starts its own server on a free port with a throwaway SQLite database, and
// stops it and the browser whatever happens. Screenshots of every phase for every
// role and each page's console log go to tests/artifacts/e2e/. The last line is
// "N passed, N failed[, N skipped]"; the exit code is non-zero on any failure.
//
// The UI is found through data-testid attributes only (the front end's test
// contract); the server's JSON API is used to read ids and to check what each
// viewer is allowed to see.

import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, TIMEOUT, assert, launchBrowser, openPage, poll, roleOf, sleep, startServer, steps,
  stopServer, tid, waitFor, watchdog,
} from './lib.mjs';
import { englishOn, englishOnly, entries } from './catalogue.mjs';

const LOCALE = process.env.SUMMIT_E2E_LOCALE || 'en-US';
const LANG = LOCALE.slice(0, 2);
const PHONE_SIZE = process.env.SUMMIT_E2E_PHONE === '1' ? '390x844' : process.env.SUMMIT_E2E_PHONE;
const PHONE = /^\d+x\d+$/.test(PHONE_SIZE ?? '');
const PARTICIPANT_VIEWPORT = PHONE
  ? { width: Number(PHONE_SIZE.split('x')[0]), height: Number(PHONE_SIZE.split('x')[1]) }
  : undefined;
/** What this run's screenshots are called: `ideas-marketing.png`, `de-phone-ideas-marketing.png`. */
const RUN = [LANG !== 'en' ? LANG : '', PHONE ? `phone-${PHONE_SIZE}` : ''].filter(Boolean).join('-');
const shotName = (name) => (RUN ? `${RUN}-${name}` : name);
/** This run's language's texts ('common.phase_vote' → 'Abstimmung'). */
const TEXT = entries(LANG);
const text = (page, id) => page.locator(tid(id)).first().textContent().then((t) => t?.trim() ?? '');
const ENGLISH = LANG === 'en' ? null : englishOnly(LANG);
// The departments the create form proposes, in the run's language.
const DEPT_A = TEXT['home.example_department_1'];
const DEPT_B = TEXT['home.example_department_2'];

// A hard ceiling for the whole run, so a hang can never eat CI's time budget.
const WHOLE_RUN_TIMEOUT = 5 * 60_000;

const PROBLEM_A = 'Campaign briefs reach us two days before launch';
const PROBLEM_B = 'Customers repeat their story on every call transfer';
const IDEA_A = 'Attach a one-page case summary that travels with every transfer'; // A's idea, for B's problem
const IDEA_B = 'Publish a launch calendar with a brief deadline four weeks out'; // B's idea, for A's problem
const ACTION_OWNER = 'Dana Okafor';

// ---------------------------------------------------------------------------
// Small helpers

/** Waits until the (first) element's text matches `re`; returns the text and how long it took. */
async function expectText(page, selector, re, what = `${selector} to match ${re}`) {
  const r = await poll(`${roleOf(page)}: ${what}`, async () => {
    const loc = page.locator(selector).first();
    if ((await loc.count()) === 0) return null;
    return (await loc.textContent({ timeout: 1000 }))?.trim() ?? '';
  }, (t) => t !== null && re.test(t));
  return r;
}

/** The element carrying `attr` for the card of `cardTestid` whose text contains `text`. */
async function cardAttr(page, cardTestid, text, attr) {
  const { value } = await poll(`${roleOf(page)}: ${cardTestid} containing "${text}" with ${attr}`, async () => {
    const card = page.locator(tid(cardTestid)).filter({ hasText: text }).first();
    if ((await card.count()) === 0) return null;
    return card.getAttribute(attr);
  });
  return value;
}

async function assertNone(page, selector, what) {
  const n = await page.locator(selector).count();
  if (n !== 0) throw new Error(`${roleOf(page)}: expected no ${what}, found ${n}`);
}

function isoDate(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** RFC 4180: comma-separated, fields may be quoted, "" is a quote, CRLF or LF rows. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  // A leading UTF-8 byte-order mark (for spreadsheet apps) is not part of the first header.
  if (rows.length && rows[0].length) rows[0][0] = rows[0][0].replace(/^\uFEFF/, '');
  return rows;
}

// ---------------------------------------------------------------------------
// Browser pages, one per role

// A marker in the page's JS world: it survives client-side navigation and live
// updates, and disappears on a reload. Checked after every "appears without reload".
async function markPage(page) {
  await page.evaluate(() => { window.__summitE2eMarker = true; });
}
async function assertNotReloaded(page) {
  const still = await page.evaluate(() => window.__summitE2eMarker === true);
  assert(still, `${roleOf(page)}: the page was reloaded (or navigated away) but had to update live`);
}

/** Waits until `selector` shows `re` on every given page, without reloading them. */
async function seeLive(pages, selector, re, what) {
  for (const page of pages) {
    const { ms } = await expectText(page, selector, re, what);
    await assertNotReloaded(page);
    console.log(`     live on ${roleOf(page)} after ${ms} ms: ${what}`);
  }
}

/** The token the front end stored in localStorage (a bare string or JSON holding `token`). */
async function storedToken(page, key) {
  const { value } = await poll(`${roleOf(page)}: localStorage["${key}"]`, () =>
    page.evaluate((k) => window.localStorage.getItem(k), key));
  try {
    const parsed = JSON.parse(value);
    if (typeof parsed === 'string') return parsed;
    if (parsed && typeof parsed.token === 'string') return parsed.token;
  } catch { /* not JSON: the token itself */ }
  return value;
}

// ---------------------------------------------------------------------------
// The test

const { step, fail, summary, failed, results } = steps();

async function main() {
  // Beside the other tests' artifacts (scripts/test.sh empties the folder first).
  await mkdir(ARTIFACTS, { recursive: true });
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-e2e-'));
  const consoleLogs = { facilitator: [], marketing: [], 'customer-service': [], hostile: [], 'early-joiner': [] };
  let server;
  let browser;
  let fac, a, b;
  const all = () => [fac, a, b];

  const S = {}; // what the run learns: session id, code, ids, tokens

  async function api(pathname, token, init = {}) {
    const res = await fetch(server.url + pathname, {
      ...init,
      headers: { ...(init.headers || {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`${init.method || 'GET'} ${pathname} -> ${res.status}: ${body.slice(0, 300)}`);
    return { res, body };
  }
  const snapshot = async (token) => JSON.parse((await api(`/api/sessions/${S.id}`, token)).body);

  // Each phase's screens, kept as artifacts; in another language than English, no
  // English text may be on any of them.
  async function screenshots(phase) {
    const english = [];
    for (const [page, role] of [[fac, 'facilitator'], [a, 'marketing'], [b, 'customer-service']]) {
      if (!page) continue;
      await page.screenshot({ path: path.join(ARTIFACTS, shotName(`${phase}-${role}.png`)), fullPage: true })
        .catch((e) => console.log(`     (screenshot ${phase}-${role} failed: ${e.message})`));
      if (ENGLISH) {
        for (const hit of await englishOn(page, ENGLISH)) english.push(`${role}: "${hit.text}"${hit.key ? ` (${hit.key})` : ''}`);
      }
    }
    assert(english.length === 0, `English text in ${LANG} during ${phase}: ${english.join('; ')}`);
    if (PHONE) {
      // The phase steps keep to one row on a phone (none left alone on a second).
      for (const [page, role] of [[a, 'marketing'], [b, 'customer-service']]) {
        if (!page) continue;
        const tops = await page.locator('.stepper > li').evaluateAll((lis) => lis.map((li) => li.offsetTop));
        assert(tops.length > 0 && tops.every((t) => t === tops[0]), `${role}'s phase steps wrap in ${phase}: tops ${tops}`);
        // "I'm done" asks in one line, so the bar covers little of the screen.
        const done = page.locator(tid('done-card'));
        if (await done.isVisible()) {
          const lines = await done.locator('.done-text').evaluate((p) => p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
          assert(Math.round(lines) === 1, `${role}'s "I'm done" bar takes ${lines.toFixed(1)} lines in ${phase}`);
        }
      }
    }
  }

  // The phase indicator every screen shows. Moving on is the facilitator's button.
  async function nextPhase(phase) {
    const label = TEXT[`common.phase_${phase.toLowerCase()}`];
    await fac.locator(tid('phase-next')).click();
    await seeLive(all(), tid('phase-name'), new RegExp(`(^|\\s)${label}(\\s|$)`, 'i'), `phase shows ${label}`);
  }

  try {
    await step('start the server and the browser', async () => {
      server = await startServer(dbDir);
      console.log(`     server at ${server.url}`);
      browser = await launchBrowser();
      fac = await openPage(browser, 'facilitator', consoleLogs.facilitator, undefined, LOCALE);
      a = await openPage(browser, 'participant A (Marketing)', consoleLogs.marketing, PARTICIPANT_VIEWPORT, LOCALE);
      b = await openPage(browser, 'participant B (Customer Service)', consoleLogs['customer-service'], PARTICIPANT_VIEWPORT, LOCALE);
    });

    await step('facilitator creates a summit with the default departments', async () => {
      await fac.goto(server.url + '/');
      await waitFor(fac, tid('create-title'), 'create-title');
      // Before a title, the waiting button says why, as a next step, not an error.
      const why = fac.locator(tid('create-problem'));
      assert(await fac.locator(tid('create-submit')).isDisabled(), 'a summit without a title');
      assert((await why.textContent()).trim() !== '' && await why.evaluate((el) => el.classList.contains('field-hint')), 'the button does not say why it waits');
      await fac.locator(tid('create-title')).fill('E2E summit: Marketing x Customer Service');
      await poll('the reason gone with a title', () => why.textContent(), (t) => t.trim() === '');
      await fac.locator(tid('create-submit')).click();
      await fac.waitForURL(/\/s\/[^/]+\/facilitate$/, { timeout: TIMEOUT });
      S.id = new URL(fac.url()).pathname.split('/')[2];
      const codeEl = fac.locator(tid('join-code')).first();
      await codeEl.waitFor({ state: 'visible', timeout: TIMEOUT });
      // The code may be shown as text or in a read-only input.
      const shown = ((await codeEl.textContent()) || '').trim();
      // Shown in two groups of three, as on the projector; typed and linked without the space.
      assert(/^[A-Z0-9]{3} [A-Z0-9]{3}$/.test(shown), `facilitator: join code shown as "${shown}"`);
      S.code = shown.replace(' ', '');
      S.facToken = await storedToken(fac, `summit.facilitator.${S.id}`);
      console.log(`     session ${S.id}, join code ${S.code}`);
      await markPage(fac);
    });

    await step('A joins by link (Marketing), B by typing the code (Customer Service); facilitator sees 2 live', async () => {
      await a.goto(`${server.url}/join/${encodeURIComponent(S.code)}`);
      await waitFor(a, tid('join-name'), 'join-name');
      await a.locator(tid('join-name')).fill('Alice (Marketing)');
      await a.locator(tid('join-department')).selectOption({ label: DEPT_A });
      await a.locator(tid('join-submit')).click();
      S.aToken = await storedToken(a, `summit.participant.${S.id}`);
      await waitFor(a, tid('phase-name'), 'phase-name (after joining)');
      await markPage(a);

      await b.goto(server.url + '/');
      await waitFor(b, tid('join-code-input'), 'join-code-input');
      await b.locator(tid('join-code-input')).fill(S.code);
      await b.locator(tid('join-code-submit')).click();
      await waitFor(b, tid('join-name'), 'join-name (after entering the code)');
      await b.locator(tid('join-name')).fill('Bo (Customer Service)');
      await b.locator(tid('join-department')).selectOption({ label: DEPT_B });
      await b.locator(tid('join-submit')).click();
      S.bToken = await storedToken(b, `summit.participant.${S.id}`);
      await waitFor(b, tid('phase-name'), 'phase-name (after joining)');
      await markPage(b);

      await seeLive([fac], tid('participant-count'), /\b2\b/, 'participant-count is 2');
      const snapA = await snapshot(S.aToken);
      const snapB = await snapshot(S.bToken);
      S.aId = snapA.viewer.participant;
      S.bId = snapB.viewer.participant;
      const deptName = (snap, pid) => snap.state.departments.find((d) => d.id === snap.state.participants[pid].department)?.name;
      assert(deptName(snapA, S.aId) === DEPT_A, `A joined ${deptName(snapA, S.aId)}, not ${DEPT_A}`);
      assert(deptName(snapB, S.bId) === DEPT_B, `B joined ${deptName(snapB, S.bId)}, not ${DEPT_B}`);
      await screenshots('lobby');
    });

    await step('Problems: each submits a problem; the others see it appear live', async () => {
      // The lobby has no Back; inviting people is open there, and folds after it.
      assert(await fac.locator(tid('phase-back')).isHidden(), 'a Back button in the lobby');
      assert(await fac.locator(tid('share-card')).getAttribute('open') !== null, 'the lobby\'s share card is folded');
      await nextPhase('Problems');
      await poll('the share card folded after the lobby', () => fac.locator(tid('share-card')).getAttribute('open'), (open) => open === null);
      assert((await fac.locator('.share-summary-code').textContent()).trim().replace(' ', '') === S.code, 'the folded share card names the join code');
      assert((await text(fac, 'share-title')) === TEXT['console.share_heading'], 'the share card invites people while the summit runs');
      await a.locator(tid('problem-input')).fill(PROBLEM_A);
      await a.locator(tid('problem-submit')).click();
      await b.locator(tid('problem-input')).fill(PROBLEM_B);
      await b.locator(tid('problem-submit')).click();
      await seeLiveCard([b, fac], 'problem-card', PROBLEM_A);
      await seeLiveCard([a, fac], 'problem-card', PROBLEM_B);
      S.problemA = await cardAttr(fac, 'problem-card', PROBLEM_A, 'data-problem-id');
      S.problemB = await cardAttr(fac, 'problem-card', PROBLEM_B, 'data-problem-id');
      assert(S.problemA && S.problemB, `problem-card lacks data-problem-id (got ${S.problemA}, ${S.problemB})`);
      // Each participant sees their own department first, where their cards go.
      for (const [who, page, own] of [['A', a, PROBLEM_A], ['B', b, PROBLEM_B]]) {
        const first = await page.locator(tid('problem-card')).first().textContent();
        assert(first.includes(own), `${who}'s first problem is not their department's: ${first}`);
      }
      await screenshots('problems');
    });

    await step('Pick: each supports their own problem; facilitator confirms both', async () => {
      await nextPhase('Pick');
      await a.locator(tid(`support-${S.problemA}`)).click();
      await b.locator(tid(`support-${S.problemB}`)).click();
      await poll('both problems to have their supporter (API)', async () => {
        const st = (await snapshot(S.facToken)).state;
        return [st.problems[S.problemA]?.support, st.problems[S.problemB]?.support];
      }, ([sa, sb]) => sa?.includes(S.aId) && sb?.includes(S.bId));
      await fac.locator(tid(`confirm-pick-${S.problemA}`)).click();
      await fac.locator(tid(`confirm-pick-${S.problemB}`)).click();
      await poll('both problems to be picked (API)', async () => {
        const st = (await snapshot(S.facToken)).state;
        return [st.problems[S.problemA]?.picked, st.problems[S.problemB]?.picked];
      }, ([pa, pb]) => pa === true && pb === true);
      await screenshots('pick');
    });

    await step("Ideas: each proposes an idea for the other department's problem; labelled with the author's department", async () => {
      await nextPhase('Ideas');
      await a.locator(tid(`idea-input-${S.problemB}`)).fill(IDEA_A);
      await a.locator(tid(`idea-submit-${S.problemB}`)).click();
      await b.locator(tid(`idea-input-${S.problemA}`)).fill(IDEA_B);
      await b.locator(tid(`idea-submit-${S.problemA}`)).click();
      await seeLiveCard([b, fac], 'idea-card', IDEA_A);
      await seeLiveCard([a, fac], 'idea-card', IDEA_B);
      for (const page of all()) {
        const deptOf = async (text) => (await page.locator(tid('idea-card')).filter({ hasText: text }).first()
          .locator(tid('idea-department')).first().textContent({ timeout: TIMEOUT }))?.trim();
        const da = await deptOf(IDEA_A);
        const db = await deptOf(IDEA_B);
        assert(da?.includes(DEPT_A), `${roleOf(page)}: A's idea-department shows "${da}", expected ${DEPT_A}`);
        assert(db?.includes(DEPT_B), `${roleOf(page)}: B's idea-department shows "${db}", expected ${DEPT_B}`);
      }
      const st = (await snapshot(S.facToken)).state;
      const ideaId = (text) => Object.values(st.ideas).find((i) => i.text === text)?.id;
      assert(ideaId(IDEA_A) !== undefined && ideaId(IDEA_B) !== undefined, 'the ideas are missing from the API snapshot');
      S.ideaA = String(ideaId(IDEA_A));
      S.ideaB = String(ideaId(IDEA_B));
      await screenshots('ideas');
    });

    await step('Vote: dots counted per person, budget shown, tallies hidden from everyone', async () => {
      await nextPhase('Vote');
      // Tallies must not travel to any browser before the reveal: watch every JSON
      // answer from the API during the Vote phase.
      const leaks = [];
      const watch = (page) => async (res) => {
        if (!res.url().includes('/api/') || !(res.headers()['content-type'] || '').includes('json')) return;
        const text = await res.text().catch(() => '');
        if (/"tallies"\s*:\s*\{/.test(text)) leaks.push(`${roleOf(page)}: ${res.url()}`);
      };
      const watchers = all().map((p) => { const w = watch(p); p.on('response', w); return [p, w]; });

      const clickAndSee = async (page, button, counter, n) => {
        await page.locator(tid(button)).click();
        await expectText(page, tid(counter), new RegExp(`\\b${n}\\b`), `${counter} shows ${n}`);
      };
      // A: 2 dots on B's idea. Click by click, so no click lands on a disabled button.
      await clickAndSee(a, `vote-add-${S.ideaB}`, `my-votes-${S.ideaB}`, 1);
      await clickAndSee(a, `vote-add-${S.ideaB}`, `my-votes-${S.ideaB}`, 2);
      await expectText(a, tid('votes-left'), /\b3\b/, 'votes-left shows 3');
      // B: 3 dots on A's idea, then takes one back.
      await clickAndSee(b, `vote-add-${S.ideaA}`, `my-votes-${S.ideaA}`, 1);
      await clickAndSee(b, `vote-add-${S.ideaA}`, `my-votes-${S.ideaA}`, 2);
      await clickAndSee(b, `vote-add-${S.ideaA}`, `my-votes-${S.ideaA}`, 3);
      await expectText(b, tid('votes-left'), /\b2\b/, 'votes-left shows 2');
      await clickAndSee(b, `vote-remove-${S.ideaA}`, `my-votes-${S.ideaA}`, 2);
      await expectText(b, tid('votes-left'), /\b3\b/, 'votes-left shows 3');
      await seeLive([fac], tid('votes-total'), /\b4\b/, 'votes-total shows 4');
      if (LANG === 'en') {
        const cast = (await fac.locator(`${tid('votes-total')} + .stat-label`).textContent()).trim();
        assert(/^of \d+ votes cast$/.test(cast), `the console says "4 ${cast}"`);
      }
      if (PHONE) {
        // On a phone the sticky vote bar leaves the ideas room: at most 12 % of the height.
        for (const page of [a, b]) {
          const box = await page.locator(tid('vote-bar')).boundingBox();
          const height = page.viewportSize().height;
          assert(box && box.height <= 0.12 * height, `${roleOf(page)}: the vote bar is ${box?.height} px of ${height}`);
          console.log(`     ${roleOf(page)}: the vote bar takes ${Math.round(box.height)} of ${height} px`);
        }
      }
      // "My votes" in the vote bar: where B's dots are, each a way to its idea.
      const mine = b.locator(tid('my-votes'));
      await waitFor(b, tid('my-votes'), '"My votes" in the vote bar');
      await mine.locator('summary').click();
      const go = b.locator(tid(`my-votes-go-${S.ideaA}`));
      await poll('"My votes" shows the two dots on the idea', () => go.textContent(), (t) => /(^|[^●])●●([^●]|$)/.test(t ?? ''));
      assert(await mine.locator('li').count() === 1, `"My votes" lists ${await mine.locator('li').count()} ideas, expected 1`);
      await b.screenshot({ path: path.join(ARTIFACTS, shotName('vote-my-votes.png')) });
      await go.click();
      await poll('the focus on the idea\'s "+"', () => b.evaluate(() => document.activeElement?.dataset?.testid), (t) => t === `vote-add-${S.ideaA}`);
      assert(!(await mine.evaluate((d) => d.open)), '"My votes" stays open after going to an idea');
      const card = await b.locator(`[data-idea-id="${S.ideaA}"]`).boundingBox();
      const bar = await b.locator(tid('vote-bar')).boundingBox();
      assert(card && bar && card.y >= bar.y + bar.height - 1, `the idea is under the vote bar: card at ${card?.y}, bar ends at ${bar && bar.y + bar.height}`);

      // Nobody sees a tally during Vote.
      for (const page of all()) await assertNone(page, '[data-testid^="tally-"]', 'tally-* element during Vote');
      // A's own counter is hers alone: B's dots on A's idea do not show as hers.
      if ((await a.locator(tid(`my-votes-${S.ideaA}`)).count()) > 0) {
        await expectText(a, tid(`my-votes-${S.ideaA}`), /^\D*0\D*$/, `A's my-votes-${S.ideaA} stays 0`);
      }
      // What the server tells A: only A's own votes, no tallies, the rest as a count.
      const snapA = await snapshot(S.aToken);
      assert(JSON.stringify(Object.keys(snapA.state.votes)) === JSON.stringify([String(S.aId)]),
        `A's snapshot holds votes of ${JSON.stringify(Object.keys(snapA.state.votes))}, expected only A (${S.aId})`);
      assert(snapA.state.votes[S.aId][S.ideaB] === 2, `A's snapshot: A's dots on B's idea = ${snapA.state.votes[S.aId][S.ideaB]}`);
      assert(snapA.state.tallies == null, `A's snapshot has tallies during Vote: ${JSON.stringify(snapA.state.tallies)}`);
      assert(snapA.state.hidden_votes === 2, `A's snapshot: hidden_votes = ${snapA.state.hidden_votes}, expected 2`);
      // The facilitator, too, sees counts only.
      const snapF = await snapshot(S.facToken);
      assert(Object.keys(snapF.state.votes).length === 0, `facilitator's snapshot holds votes: ${JSON.stringify(snapF.state.votes)}`);
      assert(snapF.state.tallies == null, `facilitator's snapshot has tallies during Vote`);
      assert(leaks.length === 0, `tallies reached a browser during Vote: ${leaks.join(', ')}`);
      for (const [p, w] of watchers) p.off('response', w);
      // Moving on reveals the tallies: said beside the button, whose label is every phase's.
      const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      await expectText(fac, tid('phase-next'), exactly(TEXT['console.next_phase'].replace('{{ phase }}', TEXT['common.phase_plan'])), 'the Next button in Vote');
      await expectText(fac, tid('phase-next-reveals'), exactly(TEXT['console.next_reveal']), 'what moving on reveals');
      assert(await fac.locator(tid('phase-next-reveals')).isVisible(), 'what moving on reveals is not shown');
      assert(await fac.locator(tid('phase-next')).getAttribute('aria-describedby') === 'phase-next-reveals', 'the Next button is not described by what it reveals');
      await screenshots('vote');
    });

    await step('Plan: tallies revealed; facilitator turns the top idea into an action item; participants see it live', async () => {
      await nextPhase('Plan');
      for (const page of all()) {
        await expectText(page, tid(`tally-${S.ideaA}`), /\b2\b/, `tally-${S.ideaA} shows 2`);
        await expectText(page, tid(`tally-${S.ideaB}`), /\b2\b/, `tally-${S.ideaB} shows 2`);
      }
      // Tied at 2: take B's idea (for Marketing's problem).
      await fac.locator(tid(`make-action-${S.ideaB}`)).click();
      await waitFor(fac, tid('action-owner'), 'action-owner');
      // The form opens under that idea (one form: the one below the list makes way),
      // without the problem and idea it already knows.
      const ideaRow = fac.locator('.ranked-item', { has: fac.locator(tid(`make-action-${S.ideaB}`)) });
      assert(await ideaRow.locator(tid('action-owner')).count() === 1, 'the action item form is not under the idea');
      assert(await fac.locator(tid('action-owner')).count() === 1, 'a second action item form is shown');
      assert(await fac.locator(tid('action-problem')).isHidden(), 'the form under an idea asks for its problem');
      await poll('the focus on the owner', () => fac.evaluate(() => document.activeElement?.getAttribute('data-testid')), (t) => t === 'action-owner');
      await fac.screenshot({ path: path.join(ARTIFACTS, shotName('plan-action-form-facilitator.png')) });
      await fac.locator(tid('action-owner')).fill(ACTION_OWNER);
      const due = new Date();
      due.setDate(due.getDate() + 14);
      S.due = isoDate(due);
      await fac.locator(tid('action-due')).fill(S.due);
      // The date box follows the browser's language; its label says the day in the page's.
      const spelled = new Date(`${S.due}T12:00:00Z`).toLocaleDateString(LANG, { weekday: 'long', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
      await poll('the due date spelled out in the page\'s language', () => text(fac, 'action-due-spelled'), (t) => t === spelled);
      await fac.locator(tid('action-save')).click();
      await seeLiveCard([a, b, fac], 'action-row', ACTION_OWNER);
      // Saved, the form under the idea closes and the facilitator is back on the
      // idea's button, ready for the next idea down the list; the form below the
      // list is back for items of their own.
      await poll('the focus back on the idea', () => fac.evaluate(() => document.activeElement?.getAttribute('data-testid')), (t) => t === `make-action-${S.ideaB}`);
      assert(await ideaRow.locator(tid('action-owner')).count() === 0, 'the form under the idea stayed open');
      // An item of their own starts from a button on the action items' card: it opens
      // the form above the card with the focus in its first box; Escape folds it back,
      // the focus on the button.
      const own = fac.locator(tid('action-new'));
      await waitFor(fac, tid('action-new'), '"New action item" on the action items\' card');
      assert(await fac.locator(`.actions-card ${tid('action-new')}`).count() === 1, '"New action item" is not on the action items\' card');
      assert(await fac.locator(tid('action-title')).count() === 0, 'a form is still open');
      await own.click();
      await poll('the focus in the new item\'s title', () => fac.evaluate(() => document.activeElement?.getAttribute('data-testid')), (t) => t === 'action-title');
      assert(await fac.locator(tid('action-problem')).isVisible(), 'the form below the list does not ask for the problem');
      await fac.keyboard.press('Escape');
      await poll('Escape folds it, the focus back on its button', () => fac.evaluate(() => document.activeElement?.getAttribute('data-testid')), (t) => t === 'action-new');
      const { value: action } = await poll('the action item (API)', async () =>
        Object.values((await snapshot(S.facToken)).state.actions)[0], Boolean);
      S.action = action;
      assert(action.owner === ACTION_OWNER, `action owner is "${action.owner}"`);
      assert(action.due === S.due, `action due is "${action.due}", expected ${S.due}`);
      assert(String(action.idea) === S.ideaB, `action is for idea ${action.idea}, expected ${S.ideaB}`);
      // Everyone sees which idea became an action item; the facilitator's button for
      // it is no longer the main one.
      for (const page of all()) {
        await poll('the idea marked as an action item', () => page.locator(tid(`has-action-${S.ideaB}`)).isVisible(), (v) => v);
        assert(await page.locator(tid(`has-action-${S.ideaA}`)).isHidden(), 'an idea without an action item marked');
      }
      const another = fac.locator(tid(`make-action-${S.ideaB}`));
      assert(!(await another.getAttribute('class')).includes('btn-primary'), 'Make action item still the main button');
      assert((await another.innerText()).trim() === TEXT['plan.make_another'], `the button on an idea with an action item reads "${await another.innerText()}"`);
      assert((await fac.locator(tid(`make-action-${S.ideaA}`)).innerText()).trim() === TEXT['plan.make_action'], 'an idea without an action item offers "Make action item"');

      await fac.locator(tid(`action-status-${action.id}`)).selectOption('in_progress');
      await poll('action status in_progress (API)', async () =>
        (await snapshot(S.aToken)).state.actions[action.id]?.status, (s) => s === 'in_progress');
      const inProgress = TEXT['common.status_in_progress'];
      await seeLive([a, b], tid('action-row'), new RegExp(inProgress, 'i'), `action-row shows ${inProgress}`);
      await screenshots('plan');
    });

    await step('Export: actions.csv by API and by the UI link holds the action item', async () => {
      const checkCsv = (text, how) => {
        const rows = parseCsv(text).filter((r) => r.some((f) => f !== ''));
        assert(rows.length >= 2, `${how}: expected a header and a row, got ${rows.length} rows:\n${text}`);
        const row = rows.slice(1).find((r) => r.includes(S.action.title));
        assert(row, `${how}: no row with title "${S.action.title}":\n${text}`);
        assert(row.includes(ACTION_OWNER), `${how}: row lacks owner: ${JSON.stringify(row)}`);
        assert(row.includes(S.due), `${how}: row lacks due date ${S.due}: ${JSON.stringify(row)}`);
        // The session speaks its creator's language: the create form starts in it.
        const status = TEXT['common.status_in_progress'];
        assert(row.includes(status), `${how}: row lacks status "${status}": ${JSON.stringify(row)}`);
        console.log(`     ${how}: header ${JSON.stringify(rows[0])}`);
      };
      const { res, body } = await api(`/api/sessions/${S.id}/export/actions.csv`, S.facToken);
      assert(/text\/csv/.test(res.headers.get('content-type') || ''), `API export content-type: ${res.headers.get('content-type')}`);
      checkCsv(body, 'API export');

      // Through the UI, as a person would: click the link and take the download.
      const link = fac.locator(tid('export-actions.csv')).first();
      await link.waitFor({ state: 'visible', timeout: TIMEOUT });
      const href = await link.getAttribute('href');
      let text;
      try {
        const downloaded = fac.waitForEvent('download', { timeout: TIMEOUT });
        await link.click();
        const dl = await downloaded;
        text = await readFile(await dl.path(), 'utf8');
        console.log(`     UI link downloaded ${dl.suggestedFilename()}`);
      } catch (e) {
        // Not a download (e.g. opens in a tab): fetch its href from the page instead.
        assert(href && href !== '#', `export-actions.csv gave no download (${e.message.split('\n')[0]}) and has no href`);
        console.log(`     UI link gave no download event; fetching its href ${href}`);
        text = await fac.evaluate(async (h) => {
          const r = await fetch(h);
          if (!r.ok) throw new Error(`GET ${h} -> ${r.status}`);
          return r.text();
        }, href);
      }
      checkCsv(text, 'UI export link');
    });

    await step('Closed: every screen shows the summit closed', async () => {
      // The last step is said as the act it is, in the run's language.
      const last = await text(fac, 'phase-next');
      assert(last === TEXT['console.close_summit'], `the last step's button reads "${last}"`);
      await nextPhase('Closed');
      await poll('the share card keeps links, not invitations', () => text(fac, 'share-title'), (t) => t === TEXT['console.share_heading_after']);
      await screenshots('closed');
      // "Live" would read as "the summit is on": the badge is quiet while the stream
      // is up; and a closed summit has no timer to run.
      for (const page of [fac, a, b]) {
        await poll('the connection badge quiet', () => page.locator(tid('connection-status')).evaluate((e) => [e.className, e.textContent]),
          ([cls, t]) => cls === 'sr-only' && t === '');
      }
      await poll('the timer card gone', () => fac.locator('.timer-card').isHidden(), (hidden) => hidden);
      // No next phase: no "Next" button, while "Back" still reopens Plan.
      assert(await fac.locator(tid('phase-next')).isHidden(), 'a Next button after the last phase');
      assert(await fac.locator(tid('phase-back')).isEnabled(), 'Back to Plan is refused');
    });

    // What does not depend on the language or the screen runs once, in English at laptop size.
    const once = RUN ? async (name) => { console.log(`skip - ${name} (run in English at laptop size)`); } : step;

    await once('Hostile text: a script-laden display name and idea render as plain text (no script runs, layout intact)', async () => {
      const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">Mallory';
      const HOSTILE_IDEA = '<script>window.__pwned=2</script><img src=x onerror="window.__pwned=3"> **not bold** '
        + 'W'.repeat(90);
      const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const created = JSON.parse((await api('/api/sessions', null, json({ title: 'Hostile text', departments: [DEPT_A, DEPT_B] }))).body);
      const sid = created.session_id;
      const ftok = created.facilitator_token;
      const cmd = async (token, command) => JSON.parse((await api(`/api/sessions/${sid}/commands`, token, json({ command }))).body);
      // A Marketing colleague (through the API) brings the problem.
      const pat = JSON.parse((await api(`/api/sessions/${sid}/participants`, null, json({ name: 'Pat', department: 1 }))).body);

      // Mallory joins Customer Service through the UI with a hostile name.
      const m = await openPage(browser, 'participant M (hostile text)', consoleLogs.hostile);
      await m.goto(`${server.url}/join/${created.join_code}`);
      await waitFor(m, tid('join-name'), 'join-name');
      await m.locator(tid('join-name')).fill(HOSTILE_NAME);
      await m.locator(tid('join-department')).selectOption({ label: DEPT_B });
      await m.locator(tid('join-submit')).click();
      await waitFor(m, tid('phase-name'), 'phase-name (after the hostile join)');

      await cmd(ftok, { type: 'set_phase', phase: 'problems' });
      const problem = (await cmd(pat.token, { type: 'submit_problem', text: 'Hostile-text problem' })).events[0].event.problem.id;
      await cmd(ftok, { type: 'set_phase', phase: 'pick' });
      await cmd(ftok, { type: 'confirm_pick', problem, picked: true });
      await cmd(ftok, { type: 'set_phase', phase: 'ideas' });
      await waitFor(m, tid(`idea-input-${problem}`), `idea-input-${problem}`);
      await m.locator(tid(`idea-input-${problem}`)).fill(HOSTILE_IDEA);
      await m.locator(tid(`idea-submit-${problem}`)).click();

      await fac.goto(`${server.url}/s/${sid}/facilitate#key=${ftok}`);
      for (const page of [m, fac]) {
        const card = page.locator(tid('idea-card')).filter({ hasText: '<script>window.__pwned=2</script>' });
        await poll(`${roleOf(page)}: the hostile idea shown as text`, () => card.count(), (n) => n > 0);
        const text = await card.first().textContent();
        assert(text.includes(HOSTILE_IDEA), `${roleOf(page)}: idea text altered: ${JSON.stringify(text)}`);
        // Her own screen says "by you"; everyone else sees her name, as text.
        if (page === fac) assert(text.includes(HOSTILE_NAME), `${roleOf(page)}: author name not shown as text: ${JSON.stringify(text)}`);
        assert(await page.evaluate(() => window.__pwned) === undefined, `${roleOf(page)}: injected script ran`);
        assert(await page.locator('img[src="x"], [data-testid="idea-card"] script, [data-testid="idea-card"] strong').count() === 0,
          `${roleOf(page)}: user text became markup`);
        const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
        assert(fits, `${roleOf(page)}: a long unbroken word pushed the page wider than the window`);
        await page.screenshot({ path: path.join(ARTIFACTS, `hostile-${roleOf(page).split(' ')[0]}.png`), fullPage: true });
      }
      await expectText(m, tid('me-name'), /<img src=x onerror/, 'me-name shows the hostile name as text');
    });

    await once('Before the app has loaded: the start page\'s own join form works, and the app keeps what was typed', async () => {
      const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const created = JSON.parse((await api('/api/sessions', null, json({ title: 'Early joiners', departments: [DEPT_A, DEPT_B] }))).body);
      const code = created.join_code;
      const typed = code.slice(0, 3).toLowerCase();
      const p = await openPage(browser, 'early joiner', consoleLogs['early-joiner']);
      const joinPage = new RegExp(`/join/${code}$`);

      // 1. The wasm is held back: index.html's form is there and takes typing; when
      //    the app arrives it replaces the form, keeping the text and the focus.
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await p.route('**/*.wasm', async (route) => { await held; await route.continue(); });
      await p.goto(server.url + '/');
      await waitFor(p, tid('join-code-input'), 'join-code-input (before the app)');
      await expectText(p, tid('app-loading'), /Loading/, 'the create form is announced as loading');
      await assertNone(p, tid('create-title'), 'create form before the app has loaded');
      await p.locator(tid('join-code-input')).click();
      await p.keyboard.type(typed);
      release();
      await waitFor(p, tid('create-title'), 'create-title (the app took over)');
      await assertNone(p, tid('app-loading'), 'loading line once the app runs');
      const kept = await p.locator(tid('join-code-input')).inputValue();
      assert(kept === typed, `the app lost what was typed before it loaded: ${JSON.stringify(kept)}, typed ${JSON.stringify(typed)}`);
      const focused = await p.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      assert(focused === 'join-code-input', `the join input lost the focus when the app took over (focus on ${focused})`);
      await p.keyboard.type(code.slice(3).toLowerCase());
      await p.keyboard.press('Enter');
      await p.waitForURL(joinPage, { timeout: TIMEOUT });
      await waitFor(p, tid('join-name'), 'join-name (joined by the carried-over code)');
      await p.unroute('**/*.wasm');

      // 2. The wasm never arrives: the form submits on its own, the page says the
      //    app could not load, and once it loads the join goes on.
      await p.route('**/*.wasm', (route) => route.abort());
      await p.goto(server.url + '/');
      await p.locator(tid('join-code-input')).fill(code);
      await p.locator(tid('join-code-submit')).click();
      await p.waitForURL(/\/join\?code=/, { timeout: TIMEOUT });
      await expectText(p, tid('app-loading'), /could not load/i, 'the stand-in says the app could not load');
      await assertNone(p, tid('join-code-input'), 'the start page form on /join');
      await p.unroute('**/*.wasm');
      await p.reload();
      await p.waitForURL(joinPage, { timeout: TIMEOUT });
      await waitFor(p, tid('join-name'), 'join-name (after a join submitted before the app loaded)');

      // 3. A mistyped code submitted before the app loaded: the start page keeps it
      //    and says what is wrong.
      await p.goto(`${server.url}/join?code=${encodeURIComponent(' k7m-qx ')}`);
      await waitFor(p, tid('create-title'), 'create-title (back on the start page)');
      assert(new URL(p.url()).pathname === '/', `a mistyped code should lead back to the start page, not ${p.url()}`);
      await expectText(p, tid('join-code-error'), /6 letters and digits/, 'the join error for a mistyped code');
      const again = await p.locator(tid('join-code-input')).inputValue();
      assert(again === ' k7m-qx ', `the mistyped code was not kept: ${JSON.stringify(again)}`);

      // 4. Any other page shows a loading line, not the start page's form.
      // Held back a moment; a request still held when the route is removed below is
      // already let through by Playwright, so its late continue is not an error.
      await p.route('**/*.wasm', async (route) => { await sleep(1500); await route.continue().catch(() => {}); });
      await p.goto(`${server.url}/s/${created.session_id}/summary`);
      await expectText(p, tid('app-loading'), /Loading Summit/, 'loading line on another page');
      await assertNone(p, tid('join-code-input'), 'the start page form on another page');
      await p.unroute('**/*.wasm');

      // The stand-in's inline script runs under the page's CSP (allowed by its hash).
      const csp = consoleLogs['early-joiner'].filter((l) => /Content Security Policy/i.test(l));
      assert(csp.length === 0, `CSP violations: ${csp.join(' | ')}`);
      await p.screenshot({ path: path.join(ARTIFACTS, 'early-joiner.png'), fullPage: true });
      await p.context().close();
    });
  } catch (e) {
    // Only a bug in this file gets here (steps catch their own errors).
    fail('test harness', e);
  } finally {
    if (failed()) {
      await screenshots('failure');
      if (server) await writeFile(path.join(ARTIFACTS, shotName('server.log')), server.log.join(''));
    }
    for (const [role, lines] of Object.entries(consoleLogs)) {
      await writeFile(path.join(ARTIFACTS, shotName(`${role}-console.log`)), lines.join('\n') + '\n').catch(() => {});
    }
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }

  // "Others see each submission appear without reload": the card with `text` shows
  // up on each of `pages`, none of which was reloaded.
  async function seeLiveCard(pages, cardTestid, text) {
    for (const page of pages) {
      const { ms } = await poll(`${roleOf(page)}: ${cardTestid} containing "${text}"`,
        () => page.locator(tid(cardTestid)).filter({ hasText: text }).count(), (n) => n > 0);
      await assertNotReloaded(page);
      console.log(`     live on ${roleOf(page)} after ${ms} ms: ${cardTestid} "${text.slice(0, 40)}"`);
    }
  }
}

watchdog(WHOLE_RUN_TIMEOUT, results);

await main();
console.log(`\nArtifacts (screenshots, console logs): ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}`);
process.exit(summary() ? 0 : 1);
