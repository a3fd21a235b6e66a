//! Ideas phase: for each picked problem, the ideas so far (each showing the
//! department it came from) and, for the other departments, a form to add one.

use crate::components::cards::{IdeaCard, ProblemCard};
use crate::components::erased::{keyed, show};
use crate::components::limit_notice::{left_hint, limit_notice};
use crate::components::problem_list::WithdrawProblem;
use crate::live::{use_live, Live};
use crate::util;
use crate::i18n::*;
use leptos::prelude::*;
use summit_shared::limits::Field;
use summit_shared::{Command, DomainError, IdeaId, ProblemId, SessionState, Viewer};

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
    let problems = picked_problem_ids(live);
    view! {
        {show(
            move || problems.with(|p| !p.is_empty()),
            move || view! {
                <div class="problem-stack">
                    {keyed(
                        move || problems.get(),
                        move |id| view! { <ProblemIdeas id /> }
                    )}
                </div>
            },
            || view! { <p class="empty card">"No problem has been picked yet."</p> },
        )}
    }
}

#[component]
fn ProblemIdeas(id: ProblemId) -> impl IntoView {
    let live = use_live();
    let ideas = idea_ids(live, id);
    // Whether this viewer may propose an idea here, and if not, why.
    let refused = move || live.why_not(|s, actor| s.may_submit_idea(actor, id).err());
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
                                view! {
                                    <IdeaCard id=iid>
                                        <WithdrawIdea id=iid />
                                    </IdeaCard>
                                }
                            }
                        )}
                    },
                    || view! { <p class="empty">"No ideas yet — be the first."</p> },
                )}
            </div>
            {show(
                move || refused().is_none(),
                move || view! { <IdeaForm problem=id /> },
                move || {
                    view! {
                        <p
                            class="notice"
                            hidden=move || refused() != Some(DomainError::OwnDepartmentIdea)
                        >
                            "This is your department's problem: the other departments propose ideas for it."
                        </p>
                        {limit_notice(refused)}
                    }
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
                {left_hint("idea", left)}
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

/// "Withdraw" for the author, "Remove" for the facilitator: shown exactly when the
/// server would accept it.
#[component]
pub fn WithdrawIdea(id: IdeaId) -> impl IntoView {
    let live = use_live();
    let allowed = move || live.may(|s, actor| s.may_withdraw_idea(actor, id).is_ok());
    let moderating = move || live.viewer.get() == Some(Viewer::Facilitator);
    view! {
        <button
            class="btn-link danger"
            hidden=move || !allowed()
            data-testid=format!("withdraw-idea-{}", id.0)
            on:click=move |_| {
                if !moderating()
                    || util::confirm("Remove this idea for everyone? Its votes go back.")
                {
                    live.send(Command::WithdrawIdea { idea: id });
                }
            }
        >
            {move || if moderating() { "Remove" } else { "Withdraw" }}
        </button>
    }
}
