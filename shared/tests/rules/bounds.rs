//! A session's bounds: participants, problems and ideas per person, cards and action
//! items per session. Each is refused one past its bound, with its own reason, and a
//! withdrawn problem or idea frees its author's share (not the session's cards).

use super::*;

/// The standard session (see `common`) in `phase`, then with these bounds (the
/// server sets them when it loads a session).
fn bounded(phase: Phase, bounds: limits::Bounds) -> Summit {
    let mut s = standard_in(phase);
    s.state.bounds = bounds;
    s
}

fn small() -> limits::Bounds {
    limits::Bounds {
        participants: 5,
        problems_per_participant: 2,
        ideas_per_participant: 2,
        cards: 100,
        actions: 2,
    }
}

#[test]
fn a_full_session_takes_no_one_else() {
    // Four have joined the standard session.
    let mut s = bounded(Phase::Lobby, small());
    assert!(s.state.has_room(), "four of five places taken");
    s.join("Erin", 1);
    assert!(!s.state.has_room(), "five of five places taken");
    let join = Command::Join {
        name: "Frank".into(),
        department: DepartmentId(1),
    };
    assert_eq!(
        s.refuse(Actor::Guest, join),
        DomainError::ParticipantLimit { max: 5 }
    );
    assert_eq!(s.state.participants.len(), 5);
}

#[test]
fn each_person_has_a_share_of_problems_and_a_withdrawal_frees_one() {
    let mut s = bounded(Phase::Problems, small());
    let first = s.submit_problem(Cast::BOB, "One");
    s.submit_problem(Cast::BOB, "Two");
    assert_eq!(s.state.problems_left(Cast::BOB), 0);
    let third = Command::SubmitProblem {
        text: "Three".into(),
    };
    assert_eq!(
        s.refuse(p(Cast::BOB), third.clone()),
        DomainError::ProblemLimit { max: 2 }
    );
    // Another person's share is their own.
    assert_eq!(s.state.problems_left(Cast::CAROL), 1);
    s.exec(p(Cast::BOB), Command::WithdrawProblem { problem: first });
    assert_eq!(s.state.problems_left(Cast::BOB), 1);
    s.exec(p(Cast::BOB), third);
}

#[test]
fn each_person_has_a_share_of_ideas() {
    let mut s = bounded(Phase::Ideas, small());
    s.submit_idea(Cast::DAVE, Cast::P_ENG, "One");
    assert_eq!(s.state.ideas_left(Cast::DAVE), 1);
    s.submit_idea(Cast::DAVE, Cast::P_SALES, "Two");
    assert_eq!(s.state.ideas_left(Cast::DAVE), 0);
    let more = Command::SubmitIdea {
        problem: Cast::P_SALES,
        text: "More".into(),
    };
    assert_eq!(
        s.refuse(p(Cast::DAVE), more),
        DomainError::IdeaLimit { max: 2 }
    );
}

#[test]
fn the_session_holds_so_many_cards_withdrawn_ones_included() {
    let bounds = limits::Bounds {
        cards: 5,
        ..limits::Bounds::default()
    };
    let mut s = bounded(Phase::Problems, bounds);
    let extra = s.submit_problem(Cast::BOB, "Four");
    s.exec(p(Cast::BOB), Command::WithdrawProblem { problem: extra });
    s.submit_problem(Cast::BOB, "Five");
    assert_eq!(s.state.cards_left(), 0);
    // What each person is told is left is bounded by the session's room.
    assert_eq!(s.state.problems_left(Cast::CAROL), 0);
    let refused = s.refuse(
        p(Cast::CAROL),
        Command::SubmitProblem { text: "Six".into() },
    );
    assert_eq!(refused, DomainError::CardLimit { max: 5 });
    assert!(refused.is_limit());
}

#[test]
fn the_plan_holds_so_many_action_items() {
    let mut s = bounded(Phase::Plan, small());
    for _ in 0..2 {
        s.exec(
            Actor::Facilitator,
            Command::CreateAction {
                action: draft(Cast::P_SALES, None, Cast::SALES),
            },
        );
    }
    let action = Command::CreateAction {
        action: draft(Cast::P_SALES, None, Cast::SALES),
    };
    assert_eq!(
        s.refuse(Actor::Facilitator, action),
        DomainError::ActionLimit { max: 2 }
    );
    // Deleting one makes room again.
    s.exec(
        Actor::Facilitator,
        Command::DeleteAction { id: ActionId(1) },
    );
    s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: draft(Cast::P_SALES, None, Cast::SALES),
        },
    );
}
