//! The error banner: the last refused action or failed request, in the server's words.

use leptos::prelude::*;

#[component]
pub fn ErrorBanner(error: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|message| {
            view! {
                <div class="error-banner" role="alert">
                    <span data-testid="error-banner">{message}</span>
                    <button
                        class="btn-link"
                        aria-label="Dismiss"
                        on:click=move |_| error.set(None)
                    >
                        "✕"
                    </button>
                </div>
            }
        })
    }
}
