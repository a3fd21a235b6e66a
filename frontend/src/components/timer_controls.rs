//! The facilitator's timer: presets (1, 3, 5, 10 minutes), any length in minutes and
//! seconds, pause and resume, a minute more, stop, and whether it runs on into the
//! next phase. Each control is shown when the rules would accept it; the card is
//! gone once the summit is closed.

use crate::components::timer::{ticking, timer_label, timer_left};
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use std::time::Duration;
use summit_shared::Command;

const PRESETS: [u32; 4] = [60, 180, 300, 600];

/// A typed number of minutes or seconds (empty is 0; anything else unreadable is
/// `None`, so the form says so instead of guessing).
fn field(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        Some(0)
    } else {
        text.parse().ok()
    }
}

#[component]
pub fn TimerControls() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    // A few ticks a second, as the phase bar's countdown, so the shown second turns
    // over on time.
    let now = ticking(Duration::from_millis(250));
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

    let minutes = RwSignal::new("5".to_owned());
    let seconds = RwSignal::new("0".to_owned());
    let length = move || {
        let (m, s) = (field(&minutes.get())?, field(&seconds.get())?);
        m.checked_mul(60)?.checked_add(s)
    };
    let custom_error = move || {
        let Some(total) = length() else {
            return Some(lang::domain_error(
                i18n,
                &summit_shared::DomainError::TimerRange {
                    max: summit_shared::limits::TIMER_MAX_SECONDS,
                },
            ));
        };
        live.why_not(|s, actor| s.may_start_timer(actor, total).err())
            .map(|e| lang::domain_error(i18n, &e))
    };
    let start_custom = move || {
        if let (Some(total), None) = (length(), custom_error()) {
            live.send(Command::StartTimer { seconds: total });
        }
    };

    let left = move || timer_left(live, now.get());
    // The readout changes once a second, whether it runs or is paused only when the
    // timer does: the rules are not asked at every tick.
    let readout = Memo::new(move |_| timer_label(i18n, left()));
    let state = Memo::new(move |_| left().map(|(ms, paused)| (ms > 0, paused)));
    let active = Memo::new(move |_| state.get().is_some_and(|(some_left, _)| some_left));
    let changeable = move || live.may(|s, actor| s.may_change_timer(actor).is_ok());
    let may_pause = move || {
        state
            .get()
            .is_some_and(|(some_left, paused)| !paused && some_left)
            && changeable()
    };
    let may_resume = move || state.get().is_some_and(|(_, paused)| paused) && changeable();
    let may_extend = move || live.may(|s, actor| s.may_extend_timer(actor, 60).is_ok());
    let keep = move || live.with(|s| s.timer.as_ref().is_some_and(|t| t.keep));
    // A closed summit has no timer to run: the card goes rather than show its
    // controls disabled, each with the same refusal.
    let closed = move || {
        live.why_not(|s, actor| s.may_start_timer(actor, 60).err())
            .is_some_and(|e| matches!(e, summit_shared::DomainError::Closed))
    };
    view! {
        <section class="card timer-card" aria-labelledby="timer-heading" hidden=closed>
            // The time left beside the controls that change it: the phase bar's
            // countdown is out of sight once the console is scrolled.
            <div class="timer-head">
                <span class="muted small" id="timer-heading">{crate::tr!(i18n, console.timer)}</span>
                <strong class="timer-readout" data-testid="timer-readout">{move || readout.get()}</strong>
            </div>
            <div class="button-row" hidden=move || !changeable()>
                <button
                    class="btn btn-small"
                    data-testid="timer-pause"
                    hidden=move || !may_pause()
                    on:click=move |_| live.send(Command::PauseTimer {})
                >
                    {crate::tr!(i18n, console.timer_pause)}
                </button>
                <button
                    class="btn btn-small"
                    data-testid="timer-resume"
                    hidden=move || !may_resume()
                    on:click=move |_| live.send(Command::ResumeTimer {})
                >
                    {crate::tr!(i18n, console.timer_resume)}
                </button>
                <button
                    class="btn btn-small"
                    data-testid="timer-add-minute"
                    disabled=move || !may_extend()
                    on:click=move |_| live.send(Command::ExtendTimer { seconds: 60 })
                >
                    {crate::tr!(i18n, console.timer_add_minute)}
                </button>
                <button
                    class="btn btn-small danger"
                    data-testid="timer-stop"
                    on:click=move |_| live.send(Command::ClearTimer {})
                >
                    {crate::tr!(i18n, console.timer_stop)}
                </button>
            </div>
            // While a timer has time left, what changes it comes first and starting
            // another is one line: the presets and fields would crowd the card.
            <details class="timer-new" prop:open=move || !active.get()>
                <summary hidden=move || !active.get() data-testid="timer-new">
                    {crate::tr!(i18n, console.timer_another)}
                </summary>
                <div class="button-row">{presets}</div>
                <form
                    class="timer-custom"
                    data-testid="timer-custom"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        start_custom();
                    }
                >
                    <label>
                        <span>{crate::tr!(i18n, console.timer_minutes_field)}</span>
                        <input
                            type="number" min="0" max="240" inputmode="numeric"
                            data-testid="timer-minutes"
                            prop:value=move || minutes.get()
                            on:input=move |ev| minutes.set(event_target_value(&ev))
                        />
                    </label>
                    <label>
                        <span>{crate::tr!(i18n, console.timer_seconds_field)}</span>
                        <input
                            type="number" min="0" max="59" inputmode="numeric"
                            data-testid="timer-seconds"
                            prop:value=move || seconds.get()
                            on:input=move |ev| seconds.set(event_target_value(&ev))
                        />
                    </label>
                    <button
                        class="btn btn-small btn-primary"
                        type="submit"
                        data-testid="timer-start-custom"
                        disabled=move || custom_error().is_some()
                    >
                        {crate::tr!(i18n, console.timer_start)}
                    </button>
                    <span class="field-error" role="alert">{custom_error}</span>
                </form>
            </details>
            <label class="check" hidden=move || !changeable()>
                <input
                    type="checkbox"
                    data-testid="timer-keep"
                    prop:checked=keep
                    on:change=move |ev| live.send(Command::KeepTimer { keep: event_target_checked(&ev) })
                />
                <span>{crate::tr!(i18n, console.timer_keep)}</span>
            </label>
        </section>
    }
}
