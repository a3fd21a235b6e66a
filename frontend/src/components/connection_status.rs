//! The small "Live" / "Reconnecting…" indicator of the live stream.

use crate::live::{ConnStatus, Live};
use leptos::prelude::*;

#[component]
pub fn ConnectionStatus(live: Live) -> impl IntoView {
    let class = move || match live.status.get() {
        ConnStatus::Live => "conn conn-live",
        ConnStatus::Connecting => "conn conn-connecting",
        ConnStatus::Reconnecting => "conn conn-reconnecting",
    };
    view! {
        <span class=class data-testid="connection-status" role="status" aria-live="polite">
            {move || live.status.get().label()}
        </span>
    }
}
