//! Problems phase: participants write their department's problems; everyone sees
//! them per department. Authors withdraw their own; the facilitator hides or merges any.

use crate::components::cards::ProblemCard;
use crate::components::erased::{keyed, show};
use crate::components::group::foldable;
use crate::components::limit_notice::{left_hint, limit_notice};
use crate::components::merge::same_as;
use crate::components::moderation::Moderation;
use crate::i18n::*;
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::limits::Field;
use summit_shared::{Card, Command, DepartmentId, ProblemId};

#[component]
pub fn ProblemList() -> impl IntoView {
    let live = use_live();
    // A participant sees their own department first, where their cards go (as in Pick).
    let departments = Memo::new(move |_| {
        let mine = live.me().map(|p| p.department);
        live.with(|s| s.departments_with_first(mine))
    });
    let refusal = move || live.why_not(|s, actor| s.may_submit_problem(actor).err());
    view! {
        {show(
            move || refusal().is_none(),
            || view! { <ProblemForm /> },
            move || limit_notice(refusal),
        )}
        <div class="dept-columns">
            {keyed(
                move || departments.get(),
                move |id| view! { <DepartmentProblems id /> }
            )}
        </div>
    }
}

#[component]
fn ProblemForm() -> impl IntoView {
    let live = use_live();
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let i18n = use_i18n();
    let input: NodeRef<leptos::html::Textarea> = NodeRef::new();
    let invalid = move || util::check(i18n, Field::Text, &text.get());
    let department = move || {
        live.me()
            .map(|me| live.with(|s| s.department_name(me.department).to_owned()))
            .unwrap_or_default()
    };
    let left = move || {
        live.me_id()
            .map_or(0, |me| live.with(|s| s.problems_left(me)))
    };
    let submit = move || {
        if invalid().is_some() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = text.get_untracked();
        leptos::task::spawn_local(async move {
            if live
                .run(Command::SubmitProblem { text: body })
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
    view! {
        <form
            class="card form-card"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            <label for="problem-input" class="form-label">
                {t!(i18n, board.problem_for, department = move || view! { <bdi dir="auto">{department()}</bdi> })}
            </label>
            <textarea
                id="problem-input"
                data-testid="problem-input"
                node_ref=input
                rows="3"
                dir="auto"
                placeholder=move || t_string!(i18n, board.problem_placeholder)
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
                {left_hint("problem", left)}
                <button
                    class="btn btn-primary"
                    type="submit"
                    data-testid="problem-submit"
                    disabled=move || invalid().is_some() || busy.get()
                >
                    {move || {
                        if busy.get() {
                            t_string!(i18n, board.adding)
                        } else {
                            t_string!(i18n, board.add_problem)
                        }
                    }}
                </button>
            </div>
        </form>
    }
}

#[component]
fn DepartmentProblems(id: DepartmentId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let name = move || live.with(|s| s.department_name(id).to_owned());
    let problems =
        Memo::new(move |_| live.with(|s| s.problems_of(id).map(|p| p.id).collect::<Vec<_>>()));
    view! {
        <section class="dept-column">
            {foldable(
                format!("group-department-{}", id.0),
                true,
                true,
                view! {
                    <h2 class="section-title">
                        <bdi dir="auto">{name}</bdi> <span class="count-badge">{move || problems.with(|p| p.len())}</span>
                    </h2>
                },
                view! {
                    {show(
                        move || problems.with(|p| !p.is_empty()),
                        move || view! {
                            {keyed(
                                move || problems.get(),
                                move |pid| {
                                    view! {
                                        <ProblemCard id=pid>
                                            <WithdrawProblem id=pid />
                                        </ProblemCard>
                                    }
                                }
                            )}
                        },
                        move || view! { <p class="empty">{crate::tr!(i18n, board.no_problems)}</p> },
                    )}
                },
            )}
        </section>
    }
}

/// "Withdraw" and "Same as…" for a participant; for the facilitator, the card
/// menu the console provides (Hide, Merge into…). Each is shown exactly when the
/// server would accept it.
#[component]
pub fn WithdrawProblem(id: ProblemId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    if let Some(m) = use_context::<Moderation>() {
        return (m.menu)(Card::Problem(id));
    }
    let allowed = move || live.may(|s, actor| s.may_withdraw_problem(actor, id).is_ok());
    // Hidden rather than left out: a button per card is cheaper in the wasm than a
    // conditional view per control, and `hidden` takes it out of sight and of the
    // accessibility tree alike.
    view! {
        <button
            class="btn-link danger"
            hidden=move || !allowed()
            data-testid=format!("withdraw-problem-{}", id.0)
            on:click=move |_| live.send(Command::WithdrawProblem { problem: id })
        >
            {crate::tr!(i18n, board.withdraw)}
        </button>
        {same_as(Card::Problem(id))}
    }
    .into_any()
}
