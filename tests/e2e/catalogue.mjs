// The front end's catalogues (frontend/locales/<locale>/<namespace>.json), for tests
// that check a page shows no text of another language.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const LOCALES = path.join(ROOT, 'frontend/locales');

/** Every entry of a locale: { 'namespace.key': text }. */
export function entries(locale) {
  const out = {};
  for (const file of readdirSync(path.join(LOCALES, locale))) {
    const ns = file.replace(/\.json$/, '');
    for (const [key, value] of Object.entries(JSON.parse(readFileSync(path.join(LOCALES, locale, file), 'utf8')))) {
      if (Array.isArray(value)) {
        // A counted entry: ["u32", [text, range], …], one text per range.
        value.filter(Array.isArray).forEach(([text], i) => { out[`${ns}.${key}#${i}`] = text; });
      } else {
        out[`${ns}.${key}`] = value;
      }
    }
  }
  return out;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Matchers for the English texts that `locale` says differently (a word both
 * languages share, such as "Plan", is no sign of English): a plain text must equal
 * a shown text exactly; a text with {{ values }} or <tags> becomes a pattern.
 */
export function englishOnly(locale) {
  const en = entries('en');
  const theirs = new Set(Object.values(entries(locale)).map((t) => t.trim()));
  const exact = new Set();
  const patterns = [];
  for (const [key, text] of Object.entries(en)) {
    const plain = text.trim();
    if (theirs.has(plain) || plain.length < 3) continue;
    if (/\{\{|</.test(plain)) {
      const parts = plain.replace(/<[^>]*>/g, '').split(/\{\{[^}]*\}\}/).map((p) => escape(p.trim()));
      // Only patterns with enough fixed text to be telling.
      if (parts.join('').length >= 8) patterns.push({ key, re: new RegExp(`^${parts.join('.+?')}$`, 's') });
    } else {
      exact.add(plain);
    }
  }
  return { exact, patterns };
}

/**
 * The English texts visible on `page` (text of each element, and its aria-label,
 * title and placeholder), except inside elements marked `data-own-text` or with
 * `dir="auto"` (people's own words). Returns `[{ text, key? }]`.
 */
export async function englishOn(page, matchers) {
  const shown = await page.evaluate(() => {
    const out = new Set();
    const own = (el) => el.closest('[dir="auto"], [data-own-text]');
    for (const el of document.body.querySelectorAll('*')) {
      if (['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName) || own(el)) continue;
      const style = getComputedStyle(el);
      const hidden = style.display === 'none' || style.visibility === 'hidden';
      // A whole element's text only when none of it is people's own words.
      if (!hidden && el.innerText !== undefined && !el.querySelector('[dir="auto"], [data-own-text]')) {
        const text = el.innerText.replace(/\s+/g, ' ').trim();
        if (text && text.length < 400) out.add(text);
      }
      for (const attr of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(attr);
        if (v) out.add(v.replace(/\s+/g, ' ').trim());
      }
      for (const node of el.childNodes) {
        if (node.nodeType === 3 && !hidden) {
          const t = node.textContent.replace(/\s+/g, ' ').trim();
          if (t) out.add(t);
        }
      }
    }
    return [...out];
  });
  const found = [];
  for (const text of shown) {
    if (matchers.exact.has(text)) found.push({ text });
    else {
      const hit = matchers.patterns.find((p) => p.re.test(text));
      if (hit) found.push({ text, key: hit.key });
    }
  }
  return found;
}
