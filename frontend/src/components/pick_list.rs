//! Pick phase: department members support their own department's problems; the
//! facilitator sees the support counts and confirms the pick per problem.

use crate::components::cards::ProblemCard;
use crate::components::erased::{keyed, show};
use crate::live::Live;
use leptos::prelude::*;
use summit_shared::{Command, DepartmentId, ProblemId};

#[component]
pub fn PickList(live: Live, #[prop(optional)] facilitator: bool) -> impl IntoView {
    // A participant sees their own department first: that is where they act.
    let departments = Memo::new(move |_| {
        let mine = live.me().map(|p| p.department);
        live.with(|s| {
            let mut ids: Vec<DepartmentId> = s.departments.iter().map(|d| d.id).collect();
            crate::util::sort_small(&mut ids, |a, b| Some(*a) == mine && Some(*b) != mine);
            ids
        })
    });
    let picked_count = move || live.with(|s| s.picked_problems().count());
    view! {
        {facilitator
            .then(|| {
                view! {
                    <p class="notice">
                        {picked_count}
                        " problem(s) picked. Pick at least one before moving on to Ideas."
                    </p>
                }
            })}
        <div class="dept-columns">
            {keyed(
                move || departments.get(),
                move |id| view! { <DepartmentPick live id facilitator /> }
            )}
        </div>
    }
}

#[component]
fn DepartmentPick(live: Live, id: DepartmentId, facilitator: bool) -> impl IntoView {
    let name = move || live.with(|s| s.department_name(id).to_owned());
    let mine = move || live.me().is_some_and(|p| p.department == id);
    let problems = Memo::new(move |_| {
        live.with(|s| {
            s.problems
                .values()
                .filter(|p| p.department == id && !p.withdrawn)
                .map(|p| p.id)
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="dept-column">
            <h2 class="section-title">
                {name} {move || mine().then_some(view! { <span class="tag">"your department"</span> })}
            </h2>
            {show(
                move || problems.with(|p| !p.is_empty()),
                move || view! {
                    {keyed(
                        move || problems.get(),
                        move |pid| {
                            view! {
                                <ProblemCard live id=pid>
                                    <PickControls live id=pid facilitator mine=mine() />
                                </ProblemCard>
                            }
                        }
                    )}
                },
                || view! { <p class="empty">"This department has no problems to pick from."</p> },
            )}
        </section>
    }
}

#[component]
fn PickControls(live: Live, id: ProblemId, facilitator: bool, mine: bool) -> impl IntoView {
    let support = move || live.with(|s| s.problems.get(&id).map_or(0, |p| p.support.len()));
    let picked = move || live.with(|s| s.problems.get(&id).is_some_and(|p| p.picked));
    let i_support = move || {
        let me = live.viewer.get().and_then(|v| v.participant());
        live.with(|s| {
            s.problems
                .get(&id)
                .is_some_and(|p| me.is_some_and(|m| p.support.contains(&m)))
        })
    };
    let support_label = move || match support() {
        1 => "1 supporter".to_owned(),
        n => format!("{n} supporters"),
    };
    if facilitator {
        view! {
            <span class="support-count" data-testid=format!("support-count-{}", id.0)>
                {support_label}
            </span>
            <button
                class="btn btn-small"
                class:btn-primary=move || !picked()
                data-testid=format!("confirm-pick-{}", id.0)
                aria-pressed=move || picked().to_string()
                on:click=move |_| live.send(Command::ConfirmPick { problem: id, picked: !picked() })
            >
                {move || if picked() { "Unpick" } else { "Pick" }}
            </button>
        }
        .into_any()
    } else if mine {
        view! {
            <span class="support-count">{support_label}</span>
            <button
                class="btn btn-small toggle"
                class:on=i_support
                data-testid=format!("support-{}", id.0)
                aria-pressed=move || i_support().to_string()
                on:click=move |_| {
                    live.send(Command::SupportProblem { problem: id, support: !i_support() })
                }
            >
                {move || if i_support() { "★ Supported" } else { "☆ Support" }}
            </button>
        }
        .into_any()
    } else {
        view! { <span class="support-count">{support_label}</span> }.into_any()
    }
}
