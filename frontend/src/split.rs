//! The parts of a download fetched when first needed. The participant's session
//! view, the summary and the console's own pages are each cut out of the built wasm
//! into modules of their own (`scripts/split-wasm.mjs`), so the first page a person
//! opens, the join form, arrives without them; the join page fetches the session's
//! part in the background while the person types their name.
//!
//! A split point is a function marked with [`wasm_split`] (from `wasm_split_helpers`,
//! which Leptos re-exports), `fallible` so a failed fetch is a value, not a panic:
//! `#[wasm_split(name, wasm_split_path = ::leptos::wasm_split, fallible,
//! preload(preload_name))] pub fn name() -> Result<AnyView, SplitLoaderError>`.
//! Natively (tests) the function is simply called.

use crate::i18n::*;
use leptos::prelude::*;
pub use leptos::wasm_split::{wasm_split, SplitLoaderError};
use std::future::Future;
use std::pin::Pin;

/// A part being fetched: the future a split point's function returns, boxed so that
/// [`later`] is compiled once rather than once per part.
pub type Part = Pin<Box<dyn Future<Output = Result<AnyView, SplitLoaderError>>>>;

/// The view `load` gives once its module has arrived: "Loading…" until then, and if
/// the fetch failed a message with Retry, which fetches it again (as coming back
/// online does). A fetch that neither arrives nor fails (a connection that has
/// stalled) is said to be slow after [`SLOW`], with the offer to reload the page.
///
/// `load` boxes the split point's future: `later(|| Box::pin(session_view()))`.
pub fn later(load: fn() -> Part) -> AnyView {
    let i18n = use_i18n();
    let attempt = RwSignal::new(0_u32);
    // Fetched again on its own once the browser is back online after a failure.
    let failed_once = RwSignal::new(false);
    let online = window_event_listener(leptos::ev::online, move |_| {
        if failed_once.get_untracked() {
            attempt.update(|n| *n += 1);
        }
    });
    // Counted from the first attempt: after a failure and a late Retry, waiting
    // again is already slow.
    let slow = RwSignal::new(false);
    let slow_timer = set_timeout_with_handle(move || slow.set(true), SLOW).ok();
    on_cleanup(move || {
        online.remove();
        if let Some(timer) = slow_timer {
            timer.clear();
        }
    });
    let loading = move || {
        view! {
            <div class="page-state">
                <p class="loading">{crate::tr!(i18n, common.loading)}</p>
                <div role="status">
                    {move || {
                        slow.get()
                            .then(|| {
                                view! {
                                    <p data-testid="part-slow">{crate::tr!(i18n, common.part_slow)}</p>
                                    <div class="button-row">{reload_button(i18n)}</div>
                                }
                            })
                    }}
                </div>
            </div>
        }
    };
    view! {
        <Suspense fallback=loading>
            {move || {
                attempt.track();
                // The loader's future holds JavaScript promises; the browser runs it
                // on its one thread.
                Suspend::new(send_wrapper::SendWrapper::new(async move {
                    let view = load().await;
                    failed_once.set(view.is_err());
                    view.unwrap_or_else(|_| failed(i18n, attempt))
                }))
            }}
        </Suspense>
    }
    .into_any()
}

/// The part did not arrive: the network, or a new release of Summit since this page
/// was loaded (the old files are gone then, and only reloading the page helps).
fn failed(i18n: crate::lang::I18n, attempt: RwSignal<u32>) -> AnyView {
    view! {
        <div class="page-state card" role="alert" data-testid="part-failed">
            <p class="error-text">{crate::tr!(i18n, common.part_failed)}</p>
            <div class="button-row">
                <button class="btn btn-primary" on:click=move |_| attempt.update(|n| *n += 1)>
                    {crate::tr!(i18n, common.retry)}
                </button>
                {reload_button(i18n)}
            </div>
        </div>
    }
    .into_any()
}

/// How long a part may take before the page says it is slow: on Chrome's "Slow 4G"
/// the session's part arrives in about a second, so ten mean the connection is
/// struggling.
const SLOW: std::time::Duration = std::time::Duration::from_secs(10);

fn reload_button(i18n: crate::lang::I18n) -> impl IntoView {
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <button class="btn" data-testid="part-reload" on:click=reload>
            {crate::tr!(i18n, common.reload_page)}
        </button>
    }
}

/// Starts fetching a part ahead of need (its `preload_…` function); a failure is
/// left for [`later`] to show when the part is wanted.
pub fn fetch_ahead<F>(preload: fn() -> F)
where
    F: Future<Output = Result<(), SplitLoaderError>> + 'static,
{
    leptos::task::spawn_local(async move {
        let _ = preload().await;
    });
}
