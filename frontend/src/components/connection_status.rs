//! The small "Live" / "Reconnecting…" indicator of the live stream.

use crate::i18n::*;
use crate::live::{use_live, ConnStatus};
use leptos::prelude::*;

#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let class = move || match live.status.get() {
        ConnStatus::Live => "conn conn-live",
        ConnStatus::Connecting => "conn conn-connecting",
        ConnStatus::Reconnecting => "conn conn-reconnecting",
    };
    view! {
        <span class=class data-testid="connection-status" role="status" aria-live="polite">
            {move || live.status.get().label(i18n)}
        </span>
    }
}
