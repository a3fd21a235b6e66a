// End-to-end browser test: Summit inside another site's page (README, "Embedding
// Summit").
//
//   node tests/e2e/embed.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// The host is an intranet page on a second origin (another port on 127.0.0.1) with
// its own strict CSP and hostile CSS: `* { all: unset }`, hidden buttons, a global
// font. The Summit server lists that origin in --embed-origins.
// The host pages use the snippets the facilitator's console gives, as they are.
// - `<summit-session>`: a participant joins and votes inside the widget; the
//   facilitator's phase change arrives live; the host's own elements keep their
//   styles; in a page's 360 px sidebar it is laid out as on a phone (its width, not
//   the window's), and in a flex row without a width it keeps a phone's width; two
//   widgets of two summits work side by side; removing one closes its live stream
//   (its participant goes offline on the facilitator's side).
// - The iframe (/embed/CODE): its height follows its content through embed-frame.js.
// - `<summit-session mode="screen">`: the projector's view in a page of its own,
//   the join code and QR from the Summit server, a phase change live.
// - A page on an origin the server does not list cannot load the widget.
// Screenshots go to tests/artifacts/e2e/embed-*.png.

import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, startServer, steps, stopServer, tid, waitFor, watchdog,
} from './lib.mjs';
import { sessionIn } from './fixtures.mjs';

const LAPTOP = { width: 1280, height: 900 };
const PROJECTOR = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };
const GRACE_SECONDS = 1;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

// The host's stylesheet: everything a careless intranet theme does (a 10 px root
// font, as Bootstrap 3 sets, included).
const HOSTILE_CSS = `
* { all: unset; }
html { font-size: 10px; }
button { display: none !important; }
body { display: block; font-family: "Comic Sans MS", cursive; font-size: 22px; color: rgb(120, 0, 0); margin: 8px; }
h1, p, section, summit-session, iframe { display: block; }
#host-title { color: rgb(200, 0, 0); font-size: 30px; }
#host-link { color: rgb(0, 128, 0); }
#columns, #row { display: flex; gap: 16px; }
#article { display: block; flex: 1; }
#sidebar { display: block; width: 360px; }
`;

/** A host page: its own heading and link, then `body`; `hostile`, with HOSTILE_CSS. */
function hostPage(body, hostile) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title>
${hostile ? '<link rel="stylesheet" href="/host.css">' : ''}</head>
<body><h1 id="host-title">Intranet news</h1><p><a id="host-link" href="/elsewhere">Canteen menu</a></p>
<p><label>Search the intranet <input id="host-search"></label></p>
${body}</body></html>`;
}

/**
 * The host's web server on a second origin; `pages` maps a path to its body. Its CSP
 * allows Summit what the console's snippet says (`csp`), and nothing else.
 */
async function startHost() {
  const pages = new Map();
  let csp = '';
  const host = createServer((req, res) => {
    const url = new URL(req.url, 'http://host');
    if (url.pathname === '/host.css') {
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(HOSTILE_CSS);
      return;
    }
    const page = pages.get(url.pathname);
    if (!page) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; style-src 'self'; ${csp}`,
    });
    res.end(hostPage(page, url.pathname !== '/frame'));
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${host.address().port}`,
    pages,
    allow: (policy) => { csp = policy; },
    close: () => new Promise((resolve) => host.close(resolve)),
  };
}

/** The console's snippets for `session`: `{ widget, csp, frame }`. */
async function snippetsOf(browser, base, session) {
  const console_ = await openPage(browser, 'facilitator', consoleLines, LAPTOP);
  await console_.goto(`${base}/s/${session.sid}/facilitate#key=${session.fac}`);
  // A card of the main column, where code has room; not the side column's share card.
  await waitFor(console_, tid('embed-snippets'), 'the embed card');
  assert(await console_.locator(`.phase-body > ${tid('embed-snippets')}`).count() === 1, 'the snippets are not in the main column');
  await console_.locator(`${tid('embed-snippets')} summary`).click();
  const text = (id) => console_.locator(tid(id)).textContent();
  await waitFor(console_, tid('embed-screen'), 'the projector\'s snippet');
  // The projector's snippet holds its key: blurred until Show, as the facilitator link is.
  const blurred = () => console_.locator(tid('embed-screen')).evaluate((el) => el.classList.contains('blurred'));
  assert(await blurred(), 'the projector\'s key is shown before Show');
  await console_.locator(tid('embed-screen-show')).click();
  assert(!(await blurred()), 'Show does not show the projector\'s snippet');
  const snippets = {
    widget: await text('embed-widget'), csp: await text('embed-csp'), frame: await text('embed-frame'), screen: await text('embed-screen'),
  };
  await console_.screenshot({ path: path.join(ARTIFACTS, 'embed-console-snippets-laptop.png'), fullPage: true });
  await console_.context().close();
  return snippets;
}

/** axe-core's serious and critical findings inside the page's widgets. */
async function auditWidgets(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const found = [];
    for (const widget of document.querySelectorAll('summit-session')) {
      // eslint-disable-next-line no-undef
      const r = await axe.run(widget, { runOnly: { type: 'tag', values: tags } });
      for (const v of r.violations) {
        if (v.impact === 'serious' || v.impact === 'critical') found.push(`${v.id} (${v.help}; e.g. ${v.nodes[0]?.target})`);
      }
    }
    return found;
  }, TAGS);
}

/** The facilitator's view of `session`. */
async function stateOf(api, session) {
  return JSON.parse((await api(`/api/sessions/${session.sid}`, session.fac)).body).state;
}

/** Who is online in `session`, as the facilitator sees it. */
const online = async (api, session) => (await stateOf(api, session)).online;

/** The id of the participant called `name` in `session`. */
async function idOf(api, session, name) {
  const found = Object.entries((await stateOf(api, session)).participants).find(([, p]) => p.name === name);
  assert(found, `the server has ${name}`);
  return Number(found[0]);
}

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-embed-'));
  await mkdir(ARTIFACTS, { recursive: true });
  const host = await startHost();
  const stranger = await startHost();
  try {
    server = await startServer(dbDir, ['--embed-origins', host.origin, '--presence-grace', String(GRACE_SECONDS)]);
    browser = await launchBrowser();
    const { api } = apiOf(server.url);

    const voting = await sessionIn(server.url, 'vote');
    const ideas = await sessionIn(server.url, 'ideas');
    let mine;
    let theirs;
    await step('the console gives the snippets for another page', async () => {
      mine = await snippetsOf(browser, server.url, voting);
      theirs = await snippetsOf(browser, server.url, ideas);
      assert(mine.widget.includes(`${server.url}/embed.js`) && mine.widget.includes(`code="${voting.code}"`), `the widget's snippet: ${mine.widget}`);
      assert(mine.csp === `script-src ${server.url} 'wasm-unsafe-eval'; connect-src ${server.url}; img-src ${server.url}`, `the CSP: ${mine.csp}`);
      assert(mine.frame.includes(`${server.url}/embed/${voting.code}`), `the iframe's snippet: ${mine.frame}`);
    });
    for (const h of [host, stranger]) h.allow(`${mine.csp}; frame-src ${server.url}`);
    // The element asked for in German and dark: attributes a host adds to the snippet.
    const germanDark = theirs.widget.replace('<summit-session ', '<summit-session lang="de" theme="dark" ');
    host.pages.set('/one', mine.widget);
    host.pages.set('/two', mine.widget + germanDark);
    host.pages.set('/frame', mine.frame);
    host.pages.set('/hall', theirs.screen);
    // The widget in an intranet page's sidebar, and in a row with no width of its own.
    host.pages.set('/column', `<div id="columns"><p id="article">The canteen reopens on Monday.</p><div id="sidebar">${mine.widget}</div></div>`);
    host.pages.set('/row', `<div id="row">${mine.widget}<p>Beside it</p></div>`);
    stranger.pages.set('/one', mine.widget);

    const page = await openPage(browser, 'host page', consoleLines, LAPTOP);
    let cleo;

    await step('a participant joins inside the widget, styled as Summit despite the host\'s CSS', async () => {
      await page.goto(`${host.origin}/one`);
      await waitFor(page, `summit-session ${tid('join-name')}`, 'the join form inside the widget');
      const title = await page.locator('summit-session .session-title').textContent();
      assert(title.includes('A summit in vote'), `the widget shows its summit: ${title}`);
      const submit = page.locator(`summit-session ${tid('join-submit')}`);
      assert(await submit.isVisible(), 'the host\'s `button { display: none !important }` does not hide Summit\'s buttons');
      const font = await submit.evaluate((el) => getComputedStyle(el).fontFamily);
      assert(!/Comic/.test(font), `the host's font stays out of the widget: ${font}`);
      // Sized as on Summit's own pages whatever the host's root font size (10 px here):
      // the title 1.35 × 16 px, the button's text 16 px, the button 2.4 × 16 px tall.
      const px = async (locator) => parseFloat(await locator.evaluate((el) => getComputedStyle(el).fontSize));
      const heading = await px(page.locator('summit-session .session-title'));
      const text = await px(submit);
      const { height } = await submit.boundingBox();
      assert(Math.abs(heading - 21.6) < 0.1 && text === 16 && height >= 38,
        `the host's root font leaves the widget's sizes alone: title ${heading} px, button ${text} px, ${height} px tall`);
      await page.locator(`summit-session ${tid('join-name')}`).fill('Cleo');
      await page.locator(`summit-session ${tid('join-department')}`).selectOption({ label: 'Customer Service' });
      await submit.click();
      await waitFor(page, `summit-session ${tid('me-name')}`, 'the session inside the widget');
      assert((await page.locator(`summit-session ${tid('me-name')}`).textContent()).includes('Cleo'), 'joined as Cleo');
      cleo = await idOf(api, voting, 'Cleo');
      // The focus follows the participant who pressed Join to the session's heading.
      await poll('the focus in the widget after joining', () => page.evaluate(() =>
        document.activeElement?.tagName === 'SUMMIT-SESSION' && document.activeElement.shadowRoot.activeElement?.tagName), (tag) => tag === 'H2');
      assert(page.url() === `${host.origin}/one`, `the host page's address stays: ${page.url()}`);
      const token = await page.evaluate((sid) => localStorage.getItem(`summit.participant.${sid}`), voting.sid);
      assert(token, 'the token lives in the host origin\'s storage');
    });

    await step('a returning participant\'s widget does not take the host page\'s focus', async () => {
      await page.reload();
      await waitFor(page, `summit-session ${tid('me-name')}`, 'the session inside the widget');
      await page.waitForTimeout(300);
      const focused = await page.evaluate(() => document.activeElement?.tagName);
      assert(focused === 'BODY', `the focus stays on the host page: ${focused}`);
    });

    await step('the host\'s own elements keep their styles', async () => {
      const style = (selector) => page.locator(selector).evaluate((el) => {
        const s = getComputedStyle(el);
        return { color: s.color, font: s.fontFamily, size: s.fontSize };
      });
      const heading = await style('#host-title');
      assert(heading.color === 'rgb(200, 0, 0)' && heading.size === '30px' && /Comic/.test(heading.font), `host heading: ${JSON.stringify(heading)}`);
      const link = await style('#host-link');
      assert(link.color === 'rgb(0, 128, 0)', `host link: ${JSON.stringify(link)}`);
      const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href));
      assert(sheets.length === 1 && sheets[0].endsWith('/host.css'), `Summit adds no stylesheet to the host document: ${sheets}`);
    });

    await step('a vote inside the widget counts', async () => {
      const add = page.locator(`summit-session ${tid(`vote-add-${voting.ids.annIdea}`)}`);
      await add.click();
      await poll('the vote on the server', async () => (await stateOf(api, voting)).voters[cleo], (n) => n === 1);
      await poll('my vote shown', () => page.locator(`summit-session ${tid(`my-votes-${voting.ids.annIdea}`)}`).textContent(), (t) => /1/.test(t));
      await page.screenshot({ path: path.join(ARTIFACTS, 'embed-widget-vote-laptop.png'), fullPage: true });
    });

    await step('the facilitator\'s phase change arrives live', async () => {
      // The reader is typing in the host page's search box meanwhile.
      await page.locator('#host-search').focus();
      await api(`/api/sessions/${voting.sid}/commands`, voting.fac, json({ command: { type: 'set_phase', phase: 'plan' } }));
      await poll('Plan in the widget', () => page.locator(`summit-session ${tid('phase-name')}`).first().textContent(), (t) => /Plan/.test(t));
      await page.waitForTimeout(300);
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert(focused === 'host-search', `a phase change does not pull the focus into the widget (focus on ${focused})`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'embed-widget-results-laptop.png'), fullPage: true });
      // An export from inside the widget is a download from the Summit server. A
      // participant finds the files folded under "Download the results".
      assert(!(await page.locator(`summit-session ${tid('export-actions.csv')}`).isVisible()), 'a participant\'s files are not folded');
      await page.locator(`summit-session ${tid('export-fold')} > summary`).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(`summit-session ${tid('export-actions.csv')}`).click(),
      ]);
      assert(download.url().startsWith(`${server.url}/api/sessions/${voting.sid}/export/actions.csv`), `the download: ${download.url()}`);
      assert(await download.failure() === null, `the download failed: ${await download.failure()}`);
      assert(/Launch|title|owner/i.test(await readFile(await download.path(), 'utf8')), 'the CSV has its header');
    });

    await step('in a page\'s narrow column the widget is laid out as on a phone', async () => {
      // Wide: every step of the phase bar is named.
      const labels = (p) => p.locator('summit-session .step:not(.step-current) .step-label');
      assert(await labels(page).first().isVisible(), 'in a wide widget the other steps are named');
      // The same laptop window, the widget in a 360 px sidebar: the phone's layout.
      await page.goto(`${host.origin}/column`);
      await waitFor(page, `summit-session ${tid('me-name')}`, 'the session in the sidebar');
      await waitFor(page, 'summit-session .step-current .step-label', 'the current step, named');
      await poll('only the current step named', () => labels(page).first().isVisible(), (v) => v === false);
      const fits = await page.locator('summit-session').evaluate((el) => {
        const root = el.shadowRoot.querySelector('.summit-embed');
        return { width: el.getBoundingClientRect().width, scroll: root.scrollWidth, client: root.clientWidth };
      });
      assert(Math.round(fits.width) === 360 && fits.scroll <= fits.client, `fits its column: ${JSON.stringify(fits)}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'embed-widget-sidebar-laptop.png'), fullPage: true });
      // In a flex row without a width of its own it keeps a phone's width, not none.
      await page.goto(`${host.origin}/row`);
      await waitFor(page, `summit-session ${tid('me-name')}`, 'the session in the row');
      const width = await page.locator('summit-session').evaluate((el) => el.getBoundingClientRect().width);
      assert(Math.round(width) === 320, `in a row: ${width} px wide`);
      await page.goto(`${host.origin}/one`);
      await waitFor(page, `summit-session ${tid('me-name')}`, 'the session again');
    });

    await step('two widgets of two summits side by side; removing one closes its stream', async () => {
      const two = await openPage(browser, 'host page with two widgets', consoleLines, PHONE, 'en-US');
      await two.goto(`${host.origin}/two`);
      const [first, second] = [two.locator('summit-session').nth(0), two.locator('summit-session').nth(1)];
      await poll('two join forms', () => two.locator(`summit-session ${tid('join-name')}`).count(), (n) => n === 2);
      assert((await first.locator('.session-title').textContent()).includes('A summit in vote'), 'the first widget shows the first summit');
      assert((await second.locator('.session-title').textContent()).includes('A summit in ideas'), 'the second widget shows the second summit');
      await two.screenshot({ path: path.join(ARTIFACTS, 'embed-two-widgets-phone.png'), fullPage: true });
      assert((await second.locator(tid('join-submit')).textContent()).trim() !== (await first.locator(tid('join-submit')).textContent()).trim(),
        'lang="de" speaks German in the second widget only');
      // Moved on the page (taken out and put back): the same app, what was typed kept.
      await first.locator(tid('join-name')).fill('Half-typed');
      await two.evaluate(() => { const w = document.querySelector('summit-session'); w.parentNode.append(w); });
      const [moved, other] = [two.locator('summit-session').nth(1), two.locator('summit-session').nth(0)];
      assert(await moved.locator(tid('join-name')).inputValue() === 'Half-typed', 'a moved widget keeps what was typed');
      for (const [w, name] of [[moved, 'Dee'], [other, 'Eve']]) {
        await w.locator(tid('join-name')).fill(name);
        await w.locator(tid('join-department')).selectOption({ index: 1 });
        await w.locator(tid('join-submit')).click();
        await w.locator(tid('me-name')).waitFor();
      }
      const eve = await idOf(api, ideas, 'Eve');
      await poll('Eve online', () => online(api, ideas), (ids) => ids.includes(eve));
      await two.screenshot({ path: path.join(ARTIFACTS, 'embed-two-widgets-phone.png'), fullPage: true });
      await other.evaluate((el) => el.remove());
      await poll('Eve offline once her widget is gone', () => online(api, ideas), (ids) => !ids.includes(eve), (GRACE_SECONDS + 8) * 1000);
      const dee = await idOf(api, voting, 'Dee');
      assert((await online(api, voting)).includes(dee), 'the other widget stays connected');
      await two.close();
    });

    await step('axe-core finds nothing serious in the widgets, light and dark', async () => {
      // axe is injected as a script, which the host's CSP would (rightly) refuse.
      const audited = await openPage(browser, 'audited host page', consoleLines, LAPTOP, 'en-US', { bypassCSP: true });
      await audited.goto(`${host.origin}/two`);
      await poll('two join forms', () => audited.locator(`summit-session ${tid('join-name')}`).count(), (n) => n === 2);
      await audited.screenshot({ path: path.join(ARTIFACTS, 'embed-two-widgets-laptop.png'), fullPage: true });
      const found = await auditWidgets(audited);
      assert(found.length === 0, `axe: ${found.join('; ')}`);
      await audited.close();
    });

    await step('the iframe variant follows its content\'s height', async () => {
      const framed = await openPage(browser, 'host page with an iframe', consoleLines, LAPTOP);
      await framed.goto(`${host.origin}/frame`);
      const frame = framed.frameLocator('iframe');
      await frame.locator(tid('join-name')).waitFor();
      // The inner height: the host's CSP refuses the snippet's inline `border: 0`.
      const height = () => framed.locator('iframe').evaluate((el) => el.clientHeight);
      const inner = () => frame.locator('body').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
      await poll('the iframe as tall as its join page', async () => [await height(), await inner()], ([h, i]) => Math.abs(h - i) <= 1);
      const before = await height();
      assert(before !== 640, `the iframe left the snippet's 640 px for its content's ${before}`);
      assert(await frame.locator('.lang-corner').isHidden(), 'no page chrome inside the iframe');
      await frame.locator(tid('join-name')).fill('Finn');
      await frame.locator(tid('join-department')).selectOption({ index: 1 });
      await frame.locator(tid('join-submit')).click();
      await frame.locator(tid('me-name')).waitFor();
      await poll('the iframe follows the session page', async () => [await height(), await inner()], ([h, i]) => Math.abs(h - i) <= 1 && h !== before);
      await framed.screenshot({ path: path.join(ARTIFACTS, 'embed-iframe-laptop.png'), fullPage: true });
      await framed.close();
    });

    await step('the projector\'s view in another page, live', async () => {
      const hall = await openPage(browser, 'hall screen', consoleLines, PROJECTOR);
      await hall.goto(`${host.origin}/hall`);
      await waitFor(hall, `summit-session ${tid('screen')}`, 'the projector inside the widget');
      const qr = hall.locator(`summit-session ${tid('screen-corner')} img`);
      await poll('the QR code from the Summit server', () => qr.evaluate((img) => img.complete && img.naturalWidth), (w) => w > 0);
      const phase = () => hall.locator(`summit-session ${tid('screen-phase')}`).textContent();
      assert(/Ideas/i.test(await phase()), `the projector shows the phase: ${await phase()}`);
      await api(`/api/sessions/${ideas.sid}/commands`, ideas.fac, json({ command: { type: 'set_phase', phase: 'vote' } }));
      await poll('Vote on the hall screen', phase, (t) => /Vote/i.test(t));
      // The host's CSP refuses inline style attributes; the bar's width is set through
      // the CSSOM, which it allows: no dot cast, no bar.
      const filled = await hall.locator('summit-session .screen-progress-fill').evaluate((el) =>
        el.getBoundingClientRect().width / el.parentElement.getBoundingClientRect().width);
      assert(filled < 0.05, `the progress bar shows no dots cast (${filled})`);
      const key = theirs.screen.match(/key="([^"]+)"/)[1];
      const wrong = theirs.screen.replace(key, 'not-the-key');
      host.pages.set('/wrong-key', wrong);
      await hall.screenshot({ path: path.join(ARTIFACTS, 'embed-screen-projector.png') });
      await hall.goto(`${host.origin}/wrong-key`);
      await waitFor(hall, 'summit-session .page-state', 'the refusal inside the widget');
      await hall.close();
    });

    await step('a page on an origin the server does not list gets no widget', async () => {
      const other = await openPage(browser, 'unlisted host page', consoleLines, LAPTOP);
      const refused = [];
      other.on('requestfailed', (r) => refused.push(r.url()));
      await other.goto(`${stranger.origin}/one`);
      await poll('embed.js refused', () => refused.some((u) => u.endsWith('/embed.js')), Boolean);
      assert(await other.locator(`summit-session ${tid('join-name')}`).count() === 0, 'no join form');
      await other.close();
    });

    await step('no widget\'s app stopped with an error on the way', async () => {
      const panics = consoleLines.filter((line) => /panicked|RuntimeError|unreachable/.test(line));
      assert(panics.length === 0, `errors in the host pages' consoles: ${panics.join('\n')}`);
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'embed-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'embed-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await host.close().catch(() => {});
    await stranger.close().catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
