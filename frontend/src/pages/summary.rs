//! `/s/:id/summary`: the read-only record of a summit — action items, exports, the
//! picked problems with their ideas (ranked with their votes once revealed), then
//! the problems not picked, per department, so each problem is told once.

use crate::components::action_items::ActionItems;
use crate::components::cards::ProblemCard;
use crate::components::erased::{keyed, show};
use crate::components::export_menu::ExportMenu;
use crate::components::idea_flow::IdeaFlowCard;
use crate::components::phase_bar::PhaseBar;
use crate::components::plan_board::PlanBoard;
use crate::components::results_table::ResultsTable;
use crate::i18n::*;
use crate::lang;
use crate::live::{use_live, Live};
use crate::pages::{NoAccess, SessionGate};
use crate::split::{fetch_ahead, later, wasm_split, SplitLoaderError};
use crate::storage;
use crate::util;
use leptos::prelude::*;
use summit_shared::api::paths;
use summit_shared::{DepartmentId, Viewer};

#[component]
pub fn SummaryPage() -> impl IntoView {
    let i18n = use_i18n();
    let Some(id) = util::session_id_param() else {
        return view! {
            <NoAccess
                title=t_string!(i18n, plan.session_not_found)
                message=t_string!(i18n, plan.bad_link)
            />
        }
        .into_any();
    };
    let Some(token) = storage::facilitator_token(&id).or_else(|| storage::participant_token(&id))
    else {
        return view! {
            <NoAccess
                title=t_string!(i18n, plan.summary_no_access)
                message=t_string!(i18n, plan.summary_no_access_hint)
            />
        }
        .into_any();
    };
    fetch_ahead(preload_summary);
    let live = Live::start(id, token);
    provide_context(live);
    view! {
        <SessionGate>
            {later(|| Box::pin(summary_view()))}
        </SessionGate>
    }
    .into_any()
}

/// The summary's part of the download ([`crate::split`]).
#[wasm_split(summary, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_summary))]
fn summary_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <Summary /> }.into_any())
}

#[component]
fn Summary() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    // The tab's name also heads every printed page.
    util::name_tab(live, move || t_string!(i18n, plan.summary_tab));
    // Departments with a problem that was not picked: the picked ones are told above.
    let departments = Memo::new(move |_| {
        live.with(|s| {
            s.departments
                .iter()
                .map(|d| d.id)
                .filter(|&d| s.problems_not_picked(d).next().is_some())
                .collect::<Vec<_>>()
        })
    });
    let any_picked = move || live.with(|s| s.picked_problems().next().is_some());
    let back = move || {
        let id = live.id.get_value();
        match live.viewer.get() {
            Some(Viewer::Facilitator) => (
                paths::page_facilitate(&id),
                t_string!(i18n, plan.back_console),
            ),
            _ => (paths::page_session(&id), t_string!(i18n, plan.back_session)),
        }
    };
    let counts = move || {
        live.with(|s| {
            [
                t_string!(
                    i18n,
                    plan.participants,
                    count = lang::count(s.participants.len())
                )
                .to_string(),
                t_string!(
                    i18n,
                    plan.problems,
                    count = lang::count(s.live_problems().count())
                )
                .to_string(),
                t_string!(
                    i18n,
                    plan.ideas,
                    count = lang::count(s.live_ideas().count())
                )
                .to_string(),
                t_string!(i18n, plan.votes, count = s.total_votes()).to_string(),
                t_string!(
                    i18n,
                    plan.actions,
                    count = lang::count(s.agreed_actions().count())
                )
                .to_string(),
            ]
            // Each count whole ("1 acción" never split over two lines); the line
            // breaks between them.
            .map(|count| count.replace(' ', "\u{a0}"))
            .join(" · ")
        })
    };
    let revealed = move || live.with(|s| s.tallies.is_some());
    view! {
        <div class="session-page summary" data-testid="summary">
            <PhaseBar />
            <p class="summary-nav">
                {move || {
                    let (href, label) = back();
                    view! { <a href=href>{label}</a> }
                }}
                <span class="muted small">{counts}</span>
            </p>
            <ActionItems agreed_only=true />
            <ExportMenu />
            <IdeaFlowCard />
            <h2 class="section-title">{crate::tr!(i18n, plan.picked_heading)}</h2>
            {show(
                move || !revealed(),
                move || view! {
                    <p class="muted small">{crate::tr!(i18n, plan.tallies_later)}</p>
                },
                || (),
            )}
            // Once revealed: each picked problem's ideas, ranked, in a table with their
            // whole words and votes; the cards themselves (authors, comments) folded
            // below it. Before that, the cards as the session shows them.
            {show(
                revealed,
                move || view! {
                    <div class="summary-results" data-testid="summary-results">
                        {keyed(move || live.with(|s| s.picked_by_department()), |problem| view! { <ResultsTable problem /> })}
                    </div>
                    <details class="card summary-ideas" data-testid="summary-ideas">
                        <summary>{crate::tr!(i18n, plan.all_ideas_fold)}</summary>
                        <PlanBoard />
                    </details>
                },
                move || view! { <PlanBoard /> },
            )}
            // The problems not picked, for reading on screen; a printed summary leaves
            // them out.
            {show(
                move || departments.with(|d| !d.is_empty()),
                move || view! {
                    <section class="summary-all" data-testid="summary-not-picked">
                        <h2 class="section-title">
                            {move || if any_picked() {
                                t_string!(i18n, plan.other_problems_heading)
                            } else {
                                t_string!(i18n, plan.all_problems_heading)
                            }}
                        </h2>
                        <div class="dept-columns">
                            {keyed(
                                move || departments.get(),
                                move |id| view! { <DepartmentSummary id /> }
                            )}
                        </div>
                    </section>
                },
                || (),
            )}
        </div>
    }
}

#[component]
fn DepartmentSummary(id: DepartmentId) -> impl IntoView {
    let live = use_live();
    let name = move || live.with(|s| s.department_name(id).to_owned());
    let problems = Memo::new(move |_| {
        live.with(|s| s.problems_not_picked(id).map(|p| p.id).collect::<Vec<_>>())
    });
    view! {
        <section class="dept-column">
            <h3 dir="auto">{name}</h3>
            {keyed(
                move || problems.get(),
                move |pid| view! { <ProblemCard id=pid /> }
            )}
        </section>
    }
}
