//! What everyone sees of a merge ("merged from N", the merged cards' own words on
//! demand) and a participant's "Same as…", which suggests a merge to the
//! facilitator. The facilitator's own "Merge into…" is the console's
//! (`components/moderation.rs`); both are built on [`card_chooser`].

use crate::components::erased::show;
use crate::i18n::*;
use crate::lang::{self, I18n};
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::{Actor, Card, Command, IdeaId, ProblemId, SessionState};

/// `problem-3` or `idea-7`: how test ids and element ids name a card.
pub fn card_key(card: Card) -> String {
    match card {
        Card::Problem(id) => format!("problem-{}", id.0),
        Card::Idea(id) => format!("idea-{}", id.0),
    }
}

/// A card's text, cut to fit a list or a menu.
pub fn card_text(s: &SessionState, card: Card) -> String {
    let text = match card {
        Card::Problem(id) => s.problems.get(&id).map(|p| p.text.as_str()),
        Card::Idea(id) => s.ideas.get(&id).map(|i| i.text.as_str()),
    };
    util::truncate(text.unwrap_or_default(), 90)
}

/// "merged from N", opening to the merged cards' own words; absent while none.
#[component]
pub fn MergedFrom(card: Card) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let texts = Memo::new(move |_| {
        live.with(|s| match card {
            Card::Problem(id) => s
                .problems_merged_into(id)
                .map(|p| p.text.clone())
                .collect::<Vec<_>>(),
            Card::Idea(id) => s.ideas_merged_into(id).map(|i| i.text.clone()).collect(),
        })
    });
    view! {
        <details class="merged-from" hidden=move || texts.with(Vec::is_empty)>
            <summary data-testid=format!("merged-from-{}", card_key(card))>
                {move || t_string!(i18n, board.merged_from, count = lang::count(texts.with(Vec::len))).to_string()}
            </summary>
            <ul>
                {move || texts.get().into_iter().map(|t| view! { <li dir="auto">{t}</li> }).collect_view()}
            </ul>
        </details>
    }
}

/// The words of one chooser: its test-id prefix, and its summary, label and button
/// texts in the reader's language.
#[derive(Clone, Copy)]
pub struct ChooserWords {
    pub testid: &'static str,
    pub summary: fn(I18n) -> &'static str,
    pub label: fn(I18n) -> &'static str,
    pub button: fn(I18n) -> &'static str,
}

/// A select of the cards `card` could join and a button that sends `command` for
/// the chosen one: the cards the rules accept (`allowed`), computed only once the
/// chooser is opened (a room of 60 has many cards, each with its own chooser).
/// Absent while there is none to choose.
pub fn card_chooser(
    card: Card,
    words: ChooserWords,
    allowed: fn(&SessionState, Actor, Card, Card) -> bool,
    command: fn(Card, Card) -> Command,
) -> AnyView {
    let live = use_live();
    let i18n = use_i18n();
    let key = card_key(card);
    let options = move || -> Vec<(Card, String)> {
        let Some(actor) = live.actor() else {
            return Vec::new();
        };
        live.with(|s| {
            s.merge_candidates(card)
                .into_iter()
                .filter(|into| allowed(s, actor, card, *into))
                .map(|into| (into, card_text(s, into)))
                .collect()
        })
    };
    let any = move || {
        live.may(|s, actor| {
            s.merge_candidates(card)
                .into_iter()
                .any(|into| allowed(s, actor, card, into))
        })
    };
    let opened = RwSignal::new(false);
    let chosen = RwSignal::new(None::<Card>);
    let select_id = format!("{}-select-{key}", words.testid);
    let send = move |_| {
        let into = chosen
            .get_untracked()
            .or_else(|| options().first().map(|(c, _)| *c));
        if let Some(into) = into {
            live.send(command(card, into));
            chosen.set(None);
        }
    };
    view! {
        <details class="chooser" hidden=move || !any() on:toggle=move |_| opened.set(true)>
            <summary class="btn-link" data-testid=format!("{}-{key}", words.testid)>
                {move || (words.summary)(i18n)}
            </summary>
            {show(
                move || opened.get(),
                move || {
                    let select_id = select_id.clone();
                    view! {
                        <div class="chooser-body">
                            <label for=select_id.clone()>{move || (words.label)(i18n)}</label>
                            <select
                                id=select_id.clone()
                                data-testid=select_id.clone()
                                on:change=move |ev| {
                                    let raw = event_target_value(&ev);
                                    chosen.set(raw.parse::<u32>().ok().map(|n| same_kind(card, n)));
                                }
                            >
                                {move || {
                                    options()
                                        .into_iter()
                                        .map(|(into, text)| {
                                            view! { <option value=raw(into).to_string() dir="auto">{text}</option> }
                                        })
                                        .collect_view()
                                }}
                            </select>
                            <button class="btn btn-small" type="button" data-testid=format!("{select_id}-send") on:click=send>
                                {move || (words.button)(i18n)}
                            </button>
                        </div>
                    }
                },
                || (),
            )}
        </details>
    }
    .into_any()
}

fn raw(card: Card) -> u32 {
    match card {
        Card::Problem(ProblemId(n)) | Card::Idea(IdeaId(n)) => n,
    }
}

/// Card `n` of the same kind as `card`.
fn same_kind(card: Card, n: u32) -> Card {
    match card {
        Card::Problem(_) => Card::Problem(ProblemId(n)),
        Card::Idea(_) => Card::Idea(IdeaId(n)),
    }
}

/// A participant's "Same as…" on a card, and a word once they suggested a merge.
pub fn same_as(card: Card) -> AnyView {
    let live = use_live();
    let i18n = use_i18n();
    let suggested = move || {
        live.me_id().is_some_and(|me| {
            live.with(|s| {
                s.suggestions
                    .iter()
                    .any(|x| x.card == card && x.by == Some(me) && s.is_live(x.into))
            })
        })
    };
    view! {
        {card_chooser(
            card,
            ChooserWords {
                testid: "same-as",
                summary: |i18n| t_string!(i18n, board.same_as),
                label: |i18n| t_string!(i18n, board.same_as_label),
                button: |i18n| t_string!(i18n, board.suggest),
            },
            |s, actor, card, into| {
                s.may_suggest_merge(actor, card, into).is_ok()
                    && actor.participant().is_none_or(|me| !s.has_suggested(me, card, into))
            },
            |card, into| Command::SuggestMerge { card, into },
        )}
        <span class="muted small" role="status" data-testid=format!("suggested-{}", card_key(card))>
            {move || suggested().then(|| t_string!(i18n, board.suggested))}
        </span>
    }
    .into_any()
}
