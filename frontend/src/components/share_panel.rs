//! How people get in (open in the lobby, one line after it): the join code with its
//! QR code, the join link and the secret facilitator link, each with a Copy button;
//! and the way to the projector.

use crate::api;
use crate::components::copy_button::CopyButton;
use crate::components::show_toggle::show_toggle;
use crate::i18n::*;
use crate::live::{use_live, Live};
use crate::util;
use leptos::prelude::*;
use summit_shared::api::paths;
use summit_shared::{limits, Phase};

/// The projector's key, which only the facilitator can ask for: `None` until the
/// server has answered (the projector's link and snippet wait for it).
pub fn fetch_screen_key(live: Live) -> RwSignal<Option<String>> {
    let screen_key = RwSignal::new(None);
    let id = live.id.get_value();
    let token = live.token();
    leptos::task::spawn_local(async move {
        if let Ok(screen) = api::screen_key(&id, &token).await {
            screen_key.set(Some(screen.key));
        }
    });
    screen_key
}

#[component]
pub fn SharePanel(screen_key: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
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
    // The projector's link carries the session's screen key.
    let screen_link = Signal::derive(move || {
        let key = screen_key.get()?;
        Some(
            live.id
                .with_value(|id| format!("{}#key={key}", paths::page_screen(id))),
        )
    });
    // Open in the lobby, where people are let in; folded to one line after it, so
    // the console's side column is not a second page beside the cards.
    let in_lobby = Memo::new(move |_| live.phase() == Phase::Lobby);
    view! {
        <details class="card share-card" data-testid="share-card" open=in_lobby>
            <summary class="share-summary">
                <span class="share-title" data-testid="share-title">
                    // A closed summit lets no one in: what the card still gives is
                    // its links (the console's, the projector's closing screen).
                    {move || if live.phase() == Phase::Closed {
                        t_string!(i18n, console.share_heading_after)
                    } else {
                        t_string!(i18n, console.share_heading)
                    }}
                </span>
                <span class="mono share-summary-code">{move || limits::display_join_code(&code.get())}</span>
            </summary>
            <div class="share-code">
                <span class="muted small">{crate::tr!(i18n, console.join_code)}</span>
                <span class="join-code" data-testid="join-code">{move || limits::display_join_code(&code.get())}</span>
                <CopyButton text=code label=|i18n| t_string!(i18n, console.copy_join_code) />
            </div>
            <img
                class="share-qr"
                data-testid="share-qr"
                src=move || paths::join_qr(&code.get())
                alt=move || t_string!(i18n, screen.qr_alt)
                width="128"
                height="128"
            />
            <div class="share-row" hidden=move || screen_link.get().is_none()>
                <a
                    class="btn btn-primary"
                    data-testid="open-screen"
                    href=move || screen_link.get().unwrap_or_default()
                    target="_blank"
                    rel="noopener"
                >
                    {crate::tr!(i18n, screen.open)}
                </a>
                <p class="muted small">{crate::tr!(i18n, screen.open_hint)}</p>
            </div>
            <div class="share-row">
                <span class="muted small">{crate::tr!(i18n, console.join_link)}</span>
                <a class="link-text" data-testid="join-link" href=move || join_link.get() target="_blank" rel="noopener">
                    {move || join_link.get()}
                </a>
                <CopyButton text=join_link label=|i18n| t_string!(i18n, console.copy_join_link) />
            </div>
            <div class="share-row secret">
                <span class="muted small" id="facilitator-link-label">{crate::tr!(i18n, console.facilitator_link)}</span>
                <code class="link-text" class:blurred=move || !show_secret.get() data-testid="facilitator-link">
                    {move || facilitator_link.get()}
                </code>
                {show_toggle(show_secret, "facilitator-link-show".into(), "facilitator-link-label".into())}
                <CopyButton text=facilitator_link label=|i18n| t_string!(i18n, console.copy_facilitator_link) />
                <p class="warning small">
                    {crate::tr!(i18n, console.keep_secret)}
                </p>
            </div>
        </details>
    }
}
