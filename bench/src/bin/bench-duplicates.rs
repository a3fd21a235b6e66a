//! Times `similarity::likely_duplicates` (fingerprinting included) for 500 cards:
//! all in one group (the worst case, 124,750 comparisons), split in 10 groups, and
//! 500 cards that are 100 ideas each written five times (many pairs near the
//! threshold), and 500 cards of about 1,000 characters (the longest a card may be). The
//! baseline compares every pair of the first case with `similarity` (a merge walk of
//! the two fingerprints) instead of `likely_duplicates`'s index of shared trigrams.
//!
//!     cargo run --release -p summit-bench --bin bench-duplicates [-- RUNS]
//!
//! Prints the median and the maximum of RUNS runs (default 20), in milliseconds.

use std::hint::black_box;
use std::time::Instant;
use summit_shared::similarity::{fingerprint, likely_duplicates, similarity, DUPLICATE_THRESHOLD};

const CARDS: usize = 500;

const WORDS: &[&str] = &[
    "customers",
    "customer",
    "support",
    "marketing",
    "campaign",
    "campaigns",
    "promotion",
    "promotions",
    "discount",
    "codes",
    "newsletter",
    "checkout",
    "agents",
    "team",
    "service",
    "complaints",
    "social",
    "media",
    "email",
    "emails",
    "calls",
    "volume",
    "spike",
    "after",
    "before",
    "every",
    "launch",
    "product",
    "pages",
    "pricing",
    "page",
    "loyalty",
    "program",
    "rules",
    "points",
    "expire",
    "unclear",
    "confused",
    "feedback",
    "never",
    "reaches",
    "shared",
    "calendar",
    "between",
    "tickets",
    "reply",
    "first",
    "slow",
    "slowly",
    "answers",
    "answered",
    "brand",
    "tone",
    "scripts",
    "match",
    "training",
    "refunds",
    "manager",
    "delivery",
    "times",
    "promise",
    "unrealistic",
    "photos",
    "outdated",
    "terms",
    "conditions",
    "hard",
    "find",
    "chat",
    "bot",
    "wrong",
    "misleading",
    "claims",
    "budget",
    "quarter",
    "hold",
    "minutes",
    "wait",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "on",
    "for",
    "is",
    "are",
    "not",
    "no",
    "we",
    "our",
    "they",
    "too",
    "many",
    "without",
    "telling",
    "informed",
    "late",
    "early",
    "weekly",
    "report",
    "dashboard",
    "data",
    "database",
    "survey",
    "surveys",
    "response",
    "rate",
    "open",
    "spam",
    "folder",
    "unsubscribed",
    "still",
    "receive",
    "legal",
    "approval",
    "posts",
    "coupon",
    "sites",
    "abused",
    "target",
    "audience",
    "clear",
    "goals",
    "handover",
    "process",
    "escalation",
    "priority",
    "queue",
    "backlog",
    "knowledge",
    "base",
    "articles",
    "FAQ",
    "website",
    "app",
    "notifications",
    "push",
    "offers",
    "personalised",
    "segments",
    "churn",
    "cancellations",
    "retention",
    "upsell",
    "cross-sell",
    "satisfaction",
    "score",
    "NPS",
    "reviews",
    "ratings",
    "stars",
    "influencers",
    "partners",
    "events",
    "webinars",
    "trials",
    "onboarding",
    "invoices",
    "billing",
    "payment",
    "failed",
    "errors",
    "bugs",
    "outage",
    "status",
    "updates",
];

/// A small deterministic generator (xorshift64*), so every run times the same cards.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A sentence of 8 to 20 words from the word list.
fn sentence(rng: &mut Rng) -> Vec<&'static str> {
    let n = 8 + rng.below(13);
    (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect()
}

/// The same idea in other words: one word dropped, one replaced, two swapped, a typo.
fn rewrite(rng: &mut Rng, words: &[&'static str]) -> String {
    let mut words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    let drop = rng.below(words.len());
    words.remove(drop);
    let replace = rng.below(words.len());
    words[replace] = WORDS[rng.below(WORDS.len())].to_string();
    let (a, b) = (rng.below(words.len()), rng.below(words.len()));
    words.swap(a, b);
    let typo = rng.below(words.len());
    if words[typo].len() > 3 {
        words[typo].pop();
    }
    words.join(" ")
}

fn random_cards(rng: &mut Rng) -> Vec<String> {
    (0..CARDS).map(|_| sentence(rng).join(" ")).collect()
}

/// Cards of about 1,000 characters, the longest a card may be (limits::TEXT_MAX).
fn long_cards(rng: &mut Rng) -> Vec<String> {
    (0..CARDS)
        .map(|_| {
            let mut card = String::new();
            while card.len() < 950 {
                card.push_str(&sentence(rng).join(" "));
                card.push_str(". ");
            }
            card
        })
        .collect()
}

fn rewritten_cards(rng: &mut Rng) -> Vec<String> {
    let mut cards = Vec::with_capacity(CARDS);
    while cards.len() < CARDS {
        let idea = sentence(rng);
        for _ in 0..5 {
            cards.push(rewrite(rng, &idea));
        }
    }
    cards.truncate(CARDS);
    cards
}

/// Median and maximum of `runs` timings of `f`, in milliseconds; and `f`'s result.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut out = f(); // warm-up
    let mut ms = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        out = black_box(f());
        ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    let median = if ms.is_empty() {
        0.0
    } else if ms.len() % 2 == 1 {
        ms[ms.len() / 2]
    } else {
        (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0
    };
    (median, ms.last().copied().unwrap_or(0.0), out)
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let mut rng = Rng(0x5EED_CAFE_F00D_0001);
    let random = random_cards(&mut rng);
    let rewritten = rewritten_cards(&mut rng);
    let long = long_cards(&mut rng);
    let words: usize = random.iter().map(|c| c.split(' ').count()).sum();
    println!(
        "{CARDS} cards ({:.1} words, {:.0} characters a card on average), threshold {DUPLICATE_THRESHOLD}, {runs} runs\n",
        words as f64 / CARDS as f64,
        random.iter().map(|c| c.len()).sum::<usize>() as f64 / CARDS as f64,
    );
    println!(
        "{:<52} {:>10} {:>10} {:>8}",
        "case", "median ms", "max ms", "pairs"
    );

    let one_group: Vec<(u32, &str)> = random.iter().map(|c| (0, c.as_str())).collect();
    let ten_groups: Vec<(u32, &str)> = random
        .iter()
        .enumerate()
        .map(|(i, c)| ((i % 10) as u32, c.as_str()))
        .collect();
    let ideas: Vec<(u32, &str)> = rewritten.iter().map(|c| (0, c.as_str())).collect();
    let longest: Vec<(u32, &str)> = long.iter().map(|c| (0, c.as_str())).collect();

    let cases: [(&str, &[(u32, &str)]); 4] = [
        (
            "likely_duplicates, 1 group (124,750 comparisons)",
            &one_group,
        ),
        (
            "likely_duplicates, 10 groups (12,250 comparisons)",
            &ten_groups,
        ),
        ("likely_duplicates, 1 group, 100 ideas x 5 wordings", &ideas),
        (
            "likely_duplicates, 1 group, cards of ~1,000 chars",
            &longest,
        ),
    ];
    for (name, cards) in cases {
        let (median, max, found) = time(runs, || likely_duplicates(cards));
        println!("{name:<52} {median:>10.2} {max:>10.2} {:>8}", found.len());
    }

    // Baseline: every pair's fingerprints walked with `similarity`.
    let (median, max, found) = time(runs, || {
        let prints: Vec<_> = random.iter().map(|c| fingerprint(c)).collect();
        let mut found = 0usize;
        for i in 0..prints.len() {
            for j in i + 1..prints.len() {
                if similarity(&prints[i], &prints[j]) >= DUPLICATE_THRESHOLD {
                    found += 1;
                }
            }
        }
        found
    });
    println!(
        "{:<52} {median:>10.2} {max:>10.2} {found:>8}",
        "baseline: full Jaccard of every pair, 1 group"
    );
    let (median, max, _) = time(runs, || {
        random.iter().map(|c| fingerprint(c)).collect::<Vec<_>>()
    });
    println!(
        "{:<52} {median:>10.2} {max:>10.2} {:>8}",
        "of which: fingerprints of the 500 cards", ""
    );
}
