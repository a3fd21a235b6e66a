// End-to-end browser test: honest offline.
//
//   node tests/e2e/offline.e2e.mjs     (after a release build; scripts/test.sh does both)
//
// Ann's browser loses the network (`context.setOffline(true)`) in the middle of a
// summit. Her badge says so at once; an idea she submits and a dot she casts wait,
// shown as waiting, with the idea's text still in its box; no raw browser error
// appears. When the network is back, both go out with their idempotency keys: each
// is applied exactly once, and Bob sees them.
// Screenshots go to tests/artifacts/e2e/offline-*.png.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, apiOf, assert, json, launchBrowser, openPage, poll, sleep, startServer, steps, stopServer, tid,
  waitFor, watchdog,
} from './lib.mjs';
import { openAs, sessionIn } from './fixtures.mjs';

const PHONE = { width: 390, height: 844 };

const { step, fail, summary, failed, results } = steps();
let server;
let browser;
const consoleLines = [];

const text = (page, id) => page.locator(tid(id)).first().textContent().then((t) => t?.trim() ?? '');

async function main() {
  const dbDir = await mkdtemp(path.join(tmpdir(), 'summit-offline-'));
  await mkdir(ARTIFACTS, { recursive: true });
  try {
    server = await startServer(dbDir);
    browser = await launchBrowser();
    const { api } = apiOf(server.url);
    const session = await sessionIn(server.url, 'ideas');
    const cmd = (token, command) => api(`/api/sessions/${session.sid}/commands`, token, json({ command }));
    const state = async () => JSON.parse((await api(`/api/sessions/${session.sid}`, session.fac)).body).state;

    const ann = await openPage(browser, 'Ann', consoleLines, PHONE);
    await openAs(ann, server.url, session, 'participant');
    const bob = await openPage(browser, 'Bob', consoleLines, PHONE);
    await bob.goto(`${server.url}/`);
    await bob.evaluate(([k, t]) => localStorage.setItem(k, t), [`summit.participant.${session.sid}`, session.bob.token]);
    await bob.goto(`${server.url}/s/${session.sid}`);
    await poll('Ann is live', () => text(ann, 'connection-status'), (t) => t === 'Live');

    const noRawErrors = async (page) => {
      const body = await page.locator('body').innerText();
      assert(!/TypeError|Failed to fetch|Network error/.test(body), `a raw browser error is shown: ${body.slice(0, 300)}`);
    };

    await step('an idea submitted offline waits, keeps its text, and is applied once when the network is back', async () => {
      const problem = session.ids.bobProblem;
      const idea = 'A promo calendar both teams can read';
      await ann.context().setOffline(true);
      const box = ann.locator(tid(`idea-input-${problem}`));
      await box.fill(idea);
      await ann.locator(tid(`idea-submit-${problem}`)).click();
      await poll('the badge says offline', () => text(ann, 'connection-status'), (t) => t.startsWith('Offline, reconnecting'));
      await poll('the idea is shown as waiting', () => text(ann, 'waiting-to-send'), (t) => t.includes('1 waiting to send'));
      assert(await box.inputValue() === idea, 'the typed idea is gone');
      await noRawErrors(ann);
      await ann.screenshot({ path: path.join(ARTIFACTS, 'offline-idea-waiting-phone.png') });
      await sleep(1_500);
      await ann.context().setOffline(false);
      await poll('sent once the network is back', () => ann.locator(tid('waiting-to-send')).count(), (n) => n === 0, 20_000);
      await poll('Ann is live again', () => text(ann, 'connection-status'), (t) => t === 'Live', 20_000);
      await poll('Bob sees the idea', () => bob.getByText(idea).count(), (n) => n === 1);
      await sleep(1_000);
      const same = Object.values((await state()).ideas).filter((i) => i.text === idea);
      assert(same.length === 1, `the idea was applied ${same.length} times`);
      assert(await box.inputValue() === '', 'the box still holds the sent idea');
      await noRawErrors(ann);
    });

    await step('a dot cast offline waits and is applied once when the network is back', async () => {
      await cmd(session.fac, { type: 'set_phase', phase: 'vote' });
      const idea = session.ids.bobIdea;
      await waitFor(ann, tid(`vote-add-${idea}`), 'the vote board');
      const before = Number(await text(ann, `my-votes-${idea}`));
      const leftBefore = Number(await text(ann, 'votes-left'));
      await ann.context().setOffline(true);
      await ann.locator(tid(`vote-add-${idea}`)).click();
      await poll('the dot is shown as waiting', () => text(ann, 'waiting-to-send'), (t) => t.includes('1 waiting to send'));
      await poll('the idea says its dot is not sent yet', () => ann.locator(tid(`vote-waiting-${idea}`)).isVisible(), (v) => v);
      assert((await text(ann, `vote-waiting-${idea}`)).startsWith('Not sent yet'), 'the idea\'s waiting note');
      // The idea and the vote bar count the waiting dot, as its hollow mark shows it.
      assert(Number(await text(ann, `my-votes-${idea}`)) === before + 1, `the idea counts ${await text(ann, `my-votes-${idea}`)} of its votes while one waits`);
      assert(Number(await text(ann, 'votes-left')) === leftBefore - 1, `votes left ${await text(ann, 'votes-left')} while a dot waits (was ${leftBefore})`);
      assert((await text(ann, 'connection-status')).startsWith('Offline, reconnecting'), 'the badge does not say offline');
      await noRawErrors(ann);
      await ann.screenshot({ path: path.join(ARTIFACTS, 'offline-vote-waiting-phone.png') });
      await ann.context().setOffline(false);
      await poll('the dot counts', () => text(ann, `my-votes-${idea}`), (t) => Number(t) === before + 1, 20_000);
      await poll('the idea no longer says waiting', () => ann.locator(tid(`vote-waiting-${idea}`)).isVisible(), (v) => !v);
      await sleep(1_500);
      assert(Number(await text(ann, 'votes-left')) === leftBefore - 1, `votes left ${await text(ann, 'votes-left')} once the dot counts (was ${leftBefore})`);
      assert(Number(await text(ann, `my-votes-${idea}`)) === before + 1, 'the dot was applied twice');
      const voters = (await state()).voters;
      assert(voters[session.ann.participant_id] === before + 1, `the server holds ${JSON.stringify(voters)}`);
      await poll('Bob sees the dot counted', () => text(bob, 'votes-total'), (t) => Number(t) === before + 1);
    });
  } catch (e) {
    fail('test harness', e);
  } finally {
    if (server && failed()) await writeFile(path.join(ARTIFACTS, 'offline-server.log'), server.log.join(''));
    await writeFile(path.join(ARTIFACTS, 'offline-console.log'), consoleLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await stopServer(server).catch(() => {});
    await rm(dbDir, { recursive: true, force: true }).catch(() => {});
  }
}

watchdog(3 * 60_000, results);
await main();
process.exit(summary() ? 0 : 1);
