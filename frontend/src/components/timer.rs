//! Countdown of the facilitator's timer, in server time (corrected for clock skew).

use crate::components::erased::show;
use crate::i18n::*;
use crate::live::{now_ms, use_live};
use leptos::prelude::*;
use std::time::Duration;

fn format_remaining(ms: i64) -> String {
    let secs = (ms.max(0) + 999) / 1000;
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[component]
pub fn Timer() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    // Local clock, ticked a few times a second; the offset maps it to server time.
    let now = RwSignal::new(now_ms());
    if let Ok(handle) =
        set_interval_with_handle(move || now.set(now_ms()), Duration::from_millis(250))
    {
        on_cleanup(move || handle.clear());
    }
    let ends_at = Memo::new(move |_| live.with(|s| s.timer.as_ref().map(|t| t.ends_at)));
    let remaining = move || {
        ends_at
            .get()
            .map(|end| end - (now.get() + live.clock_offset.get()))
            .unwrap_or(0)
    };
    // Only the text and class tick; the element itself stays while the timer runs.
    let label = Memo::new(move |_| {
        let ms = remaining();
        if ms <= 0 {
            t_string!(i18n, board.time_up).to_owned()
        } else {
            format_remaining(ms)
        }
    });
    let class = move || {
        let ms = remaining();
        if ms <= 0 {
            "timer timer-done"
        } else if ms <= 30_000 {
            "timer timer-low"
        } else {
            "timer"
        }
    };
    view! {
        {show(
            move || ends_at.get().is_some(),
            move || view! {
                <span class=class data-testid="timer" role="timer" aria-label=move || t_string!(i18n, board.time_left)>
                    <span class="timer-icon" aria-hidden="true">"⏱ "</span>
                    {move || label.get()}
                </span>
            },
            || (),
        )}
    }
}
