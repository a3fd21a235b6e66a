//! `/join/:code`: shows the session and asks for a display name and department.
//! A device that already joined this session goes straight to it.

use crate::api::{self, ApiError};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::*;
use crate::lang;
use crate::router::use_router;
use crate::storage;
use crate::util;
use leptos::prelude::*;
use summit_shared::api::{paths, JoinRequest, SessionPreview};
use summit_shared::limits::{self, Field};
use summit_shared::{DepartmentId, ErrorCode, Phase};

#[component]
pub fn JoinPage() -> impl IntoView {
    let i18n = use_i18n();
    let router = use_router();
    let code = move || {
        router
            .segment(1)
            .and_then(|c| limits::normalize_join_code(&c))
    };
    let preview: RwSignal<Option<Result<SessionPreview, ApiError>>> = RwSignal::new(None);
    let load = move || {
        preview.set(None);
        let Some(code) = code() else {
            // Shown as `join.bad_code` (the page sees the code is not one).
            preview.set(Some(Err(ApiError {
                status: Some(404),
                code: None,
                message: String::new(),
            })));
            return;
        };
        leptos::task::spawn_local(async move {
            let result = api::join_preview(&code).await;
            if let Ok(p) = &result {
                // Already joined on this device: come back as the same participant.
                if storage::participant_token(&p.session_id).is_some() {
                    router.navigate(&paths::page_session(&p.session_id), true);
                    return;
                }
            }
            preview.set(Some(result));
        });
    };
    let load_again = load;
    Effect::new(move |_| load());
    // The session's part of the download, fetched while the person fills the form.
    crate::split::fetch_ahead(crate::pages::participant::preload_session);
    view! {
        <div class="narrow">
            {move || match preview.get() {
                None => view! { <div class="page-state"><p class="loading">{crate::tr!(i18n, common.loading)}</p></div> }.into_any(),
                Some(Err(err)) => {
                    let retry = load_again;
                    let message = if code().is_none() {
                        t_string!(i18n, join.bad_code).to_owned()
                    } else {
                        lang::api_error(i18n, &err, None)
                    };
                    // A code that is not one, or names no session: what was typed stays,
                    // to be corrected here rather than on the start page.
                    let retry_code = (code().is_none()
                        || err.code == Some(ErrorCode::UnknownJoinCode))
                        .then(|| view! { <RetryCode typed=router.segment(1).unwrap_or_default() /> });
                    view! {
                        <div class="page-state card">
                            <h2>{crate::tr!(i18n, join.cannot_join)}</h2>
                            <p class="error-text" data-testid="error-banner">{message}</p>
                            {retry_code}
                            <div class="button-row">
                                {err.is_transient().then(|| view! {
                                    <button class="btn btn-primary" on:click=move |_| retry()>{crate::tr!(i18n, common.retry)}</button>
                                })}
                                <a class="btn" href="/">{crate::tr!(i18n, join.start_page)}</a>
                            </div>
                        </div>
                    }
                        .into_any()
                }
                Some(Ok(p)) => view! { <JoinForm preview=p /> }.into_any(),
            }}
        </div>
    }
}

/// The code from the link, to correct and try again.
#[component]
fn RetryCode(typed: String) -> impl IntoView {
    let i18n = use_i18n();
    let router = use_router();
    let value = RwSignal::new(typed);
    let wrong = RwSignal::new(false);
    view! {
        <form
            class="retry-code"
            on:submit=move |ev| {
                ev.prevent_default();
                match limits::normalize_join_code(&value.get_untracked()) {
                    Some(code) => router.navigate(&paths::page_join(&code), false),
                    None => wrong.set(true),
                }
            }
        >
            <label for="retry-code" class="form-label">{crate::tr!(i18n, join.retry_label)}</label>
            <p class="muted small" id="retry-hint">
                {move || t_string!(i18n, join.retry_hint, count = limits::JOIN_CODE_LEN).to_string()}
            </p>
            <div class="button-row">
                <input
                    id="retry-code"
                    class="code-input"
                    data-testid="retry-code"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    maxlength="12"
                    aria-describedby="retry-hint retry-error"
                    aria-invalid=move || wrong.get().to_string()
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        wrong.set(false);
                        value.set(event_target_value(&ev));
                    }
                />
                <button class="btn btn-primary" type="submit" data-testid="retry-submit">
                    {crate::tr!(i18n, join.retry_button)}
                </button>
            </div>
            <p class="field-error" id="retry-error" data-testid="retry-error">
                {move || wrong.get().then(|| t_string!(i18n, join.bad_code))}
            </p>
        </form>
    }
}

#[component]
fn JoinForm(preview: SessionPreview) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let department = RwSignal::new(preview.departments.first().map(|d| d.id));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // The last place taken while this person filled in the form.
    let filled_up = RwSignal::new(false);
    let session_id = preview.session_id.clone();
    let i18n = use_i18n();
    let router = use_router();
    let invalid = move || util::check(i18n, Field::Name, &name.get());
    let submit = move || {
        if invalid().is_some() || busy.get_untracked() {
            return;
        }
        // Every session has departments and the first is preselected.
        let Some(dept) = department.get_untracked() else {
            return;
        };
        busy.set(true);
        let id = session_id.clone();
        let request = JoinRequest {
            name: name.get_untracked().trim().to_owned(),
            department: dept,
        };
        leptos::task::spawn_local(async move {
            match api::join(&id, &request).await {
                Ok(joined) => {
                    // A browser that refuses storage (private mode) still takes part;
                    // only a reload would ask to join again.
                    let _ = storage::set_participant_token(&id, &joined.token);
                    router.mark_joined();
                    router.navigate(&paths::page_session(&id), false);
                }
                // Told as one who came late is: a form that can only be refused
                // again is not left to try.
                Err(err) if err.code == Some(ErrorCode::ParticipantLimit) => {
                    filled_up.set(true);
                    busy.set(false);
                }
                Err(err) => {
                    error.set(Some(err));
                    busy.set(false);
                }
            }
        });
    };
    let options = preview
        .departments
        .iter()
        .map(|d| {
            let id = d.id;
            view! {
                <option value=id.0.to_string() dir="auto" prop:selected=move || department.get() == Some(id)>
                    {d.name.clone()}
                </option>
            }
        })
        .collect_view();
    let closed = preview.phase == Phase::Closed;
    // Told before anyone fills in the form, and to one who began before the last place
    // was taken once the server refuses them (`participant_limit`).
    let full_at_first = preview.full && !closed;
    let full = move || full_at_first || filled_up.get();
    let phase = preview.phase;
    // Grouped as the share card and the projector show it ("73E QYG").
    let join_code = limits::display_join_code(&preview.join_code);
    view! {
        <section class="card join-card">
            <span class="brand">{crate::tr!(i18n, common.brand)}</span>
            <h1 class="session-title" dir="auto">{preview.title.clone()}</h1>
            <p class="muted">
                {t!(
                    i18n,
                    join.phase_and_code,
                    phase = move || lang::phase_name(i18n, phase),
                    code = join_code.clone(),
                    <b> = |children: ChildrenFn| view! { <strong>{children()}</strong> },
                    <c> = |children: ChildrenFn| view! { <span class="mono">{children()}</span> }
                )}
            </p>
            {closed.then(|| {
                // Those who were there (this browser holds their key) can read the
                // summary; anyone else is told whom to ask.
                let id = preview.session_id.clone();
                let member = storage::participant_token(&id).is_some()
                    || storage::facilitator_token(&id).is_some();
                view! {
                    <div class="notice" data-testid="join-closed">
                        <p>{crate::tr!(i18n, join.closed)}</p>
                        {if member {
                            view! {
                                <a class="btn btn-primary" href=paths::page_summary(&id) data-testid="join-summary">
                                    {crate::tr!(i18n, join.open_summary)}
                                </a>
                            }
                                .into_any()
                        } else {
                            view! { <p>{crate::tr!(i18n, join.closed_ask)}</p> }.into_any()
                        }}
                    </div>
                }
            })}
            <div class="notice" data-testid="join-full" role="status" hidden=move || !full()>
                <p>{crate::tr!(i18n, join.full)}</p>
                <a class="btn" href="/">{crate::tr!(i18n, join.start_page)}</a>
            </div>
            <ErrorBanner error />
            <form
                hidden=move || closed || full()
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <div class="field">
                    <label for="join-name" class="form-label">
                        {crate::tr!(i18n, join.your_name)}
                    </label>
                    <input
                        id="join-name"
                        type="text"
                        data-testid="join-name"
                        autocomplete="name"
                        dir="auto"
                        placeholder=move || t_string!(i18n, join.name_placeholder)
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <span class="counter">{move || util::counter(&name.get(), Field::Name)}</span>
                </div>
                <div class="field">
                    <label for="join-department" class="form-label">
                        {crate::tr!(i18n, join.your_department)}
                    </label>
                    <select
                        id="join-department"
                        data-testid="join-department"
                        on:change=move |ev| department.set(event_target_value(&ev).parse::<u32>().ok().map(DepartmentId))
                    >
                        {options}
                    </select>
                </div>
                <p class="field-error">{move || if name.get().is_empty() { None } else { invalid() }}</p>
                <button
                    class="btn btn-primary btn-block"
                    type="submit"
                    data-testid="join-submit"
                    disabled=move || invalid().is_some() || busy.get()
                >
                    {move || {
                        if busy.get() {
                            t_string!(i18n, join.joining)
                        } else {
                            t_string!(i18n, join.join)
                        }
                    }}
                </button>
            </form>
        </section>
    }
}
