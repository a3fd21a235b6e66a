//! Timer presets for the facilitator (1, 3, 5, 10 minutes) and Stop.

use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::Command;

const PRESETS: [(u32, &str); 4] = [
    (60, "1 min"),
    (180, "3 min"),
    (300, "5 min"),
    (600, "10 min"),
];

#[component]
pub fn TimerControls() -> impl IntoView {
    let live = use_live();
    // Stop is for a running timer, and the facilitator may stop it.
    let stoppable = move || {
        live.with(|s| s.timer.is_some()) && live.may(|s, actor| s.may_facilitate(actor).is_ok())
    };
    let presets = PRESETS
        .into_iter()
        .map(|(seconds, label)| {
            view! {
                <button
                    class="btn btn-small"
                    data-testid=format!("timer-start-{seconds}")
                    disabled=move || !live.may(|s, actor| s.may_start_timer(actor, seconds).is_ok())
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
                    disabled=move || !stoppable()
                    on:click=move |_| live.send(Command::ClearTimer {})
                >
                    "Stop"
                </button>
            </div>
        </section>
    }
}
