//! The Plan phase: the reveal, and the action items.

use super::*;

#[test]
fn votes_are_revealed_only_on_the_move_from_vote_to_plan() {
    let mut s = standard_in(Phase::Vote);
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::BOB, Cast::I1).unwrap();
    s.vote(Cast::CAROL, Cast::I2).unwrap();
    assert_eq!(s.state.tallies, None);
    let events = s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    let tallies = BTreeMap::from([(Cast::I1, 3), (Cast::I2, 1)]);
    assert_eq!(
        events,
        vec![
            Event::PhaseChanged { phase: Phase::Plan },
            Event::VotesRevealed {
                tallies: tallies.clone()
            },
        ]
    );
    assert_eq!(s.state.tallies, Some(tallies));

    // Plan -> Closed -> Plan reveals nothing new and keeps the tallies.
    assert_eq!(
        s.exec(
            Actor::Facilitator,
            Command::SetPhase {
                phase: Phase::Closed
            }
        ),
        vec![Event::PhaseChanged {
            phase: Phase::Closed
        }]
    );
    assert_eq!(
        s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan }),
        vec![Event::PhaseChanged { phase: Phase::Plan }]
    );
    assert!(s.state.tallies.is_some());

    // Back to Vote hides them again; votes can change; the next reveal is fresh.
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Vote });
    assert_eq!(s.state.tallies, None);
    s.exec(
        p(Cast::BOB),
        Command::MoveVote {
            from: Cast::I1,
            to: Cast::I4,
        },
    );
    let events = s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    assert_eq!(
        events[1],
        Event::VotesRevealed {
            tallies: BTreeMap::from([(Cast::I1, 2), (Cast::I2, 1), (Cast::I4, 1)])
        }
    );
}

#[test]
fn action_items_are_created_updated_and_deleted() {
    let mut s = standard_in(Phase::Plan);
    let mut d = draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES);
    d.title = "  Weekly lead review ".into();
    let events = s.exec(
        Actor::Facilitator,
        Command::CreateAction { action: d.clone() },
    );
    let created = ActionItem {
        id: ActionId(1),
        title: "Weekly lead review".into(),
        problem: Cast::P_SALES,
        idea: Some(Cast::I1),
        owner: "Alice".into(),
        department: Cast::SALES,
        due: Date::new(2026, 3, 31).unwrap(),
        status: ActionStatus::Open,
    };
    assert_eq!(
        events,
        vec![Event::ActionCreated {
            action: created.clone()
        }]
    );

    // Without an idea is fine too; ids keep counting.
    let second = s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: draft(Cast::P_ENG, None, Cast::ENGINEERING),
        },
    );
    assert!(matches!(&second[..], [Event::ActionCreated { action }] if action.id == ActionId(2)));

    let mut update = d.clone();
    update.owner = "Bob".into();
    update.status = ActionStatus::InProgress;
    let events = s.exec(
        Actor::Facilitator,
        Command::UpdateAction {
            id: ActionId(1),
            action: update,
        },
    );
    let updated = ActionItem {
        owner: "Bob".into(),
        status: ActionStatus::InProgress,
        ..created.clone()
    };
    assert_eq!(events, vec![Event::ActionUpdated { action: updated }]);

    let events = s.exec(
        Actor::Facilitator,
        Command::SetActionStatus {
            id: ActionId(1),
            status: ActionStatus::Done,
        },
    );
    assert!(
        matches!(&events[..], [Event::ActionUpdated { action }] if action.status == ActionStatus::Done && action.owner == "Bob")
    );

    assert_eq!(
        s.exec(
            Actor::Facilitator,
            Command::DeleteAction { id: ActionId(1) }
        ),
        vec![Event::ActionDeleted {
            action: ActionId(1)
        }]
    );
    for command in [
        Command::DeleteAction { id: ActionId(1) },
        Command::SetActionStatus {
            id: ActionId(1),
            status: ActionStatus::Open,
        },
        Command::UpdateAction {
            id: ActionId(1),
            action: d.clone(),
        },
        Command::UpdateAction {
            id: ActionId(0),
            action: d.clone(),
        },
    ] {
        assert_eq!(
            s.refuse(Actor::Facilitator, command),
            DomainError::UnknownAction
        );
    }
    // A deleted id is never handed out again.
    let third = s.exec(Actor::Facilitator, Command::CreateAction { action: d });
    assert!(matches!(&third[..], [Event::ActionCreated { action }] if action.id == ActionId(3)));
}

#[test]
fn action_items_name_a_problem_an_idea_of_it_and_a_department() {
    let mut s = standard_in(Phase::Plan);
    let refuse = |s: &mut Summit, d: ActionDraft| {
        let create = s.refuse(
            Actor::Facilitator,
            Command::CreateAction { action: d.clone() },
        );
        (create, d)
    };
    let cases = [
        (
            draft(ProblemId(9), None, Cast::SALES),
            DomainError::UnknownProblem,
        ),
        (
            draft(Cast::P_SALES, Some(IdeaId(9)), Cast::SALES),
            DomainError::UnknownIdea,
        ),
        // I2 is an idea for the Engineering problem, not the Sales one.
        (
            draft(Cast::P_SALES, Some(Cast::I2), Cast::SALES),
            DomainError::UnknownIdea,
        ),
        (
            draft(Cast::P_SALES, Some(Cast::I1), DepartmentId(0)),
            DomainError::UnknownDepartment,
        ),
        (
            draft(Cast::P_SALES, Some(Cast::I1), DepartmentId(4)),
            DomainError::UnknownDepartment,
        ),
    ];
    for (d, expected) in cases {
        let (got, d) = refuse(&mut s, d);
        assert_eq!(got, expected, "{d:?}");
    }
    // Same validation on update.
    s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: draft(Cast::P_SALES, None, Cast::SALES),
        },
    );
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateAction {
                id: ActionId(1),
                action: draft(Cast::P_SALES, Some(Cast::I4), Cast::SALES)
            }
        ),
        DomainError::UnknownIdea
    );
    // The action's department may be any department, not only the problem's.
    s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: draft(Cast::P_SALES, Some(Cast::I1), Cast::ENGINEERING),
        },
    );
}

#[test]
fn a_departments_own_action_items_come_first_then_by_due_date() {
    let mut s = standard_in(Phase::Plan);
    let mut add = |department, month| {
        let mut d = draft(Cast::P_SALES, None, department);
        d.due = Date::new(2026, month, 1).unwrap();
        match s.exec(Actor::Facilitator, Command::CreateAction { action: d })[..] {
            [Event::ActionCreated { ref action }] => action.id,
            ref other => panic!("unexpected {other:?}"),
        }
    };
    let eng_march = add(Cast::ENGINEERING, 3);
    let sales_may = add(Cast::SALES, 5);
    let eng_january = add(Cast::ENGINEERING, 1);
    let sales_april = add(Cast::SALES, 4);
    assert_eq!(
        s.state.actions_with_first(Some(Cast::SALES)),
        vec![sales_april, sales_may, eng_january, eng_march]
    );
    assert_eq!(
        s.state.actions_with_first(None),
        vec![eng_january, eng_march, sales_april, sales_may]
    );
}
