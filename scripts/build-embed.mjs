// Writes what another site's page loads to embed Summit (README, "Embedding
// Summit") into the built front end, after Trunk's build of the participant's
// download:
//
//   embed.js            the <summit-session> element (frontend/embed/embed.js) with
//                       the names of the participant's download and the console's
//                       (mode="screen": the projector) filled in;
//   embed-<hash>.css    its stylesheet: frontend/embed/embed.css, then style.css with
//                       its :root rule made the widget root's (a shadow root has no
//                       :root) and its width media queries the widget's container
//                       queries (a widget in a narrow column is laid out as on a
//                       phone); hashed, so it may be cached for a year;
//   embed-screen-<hash>.css  the same and console.css, its type and spacing sized to
//                       the widget rather than the window (vw become container units);
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

/** The module and wasm a built page loads: `[js, wasm]`. */
function downloadOf(pageName, prefix) {
  const page = readFileSync(path.join(DIST, pageName), 'utf8');
  const js = page.match(new RegExp(`/(${prefix}-[0-9a-f]+\\.js)`));
  const wasm = page.match(new RegExp(`/(${prefix}-[0-9a-f]+_bg\\.wasm)`));
  if (!js || !wasm) {
    console.error(`build-embed: no ${prefix}-*.js or *_bg.wasm named in ${path.join(DIST, pageName)}`);
    process.exit(1);
  }
  return [js[1], wasm[1]];
}

/** Writes `css` as `name-<hash>.css`; returns that name. */
function writeHashed(name, css) {
  const file = `${name}-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
  writeFileSync(path.join(DIST, file), css);
  return file;
}

const [appJs, appWasm] = downloadOf('index.html', 'summit-frontend');
const [screenJs, screenWasm] = downloadOf('console.html', 'summit-console');

const style = source('style.css');
if (!/^:root \{/m.test(style)) {
  console.error('build-embed: frontend/style.css has no ":root {" rule to make the widget\'s');
  process.exit(1);
}
// rem follows the host page's root font size, which may be anything (10 px on many
// intranet themes): the widget counts in --rem, the reader's default size (embed.js).
const inRem = (rules) => rules.replace(/(-?\d*\.?\d+)rem\b/g, 'calc($1 * var(--rem))');
// The pages lay themselves out by the window's width (media queries); in a widget,
// by the widget's (.summit-embed is an inline-size container, embed.css).
const byWidth = (css) => css.replace(/@media (?:screen and )?\(max-width/g, '@container (max-width');
const rules = byWidth(inRem(style).replace(/^:root \{/m, '.summit-embed {'));
// The projector also sizes its type and spacing to the window (vw, 100vh).
const toWidget = (css) => byWidth(css)
  .replace(/(\d)vw\b/g, '$1cqw')
  .replace(/min-height: 100vh/g, 'min-height: auto');
const embedRules = source('embed/embed.css');
const stylesheet = writeHashed('embed', `${embedRules}\n${rules}`);
const screenStylesheet = writeHashed('embed-screen', `${embedRules}\n${toWidget(`${rules}\n${inRem(source('console.css'))}`)}`);

const script = source('embed/embed.js')
  .replace('__APP_JS__', appJs)
  .replace('__APP_WASM__', appWasm)
  .replace('__STYLES__', stylesheet)
  .replace('__SCREEN_JS__', screenJs)
  .replace('__SCREEN_WASM__', screenWasm)
  .replace('__SCREEN_STYLES__', screenStylesheet);
if (/__(APP|SCREEN)_(JS|WASM)__|__(SCREEN_)?STYLES__/.test(script)) {
  console.error('build-embed: a name in frontend/embed/embed.js was left unfilled');
  process.exit(1);
}
writeFileSync(path.join(DIST, 'embed.js'), script);
writeFileSync(path.join(DIST, 'embed-frame.js'), source('embed/frame.js'));
console.log(`embed.js (loads ${appJs} and for the projector ${screenJs}), ${stylesheet}, ${screenStylesheet}, embed-frame.js written into ${DIST}`);
