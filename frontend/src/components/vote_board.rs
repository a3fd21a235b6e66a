//! Vote phase: dot voting within the budget and the per-idea cap. A participant sees
//! only their own dots and the total cast by everyone; tallies stay hidden until Plan.

use crate::components::card_search::idea_group_count;
use crate::components::cards::{IdeaCard, ProblemCard};
use crate::components::erased::{keyed, keyed_labels, show};
use crate::components::group::foldable;
use crate::components::idea_board::{idea_ids, picked_problem_ids, WithdrawIdea};
use crate::components::problem_index::{block_attr, problem_index};
use crate::components::problem_list::WithdrawProblem;
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use crate::util;
use leptos::html;
use leptos::prelude::*;
use summit_shared::{Command, IdeaId, ProblemId};
use wasm_bindgen::JsCast;

#[component]
pub fn VoteBoard(#[prop(optional)] facilitator: bool) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let problems = picked_problem_ids(live);
    let budget = move || live.with(|s| s.settings.vote_budget);
    let cap = move || live.with(|s| s.settings.vote_cap_per_idea);
    let total = move || live.with(|s| s.total_votes());
    // Offline, the dots tapped but not yet sent are counted as cast here too, so
    // "votes left" agrees with the hollow dots at the ideas.
    let unsent = Unsent {
        casting: RwSignal::new(0),
        retracting: RwSignal::new(0),
    };
    let offline = move || live.waiting.get() > 0;
    let left = move || {
        let left = live.me_id().map_or(0, |m| live.with(|s| s.votes_left(m)));
        if offline() {
            (left + unsent.retracting.get()).saturating_sub(unsent.casting.get())
        } else {
            left
        }
    };
    let used = move || {
        let used = live.me_id().map_or(0, |m| live.with(|s| s.votes_used(m)));
        if offline() {
            (used + unsent.casting.get()).saturating_sub(unsent.retracting.get())
        } else {
            used
        }
    };
    let participants = move || live.with(|s| lang::count(s.participants.len()));
    let available = move || live.with(|s| s.dots_available());
    // The idea a dot is being moved from, while the person picks where it goes.
    let moving: RwSignal<Option<IdeaId>> = RwSignal::new(None);
    let summary = if facilitator {
        view! {
            <div class="vote-summary card">
                <div class="stat">
                    <span class="stat-num" data-testid="votes-total">{total}</span>
                    // Out of every participant's budget together ("10 votes available"
                    // alone would read as what is left), worded as the projector says it.
                    <span class="stat-label">
                        {move || t_string!(i18n, board.stat_votes_cast, count = available()).to_string()}
                    </span>
                </div>
                <div class="stat">
                    <span class="stat-num">{participants}</span>
                    <span class="stat-label">
                        {t!(i18n, board.stat_participants, count = participants)}
                    </span>
                </div>
            </div>
        }
        .into_any()
    } else {
        // Only what a voter needs at every moment stays on screen (the votes left, and
        // how to finish a move): on a phone the bar takes at most 12 % of the height.
        let stat = move || {
            view! {
                <div class="stat">
                    {t!(
                        i18n,
                        board.votes_left,
                        left = left,
                        budget = budget,
                        <num> = |children: ChildrenFn| view! {
                            <span class="stat-num" data-testid="votes-left">{children()}</span>
                        }
                    )}
                    <span class="dots" aria-hidden="true">
                        {move || "●".repeat(left() as usize)}
                        <span class="dot-spent">{move || "●".repeat(used() as usize)}</span>
                    </span>
                </div>
            }
        };
        view! {
            <p class="vote-notes muted small">
                {t!(
                    i18n,
                    board.votes_cast,
                    total = total,
                    <num> = |children: ChildrenFn| view! {
                        <strong data-testid="votes-total">{children()}</strong>
                    }
                )}
                " · "
                {t!(i18n, board.cap_note, count = cap)}
            </p>
            <div class="vote-summary card sticky" data-testid="vote-bar">
                {my_votes(stat)}
                {stranded_notice()}
                {move || {
                    moving
                        .get()
                        .map(|_| {
                            view! {
                                <p class="notice">
                                    {crate::tr!(i18n, board.moving_hint)}
                                    " "
                                    <button class="btn-link" on:click=move |_| moving.set(None)>
                                        {crate::tr!(i18n, board.cancel)}
                                    </button>
                                </p>
                            }
                        })
                }}
            </div>
        }
        .into_any()
    };
    view! {
        {summary}
        {show(
            move || problems.with(|p| !p.is_empty()),
            move || view! {
                {problem_index(problems)}
                <div class="problem-stack">
                    {keyed(
                        move || problems.get(),
                        move |id| view! { <ProblemVotes id facilitator moving unsent /> }
                    )}
                </div>
            },
            move || view! { <p class="empty card">{crate::tr!(i18n, board.no_vote_problems)}</p> },
        )}
    }
}

#[component]
fn ProblemVotes(
    id: ProblemId,
    facilitator: bool,
    moving: RwSignal<Option<IdeaId>>,
    unsent: Unsent,
) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let ideas = idea_ids(live, id);
    view! {
        <section
            class="problem-block"
            data-problem-block=block_attr(id)
            tabindex="-1"
            aria-labelledby=format!("problem-text-{}", id.0)
        >
            <ProblemCard id>
                <WithdrawProblem id />
            </ProblemCard>
            {foldable(
                format!("group-problem-{}", id.0),
                false,
                true,
                idea_group_count(ideas.into()),
                view! {
                    <div class="idea-list">
                        {show(
                            move || ideas.with(|i| !i.is_empty()),
                            move || view! {
                                {keyed(
                                    move || ideas.get(),
                                    move |iid| {
                                        if facilitator {
                                            view! {
                                                <IdeaCard id=iid>
                                                    <WithdrawIdea id=iid />
                                                </IdeaCard>
                                            }
                                                .into_any()
                                        } else {
                                            view! {
                                                <IdeaCard id=iid>
                                                    <VoteControls id=iid moving unsent />
                                                </IdeaCard>
                                            }
                                                .into_any()
                                        }
                                    }
                                )}
                            },
                            move || view! { <p class="empty">{crate::tr!(i18n, board.no_ideas_for_problem)}</p> },
                        )}
                    </div>
                },
            )}
        </section>
    }
}

#[component]
fn VoteControls(id: IdeaId, moving: RwSignal<Option<IdeaId>>, unsent: Unsent) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let mine = move || live.me_id().map_or(0, |m| live.with(|s| s.votes_on(m, id)));
    // Buttons stay clickable when the rules refuse them: a tap says why (a spent
    // budget, the cap) right under the idea, which is clearer than a silently
    // greyed-out button. They look muted exactly when the server would refuse, and
    // say why to a pointer or a screen reader before anyone taps.
    let cast_refused = move || live.why_not(|s, actor| s.may_cast(actor, id).err());
    let retract_refused = move || live.why_not(|s, actor| s.may_retract(actor, id).err());
    let add_muted = move || cast_refused().is_some();
    let remove_muted = move || retract_refused().is_some();
    let why: RwSignal<Option<String>> = RwSignal::new(None);
    let why_el = NodeRef::<leptos::html::P>::new();
    // Casts and retracts this control sent that the server has not answered yet.
    // Offline they wait, and the idea says so where the person tapped.
    let casting = RwSignal::new(0u32);
    let retracting = RwSignal::new(0u32);
    let offline = move || live.waiting.get() > 0;
    let dots_waiting = move || if offline() { casting.get() } else { 0 };
    let waiting = move || offline() && casting.get() + retracting.get() > 0;
    // Always sent: this page's copy of the state may be a moment behind the server's
    // (a dot just moved), and the server's answer is the one that counts.
    let vote = move |command: Command, sent: RwSignal<u32>, board: RwSignal<u32>| {
        why.set(None);
        sent.update(|n| *n += 1);
        board.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            let result = live.run_here(command).await;
            // The page may be gone by the time the answer comes.
            sent.try_update(|n| *n = n.saturating_sub(1));
            board.try_update(|n| *n = n.saturating_sub(1));
            if let Err(err) = result {
                why.set(live.try_with(|s| lang::api_error(i18n, &err, Some(s))));
                if let Some(Some(el)) = why_el.try_get_untracked() {
                    crate::util::bring_into_view(el.into());
                }
            }
        });
    };
    let why_id = format!("vote-why-{}", id.0);
    let move_target = move || {
        moving.get().is_some_and(|from| {
            from != id && live.may(|s, actor| s.may_move(actor, from, id).is_ok())
        })
    };
    view! {
        <div class="vote-controls">
            <button
                class="btn btn-round"
                aria-label=move || t_string!(i18n, board.remove_dot)
                class:muted=remove_muted
                title=move || retract_refused().map(|e| lang::domain_error(i18n, &e))
                aria-describedby=why_id.clone()
                data-testid=format!("vote-remove-{}", id.0)
                on:click=move |_| vote(Command::RetractVote { idea: id }, retracting, unsent.retracting)
            >
                "−"
            </button>
            <span class="my-votes" title=move || t_string!(i18n, board.your_dots)>
                // A dot waiting for the network counts here too, as in "votes left".
                <span class="my-votes-num" data-testid=format!("my-votes-{}", id.0)>
                    {move || mine() + dots_waiting()}
                </span>
                <span class="my-votes-dots" aria-hidden="true">
                    {move || "●".repeat(mine() as usize)}
                    <span class="dot-waiting">{move || "○".repeat(dots_waiting() as usize)}</span>
                </span>
            </span>
            <button
                class="btn btn-round btn-primary"
                aria-label=move || t_string!(i18n, board.add_dot)
                class:muted=add_muted
                title=move || cast_refused().map(|e| lang::domain_error(i18n, &e))
                aria-describedby=why_id.clone()
                data-testid=format!("vote-add-{}", id.0)
                on:click=move |_| vote(Command::CastVote { idea: id }, casting, unsent.casting)
            >
                "+"
            </button>
            <span class="muted small">{crate::tr!(i18n, board.your_dots)}</span>
            {show(
                move || { moving.get().is_none() && !remove_muted() },
                move || view! {
                    <button
                        class="btn-link"
                        data-testid=format!("vote-move-{}", id.0)
                        on:click=move |_| moving.set(Some(id))
                    >
                        {crate::tr!(i18n, board.move_dot)}
                    </button>
                },
                || (),
            )}
            {show(
                move_target,
                move || view! {
                    <button
                        class="btn btn-small"
                        data-testid=format!("vote-move-here-{}", id.0)
                        on:click=move |_| {
                            if let Some(from) = moving.get_untracked() {
                                moving.set(None);
                                live.send(Command::MoveVote { from, to: id });
                            }
                        }
                    >
                        {crate::tr!(i18n, board.move_here)}
                    </button>
                },
                || (),
            )}
            <p class="vote-waiting small" data-testid=format!("vote-waiting-{}", id.0) hidden=move || !waiting()>
                {crate::tr!(i18n, board.vote_waiting)}
            </p>
            <p class="vote-why" id=why_id.clone() data-testid=why_id role="status" node_ref=why_el>
                {move || why.get()}
            </p>
        </div>
    }
}

/// Every idea's casts and retracts sent and not yet answered, for the vote bar.
#[derive(Clone, Copy)]
struct Unsent {
    casting: RwSignal<u32>,
    retracting: RwSignal<u32>,
}

/// A participant's dots on ideas no longer shown (hidden by the facilitator or
/// withdrawn): said in the vote bar, with one button to take them all back.
fn stranded_notice() -> AnyView {
    let live = use_live();
    let i18n = use_i18n();
    let stranded = Memo::new(move |_| {
        live.me_id()
            .map_or_else(Vec::new, |me| live.with(|s| s.stranded_votes(me)))
    });
    let allowed = move || {
        stranded.with(|dots| {
            dots.first()
                .is_some_and(|(idea, _)| live.may(|s, actor| s.may_retract(actor, *idea).is_ok()))
        })
    };
    let take_back = move |_| {
        for (idea, n) in stranded.get_untracked() {
            for _ in 0..n {
                live.send(Command::RetractVote { idea });
            }
        }
    };
    show(
        allowed,
        move || {
            view! {
                <p class="notice notice-action" data-testid="stranded-dots" role="status">
                    <span>
                        {move || {
                            let n = stranded.with(|d| d.iter().map(|(_, n)| *n).sum::<u32>());
                            t_string!(i18n, board.stranded_dots, count = n).to_string()
                        }}
                    </span>
                    " "
                    <button class="btn btn-small" data-testid="take-back-dots" on:click=take_back>
                        {crate::tr!(i18n, board.take_back_dots)}
                    </button>
                </p>
            }
        },
        || (),
    )
}

/// "My votes": where the person's dots are, each a way to its idea. On a phone the
/// board is long and the dots are spread over it. The votes left (`stat`) open the
/// list, so the bar needs no second line for it; with no dots there is no list.
fn my_votes<V: IntoView + 'static>(stat: impl Fn() -> V + Copy + Send + Sync + 'static) -> AnyView {
    let live = use_live();
    let i18n = use_i18n();
    let placed = Memo::new(move |_| {
        live.me_id()
            .map_or_else(Vec::new, |me| live.with(|s| s.placed_votes(me)))
    });
    let fold: NodeRef<html::Details> = NodeRef::new();
    // To the idea's card, clear of this sticky bar, with the focus on its "+", and
    // the list folded again.
    let go = move |idea: IdeaId| {
        let Some(details) = fold.get_untracked() else {
            return;
        };
        details.set_open(false);
        // Looked up from the bar, not the document: the page may be a widget's
        // shadow root.
        let page = details.closest(".session-page").ok().flatten();
        let found = |selector: String| {
            page.as_ref()?
                .query_selector(&selector)
                .ok()??
                .dyn_into::<web_sys::HtmlElement>()
                .ok()
        };
        if let Some(card) = found(format!("[data-idea-id=\"{}\"]", idea.0)) {
            card.scroll_into_view();
        }
        if let Some(add) = found(format!("[data-testid=\"vote-add-{}\"]", idea.0)) {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = add.focus_with_options(&options);
        }
    };
    show(
        move || placed.with(|p| !p.is_empty()),
        move || {
            view! {
                <details class="my-votes-list" node_ref=fold data-testid="my-votes">
                    <summary>
                        {stat()}
                        // On a phone only the arrow shows; the words stay for screen readers.
                        <span class="my-votes-word">{crate::tr!(i18n, board.my_votes)}</span>
                    </summary>
                    <ul>
                        {keyed_labels(
                            move || placed.get().into_iter().map(|(id, n)| (id, n.to_string())).collect(),
                            move |id: IdeaId, n: String| {
                                let n = n.parse::<u32>().unwrap_or_default();
                                let text = move || {
                                    live.with(|s| s.ideas.get(&id).map(|i| util::truncate(&i.text, 70)))
                                };
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="btn-link"
                                            data-testid=format!("my-votes-go-{}", id.0)
                                            on:click=move |_| go(id)
                                        >
                                            <span class="dots" aria-hidden="true">{"●".repeat(n as usize)}</span>
                                            <span class="sr-only">
                                                {move || t_string!(i18n, plan.votes, count = n).to_string()}
                                                ": "
                                            </span>
                                            <span dir="auto">{text}</span>
                                        </button>
                                    </li>
                                }
                            },
                        )}
                    </ul>
                </details>
            }
        },
        stat,
    )
}
