//! Voting settings (budget, cap per idea, own-department ideas). The form checks a
//! change with the shared rules (`SessionState::check_settings`), so it says what the
//! server would say; the budget and cap are locked once voting has started.

use crate::components::erased::show;
use crate::i18n::*;
use crate::lang::{self, I18n};
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::limits::{Field, VOTE_BUDGET_MAX};
use summit_shared::{Command, DomainError, Settings, SettingsProblem};

/// A whole number typed into a field, if it is one.
pub fn whole_number(raw: &str) -> Option<u32> {
    raw.trim().parse().ok()
}

/// Why a new session's setup or a settings change is refused, in the reader's
/// language: the settings' own refusals by their [`SettingsProblem`], the title's and
/// departments' by the field they name, with the `home` catalogue.
pub fn setup_error(i18n: I18n, err: &DomainError) -> String {
    let text = match err {
        DomainError::Empty { field } if *field == Field::Title.label() => {
            t_string!(i18n, home.title_empty)
        }
        DomainError::Empty { field } if *field == Field::Department.label() => {
            t_string!(i18n, home.department_empty)
        }
        DomainError::TooLong { field, max, actual } if *field == Field::Title.label() => {
            return t_string!(i18n, home.title_too_long, actual = *actual, max = *max).to_string()
        }
        DomainError::TooLong { field, max, actual } if *field == Field::Department.label() => {
            return t_string!(i18n, home.department_too_long, actual = *actual, max = *max)
                .to_string()
        }
        DomainError::DuplicateDepartment(name) => {
            return t_string!(i18n, home.duplicate_department, name = name).to_string()
        }
        DomainError::InvalidSettings(problem) => match problem {
            SettingsProblem::BudgetRange => {
                return t_string!(i18n, home.budget_range, max = VOTE_BUDGET_MAX).to_string()
            }
            SettingsProblem::CapRange => t_string!(i18n, home.cap_range),
            SettingsProblem::AnonymityLooser => t_string!(i18n, home.anonymity_fixed),
            SettingsProblem::BelowVotesCast => t_string!(i18n, home.below_votes_cast),
        },
        DomainError::WrongPhase {
            expected: "a phase before Vote to change the vote budget",
            actual,
        } => {
            return t_string!(
                i18n,
                home.votes_locked,
                phase = lang::phase_name(i18n, *actual)
            )
            .to_string()
        }
        other => return lang::domain_error(i18n, other),
    };
    text.to_owned()
}

/// Named, anonymous until Plan, or anonymous ([`Settings::strictness`]), as a choice;
/// an option `allowed` refuses is shown but cannot be chosen.
pub fn anonymity_field(
    id: &'static str,
    level: RwSignal<u8>,
    allowed: impl Fn(u8) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let option = move |value: u8, words: fn(I18n) -> &'static str| {
        view! {
            <option
                value=value.to_string()
                selected=move || level.get() == value
                disabled=move || !allowed(value)
            >
                {move || words(i18n)}
            </option>
        }
    };
    view! {
        <label class="field">
            <span class="form-label">{crate::tr!(i18n, home.anonymous)}</span>
            <select
                data-testid=id
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse() {
                        level.set(v);
                    }
                }
            >
                {option(0, |i18n| t_string!(i18n, home.anonymity_named))}
                {option(1, |i18n| t_string!(i18n, home.anonymity_until_plan))}
                {option(2, |i18n| t_string!(i18n, home.anonymity_anonymous))}
            </select>
        </label>
    }
}

#[component]
pub fn SettingsEditor() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let current = move || live.with(|s| s.settings.clone());
    let budget = RwSignal::new(current().vote_budget.to_string());
    let cap = RwSignal::new(current().vote_cap_per_idea.to_string());
    let allow_own = RwSignal::new(current().allow_own_department_ideas);
    let language = RwSignal::new(current().language);
    let anonymity = RwSignal::new(current().strictness());
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let reset = move || {
        let s = live.state.with_untracked(|s| s.settings.clone());
        budget.set(s.vote_budget.to_string());
        cap.set(s.vote_cap_per_idea.to_string());
        allow_own.set(s.allow_own_department_ideas);
        language.set(s.language);
        anonymity.set(s.strictness());
    };
    // Why the budget and cap cannot change now (voting has started), if so.
    let votes_locked =
        move || live.with(|s| s.may_change_votes().err().map(|e| setup_error(i18n, &e)));
    let draft = move || -> Result<Settings, String> {
        let settings = Settings {
            vote_budget: whole_number(&budget.get())
                .ok_or_else(|| t_string!(i18n, home.budget_not_whole_edit).to_owned())?,
            vote_cap_per_idea: whole_number(&cap.get())
                .ok_or_else(|| t_string!(i18n, home.cap_not_whole_edit).to_owned())?,
            allow_own_department_ideas: allow_own.get(),
            anonymous: false,
            names_at_plan: false,
            language: language.get(),
        }
        .with_strictness(anonymity.get());
        live.with(|s| s.check_settings(&settings))
            .map_err(|e| setup_error(i18n, &e))?;
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
        let votes = t_string!(
            i18n,
            home.summary_votes,
            count = s.vote_budget,
            cap = s.vote_cap_per_idea
        );
        let own = if s.allow_own_department_ideas {
            t_string!(i18n, home.summary_own_allowed)
        } else {
            t_string!(i18n, home.summary_own_not_allowed)
        };
        let names = match s.strictness() {
            0 => t_string!(i18n, home.summary_names_shown),
            1 => t_string!(i18n, home.summary_until_plan),
            _ => t_string!(i18n, home.summary_anonymous),
        };
        t_string!(i18n, home.settings_summary, votes, own, names).to_string()
    };
    view! {
        <section class="card settings-card">
            <div class="settings-head">
                <span class="muted small">{summary}</span>
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
                            {crate::tr!(i18n, home.edit)}
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
                            {crate::tr!(i18n, home.votes_per_person)}
                            " "
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
                            {crate::tr!(i18n, home.max_per_idea)}
                            " "
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
                            " "
                            {crate::tr!(i18n, home.allow_own)}
                        </label>
                        {anonymity_field("settings-anonymity", anonymity, move |level| {
                            live.with(|s| s.check_settings(&s.settings.with_strictness(level)).is_ok())
                        })}
                        <p class="muted small">{crate::tr!(i18n, home.anonymity_stricter_hint)}</p>
                        {crate::lang::language_field("settings-language", language)}
                        <span class="muted small">{votes_locked}</span>
                        <span class="field-error">{move || draft().err()}</span>
                        <div class="button-row">
                            <button class="btn" type="button" on:click=move |_| open.set(false)>
                                {crate::tr!(i18n, home.cancel)}
                            </button>
                            <button
                                class="btn btn-primary"
                                type="submit"
                                data-testid="settings-save"
                                disabled=move || draft().is_err() || busy.get()
                            >
                                {crate::tr!(i18n, home.save_settings)}
                            </button>
                        </div>
                    </form>
                },
                || (),
            )}
        </section>
    }
}
