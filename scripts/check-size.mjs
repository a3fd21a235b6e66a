// Size budgets of the built front end, per role: what a participant downloads and
// what the console downloads (HTML + JS + wasm + CSS, as on a first visit).
//
//   node scripts/check-size.mjs [DIST]      (default: frontend/dist)
//
// Prints raw, gzip (-9) and brotli (max quality) sizes of every .html/.js/.wasm/.css
// file in DIST (the .br/.gz copies that scripts/precompress.mjs writes are not
// counted), and exits 1 when the gzip total is over the budget, 2 when DIST holds no
// build. Deterministic: it compresses in memory with fixed settings, so the same
// build always gives the same numbers.
//
// Each role's download is checked on its own: the participant's (index.html and the
// summit-frontend-* files) against SUMMIT_SIZE_BUDGET_KB (KB of gzip, default 250),
// the console's (console.html and the summit-console-* files) against
// SUMMIT_CONSOLE_BUDGET_KB (default 350). KB here are 1,000 bytes, as in the target:
// 250 KB is 250,000 B. Every language's catalogue is in each wasm. embed.js, which
// other sites' pages load, has a budget of its own: 3 KB.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.argv[2] || path.join(ROOT, 'frontend/dist'));
const BUDGET_KB = Number(process.env.SUMMIT_SIZE_BUDGET_KB || 250);
const CONSOLE_BUDGET_KB = Number(process.env.SUMMIT_CONSOLE_BUDGET_KB || 350);
const EXTENSIONS = new Set(['.html', '.js', '.wasm', '.css']);

function assets(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : assets(full);
    return EXTENSIONS.has(path.extname(entry.name)) ? [full] : [];
  });
}

for (const [name, value] of [['SUMMIT_SIZE_BUDGET_KB', BUDGET_KB], ['SUMMIT_CONSOLE_BUDGET_KB', CONSOLE_BUDGET_KB]]) {
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`check-size: ${name} must be a positive number, got "${process.env[name]}"`);
    process.exit(2);
  }
}
let files;
try {
  files = assets(DIST).sort();
} catch (e) {
  console.error(`check-size: cannot read ${DIST}: ${e.message} (build the front end first: bash scripts/build-frontend.sh)`);
  process.exit(2);
}
if (!files.some((f) => f.endsWith('.wasm')) || !files.some((f) => f.endsWith('.html'))) {
  console.error(`check-size: no built front end in ${DIST} (expected index.html and a .wasm file)`);
  process.exit(2);
}

const rows = files.map((file) => {
  const raw = readFileSync(file);
  return {
    name: path.relative(DIST, file),
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }).length,
  };
});
const sum = (list) => list.reduce(
  (t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);
// What each role downloads: its page and the files named after its binary
// (frontend/src/lib.rs). A build without console.html is one download for everyone.
const ROLES = [
  { name: 'participant', page: 'index.html', prefix: 'summit-frontend-', budget: BUDGET_KB },
  { name: 'console', page: 'console.html', prefix: 'summit-console-', budget: CONSOLE_BUDGET_KB },
];
const ofRole = (role) => rows.filter((r) => r.name === role.page || r.name.startsWith(role.prefix));

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const width = Math.max(5, ...rows.map((r) => r.name.length));
const line = (name, r) =>
  `${name.padEnd(width)}  ${String(r.raw).padStart(9)}  ${String(r.gzip).padStart(9)}  ${String(r.brotli).padStart(9)}`;
console.log(`Front-end size (${path.relative(process.cwd(), DIST) || DIST})`);
console.log(`${'file'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzip -9'.padStart(9)}  ${'brotli'.padStart(9)}`);
for (const r of rows) console.log(line(r.name, r));
let over = false;
for (const role of ROLES) {
  const files = ofRole(role);
  if (!files.some((f) => f.name === role.page)) continue;
  const total = sum(files);
  const budget = role.budget * 1000;
  console.log(line(`${role.name} (every language)`, total));
  console.log(`${role.name}: gzip ${total.gzip} B = ${kb(total.gzip)}; budget ${role.budget} KB = ${budget} B (brotli ${kb(total.brotli)})`);
  if (total.gzip > budget) {
    console.error(`check-size: FAIL: the ${role.name}'s download is ${total.gzip - budget} B over its ${role.budget} KB gzip budget`);
    over = true;
  } else {
    console.log(`check-size: ok, the ${role.name}'s download is ${budget - total.gzip} B under its budget`);
  }
}
// What another site's page loads before the app (README, "Embedding Summit"):
// embed.js, at most 3 KB gzip. The app it then loads is the participant's download
// above, plus the widget's stylesheet (embed-*.css), reported here.
const EMBED_BUDGET_B = 3000;
const embed = rows.find((r) => r.name === 'embed.js');
if (!embed) {
  console.error('check-size: FAIL: no embed.js in the build (scripts/build-embed.mjs writes it)');
  over = true;
} else {
  const sheet = rows.find((r) => /^embed-[0-9a-f]+\.css$/.test(r.name));
  console.log(`embed.js: gzip ${embed.gzip} B; budget ${EMBED_BUDGET_B} B` + (sheet ? ` (then ${sheet.name}: gzip ${sheet.gzip} B)` : ''));
  if (embed.gzip > EMBED_BUDGET_B) {
    console.error(`check-size: FAIL: embed.js is ${embed.gzip - EMBED_BUDGET_B} B over its ${EMBED_BUDGET_B} B gzip budget`);
    over = true;
  } else {
    console.log(`check-size: ok, embed.js is ${EMBED_BUDGET_B - embed.gzip} B under its budget`);
  }
}
if (over) process.exit(1);
