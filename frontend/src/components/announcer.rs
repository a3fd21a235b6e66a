//! What a screen reader says of the room, through one polite live region: the phase
//! changes, how many new problems and ideas arrived, the person's votes left after
//! each vote, the reveal, one minute left and time up.
//!
//! A busy room must not flood it: new cards are counted and said at most once every
//! few seconds as one sentence ("4 new ideas"), votes left once the person stops
//! clicking, and a newer sentence replaces one not yet read.

use crate::components::timer::{chime, timer_left};
use crate::i18n::*;
use crate::lang;
use crate::live::{now_ms, use_live};
use leptos::prelude::*;
use std::time::Duration;
use summit_shared::Phase;

/// How long new cards are gathered before they are announced together.
const CARDS_EVERY: Duration = Duration::from_secs(5);
/// How long after the last vote its result is announced.
const VOTES_AFTER: Duration = Duration::from_millis(800);

/// The live region; place it once on a session page.
pub fn announcer() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let said = RwSignal::new(String::new());

    // Phase changes, and the reveal when voting ends.
    let phase = Memo::new(move |_| live.with(|s| s.phase));
    Effect::new(move |before: Option<Phase>| {
        let now = phase.get();
        if before.is_some_and(|b| b != now) {
            let mut text = t_string!(
                i18n,
                common.announce_phase,
                phase = lang::phase_name(i18n, now)
            )
            .to_string();
            if before == Some(Phase::Vote) && now == Phase::Plan {
                text = format!("{text}. {}", t_string!(i18n, common.announce_reveal));
            }
            said.set(text);
        }
        now
    });

    // New cards, gathered.
    let counts =
        Memo::new(move |_| live.with(|s| (s.live_problems().count(), s.live_ideas().count())));
    let announced = StoredValue::new(None::<(usize, usize)>);
    let pending = StoredValue::new(false);
    Effect::new(move |_| {
        let now = counts.get();
        if !live.loaded.get() {
            return;
        }
        if announced.get_value().is_none() {
            announced.set_value(Some(now));
            return;
        }
        if pending.get_value() {
            return;
        }
        pending.set_value(true);
        set_timeout(
            move || {
                pending.set_value(false);
                // Gone meanwhile (its page left, its widget removed): nothing to say.
                let Some((problems, ideas)) = counts.try_get_untracked() else {
                    return;
                };
                let (p0, i0) = announced.get_value().unwrap_or((problems, ideas));
                announced.set_value(Some((problems, ideas)));
                let new_problems = problems.saturating_sub(p0);
                let new_ideas = ideas.saturating_sub(i0);
                let mut parts = Vec::new();
                if new_problems > 0 {
                    parts.push(
                        t_string!(
                            i18n,
                            common.announce_new_problems,
                            count = lang::count(new_problems)
                        )
                        .to_string(),
                    );
                }
                if new_ideas > 0 {
                    parts.push(
                        t_string!(
                            i18n,
                            common.announce_new_ideas,
                            count = lang::count(new_ideas)
                        )
                        .to_string(),
                    );
                }
                if !parts.is_empty() {
                    said.set(parts.join(". "));
                }
            },
            CARDS_EVERY,
        );
    });

    // The person's own votes left, once they stop clicking.
    let left = Memo::new(move |_| live.me_id().map(|m| live.with(|s| s.votes_left(m))));
    let vote_round = StoredValue::new(0u32);
    Effect::new(move |before: Option<Option<u32>>| {
        let now = left.get();
        if let (Some(Some(_)), Some(count)) = (before, now) {
            if before != Some(now) {
                let round = vote_round.get_value() + 1;
                vote_round.set_value(round);
                set_timeout(
                    move || {
                        // Gone (its page left) reads as another round.
                        if vote_round.try_get_value() == Some(round) {
                            said.set(
                                t_string!(i18n, common.announce_votes_left, count = count)
                                    .to_string(),
                            );
                        }
                    },
                    VOTES_AFTER,
                );
            }
        }
        now
    });

    // One minute left, and time up: checked each second while a timer runs (a
    // paused one says nothing). Time up also chimes, unless this device muted it.
    // None until a running timer was seen: a timer started with 30 s does not say
    // "one minute left".
    let stage = StoredValue::new(None::<u8>);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let Some((left_ms, paused)) = untrack(|| timer_left(live, now_ms())) else {
                stage.set_value(None);
                return;
            };
            if paused {
                return;
            }
            let now_stage = if left_ms <= 0 {
                2
            } else if left_ms <= 60_000 {
                1
            } else {
                0
            };
            let before = stage.get_value();
            stage.set_value(Some(now_stage));
            if before.is_some_and(|b| now_stage > b) {
                if now_stage == 2 {
                    chime();
                }
                said.set(
                    if now_stage == 2 {
                        t_string!(i18n, common.announce_time_up)
                    } else {
                        t_string!(i18n, common.announce_one_minute)
                    }
                    .to_owned(),
                );
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    view! {
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
            {move || said.get()}
        </div>
    }
}
