//! Ideas phase: for each picked problem, the ideas so far (each showing the
//! department it came from) and, for the other departments, a form to add one.

use crate::components::cards::{IdeaCard, ProblemCard};
use crate::components::erased::{keyed, show};
use crate::live::Live;
use crate::util;
use leptos::prelude::*;
use summit_shared::limits::Field;
use summit_shared::{Command, IdeaId, Phase, ProblemId};

/// Picked problems, grouped by department order (shared by the Ideas, Vote and Plan boards).
pub fn picked_problem_ids(live: Live) -> Memo<Vec<ProblemId>> {
    Memo::new(move |_| {
        live.with(|s| {
            let mut ids: Vec<(usize, ProblemId)> = s
                .picked_problems()
                .map(|p| {
                    let order = s
                        .departments
                        .iter()
                        .position(|d| d.id == p.department)
                        .unwrap_or(usize::MAX);
                    (order, p.id)
                })
                .collect();
            crate::util::sort_small(&mut ids, |a, b| a < b);
            ids.into_iter().map(|(_, id)| id).collect()
        })
    })
}

/// Live ideas of one problem, in submission order.
pub fn idea_ids(live: Live, problem: ProblemId) -> Memo<Vec<IdeaId>> {
    Memo::new(move |_| {
        live.with(|s| {
            s.ideas
                .values()
                .filter(|i| i.problem == problem && !i.withdrawn)
                .map(|i| i.id)
                .collect::<Vec<_>>()
        })
    })
}

#[component]
pub fn IdeaBoard(live: Live, #[prop(optional)] facilitator: bool) -> impl IntoView {
    let problems = picked_problem_ids(live);
    view! {
        {show(
            move || problems.with(|p| !p.is_empty()),
            move || view! {
                <div class="problem-stack">
                    {keyed(
                        move || problems.get(),
                        move |id| view! { <ProblemIdeas live id facilitator /> }
                    )}
                </div>
            },
            || view! { <p class="empty card">"No problem has been picked yet."</p> },
        )}
    }
}

#[component]
fn ProblemIdeas(live: Live, id: ProblemId, facilitator: bool) -> impl IntoView {
    let ideas = idea_ids(live, id);
    let can_propose = move || {
        let Some(me) = live.me() else { return false };
        live.with(|s| {
            s.problems.get(&id).is_some_and(|p| {
                p.department != me.department || s.settings.allow_own_department_ideas
            })
        })
    };
    let own_department = move || {
        live.me().is_some_and(|me| {
            live.with(|s| {
                s.problems
                    .get(&id)
                    .is_some_and(|p| p.department == me.department)
            })
        })
    };
    view! {
        <section class="problem-block">
            <ProblemCard live id />
            <div class="idea-list">
                {show(
                    move || ideas.with(|i| !i.is_empty()),
                    move || view! {
                        {keyed(
                            move || ideas.get(),
                            move |iid| {
                                view! {
                                    <IdeaCard live id=iid>
                                        <WithdrawIdea live id=iid facilitator />
                                    </IdeaCard>
                                }
                            }
                        )}
                    },
                    || view! { <p class="empty">"No ideas yet — be the first."</p> },
                )}
            </div>
            {(!facilitator)
                .then(|| {
                    view! {
                        {show(
                            can_propose,
                            move || view! {
                                <IdeaForm live problem=id />
                            },
                            move || {
                                view! {
                                    <p class="notice">
                                        {move || {
                                            if own_department() {
                                                "This is your department's problem: the other departments propose ideas for it."
                                            } else {
                                                ""
                                            }
                                        }}
                                    </p>
                                }
                            },
                        )}
                    }
                })}
        </section>
    }
}

#[component]
fn IdeaForm(live: Live, problem: ProblemId) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let invalid = move || util::check(Field::Text, &text.get());
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
            }
            busy.set(false);
        });
    };
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
                "Your idea"
            </label>
            <textarea
                id=input_id.clone()
                data-testid=input_id
                rows="2"
                placeholder="Propose an idea for this problem…"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <div class="form-row">
                <span class="counter" class:over=move || { util::char_count(&text.get()) > Field::Text.max() }>
                    {move || util::counter(&text.get(), Field::Text)}
                </span>
                <button
                    class="btn btn-primary"
                    type="submit"
                    data-testid=format!("idea-submit-{}", problem.0)
                    disabled=move || invalid().is_some() || busy.get()
                >
                    {move || if busy.get() { "Adding…" } else { "Add idea" }}
                </button>
            </div>
        </form>
    }
}

/// "Withdraw" for the author during Ideas, or "Remove" for the facilitator before Plan.
#[component]
pub fn WithdrawIdea(live: Live, id: IdeaId, facilitator: bool) -> impl IntoView {
    let allowed = move || {
        let phase = live.phase();
        if facilitator {
            return phase < Phase::Plan;
        }
        let me = live.viewer.get().and_then(|v| v.participant());
        phase == Phase::Ideas
            && me.is_some()
            && live.with(|s| s.ideas.get(&id).is_some_and(|i| i.author == me))
    };
    let label = if facilitator { "Remove" } else { "Withdraw" };
    view! {
        {show(
            allowed,
            move || view! {
                <button
                    class="btn-link danger"
                    data-testid=format!("withdraw-idea-{}", id.0)
                    on:click=move |_| {
                        if !facilitator || util::confirm("Remove this idea for everyone? Its votes go back.") {
                            live.send(Command::WithdrawIdea { idea: id });
                        }
                    }
                >
                    {label}
                </button>
            },
            || (),
        )}
    }
}
