//! The Pick phase: support within one's own department, the facilitator's pick.

use super::*;

#[test]
fn support_is_for_ones_own_departments_problems() {
    let mut s = standard_in(Phase::Pick);
    assert_eq!(
        s.refuse(
            p(Cast::CAROL),
            Command::SupportProblem {
                problem: Cast::P_SALES,
                support: true
            }
        ),
        DomainError::NotOwnDepartment
    );
    assert_eq!(
        s.exec(
            p(Cast::BOB),
            Command::SupportProblem {
                problem: Cast::P_SALES,
                support: true
            }
        ),
        vec![Event::PickSupportChanged {
            problem: Cast::P_SALES,
            participant: Cast::BOB,
            support: true
        }]
    );
    s.exec(
        p(Cast::ALICE),
        Command::SupportProblem {
            problem: Cast::P_SALES,
            support: true,
        },
    );
    assert_eq!(
        s.state.problems[&Cast::P_SALES].support,
        vec![Cast::ALICE, Cast::BOB]
    );
    // Supporting twice changes nothing.
    assert_eq!(
        s.exec(
            p(Cast::BOB),
            Command::SupportProblem {
                problem: Cast::P_SALES,
                support: true
            }
        ),
        vec![]
    );
    s.exec(
        p(Cast::BOB),
        Command::SupportProblem {
            problem: Cast::P_SALES,
            support: false,
        },
    );
    assert_eq!(s.state.problems[&Cast::P_SALES].support, vec![Cast::ALICE]);
    assert_eq!(
        s.refuse(
            p(Cast::BOB),
            Command::SupportProblem {
                problem: ProblemId(9),
                support: true
            }
        ),
        DomainError::UnknownProblem
    );
}

#[test]
fn picking_is_idempotent_and_reversible() {
    let mut s = standard_in(Phase::Pick);
    assert_eq!(
        s.exec(
            Actor::Facilitator,
            Command::ConfirmPick {
                problem: Cast::P_SUPPORT,
                picked: true
            }
        ),
        vec![Event::ProblemPicked {
            problem: Cast::P_SUPPORT,
            picked: true
        }]
    );
    assert_eq!(
        s.exec(
            Actor::Facilitator,
            Command::ConfirmPick {
                problem: Cast::P_SUPPORT,
                picked: true
            }
        ),
        vec![]
    );
    s.exec(
        Actor::Facilitator,
        Command::ConfirmPick {
            problem: Cast::P_SUPPORT,
            picked: false,
        },
    );
    assert!(!s.state.problems[&Cast::P_SUPPORT].picked);
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::ConfirmPick {
                problem: ProblemId(0),
                picked: true
            }
        ),
        DomainError::UnknownProblem
    );
}

#[test]
fn moving_to_ideas_needs_a_picked_problem() {
    let mut s = standard_in(Phase::Pick);
    let to_ideas = Command::SetPhase {
        phase: Phase::Ideas,
    };
    assert_eq!(
        s.refuse(Actor::Facilitator, to_ideas.clone()),
        DomainError::NothingPicked
    );

    // Picked, then unpicked: still nothing.
    s.pick(Cast::P_SUPPORT);
    s.exec(
        Actor::Facilitator,
        Command::ConfirmPick {
            problem: Cast::P_SUPPORT,
            picked: false,
        },
    );
    assert_eq!(
        s.refuse(Actor::Facilitator, to_ideas.clone()),
        DomainError::NothingPicked
    );

    // Hidden: it cannot be picked (and a picked one cannot be hidden).
    s.exec(
        Actor::Facilitator,
        Command::HideProblem {
            problem: Cast::P_ENG,
            hidden: true,
        },
    );
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::ConfirmPick {
                problem: Cast::P_ENG,
                picked: true,
            },
        ),
        DomainError::UnknownProblem
    );
    assert_eq!(
        s.refuse(Actor::Facilitator, to_ideas.clone()),
        DomainError::NothingPicked
    );

    // Going back is always fine.
    assert!(decide(
        &s.state,
        Actor::Facilitator,
        &Command::SetPhase {
            phase: Phase::Problems
        },
        T0
    )
    .is_ok());

    s.pick(Cast::P_SALES);
    assert_eq!(
        s.exec(Actor::Facilitator, to_ideas),
        vec![Event::PhaseChanged {
            phase: Phase::Ideas
        }]
    );
}
