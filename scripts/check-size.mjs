// Size budget of the built front end: the "whole front end ≤ 250 KB gzip"
// (HTML + JS + wasm + CSS, as a browser downloads it on the first visit).
//
//   node scripts/check-size.mjs [DIST]      (default: frontend/dist)
//
// Prints raw, gzip (-9) and brotli (max quality) sizes of every .html/.js/.wasm/.css
// file in DIST (the .br/.gz copies that scripts/precompress.mjs writes are not
// counted), and exits 1 when the gzip total is over the budget, 2 when DIST holds no
// build. Deterministic: it compresses in memory with fixed settings, so the same
// build always gives the same numbers.
//
// SUMMIT_SIZE_BUDGET_KB overrides the budget (KB of gzip, default 250). KB here are
// 1,000 bytes, as in the target: 250 KB is 250,000 B (it used to be read as KiB).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.argv[2] || path.join(ROOT, 'frontend/dist'));
const BUDGET_KB = Number(process.env.SUMMIT_SIZE_BUDGET_KB || 250);
const BUDGET = BUDGET_KB * 1000;
const EXTENSIONS = new Set(['.html', '.js', '.wasm', '.css']);

function assets(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : assets(full);
    return EXTENSIONS.has(path.extname(entry.name)) ? [full] : [];
  });
}

if (!Number.isFinite(BUDGET_KB) || BUDGET_KB <= 0) {
  console.error(`check-size: SUMMIT_SIZE_BUDGET_KB must be a positive number, got "${process.env.SUMMIT_SIZE_BUDGET_KB}"`);
  process.exit(2);
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
const total = rows.reduce(
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
console.log(line('total', total));
console.log(`gzip total ${total.gzip} B = ${kb(total.gzip)}; budget ${BUDGET_KB} KB = ${BUDGET} B (brotli total ${kb(total.brotli)})`);

if (total.gzip > BUDGET) {
  console.error(`check-size: FAIL: the front end is ${total.gzip - BUDGET} B over the ${BUDGET_KB} KB gzip budget`);
  process.exit(1);
}
console.log(`check-size: ok, ${BUDGET - total.gzip} B under the budget`);
