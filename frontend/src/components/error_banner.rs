//! The error banner: the last refused action or failed request, in the reader's
//! language (the text for the server's code, with the session's own numbers).

use crate::api::ApiError;
use crate::i18n::*;
use crate::lang;
use crate::live::Live;
use leptos::prelude::*;

#[component]
pub fn ErrorBanner(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_context::<Live>();
    move || {
        error.get().map(|err| {
            let message = match live {
                Some(live) => live.with(|s| lang::api_error(i18n, &err, Some(s))),
                None => lang::api_error(i18n, &err, None),
            };
            view! {
                <div class="error-banner" role="alert">
                    <span data-testid="error-banner">{message}</span>
                    <button
                        class="btn-link"
                        aria-label=move || t_string!(i18n, common.dismiss)
                        on:click=move |_| error.set(None)
                    >
                        "✕"
                    </button>
                </div>
            }
        })
    }
}
