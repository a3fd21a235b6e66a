//! The start page: create a session (facilitator) or join one by its 6-character code.

use crate::api::{self, ApiError};
use crate::boot;
use crate::components::erased::show;
use crate::components::error_banner::ErrorBanner;
use crate::components::settings_editor::whole_number;
use crate::router::navigate;
use crate::storage;
use crate::util;
use leptos::prelude::*;
use summit_shared::api::paths;
use summit_shared::limits::{self, Field, DEPARTMENTS_MAX, DEPARTMENTS_MIN, VOTE_BUDGET_MAX};
use summit_shared::{create_session, SessionSetup, Settings};

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <div class="home">
            <header class="hero">
                <span class="brand">"Summit"</span>
                <h1>"Solve each other's hardest problems"</h1>
                <p class="muted">
                    "Departments bring their hardest problem, the other departments propose ideas, everyone dot-votes, and you leave with owned, dated action items."
                </p>
            </header>
            <div class="home-grid">
                <JoinBox />
                <CreateForm />
            </div>
        </div>
    }
}

#[component]
fn JoinBox() -> impl IntoView {
    const NOT_A_CODE: &str =
        "A join code has 6 letters and digits, like “K7M-QXP”. Check it and try again.";
    // Whatever was typed into index.html's stand-in form while the app loaded.
    let typed = boot::typed_join_code();
    let code = RwSignal::new(typed.text);
    let problem = RwSignal::new(typed.rejected.then_some(NOT_A_CODE));
    let submit = move || match limits::normalize_join_code(&code.get_untracked()) {
        Some(c) => navigate(&paths::page_join(&c), false),
        None => problem.set(Some(NOT_A_CODE)),
    };
    view! {
        <section class="card join-box">
            <h2>"Join a summit"</h2>
            <form
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <label for={boot::JOIN_CODE_INPUT_ID} class="form-label">
                    "Code from your facilitator"
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
                        placeholder="ABC-123"
                        maxlength="12"
                        prop:value=move || code.get()
                        on:input=move |ev| {
                            problem.set(None);
                            code.set(event_target_value(&ev));
                        }
                    />
                    <button class="btn btn-primary" type="submit" data-testid="join-code-submit">
                        "Join"
                    </button>
                </div>
                <p class="field-error" data-testid="join-code-error">{move || problem.get()}</p>
            </form>
        </section>
    }
}

#[component]
fn CreateForm() -> impl IntoView {
    let title = RwSignal::new(String::new());
    let departments = RwSignal::new(vec!["Marketing".to_owned(), "Customer Service".to_owned()]);
    let defaults = Settings::default();
    let budget = RwSignal::new(defaults.vote_budget.to_string());
    let cap = RwSignal::new(defaults.vote_cap_per_idea.to_string());
    let allow_own = RwSignal::new(defaults.allow_own_department_ideas);
    let anonymous = RwSignal::new(defaults.anonymous);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    // The server's own check (`create_session`), so the button says what is wrong up
    // front, in the server's words.
    let setup = move || -> Result<SessionSetup, String> {
        let setup = SessionSetup {
            title: title.get(),
            departments: departments.get(),
            settings: Settings {
                vote_budget: whole_number(&budget.get(), "Votes per person")?,
                vote_cap_per_idea: whole_number(&cap.get(), "Max votes per idea")?,
                allow_own_department_ideas: allow_own.get(),
                anonymous: anonymous.get(),
            },
        };
        create_session(&setup, 0).map_err(|e| e.to_string())?;
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
        let Ok(body) = setup() else { return };
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
                        navigate(&url, false);
                        return;
                    }
                    navigate(&paths::page_facilitate(&created.session_id), false);
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
                            aria-label=format!("Department {}", i + 1)
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
                                    aria-label="Remove department"
                                    on:click=move |_| {
                                        departments.update(|d| {
                                            if i < d.len() {
                                                d.remove(i);
                                            }
                                        })
                                    }
                                >
                                    "Remove"
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
        <section class="card create-box">
            <h2>"Run a summit"</h2>
            <ErrorBanner error />
            <form
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <div class="field">
                    <label for="create-title" class="form-label">
                        "Session title"
                    </label>
                    <input
                        id="create-title"
                        type="text"
                        data-testid="create-title"
                        placeholder="e.g. Q3 cross-team summit"
                        prop:value=move || title.get()
                        on:input=move |ev| title.set(event_target_value(&ev))
                    />
                    <span class="counter">{move || util::counter(&title.get(), Field::Title)}</span>
                </div>
                <fieldset class="field">
                    <legend class="form-label">"Departments"</legend>
                    {department_inputs}
                    <button
                        class="btn btn-small"
                        type="button"
                        data-testid="add-department"
                        disabled=move || { count.get() >= DEPARTMENTS_MAX }
                        on:click=move |_| departments.update(|d| d.push(String::new()))
                    >
                        "+ Add department"
                    </button>
                </fieldset>
                <fieldset class="field field-grid">
                    <legend class="form-label">"Voting"</legend>
                    <label>
                        "Votes per person"
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
                        "Max votes per idea"
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
                    " Allow ideas for one's own department"
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="create-anonymous"
                        prop:checked=move || anonymous.get()
                        on:change=move |ev| anonymous.set(event_target_checked(&ev))
                    />
                    " Anonymous (hide who wrote problems and ideas; cannot be changed later)"
                </label>
                <p class="field-error">{problem}</p>
                <button
                    class="btn btn-primary btn-block"
                    type="submit"
                    data-testid="create-submit"
                    disabled=move || busy.get() || setup().is_err()
                >
                    {move || if busy.get() { "Creating…" } else { "Create session" }}
                </button>
            </form>
        </section>
    }
}
