//! The action items table: editable in the console during Plan (status, edit,
//! delete, and approving or declining participants' proposals), read-only for
//! participants and on the summary. Proposals are marked as such; a declined one
//! is seen only by its proposer (with the reason) and the facilitator.

use crate::components::action_form::ActionFormModel;
use crate::components::erased::{keyed, show};
use crate::components::moderation::Moderation;
use crate::components::status_control::StatusControl;
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{ActionId, ActionStatus, Command, Phase};

#[component]
pub fn ActionItems(
    /// The facilitator's form, for "Edit"; `None` renders read-only.
    #[prop(optional)]
    model: Option<ActionFormModel>,
    /// Only what leaves the room, without proposals (the summary).
    #[prop(optional)]
    agreed_only: bool,
    /// Beside the heading: the console's "New action item".
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    // A participant's own department's items first (the facilitator has none).
    let rows = Memo::new(move |_| {
        let mine = live.me().map(|p| p.department);
        live.with(|s| {
            if agreed_only {
                s.agreed_with_first(mine)
            } else {
                s.actions_with_first(mine)
            }
        })
    });
    let editable = move || model.is_some() && live.may(|s, actor| s.may_plan(actor).is_ok());
    view! {
        <section class="card actions-card" id="action-items" tabindex="-1">
            <div class="actions-head">
                <h2 class="section-title">
                    {crate::tr!(i18n, plan.actions_heading)} " " <span class="count-badge">
                        {move || if agreed_only { rows.with(Vec::len) } else { live.with(|s| s.actions_counted()) }}
                    </span>
                </h2>
                {children.map(|c| c())}
            </div>
            {show(
                move || rows.with(|r| !r.is_empty()),
                move || view! {
                    <table class="actions-table">
                        <thead>
                            <tr>
                                <th>{crate::tr!(i18n, plan.action)}</th>
                                <th>{crate::tr!(i18n, plan.problem)}</th>
                                <th>{crate::tr!(i18n, plan.owner)}</th>
                                <th>{crate::tr!(i18n, plan.due)}</th>
                                <th>{crate::tr!(i18n, plan.status)}</th>
                                {show(
                                    editable,
                                    move || view! {
                                        <th><span class="visually-hidden">{crate::tr!(i18n, plan.manage)}</span></th>
                                    },
                                    || (),
                                )}
                            </tr>
                        </thead>
                        <tbody>
                            {keyed(
                                move || rows.get(),
                                move |id| view! { <ActionRow id model editable /> }
                            )}
                        </tbody>
                    </table>
                },
                move || view! {
                    <p class="empty" data-testid="no-actions">
                        // After the summit, "yet" would promise items that will not come.
                        {move || if live.with(|s| s.phase == Phase::Closed) {
                            t_string!(i18n, plan.no_actions_closed)
                        } else {
                            t_string!(i18n, plan.no_actions)
                        }}
                    </p>
                },
            )}
        </section>
    }
}

/// Whether an item's title already says its idea (a title made from the idea,
/// perhaps shortened to fit): then the row does not repeat it underneath.
fn repeats(title: &str, idea: &str) -> bool {
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let (title, idea) = (flat(title), flat(idea));
    match title.strip_suffix('…') {
        Some(start) => !start.is_empty() && idea.starts_with(start.trim_end()),
        None => title == idea,
    }
}

#[component]
fn ActionRow(
    id: ActionId,
    model: Option<ActionFormModel>,
    editable: impl Fn() -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let field = move |f: fn(&summit_shared::SessionState, &summit_shared::ActionItem) -> String| {
        move || live.with(|s| s.actions.get(&id).map(|a| f(s, a)).unwrap_or_default())
    };
    let title = field(|_, a| a.title.clone());
    // Whole, and held to two lines on screen by CSS (`.clamp`): paper shows it all.
    let problem = field(|s, a| s.action_problem(a).map(str::to_owned).unwrap_or_default());
    let idea = move || {
        live.with(|s| {
            s.actions
                .get(&id)
                .and_then(|a| s.action_idea(a).filter(|i| !repeats(&a.title, i)))
                .map(|i| t_string!(i18n, plan.idea_ref, idea = i.to_owned()).to_string())
                .unwrap_or_default()
        })
    };
    let carried_from = move || {
        live.with(|s| {
            s.actions
                .get(&id)
                .and_then(|a| a.carried.as_ref())
                .map(|c| c.from.clone())
        })
    };
    let owner = field(|_, a| a.owner.clone());
    let department = field(|s, a| s.department_name(a.department).to_owned());
    let due = move || {
        live.with(|s| {
            s.actions
                .get(&id)
                .map(|a| lang::date(i18n, a.due))
                .unwrap_or_default()
        })
    };
    let status = move || live.with(|s| s.actions.get(&id).map_or(ActionStatus::Open, |a| a.status));
    let pending = move || live.with(|s| s.actions.get(&id).is_some_and(|a| a.is_pending()));
    let agreed = move || live.with(|s| s.actions.get(&id).is_some_and(|a| a.is_agreed()));
    let declined = move || {
        live.with(|s| {
            s.actions
                .get(&id)
                .and_then(|a| a.proposal.as_ref())
                .and_then(|p| p.declined.clone())
        })
    };
    // Who proposed it, where the viewer may know; that it awaits approval is the
    // status column's to say.
    let proposed = move || {
        let me = live.me_id();
        live.with(|s| {
            let p = s.actions.get(&id).filter(|a| a.is_pending())?.proposer()?;
            Some(if Some(p) == me {
                t_string!(i18n, plan.proposed_by_you).to_string()
            } else {
                let name = s.participants.get(&p).map_or("", |p| p.name.as_str());
                t_string!(i18n, plan.proposed_by, name = name.to_owned()).to_string()
            })
        })
    };
    let review = use_context::<Moderation>().map(|m| m.review);
    // Edit and status are for agreed items; a proposal is approved or declined.
    let edits = move || editable() && live.may(|s, actor| s.may_edit_action(actor, id).is_ok());
    let deletes = move || live.may(|s, actor| s.may_change_action(actor, id).is_ok());
    view! {
        <tr data-testid="action-row" data-action-id=id.0.to_string() class=move || format!("status-{}", ActionStatus::as_str(status()))>
            <td data-label=move || t_string!(i18n, plan.action)>
                // One block, so a phone's stacked row keeps the label beside it.
                <div class="action-what">
                <strong dir="auto">{title}</strong>
                <div class="muted small clamp" dir="auto">{idea}</div>
                {move || carried_from().map(|from| view! {
                    <span class="tag tag-carried">{move || t_string!(i18n, review.carried_from, from = from.clone()).to_string()}</span>
                })}
                {move || proposed().map(|label| view! {
                    <div class="proposal-note" data-testid=format!("action-proposed-{}", id.0)>
                        <span class="tag tag-proposed">{label}</span>
                    </div>
                })}
                {move || declined().map(|reason| view! {
                    // The status column says "Declined"; here, why.
                    <div class="proposal-note declined" data-testid=format!("action-declined-{}", id.0)>
                        <em dir="auto">{reason}</em>
                    </div>
                })}
                </div>
            </td>
            <td data-label=move || t_string!(i18n, plan.problem)>
                <span class="clamp" dir="auto">{problem}</span>
            </td>
            // Who and for which department, in one column: a laptop's console has
            // no room for both side by side next to the item and its problem.
            <td data-label=move || t_string!(i18n, plan.owner)>
                <span dir="auto">{owner}</span>
                <div class="muted small" dir="auto">{department}</div>
            </td>
            <td data-label=move || t_string!(i18n, plan.due)>{due}</td>
            <td data-label=move || t_string!(i18n, plan.status)>
                {move || {
                    if !agreed() {
                        // A proposal has no status yet: it is not agreed.
                        view! {
                            <span class="status-pill" class:status-proposed=pending class:status-declined=move || !pending()>
                                {move || if pending() {
                                    t_string!(i18n, plan.awaiting)
                                } else {
                                    t_string!(i18n, plan.declined)
                                }}
                            </span>
                        }
                            .into_any()
                    } else {
                        view! {
                            <StatusControl id asks=model.is_some() testid=format!("action-status-{}", id.0) />
                        }
                            .into_any()
                    }
                }}
            </td>
            {show(
                editable,
                move || view! {
                    <td class="row-actions">
                        {move || match (review, model) {
                            (Some(review), Some(m)) if pending() => Some(review(id, m)),
                            _ => None,
                        }}
                        {move || model
                            .filter(|_| edits())
                            .map(|m| {
                                view! {
                                    <button
                                        class="btn-link"
                                        data-testid=format!("action-edit-{}", id.0)
                                        on:click=move |_| m.edit(live, id)
                                    >
                                        {crate::tr!(i18n, plan.edit)}
                                    </button>
                                }
                            })}
                        {move || deletes().then(|| view! {
                            <button
                                class="btn-link danger"
                                data-testid=format!("action-delete-{}", id.0)
                                on:click=move |_| live.send(Command::DeleteAction { id })
                            >
                                {crate::tr!(i18n, plan.delete)}
                            </button>
                        })}
                    </td>
                },
                || (),
            )}
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::repeats;

    #[test]
    fn a_title_made_from_its_idea_is_not_repeated() {
        assert!(repeats("Weekly digest", "Weekly  digest\n"));
        assert!(repeats(
            " Weekly digest of promos… ",
            "Weekly digest of promos for both teams"
        ));
        assert!(!repeats("Publish the digest", "Weekly digest"));
        assert!(
            !repeats("Weekly", "Weekly digest"),
            "a short title of its own"
        );
        assert!(!repeats("", "Weekly digest"));
    }
}
