//! The facilitator's timer: any length, paused and resumed, extended, kept across a
//! phase change.

use super::*;

fn started(seconds: u32) -> Summit {
    let mut s = standard_in(Phase::Problems);
    s.exec(Actor::Facilitator, Command::StartTimer { seconds });
    s
}

fn timer(s: &Summit) -> &Timer {
    s.state.timer.as_ref().expect("a timer")
}

#[test]
fn any_length_in_seconds_up_to_four_hours() {
    let mut s = started(95);
    assert_eq!(timer(&s).seconds, 95);
    assert_eq!(timer(&s).left(s.now), 95_000);
    assert!(matches!(
        s.refuse(Actor::Facilitator, Command::StartTimer { seconds: 0 }),
        DomainError::TimerRange { .. }
    ));
    s.exec(
        Actor::Facilitator,
        Command::StartTimer { seconds: 4 * 3600 },
    );
}

#[test]
fn a_paused_timer_keeps_what_was_left_and_resumes_from_there() {
    let mut s = started(60);
    let events = s.exec(Actor::Facilitator, Command::PauseTimer {});
    assert_eq!(events, vec![Event::TimerPaused { left: 59_000 }]);
    assert!(timer(&s).is_paused());
    // Time passes while paused; nothing runs down.
    s.now += 600_000;
    assert_eq!(timer(&s).left(s.now), 59_000);
    assert!(s
        .exec(Actor::Facilitator, Command::PauseTimer {})
        .is_empty());
    s.exec(Actor::Facilitator, Command::ResumeTimer {});
    assert!(!timer(&s).is_paused());
    assert_eq!(timer(&s).left(s.now), 59_000);
    assert!(s
        .exec(Actor::Facilitator, Command::ResumeTimer {})
        .is_empty());
}

#[test]
fn a_timer_that_ran_out_cannot_be_paused_but_can_be_extended() {
    let mut s = started(5);
    s.now += 60_000;
    assert_eq!(timer(&s).left(s.now), 0);
    assert!(s
        .exec(Actor::Facilitator, Command::PauseTimer {})
        .is_empty());
    s.exec(Actor::Facilitator, Command::ExtendTimer { seconds: 60 });
    assert_eq!(timer(&s).left(s.now), 60_000, "a minute from now");
    assert_eq!(timer(&s).seconds, 65);
}

#[test]
fn a_minute_more_adds_to_a_running_or_a_paused_timer() {
    let mut s = started(60);
    s.exec(Actor::Facilitator, Command::ExtendTimer { seconds: 60 });
    assert_eq!(timer(&s).left(s.now), 119_000);
    s.exec(Actor::Facilitator, Command::PauseTimer {});
    s.exec(Actor::Facilitator, Command::ExtendTimer { seconds: 60 });
    assert_eq!(timer(&s).paused, Some(178_000));
}

#[test]
fn extending_stays_within_four_hours_in_all() {
    let mut s = started(4 * 3600 - 30);
    assert!(matches!(
        s.refuse(Actor::Facilitator, Command::ExtendTimer { seconds: 60 }),
        DomainError::TimerRange { .. }
    ));
    assert!(matches!(
        s.refuse(Actor::Facilitator, Command::ExtendTimer { seconds: 0 }),
        DomainError::TimerRange { .. }
    ));
    s.exec(Actor::Facilitator, Command::ExtendTimer { seconds: 30 });
}

#[test]
fn without_a_timer_there_is_nothing_to_change() {
    let mut s = standard_in(Phase::Problems);
    for command in [
        Command::PauseTimer {},
        Command::ResumeTimer {},
        Command::ExtendTimer { seconds: 60 },
        Command::KeepTimer { keep: true },
    ] {
        assert_eq!(s.refuse(Actor::Facilitator, command), DomainError::NoTimer);
    }
}

#[test]
fn only_the_facilitator_changes_the_timer() {
    let mut s = started(60);
    for command in [
        Command::PauseTimer {},
        Command::ResumeTimer {},
        Command::ExtendTimer { seconds: 60 },
        Command::KeepTimer { keep: true },
    ] {
        assert_eq!(
            s.refuse(p(Cast::ALICE), command),
            DomainError::FacilitatorOnly
        );
    }
}

#[test]
fn a_phase_change_ends_the_timer_unless_it_is_kept() {
    let mut s = started(300);
    s.advance_to(Phase::Pick);
    assert_eq!(s.state.timer, None);
    s.exec(Actor::Facilitator, Command::StartTimer { seconds: 300 });
    s.exec(Actor::Facilitator, Command::KeepTimer { keep: true });
    let before = timer(&s).clone();
    s.exec(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Problems,
        },
    );
    assert_eq!(
        s.state.timer.as_ref(),
        Some(&before),
        "the same timer runs on"
    );
    s.exec(Actor::Facilitator, Command::KeepTimer { keep: false });
    s.advance_to(Phase::Pick);
    assert_eq!(s.state.timer, None);
}
