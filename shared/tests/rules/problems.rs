//! The Problems phase: each department's problems, and withdrawing them.

use super::*;

#[test]
fn problems_belong_to_the_submitters_department() {
    let mut s = standard_in(Phase::Problems);
    for (who, department) in [
        (Cast::ALICE, Cast::SALES),
        (Cast::BOB, Cast::SALES),
        (Cast::CAROL, Cast::ENGINEERING),
        (Cast::DAVE, Cast::SUPPORT),
    ] {
        let events = s.exec(
            p(who),
            Command::SubmitProblem {
                text: "  Too many meetings \n".into(),
            },
        );
        match events.as_slice() {
            [Event::ProblemSubmitted { problem }] => {
                assert_eq!(problem.department, department);
                assert_eq!(problem.author, Some(who));
                assert_eq!(problem.text, "Too many meetings");
                assert!(!problem.withdrawn && !problem.picked && problem.support.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn participants_withdraw_their_own_problems_only_in_the_problems_phase() {
    let mut s = standard_in(Phase::Pick);
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::WithdrawProblem {
                problem: Cast::P_SALES
            }
        ),
        DomainError::WrongPhase {
            expected: "the Problems phase",
            actual: Phase::Pick
        }
    );
    // Not the author: refused whatever the phase.
    assert_eq!(
        s.refuse(
            p(Cast::BOB),
            Command::WithdrawProblem {
                problem: Cast::P_SALES
            }
        ),
        DomainError::NotAuthor
    );
    assert_eq!(
        s.refuse(
            Actor::Guest,
            Command::WithdrawProblem {
                problem: Cast::P_SALES
            }
        ),
        DomainError::NotAuthor
    );
    // The facilitator moderates in any phase; a withdrawn problem is no longer picked.
    let mut s = standard_in(Phase::Ideas);
    assert!(s.state.problems[&Cast::P_SALES].picked);
    assert_eq!(
        s.exec(
            Actor::Facilitator,
            Command::WithdrawProblem {
                problem: Cast::P_SALES
            }
        ),
        vec![Event::ProblemWithdrawn {
            problem: Cast::P_SALES
        }]
    );
    let problem = &s.state.problems[&Cast::P_SALES];
    assert!(problem.withdrawn && !problem.picked);
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::WithdrawProblem {
                problem: Cast::P_SALES
            }
        ),
        DomainError::UnknownProblem
    );
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::WithdrawProblem {
                problem: ProblemId(99)
            }
        ),
        DomainError::UnknownProblem
    );

    let mut s = standard_in(Phase::Problems);
    assert_eq!(
        s.exec(
            p(Cast::ALICE),
            Command::WithdrawProblem {
                problem: Cast::P_SALES
            }
        ),
        vec![Event::ProblemWithdrawn {
            problem: Cast::P_SALES
        }]
    );
}

#[test]
fn withdrawing_a_problem_withdraws_its_ideas_and_refunds_their_dots() {
    let mut s = standard_in(Phase::Vote);
    s.vote(Cast::ALICE, Cast::I2).unwrap();
    s.vote(Cast::DAVE, Cast::I2).unwrap();
    s.vote(Cast::DAVE, Cast::I1).unwrap();
    let events = s.exec(
        Actor::Facilitator,
        Command::WithdrawProblem {
            problem: Cast::P_ENG,
        },
    );
    assert_eq!(
        events.last(),
        Some(&Event::ProblemWithdrawn {
            problem: Cast::P_ENG
        })
    );
    assert!(events.contains(&Event::IdeaWithdrawn { idea: Cast::I2 }));
    assert!(events.contains(&Event::IdeaWithdrawn { idea: Cast::I4 }));
    assert!(!events.contains(&Event::IdeaWithdrawn { idea: Cast::I1 }));
    assert_eq!(s.state.votes_used(Cast::ALICE), 0);
    assert_eq!(
        s.state.votes_used(Cast::DAVE),
        1,
        "the dot on another problem's idea stays"
    );
    let mut s = standard_in(Phase::Plan);
    assert!(matches!(
        s.refuse(
            Actor::Facilitator,
            Command::WithdrawProblem {
                problem: Cast::P_ENG
            }
        ),
        DomainError::WrongPhase { .. }
    ));
}
