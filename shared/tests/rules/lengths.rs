//! Text limits, counted in characters (never bytes).

use super::*;

#[test]
fn the_test_character_is_four_bytes() {
    assert_eq!(EMOJI.len(), 4);
    assert_eq!(EMOJI.chars().count(), 1);
}

#[test]
fn session_title_limit_counts_characters() {
    let mut ok = setup(&["A", "B"], Settings::default());
    ok.title = emoji(limits::TITLE_MAX);
    match create_session(&ok, None, T0).unwrap() {
        Event::SessionCreated { title, .. } => assert_eq!(title, emoji(120)),
        other => panic!("{other:?}"),
    }
    let mut long = ok.clone();
    long.title = emoji(limits::TITLE_MAX + 1);
    assert_eq!(
        create_session(&long, None, T0),
        Err(DomainError::TooLong {
            field: "Title",
            max: 120,
            actual: 121
        })
    );
    // Surrounding whitespace does not count.
    let mut padded = ok.clone();
    padded.title = format!("   {}\t ", emoji(120));
    assert!(create_session(&padded, None, T0).is_ok());
    let mut blank = ok;
    blank.title = " \t ".into();
    assert_eq!(
        create_session(&blank, None, T0),
        Err(DomainError::Empty { field: "Title" })
    );
}

#[test]
fn display_name_limit_counts_characters() {
    let mut s = standard_in(Phase::Lobby);
    let events = s.exec(
        Actor::Guest,
        Command::Join {
            name: emoji(limits::NAME_MAX),
            department: Cast::SALES,
        },
    );
    match events.as_slice() {
        [Event::ParticipantJoined { participant }] => assert_eq!(participant.name, emoji(60)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        s.refuse(
            Actor::Guest,
            Command::Join {
                name: emoji(limits::NAME_MAX + 1),
                department: Cast::SALES
            }
        ),
        DomainError::TooLong {
            field: "Display name",
            max: 60,
            actual: 61
        }
    );
    assert_eq!(
        s.refuse(
            Actor::Guest,
            Command::Join {
                name: "\u{7}  ".into(),
                department: Cast::SALES
            }
        ),
        DomainError::Empty {
            field: "Display name"
        }
    );
    assert_eq!(
        s.refuse(
            Actor::Guest,
            Command::Join {
                name: "Eve".into(),
                department: DepartmentId(4)
            }
        ),
        DomainError::UnknownDepartment
    );
}

#[test]
fn department_name_limit_counts_characters() {
    let mut s = standard_in(Phase::Lobby);
    s.exec(
        Actor::Facilitator,
        Command::RenameDepartment {
            department: Cast::SALES,
            name: emoji(limits::DEPARTMENT_NAME_MAX),
        },
    );
    assert_eq!(s.state.department_name(Cast::SALES), emoji(60));
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::RenameDepartment {
                department: Cast::SALES,
                name: emoji(limits::DEPARTMENT_NAME_MAX + 1)
            }
        ),
        DomainError::TooLong {
            field: "Department name",
            max: 60,
            actual: 61
        }
    );
    let names: Vec<String> = vec![emoji(61), "B".into()];
    let setup = SessionSetup {
        title: "t".into(),
        departments: names,
        settings: Settings::default(),
        carry_from: None,
    };
    assert_eq!(
        create_session(&setup, None, T0),
        Err(DomainError::TooLong {
            field: "Department name",
            max: 60,
            actual: 61
        })
    );
}

#[test]
fn text_limit_counts_characters_for_problems_and_ideas() {
    let mut s = standard_in(Phase::Problems);
    let id = s.submit_problem(Cast::BOB, &emoji(limits::TEXT_MAX));
    assert_eq!(s.state.problems[&id].text.chars().count(), 1000);
    assert_eq!(s.state.problems[&id].text.len(), 4000);
    assert_eq!(
        s.refuse(
            p(Cast::BOB),
            Command::SubmitProblem {
                text: emoji(limits::TEXT_MAX + 1)
            }
        ),
        DomainError::TooLong {
            field: "Text",
            max: 1000,
            actual: 1001
        }
    );
    assert_eq!(
        s.refuse(
            p(Cast::BOB),
            Command::SubmitProblem {
                text: " \n\t ".into()
            }
        ),
        DomainError::Empty { field: "Text" }
    );

    let mut s = standard_in(Phase::Ideas);
    s.submit_idea(Cast::CAROL, Cast::P_SALES, &emoji(limits::TEXT_MAX));
    assert_eq!(
        s.refuse(
            p(Cast::CAROL),
            Command::SubmitIdea {
                problem: Cast::P_SALES,
                text: emoji(limits::TEXT_MAX + 1)
            }
        ),
        DomainError::TooLong {
            field: "Text",
            max: 1000,
            actual: 1001
        }
    );
}

#[test]
fn action_title_and_owner_limits_count_characters() {
    let mut s = standard_in(Phase::Plan);
    let mut d = draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES);
    d.title = emoji(limits::TITLE_MAX);
    d.owner = emoji(limits::OWNER_MAX);
    s.exec(
        Actor::Facilitator,
        Command::CreateAction { action: d.clone() },
    );
    let mut long_title = d.clone();
    long_title.title = emoji(limits::TITLE_MAX + 1);
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::CreateAction { action: long_title }
        ),
        DomainError::TooLong {
            field: "Action title",
            max: 120,
            actual: 121
        }
    );
    let mut long_owner = d.clone();
    long_owner.owner = emoji(limits::OWNER_MAX + 1);
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateAction {
                id: ActionId(1),
                action: long_owner
            }
        ),
        DomainError::TooLong {
            field: "Owner",
            max: 60,
            actual: 61
        }
    );
    let mut no_owner = d;
    no_owner.owner = "  ".into();
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::CreateAction { action: no_owner }
        ),
        DomainError::Empty { field: "Owner" }
    );
}
