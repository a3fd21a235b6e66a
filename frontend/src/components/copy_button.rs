//! A Copy button for a code or a link: says "Copied" for two seconds, or asks the
//! reader to select and copy by hand where the browser refuses the clipboard.

use crate::i18n::*;
use crate::lang::I18n;
use crate::util;
use leptos::prelude::*;

#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    /// What the button copies, for screen readers ("Copy join link").
    label: fn(I18n) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let copied: RwSignal<Option<bool>> = RwSignal::new(None);
    view! {
        <button
            class="btn btn-small"
            type="button"
            aria-label=move || label(i18n)
            on:click=move |_| {
                let value = text.get_untracked();
                leptos::task::spawn_local(async move {
                    copied.set(Some(util::copy_text(&value).await));
                    gloo_timers::future::TimeoutFuture::new(2_000).await;
                    copied.set(None);
                });
            }
        >
            {move || match copied.get() {
                Some(true) => t_string!(i18n, console.copied),
                Some(false) => t_string!(i18n, console.select_copy),
                None => t_string!(i18n, console.copy),
            }}
        </button>
    }
}
