//! `/s/:id/summary`: the read-only record of a summit — problems per department,
//! the picked ones with their ideas (and tallies once revealed), action items, exports.

use crate::components::action_items::ActionItems;
use crate::components::cards::ProblemCard;
use crate::components::erased::{keyed, show};
use crate::components::export_menu::ExportMenu;
use crate::components::phase_bar::PhaseBar;
use crate::components::plan_board::PlanBoard;
use crate::live::{use_live, Live};
use crate::pages::{NoAccess, SessionGate};
use crate::storage;
use crate::util;
use leptos::prelude::*;
use summit_shared::api::paths;
use summit_shared::{DepartmentId, Viewer};

#[component]
pub fn SummaryPage() -> impl IntoView {
    let Some(id) = util::session_id_param() else {
        return view! { <NoAccess title="Session not found" message="This link does not name a Summit session." /> }
            .into_any();
    };
    let Some(token) = storage::facilitator_token(&id).or_else(|| storage::participant_token(&id))
    else {
        return view! {
            <NoAccess
                title="This summary is for the session's participants"
                message="Open it on a device that joined the session, or from the facilitator console."
            />
        }
            .into_any();
    };
    let live = Live::start(id, token);
    provide_context(live);
    view! {
        <SessionGate>
            <Summary />
        </SessionGate>
    }
    .into_any()
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[component]
fn Summary() -> impl IntoView {
    let live = use_live();
    let departments =
        Memo::new(move |_| live.with(|s| s.departments.iter().map(|d| d.id).collect::<Vec<_>>()));
    let back = move || {
        let id = live.id.get_value();
        match live.viewer.get() {
            Some(Viewer::Facilitator) => (paths::page_facilitate(&id), "← Back to the console"),
            _ => (paths::page_session(&id), "← Back to the session"),
        }
    };
    let counts = move || {
        live.with(|s| {
            [
                plural(s.participants.len(), "participant"),
                plural(s.live_problems().count(), "problem"),
                plural(s.live_ideas().count(), "idea"),
                plural(s.total_votes() as usize, "vote"),
                plural(s.actions.len(), "action item"),
            ]
            .join(" · ")
        })
    };
    let revealed = move || live.with(|s| s.tallies.is_some());
    view! {
        <div class="session-page summary">
            <PhaseBar />
            <p class="summary-nav">
                {move || {
                    let (href, label) = back();
                    view! { <a href=href>{label}</a> }
                }}
                <span class="muted small">{counts}</span>
            </p>
            <ActionItems />
            <ExportMenu />
            <h2 class="section-title">"Picked problems and ideas"</h2>
            {show(
                move || !revealed(),
                move || view! {
                    <p class="muted small">"Tallies appear here once the facilitator reveals them (Plan phase)."</p>
                },
                || (),
            )}
            <PlanBoard />
            <h2 class="section-title">"All problems by department"</h2>
            <div class="dept-columns">
                {keyed(
                    move || departments.get(),
                    move |id| view! { <DepartmentSummary id /> }
                )}
            </div>
        </div>
    }
}

#[component]
fn DepartmentSummary(id: DepartmentId) -> impl IntoView {
    let live = use_live();
    let name = move || live.with(|s| s.department_name(id).to_owned());
    let problems =
        Memo::new(move |_| live.with(|s| s.problems_of(id).map(|p| p.id).collect::<Vec<_>>()));
    view! {
        <section class="dept-column">
            <h3>{name}</h3>
            {show(
                move || problems.with(|p| !p.is_empty()),
                move || view! {
                    {keyed(
                        move || problems.get(),
                        move |pid| view! { <ProblemCard id=pid /> }
                    )}
                },
                || view! { <p class="empty">"No problems were submitted."</p> },
            )}
        </section>
    }
}
