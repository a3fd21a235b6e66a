// Size budgets of the built front end, per page: what a person's browser downloads
// to show it (HTML + JS + wasm, as on a first visit).
//
//   node scripts/check-size.mjs [DIST]      (default: frontend/dist)
//
// Prints raw, gzip (-9) and brotli (max quality) sizes of every .html/.js/.wasm/.css
// file in DIST (the .br/.gz copies that scripts/precompress.mjs writes are not
// counted), then what each page downloads, and exits 1 when a page is over its
// budget or lacks a file, 2 when DIST holds no build. Deterministic: it compresses in
// memory with fixed settings, so the same build always gives the same numbers.
//
// The app is two downloads (frontend/src/lib.rs), each cut into a main module and
// parts fetched when first needed (frontend/src/split.rs, scripts/split-wasm.mjs). A
// page downloads its download's main module and the parts it shows: the participant's
// join page none, a session the `session` part, and so on (PAGES below). KB here are
// 1,000 bytes, as in the targets: 250 KB is 250,000 B. Every language's catalogue is
// in each wasm. embed.js, which other sites' pages load, has a budget of its own: 3 KB.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.argv[2] || path.join(ROOT, 'frontend/dist'));
const EXTENSIONS = new Set(['.html', '.js', '.wasm', '.css']);

function assets(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : assets(full);
    return EXTENSIONS.has(path.extname(entry.name)) ? [full] : [];
  });
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
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const width = Math.max(5, ...rows.map((r) => r.name.length));
const line = (name, r) =>
  `${name.padEnd(width)}  ${String(r.raw).padStart(9)}  ${String(r.gzip).padStart(9)}  ${String(r.brotli).padStart(9)}`;
console.log(`Front-end size (${path.relative(process.cwd(), DIST) || DIST})`);
console.log(`${'file'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzip -9'.padStart(9)}  ${'brotli'.padStart(9)}`);
for (const r of rows) console.log(line(r.name, r));

// What each page downloads (frontend/src/lib.rs, frontend/src/split.rs): its HTML,
// its binary's JS glue and main wasm, the loader of the parts (`<bin>-split-*.js`,
// imported by the glue), and the parts it opens, each with the chunks of code it
// shares with other parts (the loader names them). `budget` is the environment
// variable holding that page's limit (KB of gzip) and its default.
const PAGES = [
  { name: 'participant: join page', page: 'index.html', bin: 'summit-frontend', parts: [], budget: ['SUMMIT_SIZE_BUDGET_KB', 250] },
  { name: 'participant: in a session', page: 'index.html', bin: 'summit-frontend', parts: ['session'], budget: ['SUMMIT_SESSION_BUDGET_KB', 430] },
  { name: 'participant: summary', page: 'index.html', bin: 'summit-frontend', parts: ['summary'] },
  { name: 'console: start page', page: 'console.html', bin: 'summit-console', parts: [], budget: ['SUMMIT_CONSOLE_BUDGET_KB', 276] },
  { name: 'console: facilitator', page: 'console.html', bin: 'summit-console', parts: ['console'], budget: ['SUMMIT_FACILITATOR_BUDGET_KB', 586] },
  { name: 'console: projector', page: 'console.html', bin: 'summit-console', parts: ['screen'], budget: ['SUMMIT_SCREEN_BUDGET_KB', 367] },
  { name: 'console: leads', page: 'console.html', bin: 'summit-console', parts: ['follow_up'], budget: ['SUMMIT_LEADS_BUDGET_KB', 333] },
];

/** The files of `bin`'s download that `parts` need, from the page's list of each
 * part's files (`#summit-parts`, written by scripts/split-wasm.mjs): `{ files, missing }`. */
function filesOf(page, bin, parts) {
  const base = rows.filter((r) => r.name.startsWith(`${bin}-`) && (r.name.endsWith('.js') || r.name.endsWith('_bg.wasm')));
  const list = readFileSync(path.join(DIST, page), 'utf8').match(/<script type=application\/json id=summit-parts>([^<]*)<\/script>/);
  if (!list) return { files: base, missing: parts.length ? [`the list of parts in ${page}`] : [] };
  const partFiles = JSON.parse(list[1]);
  const files = [...base];
  const missing = [];
  for (const part of parts) {
    if (!partFiles[part]) missing.push(`part "${part}"`);
    for (const name of partFiles[part] || []) {
      const row = rows.find((r) => r.name === name);
      if (!row) missing.push(name);
      else if (!files.includes(row)) files.push(row);
    }
  }
  return { files, missing };
}

let over = false;
for (const spec of PAGES) {
  const html = rows.find((r) => r.name === spec.page);
  if (!html) continue;
  const { files, missing } = filesOf(spec.page, spec.bin, spec.parts);
  if (missing.length) {
    console.error(`check-size: FAIL: ${spec.name}: the build lacks ${missing.join(', ')}`);
    over = true;
    continue;
  }
  const total = sum([html, ...files]);
  console.log(line(`${spec.name} (every language)`, total));
  if (!spec.budget) continue;
  const [variable, fallback] = spec.budget;
  const limit = Number(process.env[variable] || fallback);
  if (!Number.isFinite(limit) || limit <= 0) {
    console.error(`check-size: ${variable} must be a positive number, got "${process.env[variable]}"`);
    process.exit(2);
  }
  const budget = limit * 1000;
  console.log(`${spec.name}: gzip ${total.gzip} B = ${kb(total.gzip)}; budget ${limit} KB = ${budget} B (brotli ${kb(total.brotli)})`);
  if (total.gzip > budget) {
    console.error(`check-size: FAIL: ${spec.name} downloads ${total.gzip - budget} B over its ${limit} KB gzip budget (${variable})`);
    over = true;
  } else {
    console.log(`check-size: ok, ${spec.name} downloads ${budget - total.gzip} B under its budget`);
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
