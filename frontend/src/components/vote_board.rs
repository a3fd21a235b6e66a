//! Vote phase: dot voting within the budget and the per-idea cap. A participant sees
//! only their own dots and the total cast by everyone; tallies stay hidden until Plan.

use crate::components::cards::{IdeaCard, ProblemCard};
use crate::components::erased::{keyed, show};
use crate::components::idea_board::{idea_ids, picked_problem_ids, WithdrawIdea};
use crate::components::problem_list::WithdrawProblem;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{Command, IdeaId, ProblemId};

#[component]
pub fn VoteBoard(#[prop(optional)] facilitator: bool) -> impl IntoView {
    let live = use_live();
    let problems = picked_problem_ids(live);
    let budget = move || live.with(|s| s.settings.vote_budget);
    let cap = move || live.with(|s| s.settings.vote_cap_per_idea);
    let total = move || live.with(|s| s.total_votes());
    let used = move || live.me_id().map_or(0, |m| live.with(|s| s.votes_used(m)));
    let left = move || live.me_id().map_or(0, |m| live.with(|s| s.votes_left(m)));
    let participants = move || live.with(|s| s.participants.len());
    // The idea a dot is being moved from, while the person picks where it goes.
    let moving: RwSignal<Option<IdeaId>> = RwSignal::new(None);
    let summary = if facilitator {
        view! {
            <div class="vote-summary card">
                <div class="stat">
                    <span class="stat-num" data-testid="votes-total">{total}</span>
                    <span class="stat-label">"votes cast in total"</span>
                </div>
                <div class="stat">
                    <span class="stat-num">{participants}</span>
                    <span class="stat-label">"participants"</span>
                </div>
                <div class="stat">
                    <span class="stat-num">{move || budget() as usize * participants()}</span>
                    <span class="stat-label">"votes available"</span>
                </div>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="vote-summary card sticky">
                <div class="stat">
                    <span class="stat-label">"Votes left: "</span>
                    <span class="stat-num" data-testid="votes-left">{left}</span>
                    <span class="stat-label">" of " {budget}</span>
                    <span class="dots" aria-hidden="true">
                        {move || "●".repeat(left() as usize)}
                        <span class="dot-spent">{move || "●".repeat(used() as usize)}</span>
                    </span>
                </div>
                <div class="stat">
                    <span class="stat-label">"Votes cast in total: "</span>
                    <span class="stat-num" data-testid="votes-total">{total}</span>
                </div>
                <p class="muted small">
                    "At most " {cap} " dots per idea. Tallies stay hidden until the facilitator reveals them."
                </p>
                {move || {
                    moving
                        .get()
                        .map(|_| {
                            view! {
                                <p class="notice">
                                    "Moving a dot: choose “Move here” on another idea. "
                                    <button class="btn-link" on:click=move |_| moving.set(None)>
                                        "Cancel"
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
                <div class="problem-stack">
                    {keyed(
                        move || problems.get(),
                        move |id| view! { <ProblemVotes id facilitator moving /> }
                    )}
                </div>
            },
            || view! { <p class="empty card">"No picked problems to vote on."</p> },
        )}
    }
}

#[component]
fn ProblemVotes(
    id: ProblemId,
    facilitator: bool,
    moving: RwSignal<Option<IdeaId>>,
) -> impl IntoView {
    let live = use_live();
    let ideas = idea_ids(live, id);
    view! {
        <section class="problem-block">
            <ProblemCard id>
                <WithdrawProblem id />
            </ProblemCard>
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
                                            <VoteControls id=iid moving />
                                        </IdeaCard>
                                    }
                                        .into_any()
                                }
                            }
                        )}
                    },
                    || view! { <p class="empty">"No ideas for this problem."</p> },
                )}
            </div>
        </section>
    }
}

#[component]
fn VoteControls(id: IdeaId, moving: RwSignal<Option<IdeaId>>) -> impl IntoView {
    let live = use_live();
    let mine = move || live.me_id().map_or(0, |m| live.with(|s| s.votes_on(m, id)));
    // Buttons stay clickable when the rules refuse them: the server's refusal explains
    // the rule (a spent budget, the cap) in the error banner, which is clearer than a
    // silently greyed-out button. They look muted exactly when it would refuse.
    let add_muted = move || !live.may(|s, actor| s.may_cast(actor, id).is_ok());
    let remove_muted = move || !live.may(|s, actor| s.may_retract(actor, id).is_ok());
    let move_target = move || {
        moving.get().is_some_and(|from| {
            from != id && live.may(|s, actor| s.may_move(actor, from, id).is_ok())
        })
    };
    view! {
        <div class="vote-controls">
            <button
                class="btn btn-round"
                aria-label="Remove one of your dots from this idea"
                class:muted=remove_muted
                data-testid=format!("vote-remove-{}", id.0)
                on:click=move |_| live.send(Command::RetractVote { idea: id })
            >
                "−"
            </button>
            <span class="my-votes" title="your dots on this idea">
                <span class="my-votes-num" data-testid=format!("my-votes-{}", id.0)>
                    {mine}
                </span>
                <span class="my-votes-dots" aria-hidden="true">{move || "●".repeat(mine() as usize)}</span>
            </span>
            <button
                class="btn btn-round btn-primary"
                aria-label="Put one of your dots on this idea"
                class:muted=add_muted
                data-testid=format!("vote-add-{}", id.0)
                on:click=move |_| live.send(Command::CastVote { idea: id })
            >
                "+"
            </button>
            <span class="muted small">"your dots on this idea"</span>
            {show(
                move || { moving.get().is_none() && !remove_muted() },
                move || view! {
                    <button class="btn-link" on:click=move |_| moving.set(Some(id))>
                        "Move a dot…"
                    </button>
                },
                || (),
            )}
            {show(
                move_target,
                move || view! {
                    <button
                        class="btn btn-small"
                        on:click=move |_| {
                            if let Some(from) = moving.get_untracked() {
                                moving.set(None);
                                live.send(Command::MoveVote { from, to: id });
                            }
                        }
                    >
                        "Move here"
                    </button>
                },
                || (),
            )}
        </div>
    }
}
