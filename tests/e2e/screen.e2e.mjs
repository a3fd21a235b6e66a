// End-to-end browser test: the projector (/s/:id/screen) through every phase.
//
//   node tests/e2e/screen.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// The facilitator's console links to the projector; that link is opened in two fresh
// browser contexts, 1920×1080 and 1280×720, as a screen at the front of a room would.
// 60 people join (30 per department) and the summit is driven through the API.
// Checked on both screens: the join code, the join URL and a QR code that decodes
// (jsQR, from the image's pixels) back to the join URL; no facilitator secret
// anywhere in the page, its address or its storage; counts arriving live; the picked
// problems; voting progress without any tally; the reveal as one bar chart per
// picked problem whose bars carry exactly the server's tallies, best first; the
// action items at the end; the timer in every phase. A screenshot of every phase at
// both sizes goes to tests/artifacts/e2e/screen-<phase>-<size>.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, sleep, startServer, steps, stopServer, tid,
  waitFor, watchdog,
} from './lib.mjs';

const SIZES = [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }];
const PER_DEPARTMENT = 30;

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

/** The QR code on `page` (the `<img>` of `testid`), decoded from its pixels. */
async function decodeQr(page, testid) {
  const image = await page.evaluate(async (selector) => {
    const img = document.querySelector(selector);
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    return { data: Array.from(data), width, height };
  }, tid(testid));
  const found = jsQR(Uint8ClampedArray.from(image.data), image.width, image.height);
  return found?.data ?? null;
}

async function shoot(screens, phase) {
  for (const { page, size } of screens) {
    await page.screenshot({ path: path.join(ARTIFACTS, `screen-${phase}-${size.width}x${size.height}.png`) });
  }
}

/** Waits until every screen shows `phase`. */
async function reached(screens, phase) {
  for (const { page } of screens) {
    await poll(`the screen in ${phase}`, () => page.locator(tid('screen')).getAttribute('data-phase'),
      (p) => p?.toLowerCase() === phase);
  }
}

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-screen-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const { api, tryApi } = apiOf(server.url);
    const body = async (res) => JSON.parse((await res).body);
    const created = await body(api('/api/sessions', null, json({ title: 'Q4 summit', departments: ['Marketing', 'Customer Service'] })));
    const { session_id: sid, facilitator_token: fac, join_code: code } = created;
    const cmd = (token, command) => body(api(`/api/sessions/${sid}/commands`, token, json({ command })));
    const to = (phase) => cmd(fac, { type: 'set_phase', phase });
    const people = [];
    let href;
    let screens = [];

    await step('the console links to the projector with a screen key, not the facilitator\'s', async () => {
      const page = await openPage(browser, 'facilitator', consoleLines, { width: 1440, height: 900 });
      await page.goto(`${server.url}/s/${sid}/facilitate#key=${fac}`);
      await waitFor(page, tid('open-screen'), 'the projector link');
      href = await page.locator(tid('open-screen')).getAttribute('href');
      assert(href.startsWith(`/s/${sid}/screen#key=`), `projector link ${href}`);
      assert(!href.includes(fac), 'the projector link carries the facilitator token');
      // The facilitator link is blurred until its Show, which names it.
      const secret = page.locator(tid('facilitator-link'));
      assert(await secret.evaluate((el) => el.classList.contains('blurred')), 'the facilitator link is shown in the clear');
      await page.getByRole('button', { name: 'Show Facilitator link' }).click();
      assert(!(await secret.evaluate((el) => el.classList.contains('blurred'))), 'Show leaves the facilitator link blurred');
      await page.locator(tid('facilitator-link-show')).click();
      await poll('the console\'s tab title', () => page.title(), (t) => t === 'Q4 summit · Facilitator · Summit');
      assert(await decodeQr(page, 'share-qr') === `${server.url}/join/${code}`, 'the share panel\'s QR code');
      await page.locator('.share-card').screenshot({ path: path.join(ARTIFACTS, 'screen-console-share.png') });
      await page.context().close();
    });

    await step('60 people join; both screens show the code, the join URL and a QR code of it', async () => {
      for (let i = 0; i < 2 * PER_DEPARTMENT; i++) {
        const department = i % 2 === 0 ? 1 : 2;
        const name = `${department === 1 ? 'Mia' : 'Leo'} ${String(i).padStart(2, '0')}`;
        people.push({ department, ...(await body(api(`/api/sessions/${sid}/participants`, null, json({ name, department })))) });
      }
      for (const size of SIZES) {
        const page = await openPage(browser, `screen ${size.width}x${size.height}`, consoleLines, size);
        await page.goto(server.url + href);
        screens.push({ page, size });
      }
      for (const { page } of screens) {
        await waitFor(page, tid('screen-code'), 'the join code');
        assert((await page.locator(tid('screen-code')).textContent()).replace(/\s/g, '') === code, 'the code');
        assert((await page.locator(tid('screen-join-url')).textContent()).trim() === `${server.url}/join/${code}`, 'the join URL');
        await poll('60 people joined', () => page.locator(tid('screen-joined')).textContent(), (t) => t?.includes('60'));
        const decoded = await decodeQr(page, 'screen-qr');
        assert(decoded === `${server.url}/join/${code}`, `the QR code decodes to ${decoded}`);
        assert(await page.title() === 'Q4 summit · Projector · Summit', `title ${await page.title()}`);
      }
      await shoot(screens, 'lobby');
    });

    await step('no facilitator secret in the screen\'s page, address or storage; its commands are refused', async () => {
      for (const { page } of screens) {
        const html = await page.content();
        const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
        assert(!html.includes(fac) && !stored.includes(fac) && !page.url().includes(fac), 'the facilitator token is on the screen');
        assert(await page.locator('button:not(.lang-picker *), input, textarea').count() === 0, 'a control on the screen');
        const opacity = () => page.locator('.lang-corner').evaluate((el) => getComputedStyle(el).opacity);
        assert(await opacity() === '0', 'the language menu shows on the room\'s screen');
        await page.locator(tid('language')).focus();
        assert(await opacity() === '1', 'the language menu stays hidden under the keyboard\'s focus');
        await page.locator(tid('language')).blur();
      }
      const key = href.split('#key=')[1];
      const refused = await tryApi(`/api/sessions/${sid}/commands`, key, json({ command: { type: 'set_phase', phase: 'problems' } }));
      assert(refused.status === 403 && JSON.parse(refused.body).error.code === 'screen_read_only', `${refused.status} ${refused.body}`);
    });

    const problems = {};
    await step('Problems: counts per department and the newest cards arrive live; the timer shows', async () => {
      await to('problems');
      await cmd(fac, { type: 'start_timer', seconds: 300 });
      for (const [i, p] of people.slice(0, 12).entries()) {
        const text = `${p.department === 1 ? 'Marketing' : 'Service'} problem ${i}: customers hear about promotions after they start`;
        const res = await cmd(p.token, { type: 'submit_problem', text });
        problems[res.events[0].event.problem.id] = p.department;
      }
      await reached(screens, 'problems');
      for (const { page } of screens) {
        await poll('6 problems from Marketing', () => page.locator(tid('screen-count-1')).textContent(), (t) => t?.startsWith('6'));
        // The room reads what the numbers count, not only a screen reader.
        const heading = page.locator('#screen-counts-heading');
        assert(await heading.isVisible() && (await heading.textContent()) === 'From each department', 'the counts\' heading shows');
        await poll('6 newest cards', () => page.locator(`${tid('screen-newest')} li`).count(), (n) => n === 6);
        assert(await page.locator(tid('timer')).isVisible(), 'the timer');
      }
      await shoot(screens, 'problems');
    });

    const picked = Object.keys(problems).slice(0, 2).map(Number);
    await step('Pick: while the departments choose, their most supported problems; then the picked problems', async () => {
      await to('pick');
      // People who wrote no problem support one or two of their department's.
      const support = new Map();
      for (const [k, p] of people.slice(24, 36).entries()) {
        const own = Object.keys(problems).map(Number).filter((id) => problems[id] === p.department);
        for (const problem of own.slice(0, 1 + (k % 2))) {
          await cmd(p.token, { type: 'support_problem', problem, support: true });
          support.set(problem, (support.get(problem) ?? 0) + 1);
        }
      }
      await reached(screens, 'pick');
      for (const { page } of screens) {
        for (const department of [1, 2]) {
          const rows = page.locator(`${tid(`screen-candidates-${department}`)} li`);
          await poll(`department ${department}'s three most supported`, () => rows.count(), (n) => n === 3);
          const shown = await rows.evaluateAll((lis) => lis.map((li) => Number(li.dataset.support)));
          const expected = Object.keys(problems).map(Number).filter((id) => problems[id] === department).map((id) => support.get(id) ?? 0).sort((a, b) => b - a).slice(0, 3);
          await poll(`department ${department}'s support`, () => rows.evaluateAll((lis) => lis.map((li) => Number(li.dataset.support))), (t) => JSON.stringify(t) === JSON.stringify(expected));
          assert(shown.length === 3, `department ${department}: ${shown}`);
          assert((await rows.first().textContent()).includes(`${expected[0]} supporters`), 'the supporters counted in words');
        }
      }
      await shoot(screens, 'pick-choosing');
      for (const problem of picked) await cmd(fac, { type: 'confirm_pick', problem, picked: true });
      for (const { page } of screens) {
        await poll('2 picked problems', () => page.locator(`${tid('screen-picked')} li`).count(), (n) => n === 2);
        if (new Set(picked.map((id) => problems[id])).size === 2) {
          await poll('no department still choosing', () => page.locator(tid('screen-candidates')).count(), (n) => n === 0);
        }
      }
      await shoot(screens, 'pick');
    });

    const ideas = [];
    await step('Ideas: counts per department and the newest ideas', async () => {
      await to('ideas');
      for (const [i, p] of people.slice(12, 24).entries()) {
        const problem = picked.find((id) => problems[id] !== p.department);
        if (!problem) continue;
        const text = `Idea ${i}: a shared promotions calendar both teams see`;
        const res = await cmd(p.token, { type: 'submit_idea', problem, text });
        ideas.push({ id: res.events[0].event.idea.id, problem, text });
      }
      await reached(screens, 'ideas');
      for (const { page } of screens) {
        await poll('the newest ideas', () => page.locator(`${tid('screen-newest')} li`).count(), (n) => n === 6);
      }
      await shoot(screens, 'ideas');
    });

    const tallies = new Map();
    await step('Vote: progress in dots, and no tally anywhere', async () => {
      await to('vote');
      for (const [i, p] of people.entries()) {
        const idea = ideas[i % 3];
        const res = await tryApi(`/api/sessions/${sid}/commands`, p.token, json({ command: { type: 'cast_vote', idea: idea.id } }));
        if (res.status === 200) tallies.set(idea.id, (tallies.get(idea.id) ?? 0) + 1);
      }
      const cast = [...tallies.values()].reduce((a, b) => a + b, 0);
      assert(cast > 0, 'no vote was accepted');
      await reached(screens, 'vote');
      for (const { page } of screens) {
        await poll(`${cast} dots cast`, () => page.locator(tid('screen-dots')).textContent(), (t) => t?.startsWith(String(cast)));
        assert(await page.locator('[data-tally]').count() === 0, 'a tally before the reveal');
        const text = await page.locator('body').textContent();
        assert(!ideas.some((i) => text.includes(i.text)), 'an idea on the screen while voting');
      }
      await shoot(screens, 'vote');
    });

    await step('Plan: the reveal, one chart per picked problem, bars carrying the server\'s tallies', async () => {
      await to('plan');
      await reached(screens, 'plan');
      for (const { page } of screens) {
        for (const problem of picked) {
          const chart = page.locator(tid(`chart-${problem}`));
          await chart.waitFor();
          // Whose problem it is, above its words.
          const dept = problems[problem] === 1 ? 'Marketing' : 'Customer Service';
          assert(await chart.locator(tid('chart-department')).textContent() === dept, `chart ${problem}: the department is not ${dept}`);
          const shown = (await chart.locator('[data-tally]').evaluateAll((gs) => gs.map((g) => Number(g.dataset.tally))));
          // The four leading ideas, the rest counted under them.
          const all = ideas.filter((i) => i.problem === problem).map((i) => tallies.get(i.id) ?? 0).sort((a, b) => b - a);
          const expected = all.slice(0, 4);
          assert(JSON.stringify(shown) === JSON.stringify(expected), `chart ${problem}: ${shown} vs ${expected}`);
          assert(await chart.locator('table tbody tr').count() === expected.length, 'the chart\'s table');
          const more = all.length - expected.length;
          assert(more > 0, `this test needs more than four ideas per problem (${all.length})`);
          assert(await chart.locator('.chart-more').textContent() === `+ ${more} more idea${more === 1 ? '' : 's'}`, 'the other ideas counted');
          // Every idea tied for the most votes leads, and only those.
          const leading = await chart.locator('[data-tally]').evaluateAll((gs) => gs.map((g) => g.querySelector('.chart-bar-top') !== null));
          const most = expected[0];
          assert(JSON.stringify(leading) === JSON.stringify(expected.map((t) => t === most && t > 0)), `chart ${problem}: leading ${leading} for ${expected}`);
          // A tie for the most votes is said in words.
          const tied = most > 0 && all.filter((t) => t === most).length > 1;
          assert(await chart.locator(tid('chart-tie')).isVisible() === tied, `chart ${problem}: the tie mark for ${all}`);
          // Each idea's label: its words from the start, on one or two lines.
          const labels = await chart.locator('[data-tally]').evaluateAll((gs) => gs.map((g) => [...g.querySelectorAll('.chart-label')].map((t) => t.textContent).join(' ')));
          assert(labels.every((l, i) => l.length > 0 && ideas.some((idea) => idea.problem === problem && idea.text.startsWith(l.replace(/…$/, '')))), `chart ${problem}: labels ${JSON.stringify(labels)}`);
          // Ideas nobody voted for step back: their words in the muted colour, the others' not.
          const fills = await chart.locator('[data-tally]').evaluateAll((gs) => gs.map((g) => getComputedStyle(g.querySelector('.chart-label')).fill));
          const voted = new Set(fills.filter((_, i) => expected[i] > 0));
          const unvoted = new Set(fills.filter((_, i) => expected[i] === 0));
          assert(voted.size > 0 && unvoted.size > 0, `chart ${problem}: this test needs ideas with and without votes (${expected})`);
          assert(![...unvoted].some((f) => voted.has(f)), `chart ${problem}: ideas without votes drawn as the others (${fills})`);
          // Every label within its card, the leading ones' bold words too.
          const spill = await chart.evaluate((fig) => {
            const edge = fig.getBoundingClientRect().right - parseFloat(getComputedStyle(fig).paddingRight);
            return [...fig.querySelectorAll('.chart-label')].map((t) => t.getBoundingClientRect().right - edge).filter((d) => d > 1);
          });
          assert(spill.length === 0, `chart ${problem}: labels run past the card by ${spill.map(Math.round)} px`);
        }
      }
      // Two problems fit one page of charts: no overview before them.
      for (const { page } of screens) assert(await page.locator(tid('top-ideas')).count() === 0, 'an overview of two problems');
      await sleep(1600); // the bars' one-time animation
      await shoot(screens, 'plan');
      await cmd(fac, { type: 'create_action', action: { problem: picked[0], idea: null, title: 'Launch a shared promotions calendar', owner: 'Dana', department: 1, due: '2027-01-15', status: 'open' } });
    });

    await step('Plan: the action items agreed so far take their turn after the charts', async () => {
      for (const { page } of screens) {
        const line = page.locator(tid('screen-page'));
        await poll('two pages: the charts, then the action items', () => line.textContent(), (t) => /^Page [12] of 2$/.test(t ?? ''));
        // Held, so the pages turn only by hand while the test looks.
        await page.keyboard.press('Space');
        await poll('held', () => line.textContent(), (t) => / · Paused$/.test(t ?? ''));
        // The room sees a pause sign; the word is for screen readers only.
        assert(await line.locator(tid('screen-page-held')).isVisible(), 'the pause sign');
        assert(await line.locator('.sr-only').textContent() === ' · Paused', 'the hold said to screen readers');
        if ((await line.textContent()).startsWith('Page 1')) await page.keyboard.press('ArrowRight');
        await poll('the action items\' page', () => line.textContent(), (t) => t === 'Page 2 of 2 · Paused');
        const list = page.locator(tid('screen-plan-actions'));
        await poll('the agreed item on the screen', () => list.textContent(), (t) => t?.includes('Launch a shared promotions calendar') && t.includes('Dana'));
        assert(await page.locator('.chart').count() === 0, 'a chart beside the action items');
      }
      await shoot(screens, 'plan-actions');
      for (const { page } of screens) {
        await page.keyboard.press('ArrowLeft');
        await poll('back to the charts', () => page.locator('.chart').count(), (n) => n === picked.length);
        assert(await page.locator(tid('screen-plan-actions')).count() === 0, 'the action items beside the charts');
      }
    });

    await step('Plan: "Show on the projector" on the console puts one problem alone on the screens, pressed again all of them', async () => {
      const console_ = await openPage(browser, 'facilitator', consoleLines, { width: 1440, height: 900 });
      await console_.goto(`${server.url}/s/${sid}/facilitate#key=${fac}`);
      const button = console_.locator(tid(`spotlight-${picked[1]}`));
      await button.waitFor();
      assert((await button.textContent()).trim() === 'Show on the projector', 'a problem in the spotlight before any was put there');
      await button.click();
      await poll('the problem marked as on the projector', () => console_.locator(tid(`spotlit-${picked[1]}`)).isVisible(), Boolean);
      assert((await button.textContent()).trim() === 'Show all results', `the spotlit problem's button says ${await button.textContent()}`);
      assert(await console_.locator(tid(`spotlit-${picked[0]}`)).isHidden(), 'two problems marked');
      assert((await console_.locator(tid(`spotlight-${picked[0]}`)).textContent()).trim() === 'Show on the projector', 'the other problem\'s button');
      for (const { page, size } of screens) {
        await poll('one chart on the screen', () => page.locator('.chart').count(), (n) => n === 1);
        await page.locator(tid(`chart-${picked[1]}`)).waitFor();
        const box = await page.locator(tid(`chart-${picked[1]}`)).boundingBox();
        assert(box.y + box.height <= size.height, `the spotlight runs off the ${size.width}×${size.height} screen: ${JSON.stringify(box)}`);
      }
      await sleep(1600); // the bars' one-time animation
      for (const { page, size } of screens) {
        await page.screenshot({ path: path.join(ARTIFACTS, `screen-spotlight-${size.width}x${size.height}.png`) });
      }
      await console_.locator('.problem-block', { has: button }).screenshot({ path: path.join(ARTIFACTS, 'screen-console-spotlight.png') });
      // The console's ranking shows each problem's top three ideas (a tie with votes
      // at the third not cut), the rest behind one button that folds them again.
      {
        const problem = picked[0];
        const all = ideas.filter((i) => i.problem === problem).map((i) => tallies.get(i.id) ?? 0).sort((a, b) => b - a);
        let top = 3;
        while (top < all.length && all[top] > 0 && all[top] === all[2]) top++;
        assert(all.length - top >= 3, `this test needs a ranking that folds: ${all}`);
        const rows = console_.locator(`[data-problem-block="${problem}"] .ranked-item`);
        const more = console_.locator(tid(`more-ranked-${problem}`));
        await poll('the ranking folded to its top', () => rows.count(), (n) => n === top);
        assert((await more.textContent()).trim() === `Show ${all.length - top} more ideas`, `the button says ${await more.textContent()}`);
        await more.click();
        await poll('every idea', () => rows.count(), (n) => n === all.length);
        assert((await more.textContent()).trim() === 'Show only the top ideas', `the button says ${await more.textContent()}`);
        await console_.screenshot({ path: path.join(ARTIFACTS, 'screen-console-ranking.png'), fullPage: true });
        await more.click();
        await poll('folded again', () => rows.count(), (n) => n === top);
        // Searching looks through every idea, folded or not.
        const last = ideas.filter((i) => i.problem === problem).at(-1);
        await console_.locator(tid('card-search')).fill(last.text);
        await poll('the searched idea found', () => console_.locator(`${tid('idea-card')}:visible`, { hasText: last.text }).count(), (n) => n >= 1);
        assert(await more.count() === 0, 'the fold\'s button while searching');
        await console_.locator(tid('card-search')).fill('');
      }
      await button.click();
      for (const { page } of screens) {
        await poll('every chart again', () => page.locator('.chart').count(), (n) => n === picked.length);
        assert(await page.locator(tid('screen-page')).textContent() === 'Page 1 of 2 · Paused', 'the held page of charts is not back');
      }
      await console_.context().close();
    });

    await step('Closed: the action items beside the ideas across departments', async () => {
      await to('closed');
      await reached(screens, 'closed');
      for (const { page } of screens) {
        await poll('the action item', () => page.locator(tid('screen-actions')).textContent(), (t) => t?.includes('Launch a shared promotions calendar'));
        // Ideas across departments: with ideas for one's own department not allowed,
        // every idea crossed; no "12 of 12", the table says who helped whom.
        assert(await page.locator(tid('flow-headline')).isHidden(), 'the projector measures a share that the rules fix at 100 %');
        const cells = await page.locator(`${tid('idea-flow')} td`).evaluateAll((tds) => tds.map((td) => Number(td.textContent)));
        assert(cells.reduce((a, b) => a + b, 0) === ideas.length, `the matrix counts ${cells}`);
        const flow = await page.locator(tid('idea-flow')).boundingBox();
        const viewport = page.viewportSize();
        assert(flow && flow.y + flow.height <= viewport.height, `the flow runs off the projector: ${JSON.stringify(flow)}`);
      }
      await shoot(screens, 'closed');
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'screen-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'screen-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(4 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
