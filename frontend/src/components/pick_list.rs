//! Pick phase: department members support their own department's problems; the
//! facilitator sees the support counts and confirms the pick per problem.

use crate::components::cards::ProblemCard;
use crate::components::erased::{keyed, show};
use crate::components::group::foldable;
use crate::components::problem_list::WithdrawProblem;
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{Command, DepartmentId, ProblemId};

#[component]
pub fn PickList(#[prop(optional)] facilitator: bool) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    // A participant sees their own department first: that is where they act.
    let departments = Memo::new(move |_| {
        let mine = live.me().map(|p| p.department);
        live.with(|s| s.departments_with_first(mine))
    });
    let picked_count = move || live.with(|s| lang::count(s.picked_problems().count()));
    let none_picked = move || live.with(|s| s.picked_problems().next().is_none());
    view! {
        {facilitator
            .then(|| {
                view! {
                    <p class="notice">
                        {show(
                            none_picked,
                            move || crate::tr!(i18n, board.none_picked),
                            move || t!(i18n, board.picked_count, count = picked_count),
                        )}
                    </p>
                }
            })}
        <div class="dept-columns">
            {keyed(
                move || departments.get(),
                move |id| view! { <DepartmentPick id facilitator /> }
            )}
        </div>
    }
}

#[component]
fn DepartmentPick(id: DepartmentId, facilitator: bool) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let name = move || live.with(|s| s.department_name(id).to_owned());
    let mine = move || live.me().is_some_and(|p| p.department == id);
    // The facilitator picks from the most supported down; members see the order
    // they wrote them in (it does not jump while they support).
    let problems = Memo::new(move |_| {
        live.with(|s| {
            if facilitator {
                s.problems_by_support(id)
            } else {
                s.problems_of(id).map(|p| p.id).collect::<Vec<_>>()
            }
        })
    });
    let count = move || problems.with(|p| p.len());
    view! {
        <section class="dept-column">
            {foldable(
                format!("group-department-{}", id.0),
                true,
                true,
                view! {
                    <h2 class="section-title">
                        <bdi dir="auto">{name}</bdi>
                        <span class="count-badge" data-testid=format!("pick-count-{}", id.0)>{count}</span>
                        {move || {
                            mine()
                                .then_some(view! { <span class="tag">{crate::tr!(i18n, board.your_department)}</span> })
                        }}
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
                                            <PickControls id=pid />
                                        </ProblemCard>
                                    }
                                }
                            )}
                        },
                        move || view! { <p class="empty">{crate::tr!(i18n, board.no_problems_to_pick)}</p> },
                    )}
                },
            )}
        </section>
    }
}

/// The support count, and whichever of "Support" (a member of the problem's
/// department) or "Pick" (the facilitator) the server would accept from this viewer.
#[component]
fn PickControls(id: ProblemId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let support = move || live.with(|s| s.problems.get(&id).map_or(0, |p| p.support_count()));
    let picked = move || live.with(|s| s.problems.get(&id).is_some_and(|p| p.picked));
    let i_support = move || {
        let me = live.me_id();
        live.with(|s| {
            s.problems
                .get(&id)
                .is_some_and(|p| me.is_some_and(|m| p.support.contains(&m)))
        })
    };
    let toggle_pick = move || Command::ConfirmPick {
        problem: id,
        picked: !picked(),
    };
    let toggle_support = move || Command::SupportProblem {
        problem: id,
        support: !i_support(),
    };
    view! {
        <span class="support-count" data-testid=format!("support-count-{}", id.0)>
            {t!(i18n, board.supporters, count = support)}
        </span>
        <button
            class="btn btn-small"
            hidden=move || !live.may(|s, actor| s.may_pick(actor, id).is_ok())
            class:btn-primary=move || !picked()
            data-testid=format!("confirm-pick-{}", id.0)
            aria-pressed=move || picked().to_string()
            on:click=move |_| live.send(toggle_pick())
        >
            {move || {
                if picked() {
                    t_string!(i18n, board.unpick)
                } else {
                    t_string!(i18n, board.pick)
                }
            }}
        </button>
        <button
            class="btn btn-small toggle"
            hidden=move || !live.may(|s, actor| s.may_support(actor, id).is_ok())
            class:on=i_support
            data-testid=format!("support-{}", id.0)
            aria-pressed=move || i_support().to_string()
            on:click=move |_| live.send(toggle_support())
        >
            {move || {
                if i_support() {
                    t_string!(i18n, board.supported)
                } else {
                    t_string!(i18n, board.support)
                }
            }}
        </button>
        <WithdrawProblem id />
    }
}
