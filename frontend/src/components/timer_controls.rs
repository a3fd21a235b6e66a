//! Timer presets for the facilitator (1, 3, 5, 10 minutes) and Stop.

use crate::live::Live;
use leptos::prelude::*;
use summit_shared::Command;

const PRESETS: [(u32, &str); 4] = [
    (60, "1 min"),
    (180, "3 min"),
    (300, "5 min"),
    (600, "10 min"),
];

#[component]
pub fn TimerControls(live: Live) -> impl IntoView {
    let running = move || live.with(|s| s.timer.is_some());
    let presets = PRESETS
        .into_iter()
        .map(|(seconds, label)| {
            view! {
                <button
                    class="btn btn-small"
                    data-testid=format!("timer-start-{seconds}")
                    on:click=move |_| live.send(Command::StartTimer { seconds })
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="card timer-card">
            <span class="muted small">"Timer"</span>
            <div class="button-row">
                {presets}
                <button
                    class="btn btn-small danger"
                    data-testid="timer-stop"
                    disabled=move || !running()
                    on:click=move |_| live.send(Command::ClearTimer {})
                >
                    "Stop"
                </button>
            </div>
        </section>
    }
}
