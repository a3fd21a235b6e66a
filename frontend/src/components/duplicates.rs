//! The facilitator's "Possible duplicates": merges participants suggested, then
//! cards whose texts read alike (the shared crate's similarity, computed here from
//! the state), each merged with one key or dismissed.

use crate::components::erased::show;
use crate::components::merge::{card_key, card_text};
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{Card, Command};

/// One pair to look at: `card` repeats `into`; suggested by `suggested` people, or
/// found alike (`alike`, per mille).
#[derive(Clone, PartialEq)]
struct Pair {
    card: Card,
    into: Card,
    suggested: u32,
    alike: u32,
    texts: (String, String),
}

/// At most this many pairs at once: the list is a to-do, not an archive, and the
/// cards it is about stay on the console's first screen.
const SHOWN: usize = 5;

#[component]
pub fn Duplicates() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    // Pairs dismissed here that no participant suggested (nothing to tell the server).
    let dismissed = RwSignal::new(Vec::<(Card, Card)>::new());
    // The likeness of texts changes only with the cards on the board: not on votes,
    // support or presence.
    let board = Memo::new(move |_| {
        live.with(|s| {
            (
                s.phase,
                s.live_problems().map(|p| p.id.0).collect::<Vec<_>>(),
                s.live_ideas().map(|i| i.id.0).collect::<Vec<_>>(),
            )
        })
    });
    let alike = Memo::new(move |_| {
        // Read, not only tracked: a memo nobody reads is never computed, and so
        // never changes.
        board.with(|_| ());
        live.state.with_untracked(|s| s.possible_duplicates())
    });
    let pairs = Memo::new(move |_| {
        let gone = dismissed.get();
        let Some(actor) = live.actor() else {
            return (Vec::new(), 0);
        };
        live.with(|s| {
            let mut pairs: Vec<Pair> = Vec::new();
            let suggested = s
                .suggested_merges()
                .into_iter()
                .map(|(c, i, n)| (c, i, n, 0));
            let found = alike.get().into_iter().map(|(c, i, a)| (c, i, 0, a));
            for (card, into, n, a) in suggested.chain(found) {
                let seen = pairs
                    .iter()
                    .any(|p| (p.card, p.into) == (card, into) || (p.card, p.into) == (into, card));
                if seen || gone.contains(&(card, into)) || s.may_merge(actor, card, into).is_err() {
                    continue;
                }
                pairs.push(Pair {
                    card,
                    into,
                    suggested: n,
                    alike: a,
                    texts: (card_text(s, card), card_text(s, into)),
                });
            }
            let total = pairs.len();
            pairs.truncate(SHOWN);
            (pairs, total)
        })
    });
    let total = move || pairs.with(|(_, total)| *total);
    let row = move |pair: Pair| {
        let Pair {
            card,
            into,
            suggested,
            alike,
            texts,
        } = pair;
        let key = format!("{}-{}", card_key(card), card_key(into));
        let why = if suggested > 0 {
            t_string!(i18n, console.suggested_by, count = suggested).to_string()
        } else {
            t_string!(i18n, console.alike, percent = alike / 10).to_string()
        };
        let dismiss = move |_| {
            if suggested > 0 {
                live.send(Command::DismissSuggestion { card, into });
            } else {
                dismissed.update(|d| d.push((card, into)));
            }
        };
        view! {
            <li class="dup-row" data-testid=format!("dup-{key}")>
                <span class="dup-texts">
                    <q dir="auto">{texts.0}</q>
                    " "
                    <span class="muted">{crate::tr!(i18n, console.same_as)}</span>
                    " "
                    <q dir="auto">{texts.1}</q>
                </span>
                <span class="tag">{why}</span>
                <span class="button-row">
                    <button
                        class="btn btn-small btn-primary"
                        data-testid=format!("dup-merge-{key}")
                        on:click=move |_| live.send(Command::Merge { card, into })
                    >
                        {crate::tr!(i18n, console.merge_pair)}
                    </button>
                    <button class="btn btn-small" data-testid=format!("dup-dismiss-{key}") on:click=dismiss>
                        {crate::tr!(i18n, console.dismiss)}
                    </button>
                </span>
            </li>
        }
    };
    view! {
        <section
            class="card duplicates"
            aria-labelledby="duplicates-heading"
            data-testid="duplicates"
            hidden=move || total() == 0
        >
            <h2 id="duplicates-heading">
                {crate::tr!(i18n, console.duplicates_heading)}
                " "
                <span class="group-count" data-testid="duplicates-count">{move || lang::count(total())}</span>
            </h2>
            <p class="muted small">{crate::tr!(i18n, console.duplicates_hint)}</p>
            <ul>{move || pairs.get().0.into_iter().map(row).collect_view()}</ul>
            {show(
                move || total() > SHOWN,
                move || view! {
                    <p class="muted small" data-testid="duplicates-more">
                        {move || t_string!(i18n, console.duplicates_more, shown = lang::count(SHOWN), total = lang::count(total())).to_string()}
                    </p>
                },
                || (),
            )}
        </section>
    }
}
