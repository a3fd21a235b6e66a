//! One module per route, plus the loading/error gate shared by the session pages.

pub mod facilitator;
pub mod follow_up;
pub mod home;
pub mod join;
pub mod not_found;
pub mod participant;
pub mod screen;
pub mod summary;

use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::ErrorCode;

/// Shows "Loading…" until the first snapshot, a readable error with Retry if it
/// failed, and the page once the session is there.
#[component]
pub fn SessionGate(
    /// Called when the stored pass was refused, to offer a way out.
    #[prop(optional)]
    on_forget: Option<Callback<()>>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    move || {
        if live.loaded.get() {
            return children().into_any();
        }
        match live.load_error.get() {
            None => {
                view! { <div class="page-state"><p class="loading">{crate::tr!(i18n, common.loading)}</p></div> }.into_any()
            }
            Some(err) => {
                let auth = err.is_auth() || err.code == Some(ErrorCode::SessionNotFound);
                let message = lang::api_error(i18n, &err, None);
                view! {
                    <div class="page-state card">
                        <h2>{crate::tr!(i18n, common.cannot_open)}</h2>
                        <p data-testid="error-banner" class="error-text">{message}</p>
                        <div class="button-row">
                            <button class="btn btn-primary" on:click=move |_| live.retry()>
                                {crate::tr!(i18n, common.retry)}
                            </button>
                            {(auth && on_forget.is_some())
                                .then(|| {
                                    view! {
                                        <button
                                            class="btn"
                                            on:click=move |_| {
                                                if let Some(cb) = on_forget {
                                                    cb.run(());
                                                }
                                            }
                                        >
                                            {crate::tr!(i18n, common.forget_pass)}
                                        </button>
                                    }
                                })}
                            <a class="btn" href="/">{crate::tr!(i18n, common.home)}</a>
                        </div>
                    </div>
                }
                .into_any()
            }
        }
    }
}

/// A page for a link that cannot work on this device (no stored pass).
#[component]
pub fn NoAccess(title: &'static str, message: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page-state card">
            <h2>{title}</h2>
            <p>{message}</p>
            <a class="btn btn-primary" href="/">{crate::tr!(i18n, home.go_start)}</a>
        </div>
    }
}
