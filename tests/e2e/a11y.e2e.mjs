// End-to-end check of every page, for every role, in every phase, in English,
// German, French and Spanish, at laptop and phone size and at 200 % zoom:
// - axe-core (WCAG 2.2 A and AA rules), in English and German (in French and Spanish
//   too with A11Y_AXE_ALL=1): any serious or critical finding fails; moderate and
//   minor ones are written to tests/artifacts/e2e/a11y-findings*.json for a person
//   to read; what axe would find only in French or Spanish is the page's language,
//   checked in every language;
// - in every language but English, no text on the page is an English catalogue
//   entry (people's own words, marked dir="auto", aside);
// - nothing to scroll sideways (reflow), including at 200 % zoom;
// - a screenshot of each, tests/artifacts/e2e/a11y-<lang>-<page>-<size>.png.
//
//   node tests/e2e/a11y.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// Sessions are brought to each phase through the API (tests/e2e/fixtures.mjs); the
// pages are then opened in a browser whose language is English or German, at laptop
// and phone size. A11Y_SURVEY=1 reports every page's findings without stopping.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, json, launchBrowser, nameRole, openPage, openShare, poll, startServer, steps, stopServer, tid, waitFor, watchdog,
} from './lib.mjs';
import { PHASES, openAs, sessionIn, sessionInReview } from './fixtures.mjs';
import { englishOn, englishOnly } from './catalogue.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const ALL_LOCALES = ['en-US', 'de-DE', 'fr-FR', 'es-ES'];
// A11Y_LOCALES=en-US,de-DE audits only those languages (scripts/e2e.mjs runs one
// language per run, side by side); each run writes its own findings and logs.
const LOCALES = process.env.A11Y_LOCALES ? process.env.A11Y_LOCALES.split(',') : ALL_LOCALES;
const unknown = LOCALES.filter((l) => !ALL_LOCALES.includes(l));
if (unknown.length || !LOCALES.length) {
  console.error(`A11Y_LOCALES: expected some of ${ALL_LOCALES.join(',')}, got "${process.env.A11Y_LOCALES}"`);
  process.exit(2);
}
const RUN = process.env.A11Y_LOCALES ? `-${LOCALES.map((l) => l.slice(0, 2)).join('-')}` : '';
// A laptop, a phone, and the laptop at 200 % zoom (half the CSS pixels each way).
const SIZES = [
  ['laptop', { width: 1280, height: 900 }],
  ['phone', { width: 390, height: 844 }],
  ['zoom200', { width: 640, height: 450 }],
];
// axe is injected as a script, which the page's CSP would (rightly) refuse.
const AXE_CONTEXT = { bypassCSP: true };
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// axe's rules read the page's structure, roles and colours, which the language does
// not change; English and German (the longest words) are audited, French and Spanish
// keep every other check for half the time.
const AXE_LANGS = process.env.A11Y_AXE_ALL ? ['en', 'de', 'fr', 'es'] : ['en', 'de'];

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];
const findings = [];

/** Runs axe on the page as it is; fails on serious or critical findings and on English text in another language. */
async function audit(page, name) {
  const lang = name.slice(0, 2);
  // Reflow (WCAG 1.4.10): nothing to scroll sideways, at any of the sizes.
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  if (scroll > width + 1) throw new Error(`${name}: the page scrolls sideways (${scroll} px wide in a ${width} px window)`);
  // The console's columns keep within the page's frame (a wide table scrolls in its card).
  const grid = await page.evaluate(() => {
    const g = document.querySelector('.console-grid');
    return g ? [g.scrollWidth, g.clientWidth] : null;
  });
  if (grid && grid[0] > grid[1] + 1) throw new Error(`${name}: the console's columns are ${grid[0]} px wide in their ${grid[1]} px frame`);
  // On a laptop the action table fits its card in every language: a column hidden to
  // the right, behind a long word, is one the facilitator may never find.
  if (name.endsWith('-laptop')) {
    const table = await page.evaluate(() => {
      const c = document.querySelector('.actions-card');
      return c ? [c.scrollWidth, c.clientWidth] : null;
    });
    if (table && table[0] > table[1] + 1) throw new Error(`${name}: the action table is ${table[0]} px wide in its ${table[1]} px card`);
  }
  if (lang !== 'en') {
    const english = await englishOn(page, englishOnly(lang));
    if (english.length) throw new Error(`${name}: English text: ${english.map((e) => `"${e.text}"`).join(', ')}`);
  } else if (name.startsWith('en-home-')) {
    // The check itself: on an English page it must find English (for German eyes).
    const found = await englishOn(page, englishOnly('de'));
    if (found.length < 5) throw new Error(`${name}: the English-text check found only ${found.length} English texts on an English page`);
  }
  // The page says its language (screen readers pronounce by it).
  const pageLang = await page.evaluate(() => document.documentElement.lang);
  if (!pageLang.startsWith(lang)) throw new Error(`${name}: the page's lang is "${pageLang}"`);
  if (!AXE_LANGS.includes(lang)) {
    await page.screenshot({ path: path.join(ARTIFACTS, `a11y-${name}.png`), fullPage: true });
    console.log(`     ${name}: reflow, language and English text checked (axe runs in ${AXE_LANGS.join(', ')})`);
    return;
  }
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      count: v.nodes.length,
    }));
  }, TAGS);
  await page.screenshot({ path: path.join(ARTIFACTS, `a11y-${name}.png`), fullPage: true });
  for (const v of result) findings.push({ page: name, ...v });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    // A11Y_SURVEY=1 lists every page's findings instead of stopping at the first.
    if (process.env.A11Y_SURVEY) {
      console.log(`     ${name}: ${bad.map((v) => `${v.impact} ${v.id} (${v.count}×: ${v.help}; e.g. ${v.nodes[0]?.target})`).join('; ')}`);
      return;
    }
    throw new Error(`${name}: ${bad.map((v) => `${v.impact} ${v.id} (${v.count}×: ${v.help}; e.g. ${v.nodes[0]?.target})`).join('; ')}`);
  }
  const moderate = result.length ? ` (${result.map((v) => `${v.impact} ${v.id}`).join(', ')})` : '';
  console.log(`     ${name}: no serious or critical finding${moderate}`);
}

// One page per language and size, taken from page to page like a person's browser:
// a browser context per page (about ninety per language) made each one download and
// compile the app anew, which took a third of this test's time.
const pages = new Map();
async function pageAt(role, size, viewport, locale) {
  const key = `${locale} ${size}`;
  if (!pages.has(key)) pages.set(key, await openPage(browser, role, consoleLines, viewport, locale, AXE_CONTEXT));
  const page = pages.get(key);
  nameRole(page, role);
  return page;
}

async function main() {
  await mkdir(ARTIFACTS, { recursive: true });
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-e2e-a11y-'));
  try {
    await step('start the server and the browser', async () => {
      server = await startServer(dbDir);
      browser = await launchBrowser();
      console.log(`     server at ${server.url}`);
    });
    for (const locale of LOCALES) {
      const lang = locale.slice(0, 2);
      await step(`${lang}: the start page, the join page and an unknown page`, async () => {
        const session = await sessionIn(server.url, 'lobby');
        for (const [size, viewport] of SIZES) {
          const page = await pageAt(`visitor (${lang}, ${size})`, size, viewport, locale);
          await page.goto(`${server.url}/`);
          await waitFor(page, tid('create-title'), 'the create form');
          await poll('the app in charge of the page', () => page.evaluate(() => !document.getElementById('boot')));
          await audit(page, `${lang}-home-${size}`);
          await page.goto(`${server.url}/join/${encodeURIComponent(session.code)}`);
          await waitFor(page, tid('join-name'), 'the join form');
          await audit(page, `${lang}-join-${size}`);
          await page.goto(`${server.url}/no/such/page`);
          await page.waitForLoadState('networkidle');
          await audit(page, `${lang}-not-found-${size}`);
        }
      });
      await step(`${lang}: a lead's follow-up page, and the console's links, snippets and delete`, async () => {
        const session = await sessionIn(server.url, 'closed', { withActions: true });
        const { api } = apiOf(server.url);
        const cmd = (command) => api(`/api/sessions/${session.sid}/commands`, session.fac, json({ command }));
        await cmd({ type: 'add_note', id: 1, text: 'Pilot running in two teams' });
        await cmd({ type: 'issue_link', link: 'follow_up' });
        await cmd({ type: 'issue_link', link: 'calendar' });
        const { follow_up: key } = JSON.parse((await api(`/api/sessions/${session.sid}/links`, session.fac)).body);
        for (const [size, viewport] of SIZES) {
          const page = await pageAt(`lead (${lang}, ${size})`, size, viewport, locale);
          await page.goto(`${server.url}/s/${session.sid}/actions#key=${key}`);
          await waitFor(page, tid('follow-up-item'), 'the action items');
          await audit(page, `${lang}-follow-up-lead-${size}`);
          await openAs(page, server.url, session, 'facilitator');
          await waitFor(page, tid('link-url-calendar'), 'the links');
          await page.locator(`${tid('delete-session')} summary`).click();
          // The share card open, and the snippets for another page, the projector's included.
          await openShare(page);
          await page.locator(`${tid('embed-snippets')} summary`).click();
          await waitFor(page, tid('embed-screen'), 'the projector\'s snippet');
          await audit(page, `${lang}-follow-up-console-${size}`);
        }
      });
      await step(`${lang}: the Review phase of items carried over, for every viewer`, async () => {
        const session = await sessionInReview(server.url);
        for (const viewer of ['facilitator', 'participant', 'screen']) {
          const sizes = viewer === 'screen' ? SIZES.filter(([size]) => size !== 'phone') : SIZES;
          for (const [size, viewport] of sizes) {
            const page = await pageAt(`${viewer} in review (${lang}, ${size})`, size, viewport, locale);
            await openAs(page, server.url, session, viewer);
            await waitFor(page, tid('carried-item'), 'the carried items');
            await audit(page, `${lang}-review-${viewer}-${size}`);
            }
        }
      });
      for (const phase of PHASES) {
        for (const viewer of ['facilitator', 'participant', 'screen']) {
          await step(`${lang}: the ${viewer}'s page in ${phase}`, async () => {
            const session = await sessionIn(server.url, phase, { withActions: true });
            if (phase === 'vote') {
              // Bob's idea, with Ann's dot, and Ann's own idea hidden: the console's
              // hidden cards, Ann's notice of her dot and of her hidden idea are on
              // the pages audited.
              for (const idea of [session.ids.bobIdea, session.ids.annIdea]) {
                const hide = { type: 'hide_idea', idea, hidden: true };
                await apiOf(server.url).api(`/api/sessions/${session.sid}/commands`, session.fac, json({ command: hide }));
              }
            }
            if (phase === 'ideas') {
              // A merged idea, a look-alike and a suggested merge: "merged from 1 card",
              // the console's possible duplicates and the participant's "Same as…".
              const { api } = apiOf(server.url);
              const cmd = async (token, command) => JSON.parse((await api(`/api/sessions/${session.sid}/commands`, token, json({ command }))).body);
              const idea = async (text) => (await cmd(session.bob.token, { type: 'submit_idea', problem: session.ids.annProblem, text })).events[0].event.idea.id;
              const merged = await idea('Share the campaign calendar');
              const alike = await idea("Bob's idea, once more");
              await cmd(session.fac, { type: 'merge', card: { idea: merged }, into: { idea: session.ids.bobIdea } });
              await cmd(session.ann.token, { type: 'suggest_merge', card: { idea: alike }, into: { idea: session.ids.bobIdea } });
              // A comment and a reaction on Ann's idea.
              await cmd(session.bob.token, { type: 'add_comment', card: { idea: session.ids.annIdea }, text: 'Could it live in the CRM?' });
              await cmd(session.bob.token, { type: 'react', card: { idea: session.ids.annIdea }, reaction: 'heart', on: true });
            }
            if (phase === 'plan') {
              // A proposal waiting (Ann's) and one declined (Bob's): the badges, the
              // facilitator's "Approve…" and "Decline", the reason shown.
              const { api } = apiOf(server.url);
              const cmd = async (token, command) => JSON.parse((await api(`/api/sessions/${session.sid}/commands`, token, json({ command }))).body);
              const draft = (title) => ({ problem: session.ids.annProblem, idea: session.ids.bobIdea, title, owner: 'Dana', department: 1, due: '2027-02-01' });
              await cmd(session.ann.token, { type: 'propose_action', action: draft('Share the calendar weekly') });
              const bobs = await cmd(session.bob.token, { type: 'propose_action', action: draft('Hire a promo czar') });
              await cmd(session.fac, { type: 'decline_action', id: bobs.events[0].event.action.id, reason: 'No budget this year' });
            }
            // The projector is for big screens; at 200 % zoom it must still reflow.
            const sizes = viewer === 'screen' ? SIZES.filter(([size]) => size !== 'phone') : SIZES;
            for (const [size, viewport] of sizes) {
              const page = await pageAt(`${viewer} in ${phase} (${lang}, ${size})`, size, viewport, locale);
              await openAs(page, server.url, session, viewer);
              await waitFor(page, tid(viewer === 'screen' ? 'screen' : 'phase-name'), 'the page');
              if (phase === 'vote' && viewer !== 'screen') {
                await waitFor(page, tid(viewer === 'facilitator' ? 'hidden-cards' : 'stranded-dots'), 'the hidden idea');
              }
              if (phase === 'ideas' && viewer !== 'screen') {
                await page.locator(tid(`merged-from-idea-${session.ids.bobIdea}`)).click();
                await page.locator(tid(`comments-idea-${session.ids.annIdea}`)).click();
                await waitFor(page, tid('comment-1'), 'the comment');
                if (viewer === 'facilitator') {
                  await waitFor(page, `${tid('duplicates')}:not([hidden])`, 'the possible duplicates');
                } else {
                  await page.locator(tid(`same-as-idea-${session.ids.bobIdea}`)).click();
                  await waitFor(page, tid(`same-as-select-idea-${session.ids.bobIdea}`), 'the "Same as…" choice');
                }
              }
              // What is folded is audited open once: moving someone, a participant's
              // files, the summary's cards.
              if (phase === 'problems' && viewer === 'facilitator') {
                await page.locator(`${tid('move-card')} > summary`).click();
                await waitFor(page, tid('move-person'), 'the move form');
              }
              await audit(page, `${lang}-${phase}-${viewer}-${size}`);
              if (viewer !== 'screen' && (phase === 'plan' || phase === 'closed')) {
                await page.goto(`${server.url}/s/${session.sid}/summary`);
                await waitFor(page, tid('summary'), 'the summary');
                if (phase === 'closed') {
                  await page.locator(`${tid('summary-ideas')} > summary`).click();
                  const files = page.locator(`${tid('export-fold')}:not([open]) > summary`);
                  if (await files.count()) await files.click();
                }
                await audit(page, `${lang}-${phase}-summary-${viewer}-${size}`);
              }
                }
          });
        }
      }
    }
  } catch (e) {
    fail('test harness', e);
  } finally {
    await writeFile(path.join(ARTIFACTS, `a11y-findings${RUN}.json`), JSON.stringify(findings, null, 2) + '\n').catch(() => {});
    if (server && failed()) await writeFile(path.join(ARTIFACTS, `a11y-server${RUN}.log`), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, `a11y-console${RUN}.log`), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(12 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
