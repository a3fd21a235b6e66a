//! Voting settings (budget, cap per idea, own-department ideas), editable before Vote.

use crate::components::erased::show;
use crate::live::Live;
use leptos::prelude::*;
use summit_shared::limits::VOTE_BUDGET_MAX;
use summit_shared::{Command, Settings};

#[component]
pub fn SettingsEditor(live: Live) -> impl IntoView {
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
    let draft = move || -> Result<Settings, String> {
        let b: u32 = budget
            .get()
            .trim()
            .parse()
            .map_err(|_| "The vote budget must be a whole number.".to_owned())?;
        let c: u32 = cap
            .get()
            .trim()
            .parse()
            .map_err(|_| "The cap per idea must be a whole number.".to_owned())?;
        if !(1..=VOTE_BUDGET_MAX).contains(&b) {
            return Err(format!(
                "The vote budget must be between 1 and {VOTE_BUDGET_MAX} dots."
            ));
        }
        if !(1..=b).contains(&c) {
            return Err("The cap per idea must be between 1 and the vote budget.".to_owned());
        }
        Ok(Settings {
            vote_budget: b,
            vote_cap_per_idea: c,
            allow_own_department_ideas: allow_own.get(),
            anonymous: live.state.with(|s| s.settings.anonymous),
        })
    };
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
                    move || !open.get(),
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
                move || open.get(),
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
