// End-to-end browser test: the console, and a participant's phone, with a crowd.
//
//   node tests/e2e/crowd.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// A session seeded through the API with 300 participants in four departments, 100
// problems, 250 ideas on 25 picked problems and 1,500 votes. For each phase the
// facilitator's console is loaded and the time until the phase's cards are all on
// the page is printed (BENCHMARKS.md keeps the numbers; nothing here fails on time),
// with a screenshot at 1280×800. It fails if a phase does not show its cards. A
// participant's phone (390×844) follows Ideas, Vote and Plan: "Go to a problem"
// takes them to one of the 25, axe finds nothing serious on it, and the vote bar
// stays in sight 250 ideas down. Screenshots go to tests/artifacts/e2e/crowd-*.png.

import { createRequire } from 'node:module';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, sleep, startServer, steps, stopServer, tid, watchdog,
} from './lib.mjs';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PEOPLE = 300;
const DEPARTMENTS = ['Marketing', 'Customer Service', 'Sales', 'Product'];
const PROBLEMS = 100;
const PICKED = 25;
const IDEAS = 250;

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];
const timings = [];

/** Runs `jobs` (functions returning promises) with at most `n` at once. */
async function pool(n, jobs) {
  let next = 0;
  const worker = async () => { while (next < jobs.length) { const job = jobs[next++]; await job(); } };
  await Promise.all(Array.from({ length: n }, worker));
}

/** axe's serious and critical findings on `page` as it is. */
async function axeOn(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes[0]?.target})`);
  });
}

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-crowd-'));
  let phone;
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir, ['--join-rate', '10000', '--command-rate', '1000']);
    browser = await launchBrowser();
    const { api } = apiOf(server.url);
    const body = async (res) => JSON.parse((await res).body);
    const created = await body(api('/api/sessions', null, json({ title: 'All-hands summit', departments: DEPARTMENTS })));
    const sid = created.session_id;
    const fac = created.facilitator_token;
    const cmd = (token, command) => body(api(`/api/sessions/${sid}/commands`, token, json({ command })));
    const phase = (p) => cmd(fac, { type: 'set_phase', phase: p });
    const people = new Array(PEOPLE);
    await pool(8, Array.from({ length: PEOPLE }, (_, i) => async () => {
      const department = (i % DEPARTMENTS.length) + 1;
      const joined = await body(api(`/api/sessions/${sid}/participants`, null, json({ name: `Person ${String(i + 1).padStart(3, '0')}`, department })));
      people[i] = { ...joined, department };
    }));

    const console_ = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
    /** Loads the console and waits for `count` elements matching `selector`. */
    const measure = async (name, selector, count) => {
      const profile = process.env.CROWD_PROFILE === name;
      let cdp;
      if (profile) {
        cdp = await console_.context().newCDPSession(console_);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      // A fresh load each time (the same address with only the key changed would
      // not load the page again).
      await console_.goto('about:blank');
      const started = Date.now();
      await console_.goto(`${server.url}/s/${sid}/facilitate#key=${fac}`, { timeout: 60_000 });
      await poll(`${name}: ${count} × ${selector}`, () => console_.locator(selector).count(), (n) => n >= count, 60_000);
      if (profile) {
        const { profile: prof } = await cdp.send('Profiler.stop');
        const self = new Map();
        const byId = new Map(prof.nodes.map((n) => [n.id, n]));
        const dt = prof.timeDeltas;
        prof.samples.forEach((id, i) => {
          const n = byId.get(id);
          const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
          self.set(key, (self.get(key) || 0) + (dt[i] || 0));
        });
        const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
        for (const [k, v] of top) console.log(`PROFILE ${(v / 1000).toFixed(0)} ms ${k}`);
      }
      const ms = Date.now() - started;
      timings.push(`${name}: ${ms} ms`);
      console.log(`     ${name}: the console showed ${count} × ${selector} ${ms} ms after it was opened`);
      await console_.screenshot({ path: path.join(ARTIFACTS, `crowd-${name.toLowerCase()}-laptop.png`) });
    };

    // A second console stays open through the whole summit, as the facilitator's
    // would: how long after the last of a burst of commands it shows them all.
    const watcher = await openPage(browser, 'watching facilitator', consoleLines, LAPTOP);
    await watcher.goto(`${server.url}/s/${sid}/facilitate#key=${fac}`);
    const lag = async (name, probe) => {
      const started = Date.now();
      await poll(`the open console catches up with ${name}`, probe, Boolean, 60_000);
      const ms = Date.now() - started;
      timings.push(`${name} caught up: ${ms} ms`);
      console.log(`     ${name}: an open console showed it all ${ms} ms after the last command`);
    };

    await step(`Lobby with ${PEOPLE} people`, async () => {
      await measure('Lobby', '.member', PEOPLE);
      // What the lobby is for is on the first screen: the join code, its QR code and
      // the projector's button, right under the phase's controls.
      for (const id of ['join-code', 'share-qr', 'open-screen']) {
        const box = await console_.locator(tid(id)).boundingBox();
        assert(box && box.y + box.height <= LAPTOP.height, `${id} is below a laptop's first screen (${JSON.stringify(box)})`);
      }
      // With a crowd each department's people start folded under their count (the
      // join code and the timer stay within reach); one click unfolds a department.
      await poll('everyone folded', () => console_.locator('.member:visible').count(), (n) => n === 0);
      await console_.locator(`${tid('group-members-1')} > summary`).click();
      await poll('Marketing\'s people unfolded', () => console_.locator('.member:visible').count(), (n) => n === 75);
    });

    const problems = [];
    await step(`Problems: ${PROBLEMS} problems`, async () => {
      await phase('problems');
      await pool(8, Array.from({ length: PROBLEMS }, (_, i) => async () => {
        const who = people[i];
        const accepted = await cmd(who.token, { type: 'submit_problem', text: `Problem ${i + 1}: customers hear about promotions before support does, and ask questions nobody can answer yet` });
        problems[i] = { id: accepted.events[0].event.problem.id, department: who.department };
      }));
      await measure('Problems', tid('problem-card'), PROBLEMS);
      // The timer comes before the room's list, which grows with the room: on a
      // laptop's first screen.
      const timer = await console_.locator('.timer-card').boundingBox();
      assert(timer && timer.y + 120 <= LAPTOP.height, `the timer card starts ${timer?.y} px down`);
    });

    await step('Pick: support from every department, 25 picked', async () => {
      await phase('pick');
      await pool(8, people.slice(0, 200).map((who, i) => async () => {
        const own = problems.filter((p) => p.department === who.department);
        await cmd(who.token, { type: 'support_problem', problem: own[i % own.length].id, support: true });
      }));
      for (const p of problems.slice(0, PICKED)) await cmd(fac, { type: 'confirm_pick', problem: p.id, picked: true });
      await measure('Pick', tid('problem-card'), PROBLEMS);
      // The most supported first in each department, with the count in its heading.
      const supports = await console_.locator(`.dept-column:first-child ${tid('problem-card')} [data-testid^="support-count-"]`).allTextContents();
      const numbers = supports.map((t) => Number(t.match(/\d+/)?.[0] ?? 0));
      assert(numbers.every((n, i) => i === 0 || numbers[i - 1] >= n), `not sorted by support: ${numbers.join(', ')}`);
      assert((await console_.locator(tid('pick-count-1')).textContent())?.trim() === '25', 'no count in the heading');
      // Look-alike problems wait one group at a time above the board: the departments'
      // columns still start on a laptop's first screen.
      await poll('the possible duplicates', () => console_.locator(`${tid('duplicates')}:not([hidden])`).count(), (n) => n === 1);
      const column = await console_.locator('.dept-column').first().boundingBox();
      assert(column.y < LAPTOP.height, `the departments start at ${Math.round(column.y)} px, below the first screen`);
    });

    await step('search: a word finds its cards; moderation is one menu per card', async () => {
      await console_.locator(tid('card-search')).fill('problem 42:');
      await poll('one card left', () => console_.locator(`${tid('problem-card')}:visible`).count(), (n) => n === 1);
      assert((await console_.locator(tid('card-search-count')).textContent())?.includes('1 card matches'), 'the count is not said');
      // Departments without a match step aside: their full counts would read as matches.
      const groups = () => console_.locator('[data-testid^="group-department-"]:visible').count();
      assert(await groups() === 1, `${await groups()} department groups shown for one matching card`);
      // The one shown keeps its name but not its count of 25, which is not the matches'.
      const counts = () => console_.locator('[data-testid^="pick-count-"]:visible').count();
      assert(await counts() === 0, `${await counts()} department counts shown while searching`);
      const id = await console_.locator(`${tid('problem-card')}:visible`).getAttribute('data-problem-id');
      await console_.locator(tid(`card-menu-problem-${id}`)).click();
      await poll('the menu holds Hide', () => console_.locator(tid(`hide-problem-${id}`)).isVisible(), Boolean);
      await console_.screenshot({ path: path.join(ARTIFACTS, 'crowd-search-laptop.png') });
      await console_.locator(tid('card-search')).fill('');
      await poll('every card is back', () => console_.locator(`${tid('problem-card')}:visible`).count(), (n) => n === PROBLEMS);
      assert(await groups() === DEPARTMENTS.length, `${await groups()} department groups shown after the search`);
      // A department folds away, heading and count kept; the open ones take the room
      // it leaves rather than stand beside an empty column.
      const width = async (dept) => (await console_.locator(tid(`group-department-${dept}`)).boundingBox()).width;
      const [marketingOpen, serviceOpen] = [await width(1), await width(2)];
      await console_.locator(`${tid('group-department-1')} > summary`).click();
      await poll('Marketing folded', () => console_.locator(`${tid('problem-card')}:visible`).count(), (n) => n === PROBLEMS - 25);
      assert(await console_.locator(tid('pick-count-1')).isVisible(), 'the folded group lost its heading');
      assert(await width(1) < marketingOpen * 0.9, `the folded column keeps its width: ${await width(1)} of ${marketingOpen}`);
      assert(await width(2) > serviceOpen * 1.1, `the open columns kept their width: ${await width(2)} of ${serviceOpen}`);
      await console_.screenshot({ path: path.join(ARTIFACTS, 'crowd-folded-laptop.png') });
      await console_.locator(`${tid('group-department-1')} > summary`).click();
    });

    const ideas = [];
    await step(`Ideas: ${IDEAS} ideas on the picked problems`, async () => {
      await phase('ideas');
      const picked = problems.slice(0, PICKED);
      await pool(8, Array.from({ length: IDEAS }, (_, i) => async () => {
        // From someone of another department than the problem's.
        const problem = picked[i % PICKED];
        const who = people.find((p, k) => k >= i % PEOPLE && p.department !== problem.department);
        const accepted = await cmd(who.token, { type: 'submit_idea', problem: problem.id, text: `Idea ${i + 1}: a shared calendar of promotions, visible to support a week ahead` });
        ideas[i] = accepted.events[0].event.idea.id;
      }));
      await lag('250 ideas', async () => (await watcher.locator(tid('idea-card')).count()) === IDEAS);
      // A participant's phone: 25 problems and their ideas are a long scroll, and
      // "Go to a problem" (folded above them) takes the reader, and the focus, to one.
      phone = await openPage(browser, 'participant', consoleLines, PHONE, 'en-US', { bypassCSP: true });
      await phone.goto(`${server.url}/`);
      await phone.evaluate(([k, t]) => localStorage.setItem(k, t), [`summit.participant.${sid}`, people[5].token]);
      await phone.goto(`${server.url}/s/${sid}`);
      // Each problem's three newest ideas, the seven before them behind one button.
      await poll('the phone shows the newest ideas', () => phone.locator(tid('idea-card')).count(), (n) => n === PICKED * 3, 60_000);
      await phone.screenshot({ path: path.join(ARTIFACTS, 'crowd-ideas-phone.png') });
      const earlier = phone.locator('[data-testid^="earlier-ideas-"]');
      assert(await earlier.count() === PICKED, `${await earlier.count()} "earlier ideas" buttons for ${PICKED} problems`);
      const button = earlier.first();
      const said = (await button.textContent()).trim();
      assert(said === 'Show 7 earlier ideas', `the button says "${said}"`);
      const firstBlock = phone.locator('[data-problem-block]').first();
      const newest = await firstBlock.locator(tid('idea-card')).evaluateAll((cards) => cards.map((c) => c.dataset.ideaId));
      await button.focus();
      await phone.keyboard.press('Enter');
      await poll('all ten ideas of that problem', () => firstBlock.locator(tid('idea-card')).count(), (n) => n === 10);
      const every = await firstBlock.locator(tid('idea-card')).evaluateAll((cards) => cards.map((c) => c.dataset.ideaId));
      assert(every.slice(-3).join() === newest.join(), `the newest ideas were ${newest}, the last of all are ${every.slice(-3)}`);
      const open = (await button.textContent()).trim();
      assert(open === 'Hide the earlier ideas', `the open button says "${open}"`);
      assert(await button.evaluate((b) => b === document.activeElement), 'the focus left the button');
      await button.press('Enter');
      await poll('folded again', () => firstBlock.locator(tid('idea-card')).count(), (n) => n === 3);
      const index = phone.locator(tid('problem-index'));
      assert(await index.isVisible(), 'no "Go to a problem" with 25 problems');
      await index.locator('summary').click();
      const buttons = index.locator('[data-testid^="go-to-problem-"]');
      assert(await buttons.count() === PICKED, `${await buttons.count()} problems listed, not ${PICKED}`);
      await phone.screenshot({ path: path.join(ARTIFACTS, 'crowd-index-phone.png') });
      const axe = await axeOn(phone);
      assert(axe.length === 0, `axe on the phone with the list open: ${axe.join('; ')}`);
      const target = await buttons.nth(19).getAttribute('data-testid');
      await buttons.nth(19).click();
      const block = phone.locator(`[data-problem-block="${target.replace('go-to-problem-', '')}"]`);
      await poll('the problem is at the top of the screen', () => block.evaluate((el) => Math.round(el.getBoundingClientRect().top)), (top) => top >= 0 && top < PHONE.height / 3);
      assert(await block.evaluate((el) => el === document.activeElement), 'the focus did not go with the reader');
      assert(!(await index.evaluate((d) => d.open)), 'the list stays open over the page');
      await phone.screenshot({ path: path.join(ARTIFACTS, 'crowd-went-to-phone.png') });
      // The console has its search, not this list.
      assert(!(await console_.locator(tid('problem-index')).isVisible()), 'the console shows "Go to a problem"');
      await measure('Ideas', tid('idea-card'), IDEAS);
      // Look-alikes by the hundred: each problem's ten alike ideas are one group to
      // merge with one button, one group at a time (the cards stay on the first
      // screen), the whole count said, and "Next group" for one to leave till later.
      await poll('the possible duplicates', () => console_.locator(tid('duplicates-count')).textContent(), (t) => Number(t) === PICKED);
      const dupGroups = console_.locator(`${tid('duplicates')} .dup-group`);
      assert(await dupGroups.count() === 1, `${await dupGroups.count()} groups of look-alikes listed at once`);
      const position = console_.locator(tid('duplicates-more'));
      assert((await position.textContent())?.trim() === `Group 1 of ${PICKED}`, `the list says "${await position.textContent()}"`);
      const firstGroup = await dupGroups.first().getAttribute('data-testid');
      await console_.locator(tid('duplicates-next')).click();
      await poll('"Next group" shows the second', () => position.textContent(), (t) => t?.trim() === `Group 2 of ${PICKED}`);
      assert(await dupGroups.first().getAttribute('data-testid') !== firstGroup, '"Next group" kept the same group');
      const group = dupGroups.first();
      assert(await group.locator('.dup-row:visible').count() === 2, `${await group.locator('.dup-row:visible').count()} look-alikes unfolded in a group`);
      const more = group.locator('.dup-more > summary');
      assert((await more.textContent())?.trim() === '7 more', `the folded look-alikes say "${await more.textContent()}"`);
      // Nothing is merged unseen: "Merge all 9" comes once the seven folded are shown.
      const all = group.locator('[data-testid^="dup-merge-all-"]');
      assert(!(await all.isVisible()), '"Merge all" offered with look-alikes folded away');
      await more.click();
      await poll('the folded look-alikes shown', () => group.locator('.dup-row:visible').count(), (n) => n === 9);
      assert(await all.isVisible() && (await all.textContent())?.trim() === 'Merge all 9', `once shown, the button says "${await all.textContent()}"`);
      // With 25 problems the ideas' words do not say which one a group is for: it says.
      const where = (await group.locator('.dup-for').textContent())?.trim();
      assert(/^For “Problem \d+: /.test(where), `the group says where it is: "${where}"`);
      const box = await console_.locator(tid('duplicates')).boundingBox();
      assert(box.height < 900, `the possible duplicates are ${Math.round(box.height)} px high`);
      await console_.locator(tid('duplicates')).screenshot({ path: path.join(ARTIFACTS, 'crowd-duplicates-laptop.png') });
      // A problem's ideas fold away under their count.
      const first = problems[0].id;
      const summary = console_.locator(`${tid(`group-problem-${first}`)} > summary`);
      assert((await summary.textContent())?.trim() === '10 ideas', `the group says ${await summary.textContent()}`);
      await summary.click();
      await poll('its ideas folded', () => console_.locator(`${tid('idea-card')}:visible`).count(), (n) => n === IDEAS - 10);
      await summary.click();
      // While searching, the group counts what the search leaves under it.
      await console_.locator(tid('card-search')).fill('idea 1:');
      await poll('one idea left', () => console_.locator(`${tid('idea-card')}:visible`).count(), (n) => n === 1);
      assert((await summary.textContent())?.trim() === '1 idea', `the searched group says ${await summary.textContent()}`);
      await console_.locator(tid('card-search')).fill('');
      await poll('the count is whole again', () => summary.textContent(), (t) => t?.trim() === '10 ideas');
    });

    await step('Vote: 1,500 votes', async () => {
      await phase('vote');
      await pool(8, people.map((who, k) => async () => {
        for (let d = 0; d < 5; d++) {
          const res = await api(`/api/sessions/${sid}/commands`, who.token, json({ command: { type: 'cast_vote', idea: ideas[(k * 5 + d) % IDEAS] } })).catch((e) => e);
          if (res instanceof Error) throw res;
        }
      }));
      const state = await body(api(`/api/sessions/${sid}`, fac));
      assert(state.state.hidden_votes === PEOPLE * 5, `${state.state.hidden_votes} votes cast`);
      await lag('1,500 votes', async () => (await watcher.locator(tid('votes-total')).textContent())?.trim() === String(PEOPLE * 5));
      await measure('Vote', tid('idea-card'), IDEAS);
      // 250 ideas down the phone, the votes left are still in sight.
      await poll('the phone is in Vote', () => phone.locator(tid('vote-bar')).count(), (n) => n === 1);
      await phone.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
      await poll('the phone scrolled far down', () => phone.evaluate(() => window.scrollY), (y) => y > PHONE.height * 3);
      const bar = await phone.locator(tid('vote-bar')).boundingBox();
      assert(bar && bar.y >= 0 && bar.y + bar.height <= PHONE.height, `the vote bar is out of sight: ${JSON.stringify(bar)}`);
      await phone.screenshot({ path: path.join(ARTIFACTS, 'crowd-vote-phone.png') });
      // An idea's only control, the facilitator's menu, sits in its top corner, not on a row of its own.
      const corner = () => console_.locator(`${tid('idea-card')} > .card-actions`).first().evaluate((el) => getComputedStyle(el).position);
      assert(await corner() === 'absolute', `the lone menu is ${await corner()}`);
    });

    await step('Plan: the reveal', async () => {
      await phase('plan');
      await measure('Plan', tid('idea-card'), IDEAS);
      await poll('the phone has left Vote', () => phone.locator(tid('vote-bar')).count(), (n) => n === 0);
      await poll('the phone shows the results', () => phone.locator(tid('problem-index')).isVisible(), Boolean);
      await phone.screenshot({ path: path.join(ARTIFACTS, 'crowd-plan-phone.png') });
      const href = await console_.locator(tid('open-screen')).getAttribute('href');
      const projector = await openPage(browser, 'projector', consoleLines, { width: 1920, height: 1080 });
      await projector.goto(`${server.url}${href}`);
      // 25 problems: first their top ideas, four a page, then their charts, two at
      // a time, each with its four leading ideas and the rest counted, within the
      // screen, the pages turning by themselves.
      const pageLine = projector.locator(tid('screen-page'));
      const pageNo = async () => Number((await pageLine.textContent()).match(/^Page (\d+) of/)[1]);
      const overview = projector.locator(`${tid('top-ideas')} tbody tr`);
      await poll('the projector shows the top ideas', () => overview.count(), (n) => n === 4);
      await projector.keyboard.press('Space');
      assert(/^Page [1-7] of 20 · Paused$/.test(await pageLine.textContent()), `the page says ${await pageLine.textContent()}`);
      assert(await projector.locator('.chart').count() === 0, 'a chart beside the overview');
      await projector.screenshot({ path: path.join(ARTIFACTS, 'crowd-overview-projector.png') });
      // Every idea has six votes: each problem's ten ideas tie, two named, the rest counted.
      for (const row of await overview.all()) {
        assert((await row.locator('.top-votes').textContent()) === '6', `a top idea's votes: ${await row.locator('.top-votes').textContent()}`);
        assert(await row.locator('.top-leader').count() === 2, 'two tied ideas named');
        assert((await row.locator('.top-more').textContent()) === 'and 8 more with as many votes', `the tied counted: ${await row.locator('.top-more').textContent()}`);
        assert(await row.locator(tid('top-tie')).isVisible(), 'the tie not said');
        const box = await row.boundingBox();
        assert(box.y + box.height <= 1080, `a line of the overview runs off the screen: ${JSON.stringify(box)}`);
      }
      const line = await pageLine.boundingBox();
      assert(line.y + line.height <= 1080, `the page number runs off the screen: ${JSON.stringify(line)}`);
      for (let n = await pageNo(); n < 8; n++) await projector.keyboard.press('ArrowRight');
      await poll('the first charts\' page', () => pageNo(), (n) => n === 8);
      await poll('the projector shows the charts', () => projector.locator('.chart').count(), (n) => n === 2);
      assert(await projector.locator(tid('top-ideas')).count() === 0, 'the overview beside the charts');
      await projector.keyboard.press('Space');
      const rows = await projector.locator('.chart').evaluateAll((charts) => charts.map((c) => c.querySelectorAll('[data-tally]').length));
      assert(rows.every((n) => n === 4), `rows per chart: ${rows}`);
      assert(await projector.locator('.chart-more').first().textContent() === '+ 6 more ideas', 'the rest counted');
      assert(await projector.locator(`${tid('chart-tie')}:visible`).count() === 2, 'each chart says its tie');
      assert(/^Page \d+ of 20$/.test(await pageLine.textContent()), `the page says ${await pageLine.textContent()}`);
      for (const chart of await projector.locator('.chart').all()) {
        const box = await chart.boundingBox();
        assert(box.y + box.height <= 1080, `a chart runs off the screen: ${JSON.stringify(box)}`);
      }
      await sleep(1600); // the bars' one-time animation
      await projector.screenshot({ path: path.join(ARTIFACTS, 'crowd-reveal-projector.png') });
      const before = await pageLine.textContent();
      await poll('the next page', () => pageLine.textContent(), (t) => t !== before, 15_000);
      // Whoever stands at the projector's laptop holds a page with Space while the
      // room talks it over, and turns the pages with the arrows (or a clicker).
      await projector.keyboard.press('Space');
      await poll('Space holds the page', () => pageLine.textContent(), (t) => / · Paused$/.test(t));
      const held = await pageNo();
      await projector.keyboard.press('ArrowRight');
      await poll('→ turns one page', () => pageNo(), (n) => n === (held % 20) + 1);
      await projector.keyboard.press('ArrowLeft');
      await poll('← turns back', () => pageNo(), (n) => n === held);
      await sleep(13_000);
      assert(await pageLine.textContent() === `Page ${held} of 20 · Paused`, `the held page turned: ${await pageLine.textContent()}`);
      await projector.keyboard.press('Space');
      await poll('Space lets the pages turn again', () => pageLine.textContent(), (t) => t === `Page ${held} of 20`);
      // In the spotlight, one problem's six leading ideas across the screen, in
      // type read from the back of the room, within its height.
      await cmd(fac, { type: 'spotlight', problem: problems[0].id });
      await poll('one chart', () => projector.locator('[data-tally]').count(), (n) => n === 6);
      assert(await projector.locator('.chart-more').textContent() === '+ 4 more ideas', 'the rest counted');
      const box = await projector.locator('.chart').boundingBox();
      assert(box.y + box.height <= 1080, `the spotlight runs off the screen: ${JSON.stringify(box)}`);
      const label = await projector.locator('.chart-label').first().boundingBox();
      assert(label.height >= 24, `the spotlight's labels are ${label.height} px high`);
      await sleep(1600);
      await projector.screenshot({ path: path.join(ARTIFACTS, 'crowd-spotlight-projector.png') });
      await projector.context().close();
      // Beside a tally and a button, the menu stays in their row.
      const row = await console_.locator(`${tid('idea-card')} > .card-actions`).first().evaluate((el) => getComputedStyle(el).position);
      assert(row === 'static', `the menu beside the Plan's controls is ${row}`);
      await console_.locator(`${tid(`group-problem-${problems[0].id}`)} > summary`).click();
      await poll('a ranked list folded', () => console_.locator(`${tid('idea-card')}:visible`).count(), (n) => n === IDEAS - 10);
    });
    console.log(`     render times: ${timings.join(', ')}`);
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'crowd-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'crowd-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(6 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
