//! The small "Live" / "Reconnecting…" indicator of the live stream.
//!
//! Once the summit is closed, "Live" would read as "the summit is on": the badge
//! then says nothing while the stream is up, and still says when it is down (the
//! leads' follow-up keeps changing) or when commands wait to be sent.

use crate::i18n::*;
use crate::live::{use_live, ConnStatus};
use leptos::prelude::*;
use summit_shared::Phase;

#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let waiting = move || live.waiting.get();
    let quiet = move || {
        live.status.get() == ConnStatus::Live && live.phase() == Phase::Closed && waiting() == 0
    };
    let class = move || match live.status.get() {
        _ if quiet() => "sr-only",
        ConnStatus::Live => "conn conn-live",
        ConnStatus::Connecting => "conn conn-connecting",
        ConnStatus::Reconnecting => "conn conn-reconnecting",
    };
    view! {
        <span class=class data-testid="connection-status" role="status" aria-live="polite">
            {move || (!quiet()).then(|| live.status.get().label(i18n))}
            {move || (waiting() > 0).then(|| {
                view! {
                    <span class="conn-waiting" data-testid="waiting-to-send">
                        " · "
                        {t_string!(i18n, common.conn_waiting, count = waiting()).to_string()}
                    </span>
                }
            })}
        </span>
    }
}
