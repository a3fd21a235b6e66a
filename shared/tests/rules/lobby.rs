//! Setting a session up: departments, settings, anonymity and the timer.

use super::*;

#[test]
fn a_session_has_two_to_eight_departments() {
    let names = ["A", "B", "C", "D", "E", "F", "G", "H", "I"];
    for n in 0..=names.len() {
        let result = create_session(&setup(&names[..n], Settings::default()), T0);
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
            T0
        ),
        Err(DomainError::DuplicateDepartment("SALES".into()))
    );
    assert_eq!(
        create_session(&setup(&["  Sales ", "sales"], Settings::default()), T0),
        Err(DomainError::DuplicateDepartment("sales".into()))
    );
    assert_eq!(
        create_session(&setup(&["Ärzte", "ÄRZTE"], Settings::default()), T0),
        Err(DomainError::DuplicateDepartment("ÄRZTE".into()))
    );
    assert_eq!(
        create_session(&setup(&["Sales", ""], Settings::default()), T0),
        Err(DomainError::Empty {
            field: "Department name"
        })
    );
    assert!(create_session(&setup(&["Sales", "Sales Ops"], Settings::default()), T0).is_ok());
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
                create_session(&setup(&["A", "B"], settings(budget, cap)), T0),
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
        assert!(create_session(&setup(&["A", "B"], settings(budget, cap)), T0).is_ok());
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

#[test]
fn anonymity_is_fixed_at_creation() {
    let mut s = standard_in(Phase::Lobby);
    let anonymous = Settings {
        anonymous: true,
        language: Default::default(),
        ..Settings::default()
    };
    assert!(matches!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: anonymous.clone()
            }
        ),
        DomainError::InvalidSettings(_)
    ));
    let mut s = standard_with(Phase::Lobby, anonymous);
    assert!(matches!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: Settings::default()
            }
        ),
        DomainError::InvalidSettings(_)
    ));
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
