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
    let waiting = move || live.waiting.get();
    view! {
        <span class=class data-testid="connection-status" role="status" aria-live="polite">
            {move || live.status.get().label(i18n)}
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
