//! Ideas phase: for each picked problem, the ideas so far (each showing the
//! department it came from) and, for the other departments, a form to add one.

use crate::components::card_search::idea_group_count;
use crate::components::cards::{IdeaCard, ProblemCard};
use crate::components::erased::{keyed, show};
use crate::components::group::{foldable, more_toggle};
use crate::components::limit_notice::{left_hint, limit_notice};
use crate::components::merge::same_as;
use crate::components::moderation::Moderation;
use crate::components::problem_index::{block_attr, problem_index};
use crate::components::problem_list::WithdrawProblem;
use crate::i18n::*;
use crate::lang;
use crate::live::{use_live, Live};
use crate::util;
use leptos::prelude::*;
use summit_shared::limits::Field;
use summit_shared::{Card, Command, DomainError, IdeaId, ProblemId, SessionState, Viewer};

/// Picked problems, grouped by department order (shared by the Ideas, Vote and Plan boards).
pub fn picked_problem_ids(live: Live) -> Memo<Vec<ProblemId>> {
    Memo::new(move |_| live.with(SessionState::picked_by_department))
}

/// Live ideas of one problem, in submission order.
pub fn idea_ids(live: Live, problem: ProblemId) -> Memo<Vec<IdeaId>> {
    Memo::new(move |_| live.with(|s| s.ideas_for(problem).map(|i| i.id).collect::<Vec<_>>()))
}

#[component]
pub fn IdeaBoard() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let picked = picked_problem_ids(live);
    // The problems this person can help with first (in department order), then the
    // rest: on a phone their own department's problems are not in the way.
    let problems = Memo::new(move |_| {
        let mut ids = picked.get();
        ids.sort_by_key(|id| !live.may(|s, actor| s.may_submit_idea(actor, *id).is_ok()));
        ids
    });
    // A person's share of ideas (or the session's room for cards) is reached for
    // every problem at once: said once, above them all, not under each problem.
    let at_limit = move || {
        problems.with(|ids| {
            ids.iter().find_map(|id| {
                live.why_not(|s, actor| s.may_submit_idea(actor, *id).err())
                    .filter(DomainError::is_limit)
            })
        })
    };
    view! {
        {limit_notice(at_limit)}
        {show(
            move || problems.with(|p| !p.is_empty()),
            move || view! {
                {problem_index(problems)}
                <div class="problem-stack">
                    {keyed(
                        move || problems.get(),
                        move |id| view! { <ProblemIdeas id /> }
                    )}
                </div>
            },
            move || view! { <p class="empty card">{crate::tr!(i18n, board.no_picked)}</p> },
        )}
    }
}

/// A participant sees a problem's newest ideas and, above them, one button for the
/// earlier ones: ten ideas to each of 25 problems would make a phone one endless
/// scroll, and the box for a new idea is what they came for. Folded only when that
/// hides a few.
const NEWEST_SHOWN: usize = 3;
const FOLDED_FROM: usize = 6;

#[component]
fn ProblemIdeas(id: ProblemId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let all_ideas = idea_ids(live, id);
    // The console has its own folds and search: it shows every idea.
    let folds = live.viewer.get_untracked() != Some(Viewer::Facilitator);
    let expanded = RwSignal::new(false);
    // The oldest idea shown while folded. It moves on as ideas arrive, except while
    // the focus is in this problem's ideas: a card someone is commenting on stays.
    let engaged = RwSignal::new(false);
    let oldest_shown = StoredValue::new(None::<IdeaId>);
    let earlier = Memo::new(move |_| {
        if !folds {
            return 0;
        }
        let frozen = engaged.get();
        all_ideas.with(|all| {
            if !frozen {
                let n = all.len();
                oldest_shown.set_value((n >= FOLDED_FROM).then(|| all[n - NEWEST_SHOWN]));
            }
            oldest_shown
                .get_value()
                .map_or(0, |oldest| all.iter().take_while(|i| **i < oldest).count())
        })
    });
    let ideas = Memo::new(move |_| {
        let skip = if expanded.get() { 0 } else { earlier.get() };
        all_ideas.with(|all| all[skip.min(all.len())..].to_vec())
    });
    // Whether this viewer may propose an idea here, and if not, why.
    let refused = move || live.why_not(|s, actor| s.may_submit_idea(actor, id).err());
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
            // The box for a new idea before the ideas so far: it stays in reach.
            {show(
                move || refused().is_none(),
                move || view! { <IdeaForm problem=id /> },
                move || {
                    view! {
                        <p
                            class="notice"
                            hidden=move || refused() != Some(DomainError::OwnDepartmentIdea)
                        >
                            {crate::tr!(i18n, board.own_department_problem)}
                        </p>
                    }
                },
            )}
            {foldable(
                format!("group-problem-{}", id.0),
                false,
                true,
                idea_group_count(all_ideas.into()),
                view! {
                    <div
                        class="idea-list"
                        on:focusin=move |_| engaged.set(true)
                        on:focusout=move |_| engaged.set(false)
                    >
                        {show(
                            move || earlier.get() > 0,
                            move || more_toggle(
                                expanded,
                                "btn-link earlier-ideas",
                                format!("earlier-ideas-{}", id.0),
                                move || t_string!(i18n, board.earlier_ideas, count = lang::count(earlier.get())).to_string(),
                                move || t_string!(i18n, board.hide_earlier_ideas).to_string(),
                            ),
                            || (),
                        )}
                        {show(
                            move || ideas.with(|i| !i.is_empty()),
                            move || view! {
                                {keyed(
                                    move || ideas.get(),
                                    move |iid| {
                                        view! {
                                            <IdeaCard id=iid>
                                                <WithdrawIdea id=iid />
                                            </IdeaCard>
                                        }
                                    }
                                )}
                            },
                            move || view! { <p class="empty">{crate::tr!(i18n, board.no_ideas)}</p> },
                        )}
                    </div>
                },
            )}
        </section>
    }
}

#[component]
fn IdeaForm(problem: ProblemId) -> impl IntoView {
    let live = use_live();
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let i18n = use_i18n();
    let input: NodeRef<leptos::html::Textarea> = NodeRef::new();
    let invalid = move || util::check(i18n, Field::Text, &text.get());
    let submit = move || {
        if invalid().is_some() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = text.get_untracked();
        leptos::task::spawn_local(async move {
            if live
                .run(Command::SubmitIdea {
                    problem,
                    text: body,
                })
                .await
                .is_ok()
            {
                text.set(String::new());
                // Ready for the next one at once.
                if let Some(Some(el)) = input.try_get_untracked() {
                    let _ = el.focus();
                }
            }
            busy.set(false);
        });
    };
    let left = move || live.me_id().map_or(0, |me| live.with(|s| s.ideas_left(me)));
    let input_id = format!("idea-input-{}", problem.0);
    view! {
        <form
            class="idea-form"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            <label class="visually-hidden" for=input_id.clone()>
                {crate::tr!(i18n, board.your_idea)}
            </label>
            <textarea
                id=input_id.clone()
                data-testid=input_id
                node_ref=input
                rows="2"
                dir="auto"
                placeholder=move || t_string!(i18n, board.idea_placeholder)
                title=move || t_string!(i18n, board.submit_shortcut)
                aria-keyshortcuts="Control+Enter Meta+Enter"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        submit();
                    }
                }
            ></textarea>
            <div class="form-row">
                <span class="counter" class:over=move || { util::char_count(&text.get()) > Field::Text.max() }>
                    {move || util::counter(&text.get(), Field::Text)}
                </span>
                {left_hint("idea", left)}
                <button
                    class="btn btn-primary"
                    type="submit"
                    data-testid=format!("idea-submit-{}", problem.0)
                    disabled=move || invalid().is_some() || busy.get()
                >
                    {move || {
                        if busy.get() {
                            t_string!(i18n, board.adding)
                        } else {
                            t_string!(i18n, board.add_idea)
                        }
                    }}
                </button>
            </div>
        </form>
    }
}

/// "Withdraw" and "Same as…" for a participant; for the facilitator, the console's
/// card menu. Each is shown exactly when the server would accept it.
#[component]
pub fn WithdrawIdea(id: IdeaId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    if let Some(m) = use_context::<Moderation>() {
        return (m.menu)(Card::Idea(id));
    }
    let allowed = move || live.may(|s, actor| s.may_withdraw_idea(actor, id).is_ok());
    view! {
        <button
            class="btn-link danger"
            hidden=move || !allowed()
            data-testid=format!("withdraw-idea-{}", id.0)
            on:click=move |_| live.send(Command::WithdrawIdea { idea: id })
        >
            {crate::tr!(i18n, board.withdraw)}
        </button>
        {same_as(Card::Idea(id))}
    }
    .into_any()
}
