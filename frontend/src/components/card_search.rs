//! The console's search within the phase's cards: with a room of 300 the facilitator
//! finds a card by a word of it instead of scrolling. Cards that do not match hide
//! themselves (see `cards.rs`); the box says how many match.

use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::limits::matches_search;
use summit_shared::{IdeaId, Phase};

/// What the facilitator searched for, given to the cards as context.
#[derive(Clone, Copy)]
pub struct CardSearch(pub RwSignal<String>);

impl CardSearch {
    /// Whether a card with `text` is shown (tracked).
    pub fn shows(self, text: &str) -> bool {
        self.0.with(|q| matches_search(text, q))
    }

    /// Whether anything is searched for (tracked).
    pub fn active(self) -> bool {
        self.0.with(|q| !q.trim().is_empty())
    }
}

/// Problem cards are searched while problems are what the phase is about; from
/// Ideas on the ideas are (their problems stay as headings).
pub fn searches_problems(phase: Phase) -> bool {
    matches!(phase, Phase::Problems | Phase::Pick)
}

#[component]
pub fn CardSearchBox(search: CardSearch) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    // Cards are written from Problems on: nothing to search before.
    let shown = move || live.with(|s| s.phase > Phase::Review);
    let matching = move || {
        let query = search.0.get();
        live.with(|s| {
            let n = if searches_problems(s.phase) {
                s.live_problems()
                    .filter(|p| matches_search(&p.text, &query))
                    .count()
            } else {
                s.live_ideas()
                    .filter(|i| matches_search(&i.text, &query))
                    .count()
            };
            lang::count(n)
        })
    };
    view! {
        <div class="card-search" hidden=move || !shown()>
            <label class="sr-only" for="card-search">{crate::tr!(i18n, console.search)}</label>
            <input
                id="card-search"
                type="search"
                data-testid="card-search"
                placeholder=move || t_string!(i18n, console.search)
                prop:value=move || search.0.get()
                on:input=move |ev| search.0.set(event_target_value(&ev))
            />
            <span class="muted small" data-testid="card-search-count" aria-live="polite" hidden=move || !search.active()>
                {move || t_string!(i18n, console.search_matches, count = matching()).to_string()}
            </span>
        </div>
    }
}

/// The "N ideas" heading of a problem's group of ideas. While the facilitator
/// searches, it counts the ideas the search leaves shown, as the cards under it do:
/// "14 ideas" above the one that matches read as if thirteen were missing.
pub fn idea_group_count(ideas: Signal<Vec<IdeaId>>) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let search = use_context::<CardSearch>();
    let count = move || match search.filter(|q| q.active()) {
        None => ideas.with(|i| i.len()),
        Some(q) => ideas.with(|ids| {
            live.with(|s| {
                ids.iter()
                    .filter(|id| s.ideas.get(id).is_some_and(|i| q.shows(&i.text)))
                    .count()
            })
        }),
    };
    view! {
        <span class="group-count" data-testid="idea-group-count">
            {move || t_string!(i18n, board.idea_group, count = lang::count(count())).to_string()}
        </span>
    }
}
