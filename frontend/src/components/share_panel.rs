//! How people get in: the join code, the join link and the secret facilitator link,
//! each with a Copy button.

use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::api::paths;

#[component]
fn CopyButton(text: Signal<String>, label: &'static str) -> impl IntoView {
    let copied: RwSignal<Option<bool>> = RwSignal::new(None);
    view! {
        <button
            class="btn btn-small"
            type="button"
            aria-label=format!("Copy {label}")
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
                Some(true) => "Copied ✓",
                Some(false) => "Select & copy",
                None => "Copy",
            }}
        </button>
    }
}

#[component]
pub fn SharePanel() -> impl IntoView {
    let live = use_live();
    let code = Signal::derive(move || live.join_code.get());
    let join_link = Signal::derive(move || {
        format!(
            "{}{}",
            util::origin(),
            paths::page_join(&live.join_code.get())
        )
    });
    let facilitator_link = Signal::derive(move || {
        let id = live.id.get_value();
        format!(
            "{}{}#key={}",
            util::origin(),
            paths::page_facilitate(&id),
            live.token()
        )
    });
    let show_secret = RwSignal::new(false);
    view! {
        <section class="card share-card">
            <div class="share-code">
                <span class="muted small">"Join code"</span>
                <span class="join-code" data-testid="join-code">{move || code.get()}</span>
                <CopyButton text=code label="join code" />
            </div>
            <div class="share-row">
                <span class="muted small">"Join link"</span>
                <a class="link-text" data-testid="join-link" href=move || join_link.get() target="_blank" rel="noopener">
                    {move || join_link.get()}
                </a>
                <CopyButton text=join_link label="join link" />
            </div>
            <div class="share-row secret">
                <span class="muted small">"Facilitator link"</span>
                <code class="link-text" class:blurred=move || !show_secret.get() data-testid="facilitator-link">
                    {move || facilitator_link.get()}
                </code>
                <button class="btn-link" type="button" on:click=move |_| show_secret.update(|s| *s = !*s)>
                    {move || if show_secret.get() { "Hide" } else { "Show" }}
                </button>
                <CopyButton text=facilitator_link label="facilitator link" />
                <p class="warning small">
                    "Keep secret: it reopens this console on any device."
                </p>
            </div>
        </section>
    }
}
