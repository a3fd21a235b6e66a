//! An agreed action item's status: a choice for whoever may set it (the console in
//! Plan, the facilitator and leads after the summit), a pill for everyone else.
//! One control for the plan's table and the follow-up list.

use crate::components::erased::show;
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::html;
use leptos::prelude::*;
use summit_shared::model::ActionStatus;
use summit_shared::{ActionId, Command};

#[component]
pub fn StatusControl(
    id: ActionId,
    /// Whether this screen offers changes (the console, the follow-up page): then
    /// the choice is shown to whoever the rules let set it.
    asks: bool,
    /// The choice's `data-testid`.
    testid: String,
) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let select: NodeRef<html::Select> = NodeRef::new();
    let status = move || live.with(|s| s.actions.get(&id).map_or(ActionStatus::Open, |a| a.status));
    let settable = move || asks && live.may(|s, actor| s.may_set_status(actor, id).is_ok());
    // Rebuilt only when the right to set it flips: the choice keeps the focus.
    show(
        settable,
        move || {
            let testid = testid.clone();
            view! {
                <select
                    node_ref=select
                    data-testid=testid
                    aria-label=move || t_string!(i18n, plan.status)
                    on:change=move |ev| {
                        let Some(chosen) = ActionStatus::parse(&event_target_value(&ev)) else {
                            return;
                        };
                        leptos::task::spawn_local(async move {
                            if live.run(Command::SetActionStatus { id, status: chosen }).await.is_err() {
                                // Refused (the banner says why): show the status the
                                // item still has, not the choice that did not happen.
                                let now = live.try_with(|s| s.actions.get(&id).map(|a| a.status));
                                    if let (Some(Some(el)), Some(Some(now))) = (select.try_get_untracked(), now) {
                                        el.set_value(now.as_str());
                                }
                            }
                        });
                    }
                >
                    {ActionStatus::ALL
                        .iter()
                        .copied()
                        .map(|s| view! {
                            <option value=s.as_str() prop:selected=move || status() == s>
                                {move || lang::status_name(i18n, s)}
                            </option>
                        })
                        .collect_view()}
                </select>
            }
        },
        move || {
            view! {
                <span class=move || format!("status-pill status-{}", status().as_str())>
                    {move || lang::status_name(i18n, status())}
                </span>
            }
        },
    )
}
