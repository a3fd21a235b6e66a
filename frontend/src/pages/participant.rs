//! `/s/:id`: the participant's view. What it shows follows the phase; the stored
//! participant token brings the same person back after a reload.

use crate::components::action_items::ActionItems;
use crate::components::announcer::announcer;
use crate::components::carried_review::CarriedReview;
use crate::components::erased::show;
use crate::components::error_banner::ErrorBanner;
use crate::components::export_menu::ExportMenu;
use crate::components::hidden_mine::HiddenMine;
use crate::components::idea_board::IdeaBoard;
use crate::components::lobby::Lobby;
use crate::components::phase_bar::PhaseBar;
use crate::components::pick_list::PickList;
use crate::components::plan_board::PlanBoard;
use crate::components::problem_list::ProblemList;
use crate::components::proposal_form::{ProposalDraft, ProposalForm};
use crate::components::readiness::DoneToggle;
use crate::components::vote_board::VoteBoard;
use crate::i18n::*;
use crate::lang;
use crate::live::{use_live, Live};
use crate::pages::{NoAccess, SessionGate};
use crate::split::{fetch_ahead, later, wasm_split, SplitLoaderError};
use crate::storage;
use crate::util;
use leptos::prelude::*;
use summit_shared::api::paths;
use summit_shared::{IdeaId, Phase};

#[component]
pub fn ParticipantPage() -> impl IntoView {
    let i18n = use_i18n();
    let router = crate::router::use_router();
    let Some(id) = util::session_id_param() else {
        // Rebuilt when the language changes: `NoAccess` takes plain text.
        return (move || {
            view! {
                <NoAccess
                    title=t_string!(i18n, board.session_not_found)
                    message=t_string!(i18n, board.bad_link)
                />
            }
        })
        .into_any();
    };
    let Some(token) = storage::participant_token(&id) else {
        if storage::facilitator_token(&id).is_some() {
            let console = paths::page_facilitate(&id);
            return view! {
                <div class="page-state card">
                    <h2>{crate::tr!(i18n, board.you_facilitate)}</h2>
                    <p>{crate::tr!(i18n, board.open_console_hint)}</p>
                    <a class="btn btn-primary" href=console>{crate::tr!(i18n, board.open_console)}</a>
                </div>
            }
            .into_any();
        }
        return (move || {
            view! {
                <NoAccess
                    title=t_string!(i18n, board.not_joined)
                    message=t_string!(i18n, board.how_to_join)
                />
            }
        })
        .into_any();
    };
    // The session's part of the download comes while its state loads.
    fetch_ahead(preload_session);
    let live = Live::start(id.clone(), token);
    provide_context(live);
    let forget = Callback::new(move |_: ()| {
        storage::forget_participant_token(&id);
        router.go_home();
    });
    view! {
        <SessionGate on_forget=forget>
            {later(|| Box::pin(session_view()))}
        </SessionGate>
    }
    .into_any()
}

/// The session's part of the participant's download ([`crate::split`]).
#[wasm_split(session, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_session))]
pub fn session_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <ParticipantView /> }.into_any())
}

#[component]
fn ParticipantView() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let me = Memo::new(move |_| live.me());
    let me_name = move || me.get().map(|p| p.name).unwrap_or_default();
    let me_department = move || {
        me.get()
            .map(|p| live.with(|s| s.department_name(p.department).to_owned()))
            .unwrap_or_default()
    };
    let phase = Memo::new(move |_| live.phase());
    util::name_tab(live, move || lang::phase_name(i18n, phase.get()));
    let summary_href = live.id.with_value(paths::page_summary);
    // The reveal is a moment: whoever had scrolled far down the vote board is taken
    // to the results (the announcer says they are revealed). After the phase bar has
    // moved the focus to its heading, so this comes last.
    let results = NodeRef::<leptos::html::H2>::new();
    let proposal = ProposalDraft::new();
    let propose = Callback::new(move |idea| proposal.0.set(Some(idea)));
    // "Propose action item" opens the form under that idea, where it was tapped.
    let form_at = Callback::new(move |idea: IdeaId| {
        show(
            move || proposal.0.get() == Some(idea),
            move || view! { <ProposalForm draft=proposal /> },
            || (),
        )
    });
    Effect::new(move |before: Option<Phase>| {
        let now = phase.get();
        if before == Some(Phase::Vote) && now == Phase::Plan {
            set_timeout(
                move || {
                    // `try_`: the page may be gone by then.
                    if let Some(Some(h)) = results.try_get_untracked() {
                        if crate::embed::may_move_focus(&h) {
                            crate::embed::focus(&h);
                            // In another site's page, never scroll that page.
                            if !crate::embed::hosted() && !crate::embed::framed() {
                                h.scroll_into_view();
                            }
                        }
                    }
                },
                std::time::Duration::from_millis(50),
            );
        }
        now
    });
    view! {
        <div class="session-page">
            <PhaseBar>
                <span class="me">
                    <span class="me-name" dir="auto" data-testid="me-name">{me_name}</span>
                    <span class="tag tag-dept" dir="auto" data-testid="me-department">
                        {me_department}
                    </span>
                </span>
            </PhaseBar>
            <ErrorBanner error=live.error />
            {announcer()}
            <HiddenMine />
            <div class="phase-body">
                {move || match phase.get() {
                    Phase::Lobby => view! { <Lobby /> }.into_any(),
                    Phase::Review => view! { <CarriedReview /> }.into_any(),
                    Phase::Problems => view! { <ProblemList /> }.into_any(),
                    Phase::Pick => view! { <PickList /> }.into_any(),
                    Phase::Ideas => view! { <IdeaBoard /> }.into_any(),
                    Phase::Vote => view! { <VoteBoard /> }.into_any(),
                    // The action items (their own department's first) ahead of the
                    // long ranked list: on a phone they are not 4,000 px down.
                    Phase::Plan => {
                        view! {
                            <ActionItems />
                            <h2 class="section-title" id="results" tabindex="-1" node_ref=results>
                                {crate::tr!(i18n, plan.results_heading)}
                            </h2>
                            <PlanBoard on_make_action=propose form_at />
                            <ExportMenu />
                        }
                            .into_any()
                    }
                    Phase::Closed => {
                        let href = summary_href.clone();
                        view! {
                            <p class="notice">
                                {t!(
                                    i18n,
                                    board.closed_notice,
                                    <a> = move |children: ChildrenFn| {
                                        view! { <a href=href.clone()>{children()}</a> }
                                    }
                                )}
                            </p>
                            <ActionItems />
                            <ExportMenu />
                            <PlanBoard />
                        }
                            .into_any()
                    }
                }}
            </div>
            <DoneToggle />
        </div>
    }
}
