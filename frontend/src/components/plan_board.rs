//! Plan and Closed: tallies revealed, ideas ranked per picked problem. The
//! facilitator turns ideas into action items from here; participants propose them.

use crate::components::card_search::{idea_group_count, CardSearch};
use crate::components::cards::{IdeaCard, ProblemCard};
use crate::components::erased::{keyed, keyed_labels, show};
use crate::components::group::{foldable, more_toggle};
use crate::components::idea_board::picked_problem_ids;
use crate::components::idea_board::WithdrawIdea;
use crate::components::limit_notice::limit_notice;
use crate::components::moderation::Moderation;
use crate::components::problem_index::{block_attr, problem_index};
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{Actor, IdeaId, ProblemId};
use wasm_bindgen::JsCast;

#[component]
pub fn PlanBoard(
    /// Called with an idea when the facilitator clicks "Make action item" (or a
    /// participant "Propose action item").
    #[prop(optional)]
    on_make_action: Option<Callback<IdeaId>>,
    /// The form "Make action item" (or "Propose action item") opened, if it is for
    /// this idea: shown under the idea's card, where the button was pressed, not
    /// below every ranked idea.
    #[prop(optional)]
    form_at: Option<Callback<IdeaId, AnyView>>,
) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let problems = picked_problem_ids(live);
    let refusal = move || {
        live.why_not(|s, actor| match actor {
            Actor::Participant(_) => s.may_propose_action(actor).err(),
            _ => s.may_create_action(actor).err(),
        })
    };
    view! {
        {on_make_action.map(|_| limit_notice(refusal))}
        {show(
            move || problems.with(|p| !p.is_empty()),
            move || view! {
                {problem_index(problems)}
                <div class="problem-stack">
                    {keyed(
                        move || problems.get(),
                        move |id| view! { <RankedIdeas id on_make_action form_at /> }
                    )}
                </div>
            },
            move || view! { <p class="empty card">{crate::tr!(i18n, plan.no_picked)}</p> },
        )}
    }
}

/// Separates rank and tally in a ranked row's label (never part of either).
const SEP: char = '\u{1f}';

/// A problem's ranking shows its top ideas (and any tied with the last of them),
/// the rest behind one button: 25 problems of ten ideas are 250 cards otherwise,
/// and the room turns the top ones into action items. Folded only when that hides
/// a few.
const TOP_SHOWN: usize = 3;
const FOLD_HIDES: usize = 3;

#[component]
fn RankedIdeas(
    id: ProblemId,
    on_make_action: Option<Callback<IdeaId>>,
    form_at: Option<Callback<IdeaId, AnyView>>,
) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    // Re-ranks when tallies or ideas change; cards are keyed by (place, id) so
    // moving ranks re-renders only what moved. Tied ideas share a place.
    let ranked = Memo::new(move |_| {
        live.with(|s| {
            s.placed_ideas(id)
                .into_iter()
                .map(|p| (p.shown_place(), p.idea.id, p.tally))
                .collect::<Vec<_>>()
        })
    });
    let expanded = RwSignal::new(false);
    let cut = Memo::new(move |_| live.with(|s| s.top_cut(id, TOP_SHOWN)));
    let hidden = move || ranked.with(Vec::len).saturating_sub(cut.get());
    // The console's search looks through every idea.
    let searching = move || use_context::<CardSearch>().is_some_and(|q| q.active());
    let may_fold = move || hidden() >= FOLD_HIDES && !searching();
    let folded = move || may_fold() && !expanded.get();
    let shown = move || {
        let all = ranked.get();
        if folded() {
            all.into_iter().take(cut.get()).collect()
        } else {
            all
        }
    };
    view! {
        <section
            class="problem-block"
            data-problem-block=block_attr(id)
            tabindex="-1"
            aria-labelledby=format!("problem-text-{}", id.0)
        >
            // The console's "Show on the projector" (absent for participants).
            <ProblemCard id>{use_context::<Moderation>().map(|m| (m.spotlight)(id))}</ProblemCard>
            {foldable(
                format!("group-problem-{}", id.0),
                false,
                true,
                idea_group_count(Signal::derive(move || ranked.with(|r| r.iter().map(|(_, idea, _)| *idea).collect()))),
                view! {
                    <ol class="idea-list ranked">
                        {show(
                            move || ranked.with(|r| !r.is_empty()),
                            move || view! {
                                // One shared keyed list (see `erased`): the label carries what the
                                // row shows, "rank␟tally", so the key is still (rank, idea, tally).
                                {keyed_labels(
                                    move || {
                                        shown()
                                            .into_iter()
                                            .map(|(rank, iid, tally)| {
                                                // No place, no mark: a lone dash above a card on a
                                                // phone read as a stray character.
                                                let rank = rank.map_or_else(String::new, |r| format!("#{r}"));
                                                let tally = tally.map_or_else(|| "–".to_owned(), |t| t.to_string());
                                                (iid, format!("{rank}{SEP}{tally}"))
                                            })
                                            .collect()
                                    },
                                    move |iid: IdeaId, shown: String| {
                                        let (rank, tally) = shown.split_once(SEP).unwrap_or_default();
                                        let (rank, tally) = (rank.to_owned(), tally.parse::<u32>().ok());
                                        let placeless = rank.is_empty();
                                        // The room's choices are the main thing to turn into
                                        // action items; an idea nobody voted for stays possible.
                                        let voted = tally != Some(0);
                                        view! {
                                            <li class="ranked-item">
                                                <span class="rank" class:no-place=placeless>{rank}</span>
                                                <div class="ranked-body">
                                                    <IdeaCard id=iid>
                                                        <span class="tally" title=move || t_string!(i18n, plan.votes_title)>
                                                            {
                                                                let num = move |children: ChildrenFn| view! {
                                                                    <span class="tally-num" data-testid=format!("tally-{}", iid.0)>
                                                                        {children()}
                                                                    </span>
                                                                };
                                                                match tally {
                                                                    Some(n) => t!(i18n, plan.tally, count = move || n, <n> = num).into_any(),
                                                                    None => t!(i18n, plan.tally_hidden, <n> = num).into_any(),
                                                                }
                                                            }
                                                        </span>
                                                        <span
                                                            class="tag tag-done"
                                                            data-testid=format!("has-action-{}", iid.0)
                                                            hidden=move || !live.with(|s| s.has_action(iid))
                                                        >
                                                            {crate::tr!(i18n, plan.has_action)}
                                                        </span>
                                                        // Right where "Propose action item" was pressed: it was
                                                        // sent, and waits for the facilitator.
                                                        {
                                                            let waiting = move || live.with(|s| lang::count(s.proposals_waiting_on(iid)));
                                                            view! {
                                                                <span
                                                                    class="tag tag-proposed"
                                                                    data-testid=format!("idea-proposals-{}", iid.0)
                                                                    hidden=move || waiting() == 0
                                                                >
                                                                    {move || t_string!(i18n, plan.proposals_waiting, count = waiting()).to_string()}
                                                                </span>
                                                            }
                                                        }
                                                        {on_make_action
                                                            .map(|cb| {
                                                                view! {
                                                                    {show(
                                                                        move || live.may(|s, actor| {
                                                                            s.may_create_action(actor).is_ok()
                                                                                || s.may_propose_action(actor).is_ok()
                                                                        }),
                                                                        move || view! {
                                                                            // Another item from the same idea stays possible,
                                                                            // no longer as the main thing to do.
                                                                            <button
                                                                                class="btn btn-small"
                                                                                class:btn-primary=move || voted && !live.with(|s| s.idea_taken_up(iid))
                                                                                data-testid=format!("make-action-{}", iid.0)
                                                                                on:click=move |_| cb.run(iid)
                                                                            >
                                                                                {move || match (live.me_id().is_some(), live.with(|s| s.idea_taken_up(iid))) {
                                                                                    (true, false) => t_string!(i18n, plan.propose_action),
                                                                                    (true, true) => t_string!(i18n, plan.propose_another),
                                                                                    (false, false) => t_string!(i18n, plan.make_action),
                                                                                    (false, true) => t_string!(i18n, plan.make_another),
                                                                                }}
                                                                            </button>
                                                                        },
                                                                        || (),
                                                                    )}
                                                                }
                                                            })}
                                                        <WithdrawIdea id=iid />
                                                    </IdeaCard>
                                                    {form_at.map(|form| form.run(iid))}
                                                </div>
                                            </li>
                                        }
                                    },
                                )}
                            },
                            move || view! { <p class="empty">{crate::tr!(i18n, plan.no_ideas)}</p> },
                        )}
                    </ol>
                    {show(
                        may_fold,
                        move || more_toggle(
                            expanded,
                            "btn-link more-ranked",
                            format!("more-ranked-{}", id.0),
                            move || t_string!(i18n, plan.more_ranked, count = lang::count(hidden())).to_string(),
                            move || t_string!(i18n, plan.top_only).to_string(),
                        ),
                        || (),
                    )}
                },
            )}
        </section>
    }
}

/// The "Make action item" (or "Propose action item") button of `idea`, beside the
/// form open under that idea: the way back once the form closes. Looked up from the
/// form, not the document: the page may be a widget's shadow root.
pub fn idea_button(form: &web_sys::HtmlFormElement, idea: IdeaId) -> Option<web_sys::HtmlElement> {
    form.parent_element()?
        .query_selector(&format!("[data-testid=\"make-action-{}\"]", idea.0))
        .ok()??
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}
