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
    // The facilitator deletes nothing: it hides instead (see `hiding`).
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::WithdrawProblem {
                problem: Cast::P_SALES
            }
        ),
        DomainError::NotAuthor
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
fn withdrawing_a_problem_withdraws_its_ideas_and_leaves_their_dots_to_take_back() {
    // Back from Vote to Problems (the facilitator may step back), Carol withdraws
    // the problem that has ideas with dots.
    let mut s = standard_in(Phase::Vote);
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::DAVE, Cast::I1).unwrap();
    s.vote(Cast::DAVE, Cast::I2).unwrap();
    s.force_phase(Phase::Problems);
    let events = s.exec(
        p(Cast::ALICE),
        Command::WithdrawProblem {
            problem: Cast::P_SALES,
        },
    );
    assert_eq!(
        events,
        vec![
            Event::IdeaWithdrawn { idea: Cast::I1 },
            Event::IdeaWithdrawn { idea: Cast::I3 },
            Event::ProblemWithdrawn {
                problem: Cast::P_SALES
            },
        ],
        "no refund: it would tell everyone the ideas' tallies"
    );
    assert_eq!(s.state.stranded_votes(Cast::ALICE), vec![(Cast::I1, 1)]);
    assert_eq!(s.state.stranded_votes(Cast::DAVE), vec![(Cast::I1, 1)]);
    assert_eq!(s.state.votes_used(Cast::DAVE), 2);
}
