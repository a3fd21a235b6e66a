//! `/s/:id/actions`: the follow-up page for leads, after the summit.
//!
//! It runs with the session's follow-up key (`#key=…`, kept in the address so the
//! page can be bookmarked and reopened next month): the server lets that key set an
//! agreed action item's status and write progress notes, and nothing else, so the
//! page shows the action items (overdue ones first) with exactly those controls,
//! live, and the exports.

use crate::components::connection_status::ConnectionStatus;
use crate::components::erased::show;
use crate::components::error_banner::ErrorBanner;
use crate::components::export_menu::ExportMenu;
use crate::components::follow_up::FollowUpList;
use crate::i18n::*;
use crate::live::{use_live, Live};
use crate::pages::{NoAccess, SessionGate};
use crate::util;
use leptos::prelude::*;
use summit_shared::SessionState;

#[component]
pub fn FollowUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let (Some(id), Some(key)) = (util::session_id_param(), util::fragment_value("key")) else {
        return view! {
            <NoAccess
                title=t_string!(i18n, followup.needs_key_title)
                message=t_string!(i18n, followup.needs_key_message)
            />
        }
        .into_any();
    };
    let live = Live::start(id, key);
    provide_context(live);
    view! {
        <SessionGate>
            <FollowUp />
        </SessionGate>
    }
    .into_any()
}

#[component]
fn FollowUp() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let title = util::name_tab(live, move || t_string!(i18n, followup.title));
    view! {
        <div class="session-page follow-up-page" data-testid="follow-up-page">
            <header class="follow-up-header">
                <div>
                    <p class="eyebrow">
                        <span class="tag tag-role">{crate::tr!(i18n, followup.role_lead)}</span>
                        " "
                        {crate::tr!(i18n, followup.title)}
                    </p>
                    <h1 dir="auto">{move || title.get()}</h1>
                </div>
                <ConnectionStatus />
            </header>
            <p class="muted">{crate::tr!(i18n, followup.intro)}</p>
            // An item carried into a summit still under way: shown, and why it has
            // no controls yet.
            {show(
                move || !live.with(SessionState::follows_up),
                move || view! { <p class="notice" data-testid="follow-up-not-yet">{crate::tr!(i18n, followup.not_yet)}</p> },
                || (),
            )}
            <ErrorBanner error=live.error />
            <FollowUpList />
            <ExportMenu />
        </div>
    }
}
