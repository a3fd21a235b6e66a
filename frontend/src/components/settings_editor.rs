//! Voting settings (budget, cap per idea, own-department ideas). The form checks a
//! change with the shared rules (`SessionState::check_settings`), so it says what the
//! server would say; the budget and cap are locked once voting has started.

use crate::components::erased::show;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::limits::VOTE_BUDGET_MAX;
use summit_shared::{Command, Settings};

/// A whole number typed into a field, or the sentence saying it is not one.
pub fn whole_number(raw: &str, what: &str) -> Result<u32, String> {
    raw.trim()
        .parse()
        .map_err(|_| format!("{what} must be a whole number."))
}

#[component]
pub fn SettingsEditor() -> impl IntoView {
    let live = use_live();
    let current = move || live.with(|s| s.settings.clone());
    let budget = RwSignal::new(current().vote_budget.to_string());
    let cap = RwSignal::new(current().vote_cap_per_idea.to_string());
    let allow_own = RwSignal::new(current().allow_own_department_ideas);
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let reset = move || {
        let s = live.state.with_untracked(|s| s.settings.clone());
        budget.set(s.vote_budget.to_string());
        cap.set(s.vote_cap_per_idea.to_string());
        allow_own.set(s.allow_own_department_ideas);
    };
    // Why the budget and cap cannot change now (voting has started), if so.
    let votes_locked = move || live.with(|s| s.may_change_votes().err().map(|e| e.to_string()));
    let draft = move || -> Result<Settings, String> {
        let settings = Settings {
            vote_budget: whole_number(&budget.get(), "The vote budget")?,
            vote_cap_per_idea: whole_number(&cap.get(), "The cap per idea")?,
            allow_own_department_ideas: allow_own.get(),
            anonymous: live.state.with(|s| s.settings.anonymous),
        };
        live.with(|s| s.check_settings(&settings))
            .map_err(|e| e.to_string())?;
        Ok(settings)
    };
    let editable = move || live.may(|s, actor| s.may_facilitate(actor).is_ok());
    let save = move || {
        let Ok(settings) = draft() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            if live.run(Command::UpdateSettings { settings }).await.is_ok() {
                open.set(false);
            }
            busy.set(false);
        });
    };
    let summary = move || {
        let s = current();
        format!(
            "{} votes each, at most {} per idea · ideas for own department {} · {}",
            s.vote_budget,
            s.vote_cap_per_idea,
            if s.allow_own_department_ideas {
                "allowed"
            } else {
                "not allowed"
            },
            if s.anonymous {
                "anonymous"
            } else {
                "names shown"
            }
        )
    };
    view! {
        <section class="card settings-card">
            <div class="settings-head">
                <span class="muted small">"Settings: " {summary}</span>
                {show(
                    move || !open.get() && editable(),
                    move || view! {
                        <button
                            class="btn-link"
                            data-testid="settings-edit"
                            on:click=move |_| {
                                reset();
                                open.set(true);
                            }
                        >
                            "Edit"
                        </button>
                    },
                    || (),
                )}
            </div>
            {show(
                move || open.get() && editable(),
                move || view! {
                    <form
                        class="settings-form"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            save();
                        }
                    >
                        <label>
                            "Votes per person "
                            <input
                                type="number"
                                min="1"
                                max=VOTE_BUDGET_MAX.to_string()
                                data-testid="settings-budget"
                                disabled=move || votes_locked().is_some()
                                prop:value=move || budget.get()
                                on:input=move |ev| budget.set(event_target_value(&ev))
                            />
                        </label>
                        <label>
                            "Max per idea "
                            <input
                                type="number"
                                min="1"
                                data-testid="settings-cap"
                                disabled=move || votes_locked().is_some()
                                prop:value=move || cap.get()
                                on:input=move |ev| cap.set(event_target_value(&ev))
                            />
                        </label>
                        <label class="check">
                            <input
                                type="checkbox"
                                data-testid="settings-allow-own"
                                prop:checked=move || allow_own.get()
                                on:change=move |ev| allow_own.set(event_target_checked(&ev))
                            />
                            " Allow ideas for one's own department"
                        </label>
                        <span class="muted small">{votes_locked}</span>
                        <span class="field-error">{move || draft().err()}</span>
                        <div class="button-row">
                            <button class="btn" type="button" on:click=move |_| open.set(false)>
                                "Cancel"
                            </button>
                            <button
                                class="btn btn-primary"
                                type="submit"
                                data-testid="settings-save"
                                disabled=move || draft().is_err() || busy.get()
                            >
                                "Save settings"
                            </button>
                        </div>
                    </form>
                },
                || (),
            )}
        </section>
    }
}
