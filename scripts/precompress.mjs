// Writes a brotli (.br, max quality) and a gzip (.gz, level 9) copy next to every
// .html/.js/.wasm/.css file of the built front end, so the server can send them
// as they are (tower-http ServeDir with precompressed_br/precompressed_gzip)
// instead of compressing on each request, or not at all.
//
//   node scripts/precompress.mjs [DIST]     (default: frontend/dist)
//
// scripts/build-frontend.sh runs it after every Trunk build. Output is
// deterministic: the same input gives byte-identical .br/.gz files.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.argv[2] || path.join(ROOT, 'frontend/dist'));
const EXTENSIONS = new Set(['.html', '.js', '.wasm', '.css']);

/** Every file to compress under `dir` (Trunk's .stage folder excluded). */
function assets(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : assets(full);
    return EXTENSIONS.has(path.extname(entry.name)) ? [full] : [];
  });
}

let files;
try {
  files = assets(DIST);
} catch (e) {
  console.error(`precompress: cannot read ${DIST}: ${e.message}`);
  process.exit(2);
}
if (files.length === 0) {
  console.error(`precompress: no .html/.js/.wasm/.css files in ${DIST}`);
  process.exit(2);
}

for (const file of files.sort()) {
  const raw = readFileSync(file);
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]:
        path.extname(file) === '.wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  const gz = gzipSync(raw, { level: 9 });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gz);
  const name = path.relative(DIST, file);
  console.log(`${name.padEnd(48)} ${String(raw.length).padStart(9)}  br ${String(br.length).padStart(8)}  gz ${String(gz.length).padStart(8)}`);
}
console.log(`precompressed ${files.length} files in ${path.relative(process.cwd(), DIST) || '.'} (.br and .gz)`);
