//! Countdown of the facilitator's timer, in server time (corrected for clock skew):
//! running, paused, or run out (a visual signal, and a short sound unless this
//! device muted it).

use crate::components::erased::show;
use crate::i18n::*;
use crate::lang::I18n;
use crate::live::{now_ms, use_live, Live};
use crate::storage;
use leptos::prelude::*;
use std::time::Duration;

fn format_remaining(ms: i64) -> String {
    let secs = (ms.max(0) + 999) / 1000;
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Milliseconds left on the session's timer at `local_now` (this device's clock),
/// and whether it is paused; `None` without a timer (tracked).
pub fn timer_left(live: Live, local_now: i64) -> Option<(i64, bool)> {
    let server_now = local_now + live.clock_offset.get();
    live.with(|s| {
        s.timer
            .as_ref()
            .map(|t| (t.left(server_now), t.is_paused()))
    })
}

/// A signal of this device's clock, ticked every `every` while the caller lives.
pub fn ticking(every: Duration) -> RwSignal<i64> {
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), every) {
        on_cleanup(move || handle.clear());
    }
    now
}

/// What the timer shows: "4:59", "1:29 · Paused" or "Time's up" (empty without one).
pub fn timer_label(i18n: I18n, left: Option<(i64, bool)>) -> String {
    match left {
        Some((ms, true)) => format!(
            "{} · {}",
            format_remaining(ms),
            t_string!(i18n, board.timer_paused)
        ),
        Some((ms, false)) if ms > 0 => format_remaining(ms),
        Some(_) => t_string!(i18n, board.time_up).to_owned(),
        None => String::new(),
    }
}

#[component]
pub fn Timer() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    // A few ticks a second, so the shown second turns over on time.
    let now = ticking(Duration::from_millis(250));
    let left = move || timer_left(live, now.get());
    let running = Memo::new(move |_| live.with(|s| s.timer.is_some()));
    // Only the text and class tick; the element itself stays while the timer runs.
    let label = Memo::new(move |_| timer_label(i18n, left()));
    let class = move || match left() {
        Some((_, true)) => "timer timer-paused",
        Some((ms, false)) if ms <= 0 => "timer timer-done",
        Some((ms, false)) if ms <= 30_000 => "timer timer-low",
        _ => "timer",
    };
    view! {
        {show(
            move || running.get(),
            move || view! {
                <span class="timer-group">
                    <span class=class data-testid="timer" role="timer" aria-label=move || t_string!(i18n, board.time_left)>
                        <span class="timer-icon" aria-hidden="true"><span class="icon icon-stopwatch"></span>" "</span>
                        {move || label.get()}
                    </span>
                    <SoundToggle />
                </span>
            },
            || (),
        )}
    }
}

/// Whether this device plays a sound when time is up (not on the projector: it has
/// no one to press it, and a browser plays no sound for a page nobody touched).
#[component]
fn SoundToggle() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let on = RwSignal::new(storage::sound_on());
    view! {
        {show(
            move || live.actor().is_some(),
            move || view! {
                <button
                    type="button"
                    class="btn-icon sound-toggle"
                    data-testid="timer-sound"
                    aria-pressed=move || on.get().to_string()
                    aria-label=move || t_string!(i18n, board.timer_sound)
                    title=move || t_string!(i18n, board.timer_sound)
                    on:click=move |_| {
                        let next = !on.get_untracked();
                        storage::set_sound_on(next);
                        on.set(next);
                    }
                >
                    // Drawn by style.css: an emoji shows as an empty box on a device
                    // without an emoji font.
                    <span
                        class=move || if on.get() { "icon icon-bell" } else { "icon icon-bell icon-bell-off" }
                        aria-hidden="true"
                    ></span>
                </button>
            },
            || (),
        )}
    }
}

/// A short chime, unless this device muted it. Browsers refuse sound on a page the
/// person never interacted with; then nothing plays and the visual signal remains.
pub fn chime() {
    if !storage::sound_on() {
        return;
    }
    let Ok(ctx) = web_sys::AudioContext::new() else {
        return;
    };
    let (Ok(tone), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
        return;
    };
    let start = ctx.current_time();
    tone.frequency().set_value(880.0);
    let level = gain.gain();
    let _ = level.set_value_at_time(0.2, start);
    let _ = level.exponential_ramp_to_value_at_time(0.001, start + 0.8);
    let _ = tone.connect_with_audio_node(&gain);
    let _ = gain.connect_with_audio_node(&ctx.destination());
    let _ = tone.start();
    let _ = tone.stop_with_when(start + 0.8);
    // One context per chime, closed once it has played (browsers cap how many exist).
    set_timeout(
        move || {
            let _ = ctx.close();
        },
        Duration::from_secs(2),
    );
}
