// Trunk's post-build hook (Trunk.toml): cuts the parts of the app fetched when first
// needed (frontend/src/split.rs) out of the wasm Trunk has just built, so a page
// downloads only what it shows.
//
// Trunk 0.21 cannot split a wasm itself. After its build this script takes the wasm
// cargo linked (with relocations, frontend/build.rs) and does what Trunk does with
// it, with a split in between:
//   1. wasm-split-cli (crate wasm_split_cli_support, installed by setup.sh) writes the
//      main module, one module per split point and chunks of code several points
//      share, and the JavaScript that fetches them (__wasm_split.js);
//   2. wasm-bindgen binds the main module (keeping the exports the parts link to);
//   3. wasm-opt optimises every module: -Oz plus two rounds of `--flatten --rereloop
//      -Oz`, about 2 KB gzip smaller than -Oz alone (Trunk's own wasm-opt is turned
//      off in frontend/index.html: it would optimise the unsplit wasm for nothing);
//   4. every file is renamed `<bin>-<hash>…`, the hash taken over all of them (they
//      name each other, so one hash for the set), and the page's references follow.
// Trunk's unsplit files are then removed from its staging folder.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAGING = process.env.TRUNK_STAGING_DIR;
if (!STAGING) {
  console.error('split-wasm: run by Trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(2);
}
const release = process.env.TRUNK_PROFILE === 'release';
const OPT_PARAMS = ['--flatten', '--rereloop', '-Oz', '--flatten', '--rereloop', '-Oz'];

const staged = readdirSync(STAGING);
const page = staged.filter((f) => f.endsWith('.html'));
const glue = staged.map((f) => f.match(/^(summit-[a-z]+)-([0-9a-f]+)\.js$/)).filter(Boolean);
if (page.length !== 1 || glue.length !== 1) {
  console.error(`split-wasm: expected one page and one app in ${STAGING}, found ${staged.join(', ')}`);
  process.exit(1);
}
const [, bin, trunkHash] = glue[0];
// Where cargo put the wasm Trunk built: cargo's own target folder (which
// CARGO_TARGET_DIR or .cargo/config.toml may move) and the page's release profile.
const targetDir = JSON.parse(execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], { cwd: ROOT })).target_directory;
const source = readFileSync(process.env.TRUNK_HTML_FILE, 'utf8');
const profile = release ? (source.match(/data-cargo-profile-release="([^"]+)"/)?.[1] ?? 'release') : 'debug';
const linked = path.join(targetDir, 'wasm32-unknown-unknown', profile, `${bin}.wasm`);

const run = (tool, args) => execFileSync(tool, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const work = mkdtempSync(path.join(os.tmpdir(), 'summit-split-'));
try {
  const cut = path.join(work, 'cut');
  run('wasm-split-cli', [linked, cut, '--out-name', bin]);
  const bound = path.join(work, 'bound');
  run('wasm-bindgen', ['--target=web', `--out-dir=${bound}`, `--out-name=${bin}`, '--no-typescript',
    '--keep-lld-exports', '--no-demangle', ...(release ? [] : ['--keep-debug']), path.join(cut, `${bin}.wasm`)]);
  // JS snippets (`#[wasm_bindgen(module = …)]`) would be more files to carry; the app has none.
  if (readdirSync(bound).some((f) => f === 'snippets')) throw new Error('split-wasm: wasm-bindgen wrote snippets, which this script does not carry');

  const optimise = (from, to) => {
    if (release) {
      run('wasm-opt', ['-Oz', from, `--output=${to}`, '--strip-debug', '--strip-producers', ...OPT_PARAMS]);
    } else {
      writeFileSync(to, readFileSync(from));
    }
  };
  const out = path.join(work, 'out');
  execFileSync('mkdir', ['-p', out]);
  optimise(path.join(bound, `${bin}_bg.wasm`), path.join(out, `${bin}_bg.wasm`));
  const parts = readdirSync(cut).filter((f) => f.endsWith('.wasm') && f !== `${bin}.wasm`);
  for (const part of parts) optimise(path.join(cut, part), path.join(out, part));

  // One hash for the set, over the files as written (before they name each other).
  const files = {
    [`${bin}.js`]: readFileSync(path.join(bound, `${bin}.js`)),
    [`${bin}_bg.wasm`]: readFileSync(path.join(out, `${bin}_bg.wasm`)),
    '__wasm_split.js': readFileSync(path.join(cut, '__wasm_split.js')),
  };
  for (const part of parts) files[part] = readFileSync(path.join(out, part));
  const digest = createHash('sha256');
  for (const name of Object.keys(files).sort()) digest.update(name).update(files[name]);
  const hash = digest.digest('hex').slice(0, 16);

  // `split_session_….wasm` → `summit-frontend-session-<hash>.wasm`; chunks keep their number.
  const partName = (part) => `${bin}-${part.replace(/^split_/, '').replace(/\.wasm$/, '')}-${hash}.wasm`;
  const names = {
    [`${bin}.js`]: `${bin}-${hash}.js`,
    [`${bin}_bg.wasm`]: `${bin}-${hash}_bg.wasm`,
    '__wasm_split.js': `${bin}-split-${hash}.js`,
  };
  for (const part of parts) names[part] = partName(part);

  // The glue imports the loader by path (its key in the wasm's imports stays the
  // module name the wasm was linked with); the loader imports the glue and fetches
  // the parts relative to itself.
  // Each rewrite must find what it rewrites: a tool writing its names otherwise would
  // give files that load nothing.
  const rewrite = (text, from, to, where) => {
    if (!text.includes(from)) throw new Error(`split-wasm: ${where} does not name ${from}`);
    return text.replaceAll(from, to);
  };
  let js = files[`${bin}.js`].toString();
  if (parts.length) js = rewrite(js, 'from "./__wasm_split.js"', `from "./${names['__wasm_split.js']}"`, 'the glue');
  js = rewrite(js, `'${bin}_bg.wasm'`, `'${names[`${bin}_bg.wasm`]}'`, 'the glue');
  let loader = files['__wasm_split.js'].toString();
  loader = rewrite(loader, `"./${bin}.js"`, `"./${names[`${bin}.js`]}"`, 'the loader');
  for (const part of parts) loader = rewrite(loader, `"./${part}"`, `"./${names[part]}"`, 'the loader');
  if (/from "\.\/__wasm_split\.js"|"\.\/(split_|chunk_)/.test(js + loader)) throw new Error('split-wasm: a file is still named as the splitter wrote it');
  files[`${bin}.js`] = js;
  files['__wasm_split.js'] = loader;

  for (const f of staged.filter((f) => f.startsWith(`${bin}-${trunkHash}`))) unlinkSync(path.join(STAGING, f));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(STAGING, names[name]), content);
  // Each part's files (its own and the chunks it shares), for the page's script that
  // fetches the part an address shows alongside the app (frontend/index.html).
  const partFiles = {};
  for (const m of loader.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?), \[([^\]]*)\]\)\)/g)) {
    const own = m[2].match(/new URL\("\.\/([^"]+)"/);
    const chunks = m[3].split(',').map((d) => d.trim()).filter(Boolean).map((d) => {
      const chunk = loader.match(new RegExp(`const ${d} = makeLoad\\(\\(\\) => \\{\\s*const src = fetch\\(new URL\\("\\.\\/([^"]+)"`));
      if (!chunk) throw new Error(`split-wasm: the loader names ${d} but does not define it`);
      return chunk[1];
    });
    partFiles[m[1]] = [...(own ? [own[1]] : []), ...chunks];
  }
  const listed = new Set(Object.values(partFiles).flat());
  const unlisted = parts.map((p) => names[p]).filter((name) => !listed.has(name));
  if (unlisted.length) throw new Error(`split-wasm: no part of the loader fetches ${unlisted.join(', ')}`);
  const html = path.join(STAGING, page[0]);
  let text = readFileSync(html, 'utf8').replaceAll(`${bin}-${trunkHash}`, `${bin}-${hash}`);
  const at = text.indexOf('<script type=module>') >= 0 ? text.indexOf('<script type=module>') : text.indexOf('<script type="module">');
  if (at < 0) throw new Error(`split-wasm: no module script in ${page[0]}`);
  text = `${text.slice(0, at)}<script type=application/json id=summit-parts>${JSON.stringify(partFiles)}</script>${text.slice(at)}`;
  writeFileSync(html, text);
  console.log(`split-wasm: ${bin} → ${Object.values(names).length} files (${parts.length} parts), hash ${hash}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
