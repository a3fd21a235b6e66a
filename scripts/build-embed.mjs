// Writes what another site's page loads to embed Summit (README, "Embedding
// Summit") into the built front end, after Trunk's build of the participant's
// download:
//
//   embed.js            the <summit-session> element (frontend/embed/embed.js) with
//                       the participant's download's name filled in;
//   embed-<hash>.css    its stylesheet: frontend/embed/embed.css, then style.css with
//                       its :root rule made the widget root's (a shadow root has no
//                       :root); hashed, so it may be cached for a year;
//   embed-frame.js      the helper that sizes /embed/CODE iframes (frontend/embed/frame.js).
//
//   node scripts/build-embed.mjs [DIST]     (default: frontend/dist)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.argv[2] || path.join(ROOT, 'frontend/dist'));
const source = (name) => readFileSync(path.join(ROOT, 'frontend', name), 'utf8');

const page = readFileSync(path.join(DIST, 'index.html'), 'utf8');
const app = page.match(/\/(summit-frontend-[0-9a-f]+\.js)/);
const wasm = page.match(/\/(summit-frontend-[0-9a-f]+_bg\.wasm)/);
if (!app || !wasm) {
  console.error(`build-embed: no summit-frontend-*.js or *_bg.wasm named in ${path.join(DIST, 'index.html')}`);
  process.exit(1);
}

const style = source('style.css');
if (!/^:root \{/m.test(style)) {
  console.error('build-embed: frontend/style.css has no ":root {" rule to make the widget\'s');
  process.exit(1);
}
const css = `${source('embed/embed.css')}\n${style.replace(/^:root \{/m, '.summit-embed {')}`;
const hash = createHash('sha256').update(css).digest('hex').slice(0, 16);
const stylesheet = `embed-${hash}.css`;
writeFileSync(path.join(DIST, stylesheet), css);

const script = source('embed/embed.js')
  .replace('__APP_JS__', app[1])
  .replace('__APP_WASM__', wasm[1])
  .replace('__STYLES__', stylesheet);
if (/__(APP_JS|APP_WASM|STYLES)__/.test(script)) {
  console.error('build-embed: a name in frontend/embed/embed.js was left unfilled');
  process.exit(1);
}
writeFileSync(path.join(DIST, 'embed.js'), script);
writeFileSync(path.join(DIST, 'embed-frame.js'), source('embed/frame.js'));
console.log(`embed.js (loads ${app[1]}), ${stylesheet}, embed-frame.js written into ${DIST}`);
