//! `/s/:id/facilitate`: the facilitator console. The facilitator link carries the
//! token in the fragment (`#key=…`), which never reaches a server log; it is moved to
//! localStorage and removed from the address bar.

use crate::components::action_form::{ActionForm, ActionFormModel};
use crate::components::action_items::ActionItems;
use crate::components::announcer::announcer;
use crate::components::card_search::{CardSearch, CardSearchBox};
use crate::components::carried_review::CarriedReview;
use crate::components::duplicates::Duplicates;
use crate::components::embed_snippets::EmbedSnippets;
use crate::components::erased::show;
use crate::components::error_banner::ErrorBanner;
use crate::components::export_menu::ExportMenu;
use crate::components::follow_up::{DeleteSessionPanel, FollowUpList, LinksPanel};
use crate::components::hidden_cards::HiddenCards;
use crate::components::idea_board::IdeaBoard;
use crate::components::idea_flow::IdeaFlowCard;
use crate::components::lobby::Lobby;
use crate::components::moderation;
use crate::components::move_participant::MovePeople;
use crate::components::phase_bar::PhaseBar;
use crate::components::phase_controls::PhaseControls;
use crate::components::pick_list::PickList;
use crate::components::plan_board::PlanBoard;
use crate::components::problem_list::ProblemList;
use crate::components::readiness::Readiness;
use crate::components::settings_editor::SettingsEditor;
use crate::components::share_panel::{fetch_screen_key, SharePanel};
use crate::components::timer_controls::TimerControls;
use crate::components::vote_board::VoteBoard;
use crate::i18n::*;
use crate::live::{use_live, Live};
use crate::pages::{NoAccess, SessionGate};
use crate::storage;
use crate::util;
use leptos::prelude::*;
use summit_shared::api::paths;
use summit_shared::{IdeaId, Phase, SessionState};

#[component]
pub fn FacilitatorPage() -> impl IntoView {
    let i18n = use_i18n();
    let router = crate::router::use_router();
    let Some(id) = util::session_id_param() else {
        return view! {
            <NoAccess
                title=t_string!(i18n, console.session_not_found_title)
                message=t_string!(i18n, console.session_not_found_message)
            />
        }
        .into_any();
    };
    let from_link = util::fragment_value("key");
    if let Some(key) = &from_link {
        storage::set_facilitator_token(&id, key);
        util::clear_fragment();
    }
    // Storage may refuse (private mode); the key from the link still works for this tab.
    let Some(token) = storage::facilitator_token(&id).or(from_link) else {
        return view! {
            <NoAccess
                title=t_string!(i18n, console.needs_link_title)
                message=t_string!(i18n, console.needs_link_message)
            />
        }
        .into_any();
    };
    let live = Live::start(id.clone(), token);
    provide_context(live);
    let forget = Callback::new(move |_: ()| {
        storage::forget_facilitator_token(&id);
        router.go_home();
    });
    view! {
        <SessionGate on_forget=forget>
            <Console />
        </SessionGate>
    }
    .into_any()
}

#[component]
fn Console() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let phase = Memo::new(move |_| live.phase());
    util::name_tab(live, move || t_string!(i18n, console.role_facilitator));
    let model = ActionFormModel::new();
    let make_action = Callback::new(move |idea: IdeaId| model.prefill_from_idea(live, idea));
    // The form for a new item goes once the session holds all it may (the Plan
    // board says why); editing an existing item stays possible.
    let form_shown = move || {
        model.editing.get().is_some()
            || (model.opened_at().is_none()
                && live.may(|s, actor| s.may_create_action(actor).is_ok()))
    };
    // "Make action item" opens the form under that idea, where the facilitator is.
    let form_at = Callback::new(move |idea: IdeaId| {
        show(
            move || model.opened_at() == Some(idea) && model.editing.get().is_none(),
            move || view! { <ActionForm model under=idea /> },
            || (),
        )
    });
    let summary_href = live.id.with_value(paths::page_summary);
    let screen_key = fetch_screen_key(live);
    let search = CardSearch(RwSignal::new(String::new()));
    provide_context(search);
    moderation::provide();
    // Follow-up cards (after the summit) open the same form to edit an item.
    provide_context(model);
    view! {
        <div class="session-page console">
            <PhaseBar facilitator=true>
                <span class="tag tag-role">{crate::tr!(i18n, console.role_facilitator)}</span>
            </PhaseBar>
            <ErrorBanner error=live.error />
            {announcer()}
            <div class="console-grid">
                // Running the phase first, then the cards, then what is set up once:
                // on a narrow screen (a laptop at 200 % zoom) the cards come right
                // after the phase's controls, not after every panel. Inviting people
                // is the lobby's work, so its card comes next (one folded line after
                // the lobby, which still shows the code to anyone late).
                <div class="console-run">
                    <PhaseControls />
                    <SharePanel screen_key />
                    <TimerControls />
                </div>
                <div class="phase-body" class:searching=move || search.active()>
                    <CardSearchBox search />
                    <Duplicates />
                    {move || match phase.get() {
                        // The settings beside the departments while they may still
                        // change everything (votes, anonymity), not at the bottom of
                        // the side column.
                        Phase::Lobby => view! { <Lobby /> <SettingsEditor /> }.into_any(),
                        Phase::Review => view! { <CarriedReview /> }.into_any(),
                        Phase::Problems => view! { <ProblemList /> }.into_any(),
                        Phase::Pick => view! { <PickList facilitator=true /> }.into_any(),
                        Phase::Ideas => view! { <IdeaBoard /> }.into_any(),
                        Phase::Vote => view! { <VoteBoard facilitator=true /> }.into_any(),
                        Phase::Plan => {
                            view! {
                                <PlanBoard on_make_action=make_action form_at />
                                // An item of the facilitator's own, not from an idea: a
                                // button on the action items' card until it is wanted,
                                // then the form above the card, so the ranked ideas and
                                // the items made from them are not pushed apart.
                                {show(
                                    move || form_shown() && model.below_open(),
                                    move || view! { <ActionForm model /> },
                                    || (),
                                )}
                                <ActionItems model>
                                    {show(
                                        move || form_shown() && !model.below_open(),
                                        move || view! {
                                            <button class="btn btn-small" type="button" data-testid="action-new" on:click=move |_| model.compose()>
                                                {crate::tr!(i18n, plan.form_new)}
                                            </button>
                                        },
                                        || (),
                                    )}
                                </ActionItems>
                                <ExportMenu />
                                <LinksPanel />
                                <IdeaFlowCard />
                            }
                                .into_any()
                        }
                        Phase::Closed => {
                            let href = summary_href.clone();
                            view! {
                                <p class="notice">
                                    {crate::tr!(i18n, console.closed_notice)}
                                    " "
                                    <a href=href data-testid="summary-link">
                                        {crate::tr!(i18n, console.open_summary)}
                                    </a>
                                </p>
                                <FollowUpList />
                                {show(
                                    move || model.editing.get().is_some(),
                                    move || view! { <ActionForm model /> },
                                    || (),
                                )}
                                // Nobody to hand a lead's link or a calendar to when
                                // nothing was agreed.
                                {show(
                                    move || !live.with(SessionState::nothing_to_follow_up),
                                    || view! { <LinksPanel /> },
                                    || (),
                                )}
                                <ExportMenu />
                                <IdeaFlowCard />
                                <PlanBoard />
                            }
                                .into_any()
                        }
                    }}
                    <HiddenCards />
                    <EmbedSnippets screen_key />
                </div>
                // Under the phase's controls beside the cards; on a phone after the
                // cards: the room's list grows with the room (60 names would put the
                // cards a screen and a half down).
                <aside class="console-more">
                    // After the summit nobody is in the room to count.
                    {show(move || phase.get() != Phase::Closed, || view! { <Readiness /> }, || ())}
                    <MovePeople />
                    {show(move || phase.get() != Phase::Lobby, || view! { <SettingsEditor /> }, || ())}
                    <DeleteSessionPanel />
                </aside>
            </div>
        </div>
    }
}
