//! The facilitator's "Possible duplicates": merges participants suggested, then
//! cards whose texts read alike (the shared crate's similarity, computed here from
//! the state), joined into groups ([`summit_shared::similarity::groups`]): each group
//! names the card that stays and its look-alikes, merged one by one, all at once, or
//! dismissed. One group is shown at a time, a queue the facilitator works through
//! (or skips), so that with a crowd the list does not push the cards off the console's
//! first screen; "Merge all" only merges look-alikes the facilitator can see.

use crate::components::erased::show;
use crate::components::merge::{card_key, card_text};
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::similarity::groups;
use summit_shared::{Card, Command, SessionState};

/// One look-alike pair: `card` repeats `into`; suggested by `suggested` people, or
/// found alike (`alike`, per mille).
#[derive(Clone, Copy, PartialEq)]
struct Pair {
    card: Card,
    into: Card,
    suggested: u32,
    alike: u32,
}

/// A card to merge into its group's card that stays, with the pairs that put it
/// there (all dismissed with it).
#[derive(Clone, PartialEq)]
struct Member {
    card: Card,
    text: String,
    pairs: Vec<Pair>,
}

#[derive(Clone, PartialEq)]
struct Group {
    keep: Card,
    text: String,
    /// The problem its ideas are for (ideas are compared within one problem; with
    /// 25 picked, the words alone do not say which).
    problem: Option<String>,
    members: Vec<Member>,
}

/// The problem an idea is for; none for a problem card (its department is on the
/// board it sits above).
fn problem_of(s: &SessionState, card: Card) -> Option<String> {
    match card {
        Card::Idea(id) => s
            .ideas
            .get(&id)
            .map(|i| card_text(s, Card::Problem(i.problem))),
        Card::Problem(_) => None,
    }
}

/// A group's look-alikes listed before the rest fold under "N more".
const MEMBERS_SHOWN: usize = 2;

#[component]
pub fn Duplicates() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    // Pairs dismissed here that no participant suggested (nothing to tell the server).
    let dismissed = RwSignal::new(Vec::<(Card, Card)>::new());
    // How many groups "Next group" has skipped; the one shown is this far down the
    // list (modulo its length, which merges shorten).
    let skipped = RwSignal::new(0usize);
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
    let found = Memo::new(move |_| {
        let gone = dismissed.get();
        let Some(actor) = live.actor() else {
            return (Vec::new(), 0);
        };
        live.with(|s| {
            let mut pairs: Vec<Pair> = Vec::new();
            let suggested = s
                .suggested_merges()
                .into_iter()
                .map(|(card, into, n)| Pair {
                    card,
                    into,
                    suggested: n,
                    alike: 0,
                });
            let found = alike.get().into_iter().map(|(card, into, a)| Pair {
                card,
                into,
                suggested: 0,
                alike: a,
            });
            for pair in suggested.chain(found) {
                let (card, into) = (pair.card, pair.into);
                let seen = pairs
                    .iter()
                    .any(|p| (p.card, p.into) == (card, into) || (p.card, p.into) == (into, card));
                if seen || gone.contains(&(card, into)) || s.may_merge(actor, card, into).is_err() {
                    continue;
                }
                pairs.push(pair);
            }
            let links: Vec<(Card, Card)> = pairs.iter().map(|p| (p.card, p.into)).collect();
            let all: Vec<Group> = groups(&links)
                .into_iter()
                .filter_map(|(keep, others)| {
                    let members: Vec<Member> = others
                        .into_iter()
                        // Each look-alike merges into the card that stays, which the
                        // rules may refuse where the pair was allowed.
                        .filter(|card| s.may_merge(actor, *card, keep).is_ok())
                        .map(|card| Member {
                            card,
                            text: card_text(s, card),
                            pairs: pairs
                                .iter()
                                .filter(|p| p.card == card || p.into == card)
                                .copied()
                                .collect(),
                        })
                        .collect();
                    (!members.is_empty()).then(|| Group {
                        keep,
                        text: card_text(s, keep),
                        problem: problem_of(s, keep),
                        members,
                    })
                })
                .collect();
            let total = all.len();
            (all, total)
        })
    });
    let total = move || found.with(|(_, total)| *total);
    // The group shown: the first, or the one "Next group" came to.
    let at = move || match total() {
        0 => 0,
        n => skipped.get() % n,
    };
    let shown = Memo::new(move |_| {
        let n = at();
        found.with(|(all, _)| all.get(n).cloned())
    });
    let member_row = move |keep: Card, member: Member| {
        let Member { card, text, pairs } = member;
        let key = format!("{}-{}", card_key(card), card_key(keep));
        // Why it is listed: its own pair with the card that stays where there is one
        // (it may be in the group through another look-alike).
        let own = pairs
            .iter()
            .find(|p| p.card == keep || p.into == keep)
            .or_else(|| pairs.first())
            .copied();
        let why = move || match own {
            Some(p) if p.suggested > 0 => {
                t_string!(i18n, console.suggested_by, count = p.suggested).to_string()
            }
            Some(p) => t_string!(i18n, console.alike, percent = p.alike / 10).to_string(),
            None => String::new(),
        };
        let dismiss = move |_| {
            for p in &pairs {
                if p.suggested > 0 {
                    live.send(Command::DismissSuggestion {
                        card: p.card,
                        into: p.into,
                    });
                }
                // Both ways, and suggested pairs too: the same two cards may also
                // read alike, and would come back as that.
                dismissed.update(|d| d.extend([(p.card, p.into), (p.into, p.card)]));
            }
        };
        view! {
            <li class="dup-row" data-testid=format!("dup-{key}")>
                <q class="dup-texts" dir="auto">{text}</q>
                <span class="tag">{why}</span>
                <span class="button-row">
                    <button
                        class="btn btn-small"
                        data-testid=format!("dup-merge-{key}")
                        on:click=move |_| live.send(Command::Merge { card, into: keep })
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
    let group = move |group: Group| {
        let Group {
            keep,
            text,
            problem,
            mut members,
        } = group;
        let key = card_key(keep);
        let no_problem = problem.is_none();
        let cards: Vec<Card> = members.iter().map(|m| m.card).collect();
        let count = cards.len();
        // Sent once: a second click before the merges come back would send them again.
        let sent = RwSignal::new(false);
        let merge_all = move |_| {
            sent.set(true);
            for card in &cards {
                live.send(Command::Merge {
                    card: *card,
                    into: keep,
                });
            }
        };
        let rest = members.split_off(members.len().min(MEMBERS_SHOWN));
        let more = rest.len();
        let rest = rest.into_iter().map(|m| member_row(keep, m)).collect_view();
        // "Merge all" only once the folded look-alikes are in view too: nothing is
        // merged unseen (and no button changes its meaning under the pointer).
        let open = RwSignal::new(more == 0);
        let fold = NodeRef::<leptos::html::Details>::new();
        view! {
            <li class="dup-group" data-testid=format!("dup-group-{key}")>
                <p class="dup-for muted small" dir="auto" hidden=no_problem>
                    {move || problem.as_deref().map(|problem| t_string!(i18n, console.dup_for, problem = problem).to_string())}
                </p>
                <p class="dup-keep">
                    <span class="tag">{crate::tr!(i18n, console.dup_keep)}</span>
                    " "
                    <q class="dup-texts" dir="auto">{text}</q>
                </p>
                <ul>{members.into_iter().map(|m| member_row(keep, m)).collect_view()}</ul>
                <details
                    class="dup-more"
                    hidden=more == 0
                    node_ref=fold
                    on:toggle=move |_| open.set(fold.get_untracked().is_some_and(|d| d.open()))
                >
                    <summary data-testid=format!("dup-more-{key}")>
                        {move || t_string!(i18n, console.dup_more, count = lang::count(more)).to_string()}
                    </summary>
                    <ul>{rest}</ul>
                </details>
                <p class="button-row" hidden=move || count < 2 || !open.get()>
                    <button
                        class="btn btn-small btn-primary"
                        data-testid=format!("dup-merge-all-{key}")
                        disabled=move || sent.get()
                        on:click=merge_all
                    >
                        {move || t_string!(i18n, console.merge_all, count = lang::count(count)).to_string()}
                    </button>
                </p>
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
            // Folded by the facilitator who wants the cards on the first screen; the
            // count on its one line still says how many groups wait.
            <details class="dup-fold" open>
                <summary data-testid="duplicates-fold">
                    <h2 id="duplicates-heading">
                        {crate::tr!(i18n, console.duplicates_heading)}
                        " "
                        <span class="group-count" data-testid="duplicates-count">{move || lang::count(total())}</span>
                    </h2>
                </summary>
                <p class="muted small">{crate::tr!(i18n, console.duplicates_hint)}</p>
                <ul class="dup-groups">{move || shown.get().map(group)}</ul>
                {show(
                    move || total() > 1,
                    move || view! {
                        <p class="dup-queue">
                            <span class="muted small" data-testid="duplicates-more">
                                {move || t_string!(i18n, console.dup_position, shown = lang::count(at() + 1), total = lang::count(total())).to_string()}
                            </span>
                            <button
                                class="btn btn-small"
                                data-testid="duplicates-next"
                                on:click=move |_| {
                                    // Read before the write: `at` reads `skipped`.
                                    let next = at() + 1;
                                    skipped.set(next);
                                }
                            >
                                {crate::tr!(i18n, console.dup_next)}
                            </button>
                        </p>
                    },
                    || (),
                )}
            </details>
        </section>
    }
}
