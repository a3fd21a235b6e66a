//! Text similarity for "possible duplicates": in a room of fifty people the same idea
//! arrives five times in different words, and the facilitator is shown which cards
//! probably say the same thing, in any of the app's languages (en, de, fr, es).
//!
//! Language-agnostic, no dictionaries or stop-word lists: a text's [`Fingerprint`] is
//! the set of its character trigrams after normalisation (ASCII lower case; the
//! accented Latin letters of de/fr/es, and the rest of Latin-1 and Latin Extended-A,
//! folded to their base letter, "ß" to "ss", "œ" to "oe"; punctuation, spaces,
//! symbols and emoji are word separators; other characters, other scripts' letters
//! among them, are kept), each word of four letters or more padded with a space at
//! both ends. So "promo" shares most of its trigrams with "promotions", "Kündigung"
//! is "kundigung", word order does not matter, and the short words every card of a
//! language holds ("the", "der", "les", "los") do not make unrelated cards look alike.
//! Two fingerprints are compared by their Jaccard index, in per-mille, and 1000 (100 %)
//! is kept for texts that also share the short words the trigrams leave out (in any
//! order); [`likely_duplicates`] lists the pairs of one group that reach
//! [`DUPLICATE_THRESHOLD`], tuned on the labelled corpus in `shared/tests/similarity.rs`
//! (run it with `--nocapture` to see precision and recall per threshold).
//!
//! Built into the browser's wasm, so it stays small: integer arithmetic only, no
//! Unicode tables (the separators outside ASCII are a short list of ranges), no slice
//! sorting, and no panic on any input.

use std::collections::{BTreeMap, BTreeSet};

/// A text's fingerprint: its normalised character trigrams (hashed), sorted and unique,
/// and a hash of the short words the trigrams leave out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fingerprint(Vec<u32>, u32);

impl Fingerprint {
    /// How many distinct trigrams the text has.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// From this score up (per-mille), two cards are shown as possible duplicates. Tuned on the corpus.
pub const DUPLICATE_THRESHOLD: u32 = 500;

/// What one character of the text becomes.
enum Folded {
    /// Ends a word.
    Separator,
    /// Invisible inside a word (combining accents, joiners, variation selectors).
    Nothing,
    One(char),
    Two(char, char),
}

/// Base letters of Latin Extended-A (U+0100..=U+017F), in code point order; `*` marks
/// the two ligatures (Ĳ ĳ, Œ œ), folded to two letters.
const LATIN_EXTENDED_A: &[u8; 128] =
    b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkklllllllllln\
nnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

fn fold(c: char) -> Folded {
    use Folded::*;
    match c {
        'a'..='z' | '0'..='9' => One(c),
        'A'..='Z' => One(c.to_ascii_lowercase()),
        '\0'..='\u{7F}' => Separator,
        'ª' => One('a'),
        'º' => One('o'),
        'µ' => One('μ'),
        '\u{80}'..='\u{BF}' | '×' | '÷' => Separator,
        'À'..='Å' | 'à'..='å' => One('a'),
        'Æ' | 'æ' => Two('a', 'e'),
        'Ç' | 'ç' => One('c'),
        'È'..='Ë' | 'è'..='ë' => One('e'),
        'Ì'..='Ï' | 'ì'..='ï' => One('i'),
        'Ð' | 'ð' => One('d'),
        'Ñ' | 'ñ' => One('n'),
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' => One('o'),
        'Ù'..='Ü' | 'ù'..='ü' => One('u'),
        'Ý' | 'ý' | 'ÿ' => One('y'),
        'Þ' => One('þ'),
        'ß' | 'ẞ' => Two('s', 's'),
        '\u{100}'..='\u{17F}' => match c {
            'Ĳ' | 'ĳ' => Two('i', 'j'),
            'Œ' | 'œ' => Two('o', 'e'),
            _ => {
                let base = LATIN_EXTENDED_A
                    .get(c as usize - 0x100)
                    .copied()
                    .unwrap_or(b'*');
                One(char::from(base))
            }
        },
        // Combining diacritical marks (a decomposed "é" is "e" and U+0301), zero-width
        // characters, joiners, direction marks and embeddings, variation selectors, the
        // byte order mark: nothing, so they cannot split a word.
        '\u{300}'..='\u{36F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{E0000}'..='\u{E007F}' => Nothing,
        // Punctuation, spaces and symbols of other blocks: Arabic and Hebrew punctuation,
        // general punctuation and spaces, currency, letterlike symbols to arrows and
        // shapes, supplemental and CJK punctuation, small and full-width forms, emoji.
        '\u{5BE}'
        | '\u{5C0}'
        | '\u{5C3}'
        | '\u{5F3}'..='\u{5F4}'
        | '\u{60C}'..='\u{60D}'
        | '\u{61B}'
        | '\u{61F}'
        | '\u{66A}'..='\u{66D}'
        | '\u{6D4}'
        | '\u{1680}'
        | '\u{2000}'..='\u{206F}'
        | '\u{20A0}'..='\u{20CF}'
        | '\u{2100}'..='\u{2BFF}'
        | '\u{2E00}'..='\u{2E7F}'
        | '\u{3000}'..='\u{303F}'
        | '\u{FE10}'..='\u{FE1F}'
        | '\u{FE30}'..='\u{FE6F}'
        | '\u{FF00}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{1F000}'..='\u{1FAFF}' => Separator,
        _ => One(c),
    }
}

/// FNV-1a over the three characters (one step per character, not per byte).
fn trigram_hash(a: char, b: char, c: char) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for ch in [a, b, c] {
        h ^= ch as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Words shorter than this (in folded letters) are left out of a fingerprint, unless
/// the text has no longer word: they are mostly articles, prepositions and pronouns
/// ("the", "of", "der", "und", "les", "des", "los", "que"), which every card of a
/// language shares. On the corpus, leaving them out raised the recall at 90 %
/// precision from 0.69 to 0.84.
const MIN_WORD_LEN: usize = 4;

/// Adds the trigrams of one word, padded with a space at both ends, to `set`: " wo",
/// "wor", "ord", "rd " for "word", and " a " alone for "a".
fn add_word(word: &[char], set: &mut BTreeSet<u32>) {
    let mut window = [' '; 3];
    for (k, &c) in word.iter().chain([' '].iter()).enumerate() {
        window = [window[1], window[2], c];
        if k > 0 {
            set.insert(trigram_hash(window[0], window[1], window[2]));
        }
    }
}

/// The fingerprint of a text: the trigrams of its words of at least four letters (of
/// all its words if it has none so long), after normalisation (see the module
/// documentation).
pub fn fingerprint(text: &str) -> Fingerprint {
    // The folded letters, and each word's range in them.
    let mut letters: Vec<char> = Vec::with_capacity(text.len());
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for c in text.chars() {
        match fold(c) {
            Folded::Separator => {
                if letters.len() > start {
                    words.push((start, letters.len()));
                }
                start = letters.len();
            }
            Folded::Nothing => {}
            Folded::One(a) => letters.push(a),
            Folded::Two(a, b) => {
                letters.push(a);
                letters.push(b);
            }
        }
    }
    if letters.len() > start {
        words.push((start, letters.len()));
    }
    let any_long = words.iter().any(|&(s, e)| e - s >= MIN_WORD_LEN);
    let mut set = BTreeSet::new();
    // The words left out, in any order as the trigrams are: the sum of each one's
    // FNV-1a hash.
    let mut short: u32 = 0;
    for &(s, e) in &words {
        let Some(word) = letters.get(s..e) else {
            continue;
        };
        if e - s >= MIN_WORD_LEN || !any_long {
            add_word(word, &mut set);
        } else {
            let mut h: u32 = 0x811C_9DC5;
            for &c in word {
                h ^= c as u32;
                h = h.wrapping_mul(0x0100_0193);
            }
            short = short.wrapping_add(h);
        }
    }
    Fingerprint(set.into_iter().collect(), short)
}

/// Jaccard similarity of two fingerprints in per-mille (0..=1000), integer arithmetic only.
pub fn similarity(first: &Fingerprint, second: &Fingerprint) -> u32 {
    let (a, b) = (first.0.as_slice(), second.0.as_slice());
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        if x <= y {
            i += 1;
        }
        if y <= x {
            j += 1;
        }
        if x == y {
            shared += 1;
        }
    }
    same_words(score(a.len(), b.len(), shared), first, second)
}

/// A full score is for texts of the same words: two that differ only in short words
/// ("one week" and "a week") share every trigram, and are very alike, not the same.
fn same_words(score: u32, a: &Fingerprint, b: &Fingerprint) -> u32 {
    if score == 1000 && a.1 != b.1 {
        999
    } else {
        score
    }
}

/// `1000 · shared / |A ∪ B|`, 0 when both are empty.
fn score(a: usize, b: usize, shared: usize) -> u32 {
    let (a, b, shared) = (a as u64, b as u64, shared as u64);
    let union = (a + b).saturating_sub(shared);
    if union == 0 {
        return 0;
    }
    u32::try_from((1000 * shared / union).min(1000)).unwrap_or(1000)
}

/// Pairs `(i, j)` (i < j, indexes into `cards`) of cards in the same group whose
/// similarity is at least [`DUPLICATE_THRESHOLD`], most similar first (ties by i then
/// j). `cards` is (group, text); only cards of one group are compared.
///
/// Rather than comparing the fingerprints of every pair, each card counts the
/// trigrams it shares with the earlier cards of its group through an index (for each
/// trigram of a group, the cards holding it): a pair that shares nothing costs nothing,
/// and each pair's count is exact.
pub fn likely_duplicates(cards: &[(u32, &str)]) -> Vec<(usize, usize, u32)> {
    let prints: Vec<Fingerprint> = cards.iter().map(|(_, text)| fingerprint(text)).collect();
    let mut holders: BTreeMap<(u32, u32), Vec<usize>> = BTreeMap::new();
    // Keyed by (1000 - score, i, j): best first, then in card order.
    let mut found: BTreeSet<(u32, usize, usize)> = BTreeSet::new();
    let mut shared: Vec<usize> = vec![0; cards.len()];
    for (j, (&(group, _), print)) in cards.iter().zip(&prints).enumerate() {
        for &trigram in &print.0 {
            let earlier = holders.entry((group, trigram)).or_default();
            for &i in earlier.iter() {
                if let Some(count) = shared.get_mut(i) {
                    *count += 1;
                }
            }
            earlier.push(j);
        }
        for (i, (count, other)) in shared.iter_mut().zip(&prints).enumerate().take(j) {
            if *count > 0 {
                let s = same_words(score(other.len(), print.len(), *count), other, print);
                if s >= DUPLICATE_THRESHOLD {
                    found.insert((1000 - s, i, j));
                }
                *count = 0;
            }
        }
    }
    found
        .into_iter()
        .map(|(rest, i, j)| (i, j, 1000 - rest))
        .collect()
}

/// Look-alike pairs joined into groups to merge at once: a card alike to two others
/// makes the three one group, so five wordings of one idea are one decision, not ten
/// pairs. `pairs` are (duplicate, original). Each group is (the card that stays, the
/// others); the card that stays is the one most often named as an original, on a tie
/// the one named first, so a merge participants suggested (listed first by the
/// caller) keeps its direction. Groups, and the others in each, come in the order of
/// their first pair, so the caller's order (suggested first, most alike first)
/// carries over.
pub fn groups<T: Copy + Ord>(pairs: &[(T, T)]) -> Vec<(T, Vec<T>)> {
    // Each group's cards kept sorted by inserting in place (no tree or sort code in
    // the wasm; a group holds a handful of cards).
    fn insert<T: Ord>(set: &mut Vec<T>, card: T) {
        if let Err(at) = set.binary_search(&card) {
            set.insert(at, card);
        }
    }
    let mut sets: Vec<Vec<T>> = Vec::new();
    for &(a, b) in pairs {
        let with_a = sets.iter().position(|s| s.binary_search(&a).is_ok());
        let with_b = sets.iter().position(|s| s.binary_search(&b).is_ok());
        match (with_a, with_b) {
            (Some(i), Some(j)) if i != j => {
                // The later group joins the earlier one, which keeps its place.
                let moved = sets.remove(i.max(j));
                if let Some(set) = sets.get_mut(i.min(j)) {
                    for card in moved {
                        insert(set, card);
                    }
                }
            }
            (Some(i), _) | (_, Some(i)) => {
                if let Some(set) = sets.get_mut(i) {
                    insert(set, a);
                    insert(set, b);
                }
            }
            (None, None) => {
                let mut set = vec![a];
                insert(&mut set, b);
                sets.push(set);
            }
        }
    }
    sets.into_iter()
        .filter_map(|set| {
            // Among the most named, the one named first: a participant's suggestion
            // comes before any pair found alike, so its original stays.
            let mut keep: Option<(usize, T)> = None;
            for &(_, into) in pairs {
                if set.binary_search(&into).is_err() {
                    continue;
                }
                let named = pairs.iter().filter(|(_, i)| *i == into).count();
                if keep.is_none_or(|(most, _)| named > most) {
                    keep = Some((named, into));
                }
            }
            let (_, keep) = keep?;
            // The others in the order of their first pair: the likeliest first.
            let mut others: Vec<T> = Vec::new();
            for &(a, b) in pairs {
                for card in [a, b] {
                    if card != keep && set.binary_search(&card).is_ok() && !others.contains(&card) {
                        others.push(card);
                    }
                }
            }
            Some((keep, others))
        })
        .collect()
}
