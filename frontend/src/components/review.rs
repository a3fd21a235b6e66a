//! The facilitator's answer to a participant's proposed action item: "Review and
//! approve" opens it in the action form (to approve as proposed or edited), and
//! "Decline" asks for the reason its proposer is told. Reached through the
//! console's [`crate::components::moderation::Moderation`] context, so the
//! participant's download carries none of it.

use crate::components::action_form::ActionFormModel;
use crate::components::erased::show;
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use crate::util;
use leptos::html;
use leptos::prelude::*;
use summit_shared::limits::Field;
use summit_shared::{ActionId, Command};

/// The row's controls for a proposal waiting for the facilitator.
pub fn review(id: ActionId, model: ActionFormModel) -> AnyView {
    let live = use_live();
    let i18n = use_i18n();
    let reviewable = move || live.may(|s, actor| s.may_review_action(actor, id).is_ok());
    let declining = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let refused = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let input: NodeRef<html::Input> = NodeRef::new();
    let invalid = move || util::check(i18n, Field::Reason, &reason.get());
    let open = move |_| {
        declining.set(true);
        // The reason is what the facilitator types next.
        request_animation_frame(move || {
            if let Some(Some(el)) = input.try_get_untracked() {
                let _ = el.focus();
            }
        });
    };
    let send = move || {
        if invalid().is_some() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let why = reason.get_untracked();
        leptos::task::spawn_local(async move {
            match live
                .run_here(Command::DeclineAction { id, reason: why })
                .await
            {
                Ok(()) => {
                    declining.set(false);
                    reason.set(String::new());
                    refused.set(None);
                }
                Err(err) => refused.set(Some(live.with(|s| lang::api_error(i18n, &err, Some(s))))),
            }
            busy.set(false);
        });
    };
    view! {
        {show(
            reviewable,
            move || view! {
                <button
                    class="btn btn-small btn-primary"
                    data-testid=format!("action-approve-{}", id.0)
                    on:click=move |_| model.approve(live, id)
                >
                    {crate::tr!(i18n, plan.approve_edit)}
                </button>
                // A decision beside Approve, not a red link next to Delete's, which
                // it was mistaken for.
                <button
                    class="btn btn-small"
                    data-testid=format!("action-decline-{}", id.0)
                    aria-expanded=move || declining.get().to_string()
                    on:click=open
                >
                    {crate::tr!(i18n, plan.decline)}
                </button>
                {show(
                    move || declining.get(),
                    move || {
                        let input_id = format!("decline-reason-{}", id.0);
                        view! {
                        <form
                            class="decline-form"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                send();
                            }
                        >
                            <label class="visually-hidden" for=input_id.clone()>
                                {crate::tr!(i18n, plan.decline_reason)}
                            </label>
                            <input
                                id=input_id.clone()
                                data-testid=input_id.clone()
                                node_ref=input
                                type="text"
                                dir="auto"
                                autocomplete="off"
                                placeholder=move || t_string!(i18n, plan.decline_reason)
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))
                                on:keydown=move |ev| {
                                    if ev.key() == "Escape" {
                                        declining.set(false);
                                    }
                                }
                            />
                            <button
                                class="btn btn-small"
                                type="submit"
                                data-testid=format!("decline-send-{}", id.0)
                                disabled=move || invalid().is_some() || busy.get()
                            >
                                {crate::tr!(i18n, plan.decline)}
                            </button>
                            <p class="error-text" role="alert" hidden=move || refused.with(Option::is_none)>
                                {move || refused.get()}
                            </p>
                        </form>
                        }
                    },
                    || (),
                )}
            },
            || (),
        )}
    }
    .into_any()
}
