//! The action items table: editable in the console during Plan (status, edit,
//! delete), read-only for participants and on the summary.

use crate::components::action_form::ActionFormModel;
use crate::components::erased::{keyed, show};
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::{ActionId, ActionStatus, Command, SessionState};

#[component]
pub fn ActionItems(
    /// The facilitator's form, for "Edit"; `None` renders read-only.
    #[prop(optional)]
    model: Option<ActionFormModel>,
) -> impl IntoView {
    let live = use_live();
    let rows = Memo::new(move |_| live.with(SessionState::actions_by_due));
    let editable = move || model.is_some() && live.may(|s, actor| s.may_plan(actor).is_ok());
    view! {
        <section class="card actions-card">
            <h2 class="section-title">
                "Action items " <span class="count-badge">{move || rows.with(|r| r.len())}</span>
            </h2>
            {show(
                move || rows.with(|r| !r.is_empty()),
                move || view! {
                    <table class="actions-table">
                        <thead>
                            <tr>
                                <th>"Action"</th>
                                <th>"Problem"</th>
                                <th>"Owner"</th>
                                <th>"Department"</th>
                                <th>"Due"</th>
                                <th>"Status"</th>
                                {show(
                                    editable,
                                    move || view! {
                                        <th class="visually-hidden">"Manage"</th>
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
                || view! { <p class="empty">"No action items yet."</p> },
            )}
        </section>
    }
}

#[component]
fn ActionRow(
    id: ActionId,
    model: Option<ActionFormModel>,
    editable: impl Fn() -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let live = use_live();
    let field = move |f: fn(&summit_shared::SessionState, &summit_shared::ActionItem) -> String| {
        move || live.with(|s| s.actions.get(&id).map(|a| f(s, a)).unwrap_or_default())
    };
    let title = field(|_, a| a.title.clone());
    let problem = field(|s, a| {
        s.problems
            .get(&a.problem)
            .map(|p| util::truncate(&p.text, 60))
            .unwrap_or_default()
    });
    let idea = field(|s, a| {
        a.idea
            .and_then(|i| s.ideas.get(&i))
            .map(|i| format!("Idea: {}", util::truncate(&i.text, 60)))
            .unwrap_or_default()
    });
    let owner = field(|_, a| a.owner.clone());
    let department = field(|s, a| s.department_name(a.department).to_owned());
    let due = field(|_, a| a.due.to_string());
    let status = move || live.with(|s| s.actions.get(&id).map_or(ActionStatus::Open, |a| a.status));
    view! {
        <tr data-testid="action-row" data-action-id=id.0.to_string() class=move || format!("status-{}", ActionStatus::as_str(status()))>
            <td data-label="Action">
                <strong>{title}</strong>
                <div class="muted small">{idea}</div>
            </td>
            <td data-label="Problem">{problem}</td>
            <td data-label="Owner">{owner}</td>
            <td data-label="Department">{department}</td>
            <td data-label="Due">{due}</td>
            <td data-label="Status">
                {move || {
                    if editable() {
                        view! {
                            <select
                                data-testid=format!("action-status-{}", id.0)
                                aria-label="Status"
                                on:change=move |ev| {
                                    if let Some(s) = ActionStatus::parse(&event_target_value(&ev)) {
                                        live.send(Command::SetActionStatus { id, status: s });
                                    }
                                }
                            >
                                {ActionStatus::ALL
                                    .iter()
                                    .copied()
                                    .map(|s| {
                                        view! {
                                            <option value=ActionStatus::as_str(s) prop:selected=move || status() == s>
                                                {s.label()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        }
                            .into_any()
                    } else {
                        view! {
                            <span class=move || format!("status-pill status-{}", ActionStatus::as_str(status()))>
                                {move || status().label()}
                            </span>
                        }
                            .into_any()
                    }
                }}
            </td>
            {show(
                editable,
                move || view! {
                    <td class="row-actions">
                        {model
                            .map(|m| {
                                view! {
                                    <button
                                        class="btn-link"
                                        data-testid=format!("action-edit-{}", id.0)
                                        on:click=move |_| m.edit(live, id)
                                    >
                                        "Edit"
                                    </button>
                                }
                            })}
                        <button
                            class="btn-link danger"
                            data-testid=format!("action-delete-{}", id.0)
                            on:click=move |_| live.send(Command::DeleteAction { id })
                        >
                            "Delete"
                        </button>
                    </td>
                },
                || (),
            )}
        </tr>
    }
}
