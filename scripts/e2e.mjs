// Runs every end-to-end browser test (tests/e2e/*.e2e.mjs), a few at a time, and
// exits 1 if any failed.
//
//   SUMMIT_BIN=target/release/summit SUMMIT_ASSETS=frontend/dist node scripts/e2e.mjs
//
// Each test starts its own server (on a free port, with a throwaway database) and
// its own browser, so tests can run side by side: a browser test mostly waits (for
// the page, the stream, a timer), and on a two-core machine three at a time take a
// third of the time one at a time does. SUMMIT_E2E_LANES sets how many (default 3).
//
// Besides each file as it is: the accessibility audit once per language (the
// longest test, so it starts first), and the whole summit again in German on
// 390×844 phones and in Spanish on the small phone (360×640). Each run's output is
// kept in tests/artifacts/<run>-output.log and printed whole when the run ends (not
// interleaved with the others); the last lines list every run's result and time.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TESTS = path.join(ROOT, 'tests/e2e');
const LOGS = path.join(ROOT, 'tests/artifacts');
const LANES = Number(process.env.SUMMIT_E2E_LANES || 3);
if (!Number.isInteger(LANES) || LANES < 1) {
  console.error(`SUMMIT_E2E_LANES: expected a whole number of at least 1, got "${process.env.SUMMIT_E2E_LANES}"`);
  process.exit(2);
}

const runs = [
  ...['en-US', 'de-DE', 'fr-FR', 'es-ES'].map((locale) => ({ file: 'a11y.e2e.mjs', env: { A11Y_LOCALES: locale } })),
  ...readdirSync(TESTS).filter((f) => f.endsWith('.e2e.mjs') && f !== 'a11y.e2e.mjs').sort().map((file) => ({ file, env: {} })),
  // No English on any screen, and the vote bar's height on a phone.
  { file: 'summit.e2e.mjs', env: { SUMMIT_E2E_LOCALE: 'de-DE', SUMMIT_E2E_PHONE: '1' } },
  { file: 'summit.e2e.mjs', env: { SUMMIT_E2E_LOCALE: 'es-ES', SUMMIT_E2E_PHONE: '360x640' } },
];
const nameOf = (run) => `${run.file.replace(/\.mjs$/, '')}${Object.keys(run.env).length ? ` (${Object.entries(run.env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`;
const logOf = (run) => path.join(LOGS, `${nameOf(run).replace(/[^A-Za-z0-9._=,-]+/g, '-').replace(/-+$/, '')}-output.log`);

mkdirSync(LOGS, { recursive: true });
const children = new Set();
// A stopped CI job stops the tests too (each test stops its own server and browser).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(130);
  });
}

/** Runs one test to its end: `{ name, ok, last, seconds }`. */
function runOne(run) {
  const began = Date.now();
  const log = logOf(run);
  const out = createWriteStream(log);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(TESTS, run.file)], {
      cwd: ROOT,
      env: { ...process.env, ...run.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('close', (code, signal) => {
      children.delete(child);
      out.end(() => {
        const text = readFileSync(log, 'utf8');
        const name = nameOf(run);
        console.log(`\n==> ${name}\n${text}`);
        const last = text.trimEnd().split('\n').pop() ?? '';
        resolve({ name, ok: code === 0, last: code === 0 ? last : `${last} (exit ${code ?? signal})`, seconds: Math.round((Date.now() - began) / 1000) });
      });
    });
  });
}

const queue = [...runs];
const results = [];
const began = Date.now();
await Promise.all(Array.from({ length: Math.min(LANES, queue.length) }, async () => {
  for (let run = queue.shift(); run; run = queue.shift()) results.push(await runOne(run));
}));

// In the order the runs were listed, whatever order they ended in.
results.sort((a, b) => runs.findIndex((r) => nameOf(r) === a.name) - runs.findIndex((r) => nameOf(r) === b.name));
const failed = results.filter((r) => !r.ok);
console.log(`\nBrowser tests: ${results.length - failed.length} of ${results.length} runs passed in ${Math.round((Date.now() - began) / 1000)} s, ${LANES} at a time`);
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.last} (${r.seconds} s)`);
process.exit(failed.length ? 1 : 0);
