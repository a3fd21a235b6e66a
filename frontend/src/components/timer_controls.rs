//! Timer presets for the facilitator (1, 3, 5, 10 minutes) and Stop.

use crate::i18n::*;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::Command;

const PRESETS: [u32; 4] = [60, 180, 300, 600];

#[component]
pub fn TimerControls() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    // Stop is for a running timer, and the facilitator may stop it.
    let stoppable = move || {
        live.with(|s| s.timer.is_some()) && live.may(|s, actor| s.may_facilitate(actor).is_ok())
    };
    let presets = PRESETS
        .into_iter()
        .map(|seconds| {
            view! {
                <button
                    class="btn btn-small"
                    data-testid=format!("timer-start-{seconds}")
                    disabled=move || !live.may(|s, actor| s.may_start_timer(actor, seconds).is_ok())
                    on:click=move |_| live.send(Command::StartTimer { seconds })
                >
                    {t!(i18n, console.timer_minutes, count = move || seconds / 60)}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="card timer-card">
            <span class="muted small">{crate::tr!(i18n, console.timer)}</span>
            <div class="button-row">
                {presets}
                <button
                    class="btn btn-small danger"
                    data-testid="timer-stop"
                    disabled=move || !stoppable()
                    on:click=move |_| live.send(Command::ClearTimer {})
                >
                    {crate::tr!(i18n, console.timer_stop)}
                </button>
            </div>
        </section>
    }
}
