//! The start page: create a session (facilitator) or join one by its 6-character code.

use crate::api::{self, ApiError};
use crate::boot;
use crate::components::erased::show;
use crate::components::error_banner::ErrorBanner;
use crate::components::settings_editor::{anonymity_field, setup_error, whole_number};
use crate::i18n::*;
use crate::lang;
use crate::router::use_router;
use crate::storage;
use crate::util;
use leptos::prelude::*;
use summit_shared::api::paths;
use summit_shared::limits::{self, Field, DEPARTMENTS_MAX, DEPARTMENTS_MIN, VOTE_BUDGET_MAX};
use summit_shared::{create_session, CarryFrom, ErrorCode, SessionSetup, Settings};

/// `on_create`: called as the person starts on the create form, so the download can
/// fetch the facilitator's console ahead ([`crate::split`]).
#[component]
pub fn HomePage(#[prop(optional)] on_create: Option<Callback<()>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="home">
            <header class="hero">
                <span class="brand">{crate::tr!(i18n, common.brand)}</span>
                <h1>{crate::tr!(i18n, home.tagline)}</h1>
                <p class="muted">{crate::tr!(i18n, home.intro)}</p>
            </header>
            <div class="home-grid">
                <JoinBox />
                <CreateForm on_create />
            </div>
        </div>
    }
}

#[component]
fn JoinBox() -> impl IntoView {
    let i18n = use_i18n();
    let router = use_router();
    // Whatever was typed into index.html's stand-in form while the app loaded.
    let typed = boot::typed_join_code();
    let code = RwSignal::new(typed.text);
    // Whether the code typed is not one (says so under the field).
    let problem = RwSignal::new(typed.rejected);
    let submit = move || match limits::normalize_join_code(&code.get_untracked()) {
        Some(c) => router.navigate(&paths::page_join(&c), false),
        None => problem.set(true),
    };
    view! {
        // Someone about to join: the session's part comes while they type the code.
        <section
            class="card join-box"
            on:focusin=|_| crate::split::fetch_ahead(crate::pages::participant::preload_session)
        >
            <h2>{crate::tr!(i18n, home.join_heading)}</h2>
            <form
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <label for={boot::JOIN_CODE_INPUT_ID} class="form-label">
                    {crate::tr!(i18n, home.join_label)}
                </label>
                <div class="inline-form">
                    <input
                        id={boot::JOIN_CODE_INPUT_ID}
                        name="code"
                        class="code-input"
                        type="text"
                        data-testid="join-code-input"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        placeholder="K7M QXP"
                        maxlength="12"
                        prop:value=move || code.get()
                        on:input=move |ev| {
                            problem.set(false);
                            code.set(event_target_value(&ev));
                        }
                    />
                    <button class="btn btn-primary" type="submit" data-testid="join-code-submit">
                        {crate::tr!(i18n, home.join_button)}
                    </button>
                </div>
                <p class="field-error" data-testid="join-code-error">{move || problem.get().then_some(crate::tr!(i18n, home.not_a_code))}</p>
            </form>
        </section>
    }
}

#[component]
fn CreateForm(on_create: Option<Callback<()>>) -> impl IntoView {
    let i18n = use_i18n();
    let router = use_router();
    let title = RwSignal::new(String::new());
    // Two example departments in the reader's language, to be typed over.
    let departments = RwSignal::new(untrack(|| {
        vec![
            t_string!(i18n, home.example_department_1).to_owned(),
            t_string!(i18n, home.example_department_2).to_owned(),
        ]
    }));
    let defaults = Settings::default();
    let budget = RwSignal::new(defaults.vote_budget.to_string());
    let cap = RwSignal::new(defaults.vote_cap_per_idea.to_string());
    let allow_own = RwSignal::new(defaults.allow_own_department_ideas);
    let anonymity = RwSignal::new(defaults.strictness());
    let language = RwSignal::new(lang::session_language(i18n));
    let carry = RwSignal::new(String::new());
    // The server's refusal of the earlier summit's link, shown under that field.
    let carry_refused = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let carry_from = move || -> Result<Option<CarryFrom>, String> {
        let typed = carry.get();
        if typed.trim().is_empty() {
            return Ok(None);
        }
        paths::parse_carry_link(&typed)
            .map(Some)
            .ok_or_else(|| t_string!(i18n, home.carry_invalid).to_owned())
    };
    // Said once the field is left (a link is pasted whole, not typed) or on submit.
    let carry_checked = RwSignal::new(false);
    let carry_problem = move || {
        carry_refused
            .get()
            .or_else(|| carry_checked.get().then(|| carry_from().err()).flatten())
    };

    // The server's own check (`create_session`), so the button says what is wrong up
    // front, in the reader's language.
    let setup = move || -> Result<SessionSetup, String> {
        let setup = SessionSetup {
            title: title.get(),
            departments: departments.get(),
            settings: Settings {
                vote_budget: whole_number(&budget.get())
                    .ok_or_else(|| t_string!(i18n, home.budget_not_whole).to_owned())?,
                vote_cap_per_idea: whole_number(&cap.get())
                    .ok_or_else(|| t_string!(i18n, home.cap_not_whole).to_owned())?,
                allow_own_department_ideas: allow_own.get(),
                anonymous: false,
                names_at_plan: false,
                language: language.get(),
            }
            .with_strictness(anonymity.get()),
            // Checked beside its own field, not in the form's summary below.
            carry_from: carry_from().ok().flatten(),
        };
        create_session(&setup, None, 0).map_err(|e| setup_error(i18n, &e))?;
        Ok(setup)
    };
    let touched = RwSignal::new(false);
    let problem = move || {
        if touched.get() || !title.get().is_empty() {
            setup().err()
        } else {
            None
        }
    };

    let submit = move || {
        touched.set(true);
        carry_checked.set(true);
        let Ok(body) = setup() else { return };
        if carry_from().is_err() {
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::create_session(&body).await {
                Ok(created) => {
                    if !storage::set_facilitator_token(
                        &created.session_id,
                        &created.facilitator_token,
                    ) {
                        // Storage refused (private mode): carry the key in the fragment instead,
                        // the console reads it from there.
                        let url = format!(
                            "{}#key={}",
                            paths::page_facilitate(&created.session_id),
                            created.facilitator_token
                        );
                        router.navigate(&url, false);
                        return;
                    }
                    router.navigate(&paths::page_facilitate(&created.session_id), false);
                }
                // A link that opens no summit is the carry-over field's problem.
                Err(err) if body.carry_from.is_some() && carry_refusal(i18n, &err).is_some() => {
                    carry_refused.set(carry_refusal(i18n, &err));
                    error.set(None);
                    busy.set(false);
                }
                Err(err) => {
                    error.set(Some(err));
                    busy.set(false);
                }
            }
        });
    };

    let count = Memo::new(move |_| departments.with(|d| d.len()));
    let department_inputs = move || {
        (0..count.get())
            .map(|i| {
                let value = move || departments.with(|d| d.get(i).cloned().unwrap_or_default());
                view! {
                    <div class="dept-input">
                        <input
                            type="text"
                            dir="auto"
                            aria-label=move || t_string!(i18n, home.department_n, n = i + 1).to_string()
                            data-testid=format!("create-department-{i}")
                            prop:value=value
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                departments.update(|d| {
                                    if let Some(slot) = d.get_mut(i) {
                                        *slot = v;
                                    }
                                });
                            }
                        />
                        {show(
                            move || { count.get() > DEPARTMENTS_MIN },
                            move || view! {
                                <button
                                    class="btn-link danger"
                                    type="button"
                                    aria-label=move || t_string!(i18n, home.remove_department)
                                    on:click=move |_| {
                                        departments.update(|d| {
                                            if i < d.len() {
                                                d.remove(i);
                                            }
                                        })
                                    }
                                >
                                    {crate::tr!(i18n, home.remove)}
                                </button>
                            },
                            || (),
                        )}
                    </div>
                }
            })
            .collect_view()
    };

    view! {
        <section
            class="card create-box"
            on:focusin=move |_| {
                if let Some(ahead) = on_create {
                    ahead.run(());
                }
            }
        >
            <h2>{crate::tr!(i18n, home.run_heading)}</h2>
            <ErrorBanner error />
            <form
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <div class="field">
                    <label for="create-title" class="form-label">
                        {crate::tr!(i18n, home.title_label)}
                    </label>
                    <input
                        id="create-title"
                        type="text"
                        data-testid="create-title"
                        dir="auto"
                        placeholder=move || t_string!(i18n, home.title_placeholder)
                        prop:value=move || title.get()
                        on:input=move |ev| title.set(event_target_value(&ev))
                    />
                    <span class="counter">{move || util::counter(&title.get(), Field::Title)}</span>
                </div>
                <fieldset class="field">
                    <legend class="form-label">{crate::tr!(i18n, home.departments)}</legend>
                    {department_inputs}
                    <button
                        class="btn btn-small"
                        type="button"
                        data-testid="add-department"
                        disabled=move || { count.get() >= DEPARTMENTS_MAX }
                        on:click=move |_| departments.update(|d| d.push(String::new()))
                    >
                        {crate::tr!(i18n, home.add_department)}
                    </button>
                </fieldset>
                <fieldset class="field field-grid">
                    <legend class="form-label">{crate::tr!(i18n, home.voting)}</legend>
                    <label>
                        {crate::tr!(i18n, home.votes_per_person)}
                        <input
                            type="number"
                            min="1"
                            max=VOTE_BUDGET_MAX.to_string()
                            data-testid="create-budget"
                            prop:value=move || budget.get()
                            on:input=move |ev| budget.set(event_target_value(&ev))
                        />
                    </label>
                    <label>
                        {crate::tr!(i18n, home.max_votes_per_idea)}
                        <input
                            type="number"
                            min="1"
                            data-testid="create-cap"
                            prop:value=move || cap.get()
                            on:input=move |ev| cap.set(event_target_value(&ev))
                        />
                    </label>
                </fieldset>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="create-allow-own"
                        prop:checked=move || allow_own.get()
                        on:change=move |ev| allow_own.set(event_target_checked(&ev))
                    />
                    " "
                    {crate::tr!(i18n, home.allow_own)}
                </label>
                {anonymity_field("create-anonymity", anonymity, |_| true)}
                <p class="muted small" hidden=move || anonymity.get() != 1>
                    {crate::tr!(i18n, home.anonymity_until_plan_hint)}
                </p>
                <p class="muted small" data-testid="create-anonymous-hint" hidden=move || anonymity.get() == 0>
                    {crate::tr!(i18n, home.anonymous_hint)}
                </p>
                {lang::language_field("create-language", language)}
                <div class="field">
                    <label for="create-carry" class="form-label">{crate::tr!(i18n, home.carry_label)}</label>
                    <input
                        id="create-carry"
                        type="text"
                        inputmode="url"
                        data-testid="create-carry"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="create-carry-help create-carry-error"
                        aria-invalid=move || if carry_problem().is_some() { "true" } else { "false" }
                        prop:value=move || carry.get()
                        on:input=move |ev| {
                            carry_refused.set(None);
                            carry.set(event_target_value(&ev));
                        }
                        on:change=move |_| carry_checked.set(true)
                    />
                    <p id="create-carry-help" class="muted small">{crate::tr!(i18n, home.carry_help)}</p>
                    <p id="create-carry-error" class="field-error" role="alert" data-testid="create-carry-error">{carry_problem}</p>
                </div>
                // Before anything is typed, why the button waits, said as a next step
                // rather than as an error.
                <p class="field-error" class:field-hint=move || problem().is_none() data-testid="create-problem">
                    {move || problem().or_else(|| title.get().is_empty().then(|| t_string!(i18n, home.create_needs_title).to_owned()))}
                </p>
                <button
                    class="btn btn-primary btn-block"
                    type="submit"
                    data-testid="create-submit"
                    disabled=move || busy.get() || setup().is_err() || carry_problem().is_some()
                >
                    {move || {
                        if busy.get() {
                            t_string!(i18n, home.creating)
                        } else {
                            t_string!(i18n, home.create)
                        }
                    }}
                </button>
            </form>
        </section>
    }
}

/// What the server's refusal of the earlier summit's link means, said beside the
/// field: a wrong key, a summit gone, or a participant's link.
fn carry_refusal(i18n: crate::lang::I18n, err: &ApiError) -> Option<String> {
    let text = match err.code? {
        ErrorCode::InvalidToken => t_string!(i18n, home.carry_wrong_key),
        ErrorCode::SessionNotFound => t_string!(i18n, home.carry_no_session),
        ErrorCode::FacilitatorOnly => t_string!(i18n, home.carry_participant),
        _ => return None,
    };
    Some(text.to_owned())
}
