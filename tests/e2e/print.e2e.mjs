// End-to-end browser test: the summary as people would rather see than read, and
// on paper.
//
//   node tests/e2e/print.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// A 20-person summit (two departments of ten) is seeded through the API to Closed:
// 20 problems, 4 picked, 24 ideas across departments, votes, 6 action items. Its
// summary page ranks each picked problem's ideas in a table, whole, with the
// server's tallies as numbers and bars (ties share a place), and the ideas across
// departments (the matrix adds up to every idea), then only the problems not
// picked, each problem told once; Chromium prints it to PDF on A4, on at most
// three pages. Screenshots and the PDF go to
// tests/artifacts/e2e/print-*.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid, waitFor,
  watchdog,
} from './lib.mjs';
import { MARKETING, SERVICE, openAs } from './fixtures.mjs';

const LAPTOP = { width: 1280, height: 900 };

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

/** A closed 20-person summit; answers with its id, the facilitator's token and its ideas. */
async function seeded(base) {
  const { api } = apiOf(base);
  const body = async (res) => JSON.parse((await res).body);
  const created = await body(api('/api/sessions', null, json({
    title: 'Marketing × Customer Service, 2026',
    departments: ['Marketing', 'Customer Service'],
    // Ideas for one's own department allowed: the summary then measures how many crossed.
    settings: { vote_budget: 5, vote_cap_per_idea: 3, allow_own_department_ideas: true, anonymous: false },
  })));
  const sid = created.session_id;
  const fac = created.facilitator_token;
  const cmd = (token, command) => body(api(`/api/sessions/${sid}/commands`, token, json({ command })));
  const people = [];
  for (let i = 0; i < 20; i++) {
    const department = i % 2 === 0 ? MARKETING : SERVICE;
    const joined = await body(api(`/api/sessions/${sid}/participants`, null, json({ name: `Person ${i + 1}`, department })));
    people.push({ ...joined, department });
  }
  await cmd(fac, { type: 'set_phase', phase: 'problems' });
  const problems = [];
  for (const [i, p] of people.entries()) {
    const text = `Problem ${i + 1}: hand-offs between our teams lose the customer's history and the promotion's details`;
    const res = await cmd(p.token, { type: 'submit_problem', text });
    problems.push({ id: res.events[0].event.problem.id, department: p.department });
  }
  await cmd(fac, { type: 'set_phase', phase: 'pick' });
  const picked = [...problems.filter((p) => p.department === MARKETING).slice(0, 2), ...problems.filter((p) => p.department === SERVICE).slice(0, 2)];
  for (const p of picked) await cmd(fac, { type: 'confirm_pick', problem: p.id, picked: true });
  await cmd(fac, { type: 'set_phase', phase: 'ideas' });
  const ideas = [];
  for (const [i, p] of people.entries()) {
    const others = picked.filter((q) => q.department !== p.department);
    for (const q of others.slice(0, i < 4 ? 2 : 1)) {
      const text = `Idea ${ideas.length + 1}: a shared weekly digest of promotions and the complaints they cause`;
      const res = await cmd(p.token, { type: 'submit_idea', problem: q.id, text });
      ideas.push({ id: res.events[0].event.idea.id, problem: q.id, text });
    }
  }
  await cmd(fac, { type: 'set_phase', phase: 'vote' });
  for (const [i, p] of people.entries()) {
    for (let k = 0; k < 3; k++) {
      const idea = ideas[(i * 3 + k) % ideas.length];
      await cmd(p.token, { type: 'cast_vote', idea: idea.id });
    }
  }
  await cmd(fac, { type: 'set_phase', phase: 'plan' });
  for (let k = 0; k < 6; k++) {
    const idea = ideas[k * 4];
    await cmd(fac, { type: 'create_action', action: { problem: idea.problem, idea: idea.id, title: `Action ${k + 1}: publish the weekly digest to both teams`, owner: `Owner ${k + 1}`, department: k % 2 === 0 ? MARKETING : SERVICE, due: '2027-01-15', status: 'open' } });
  }
  await cmd(fac, { type: 'set_phase', phase: 'closed' });
  return { sid, fac, ideas };
}

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-print-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const session = await seeded(server.url);
    const page = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
    await openAs(page, server.url, session, 'facilitator');
    await waitFor(page, tid('summary-link'), 'the console of a closed summit');
    await page.goto(`${server.url}/s/${session.sid}/summary`);
    await waitFor(page, tid('summary'), 'the summary');

    await step('the summary ranks each picked problem\'s ideas, whole, with their votes; ties share a place', async () => {
      await waitFor(page, tid('summary-results'), 'the results');
      const rows = await page.locator(`${tid('summary-results')} tr[data-tally]`).evaluateAll((trs) => trs.map((tr) => ({
        tally: Number(tr.dataset.tally),
        place: tr.querySelector('.result-place').textContent,
        text: tr.querySelector('.result-text').textContent,
        lead: tr.classList.contains('lead'),
      })));
      assert(rows.length === session.ideas.length, `${rows.length} rows for ${session.ideas.length} ideas`);
      assert(rows.reduce((a, r) => a + r.tally, 0) === 60, `the rows hold ${rows.reduce((a, r) => a + r.tally, 0)} of 60 dots`);
      const texts = session.ideas.map((i) => i.text);
      const cut = rows.filter((r) => !texts.includes(r.text));
      assert(cut.length === 0, `ideas not shown whole: ${cut.map((r) => r.text).join(' | ')}`);
      // The action items' problems and ideas too: the summary is the record, nothing cut to "…".
      const actionTexts = page.locator(`${tid('action-row')} .clamp`);
      assert(await actionTexts.count() > 0, 'no action item with a problem or an idea on the summary');
      const clamped = await actionTexts.evaluateAll((els) => els.filter((el) => el.scrollHeight > el.clientHeight + 1).length);
      assert(clamped === 0, `${clamped} action-item texts cut short on the summary`);
      for (let i = 1; i < rows.length; i++) {
        const [before, row] = [rows[i - 1], rows[i]];
        if (row.place === '1') continue; // the next problem's table
        assert(row.tally !== before.tally || row.place === before.place, `tied at ${row.tally} votes, placed ${before.place} and ${row.place}`);
        assert(row.tally === before.tally || row.place !== before.place, `${before.tally} and ${row.tally} votes share place ${row.place}`);
      }
      assert(rows.filter((r) => r.place === '1').every((r) => r.lead), 'an idea in first place not drawn as leading');
      assert(await page.locator(tid('summary-ideas')).getAttribute('open') === null, 'the cards are not folded under the tables');
      const cells = await page.locator(`${tid('idea-flow')} td`).evaluateAll((tds) => tds.map((td) => Number(td.textContent)));
      assert(cells.reduce((a, b) => a + b, 0) === session.ideas.length, `the matrix counts ${cells}`);
      const headline = await page.locator(tid('flow-headline')).textContent();
      assert(headline.includes('Winning ideas from another department: 4 of 4'), `the flow says: ${headline}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'print-summary-laptop.png'), fullPage: true });
    });

    await step('each problem is told once: the 16 not picked under their own heading', async () => {
      const section = page.locator(tid('summary-not-picked'));
      const heading = await section.locator('h2').textContent();
      assert(heading === 'Other problems raised', `the heading says "${heading}"`);
      const texts = await section.locator(tid('problem-card')).allTextContents();
      assert(texts.length === 16, `${texts.length} problems listed apart, not the 16 not picked`);
      // Problems 1 to 4 were picked: told above with their ideas, not again here.
      const again = texts.filter((t) => /Problem [1-4]:/.test(t));
      assert(again.length === 0, `picked problems listed again: ${again.join(' | ')}`);
    });

    // Three: every idea is printed whole (a chart's labels, cut at a line, took two).
    await step('printed on A4 it takes at most three pages', async () => {
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: path.join(ARTIFACTS, 'print-summary-as-printed.png'), fullPage: true });
      assert(await page.locator(`${tid('summary-results')} .result-idea`).first().isVisible(), 'the results are not printed');
      // Each page is headed by the summit and numbered: page two is often read alone.
      const header = await page.evaluate(() => ({
        title: getComputedStyle(document.documentElement).getPropertyValue('--print-title').trim(),
        tab: document.title,
        boxes: [...document.styleSheets].some((sheet) => [...sheet.cssRules].some((rule) => /@top-left[^}]*var\(--print-title/.test(rule.cssText) && /@bottom-right[^}]*counter\(pages\)/.test(rule.cssText))),
      }));
      assert(header.boxes, 'no page header with the title and no page numbers in the print style');
      // A problem's department tag is not left alone at a page's foot.
      const tags = page.locator(`${tid('summary-results')} .result-block > .tag`);
      assert(await tags.count() === 4, `${await tags.count()} department tags over the 4 picked problems`);
      const loose = await tags.evaluateAll((all) => all.filter((t) => {
        const style = getComputedStyle(t);
        return style.display !== 'block' || style.breakAfter !== 'avoid';
      }).length);
      assert(loose === 0, `${loose} department tags may be printed apart from their problem`);
      assert(header.title === JSON.stringify(header.tab), `pages are headed ${header.title}, not the tab's title "${header.tab}"`);
      assert(header.tab.startsWith('Marketing × Customer Service, 2026'), `the tab (and the printed header) says "${header.tab}"`);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      await writeFile(path.join(ARTIFACTS, 'print-summary.pdf'), pdf);
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert(pages >= 1 && pages <= 3, `the summary prints on ${pages} pages`);
      console.log(`     ${pages} A4 page(s)`);
      await page.emulateMedia({ media: 'screen' });
    });
    void poll;
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'print-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'print-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
