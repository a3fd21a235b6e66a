//! Setting a session up: departments, settings, anonymity and the timer.

use super::*;

#[test]
fn a_session_has_two_to_eight_departments() {
    let names = ["A", "B", "C", "D", "E", "F", "G", "H", "I"];
    for n in 0..=names.len() {
        let result = create_session(&setup(&names[..n], Settings::default()), None, T0);
        if (2..=8).contains(&n) {
            match result {
                Ok(Event::SessionCreated { departments, .. }) => {
                    let ids: Vec<u32> = departments.iter().map(|d| d.id.0).collect();
                    assert_eq!(ids, (1..=n as u32).collect::<Vec<_>>());
                }
                other => panic!("{n}: {other:?}"),
            }
        } else {
            assert_eq!(
                result,
                Err(DomainError::DepartmentCount { min: 2, max: 8 }),
                "{n}"
            );
        }
    }
}

#[test]
fn department_names_must_differ_ignoring_case() {
    assert_eq!(
        create_session(
            &setup(&["Sales", "Support", "SALES"], Settings::default()),
            None,
            T0
        ),
        Err(DomainError::DuplicateDepartment("SALES".into()))
    );
    assert_eq!(
        create_session(
            &setup(&["  Sales ", "sales"], Settings::default()),
            None,
            T0
        ),
        Err(DomainError::DuplicateDepartment("sales".into()))
    );
    assert_eq!(
        create_session(&setup(&["Ärzte", "ÄRZTE"], Settings::default()), None, T0),
        Err(DomainError::DuplicateDepartment("ÄRZTE".into()))
    );
    assert_eq!(
        create_session(&setup(&["Sales", ""], Settings::default()), None, T0),
        Err(DomainError::Empty {
            field: "Department name"
        })
    );
    assert!(create_session(
        &setup(&["Sales", "Sales Ops"], Settings::default()),
        None,
        T0
    )
    .is_ok());
}

#[test]
fn renaming_a_department_keeps_names_distinct() {
    let mut s = standard_in(Phase::Lobby);
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::RenameDepartment {
                department: Cast::SALES,
                name: "support".into()
            }
        ),
        DomainError::DuplicateDepartment("support".into())
    );
    // Re-casing its own name is fine.
    s.exec(
        Actor::Facilitator,
        Command::RenameDepartment {
            department: Cast::SALES,
            name: "SALES".into(),
        },
    );
    assert_eq!(s.state.department_name(Cast::SALES), "SALES");
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::RenameDepartment {
                department: DepartmentId(9),
                name: "New".into()
            }
        ),
        DomainError::UnknownDepartment
    );
}

#[test]
fn settings_are_validated_on_creation_and_update() {
    let invalid = [(0, 0), (0, 1), (51, 3), (5, 0), (5, 6), (1, 2)];
    let valid = [(1, 1), (50, 50), (50, 1), (5, 5), (5, 3)];
    for (budget, cap) in invalid {
        assert!(
            matches!(
                create_session(&setup(&["A", "B"], settings(budget, cap)), None, T0),
                Err(DomainError::InvalidSettings(_))
            ),
            "{budget}/{cap}"
        );
        let mut s = standard_in(Phase::Lobby);
        assert!(matches!(
            s.refuse(
                Actor::Facilitator,
                Command::UpdateSettings {
                    settings: settings(budget, cap)
                }
            ),
            DomainError::InvalidSettings(_)
        ));
    }
    for (budget, cap) in valid {
        assert!(create_session(&setup(&["A", "B"], settings(budget, cap)), None, T0).is_ok());
        let mut s = standard_in(Phase::Ideas);
        assert_eq!(
            s.exec(
                Actor::Facilitator,
                Command::UpdateSettings {
                    settings: settings(budget, cap)
                }
            ),
            vec![Event::SettingsChanged {
                settings: settings(budget, cap)
            }]
        );
        assert_eq!(s.state.settings, settings(budget, cap));
    }
}

/// Named, anonymous until Plan, anonymous: a session may become stricter, never
/// looser than it promised.
#[test]
fn anonymity_only_gets_stricter() {
    let mode = |anonymous, names_at_plan| Settings {
        anonymous,
        names_at_plan,
        ..Settings::default()
    };
    let update = |settings| Command::UpdateSettings { settings };
    let looser = DomainError::InvalidSettings(SettingsProblem::AnonymityLooser);
    let mut s = standard_in(Phase::Problems);
    // Named to anonymous until Plan: the names shown so far are withdrawn.
    assert_eq!(
        s.exec(Actor::Facilitator, update(mode(true, true))),
        vec![
            Event::SettingsChanged {
                settings: mode(true, true)
            },
            Event::NamesHidden
        ]
    );
    assert_eq!(
        s.refuse(Actor::Facilitator, update(mode(false, false))),
        looser
    );
    // Until Plan to anonymous to the end: nothing more to withdraw.
    assert_eq!(
        s.exec(Actor::Facilitator, update(mode(true, false))),
        vec![Event::SettingsChanged {
            settings: mode(true, false)
        }]
    );
    assert_eq!(
        s.refuse(Actor::Facilitator, update(mode(true, true))),
        looser
    );
    assert!(s.state.names_hidden());
}

/// Anonymous until Plan: the names appear with the tallies, for each viewer on the
/// cards they may see, and stay shown.
#[test]
fn names_appear_with_the_tallies_when_promised() {
    let until_plan = Settings {
        anonymous: true,
        names_at_plan: true,
        ..Settings::default()
    };
    let mut s = standard_with(Phase::Vote, until_plan);
    let alice = Viewer::Participant(Cast::ALICE);
    assert_eq!(s.state.view_for(alice).ideas[&Cast::I1].author, None);
    let events = s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    assert!(matches!(events.last(), Some(Event::NamesRevealed { .. })));
    assert!(!s.state.names_hidden());
    assert_eq!(
        s.state.view_for(alice).ideas[&Cast::I1].author,
        Some(Cast::CAROL)
    );
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Vote });
    assert!(!s.state.names_hidden(), "shown names stay shown");
    // Anonymous to the end: never.
    let mut s = standard_with(
        Phase::Vote,
        Settings {
            anonymous: true,
            ..Settings::default()
        },
    );
    let events = s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    assert!(!events
        .iter()
        .any(|e| matches!(e, Event::NamesRevealed { .. })));
}

#[test]
fn timers_run_from_one_second_to_four_hours() {
    let mut s = standard_in(Phase::Problems);
    for seconds in [0, limits::TIMER_MAX_SECONDS + 1, u32::MAX] {
        assert_eq!(
            s.refuse(Actor::Facilitator, Command::StartTimer { seconds }),
            DomainError::TimerRange { max: 14_400 }
        );
    }
    assert_eq!(
        s.exec(Actor::Facilitator, Command::ClearTimer {}),
        vec![],
        "no timer to clear"
    );
    let events = s.exec(Actor::Facilitator, Command::StartTimer { seconds: 90 });
    assert_eq!(
        events,
        vec![Event::TimerStarted {
            ends_at: s.now + 90_000,
            seconds: 90
        }]
    );
    s.exec(
        Actor::Facilitator,
        Command::StartTimer {
            seconds: limits::TIMER_MAX_SECONDS,
        },
    );
    assert_eq!(
        s.exec(Actor::Facilitator, Command::ClearTimer {}),
        vec![Event::TimerCleared]
    );
    assert_eq!(s.state.timer, None);
    s.exec(Actor::Facilitator, Command::StartTimer { seconds: 1 });
    // A phase change stops the timer.
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Pick });
    assert_eq!(s.state.timer, None);
}
