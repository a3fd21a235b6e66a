//! Ids: unique, sequential, the same on replay.

use super::*;

#[test]
fn ids_are_unique_and_sequential() {
    let mut s = standard_in(Phase::Problems);
    assert_eq!(
        s.state.participants.keys().copied().collect::<Vec<_>>(),
        vec![Cast::ALICE, Cast::BOB, Cast::CAROL, Cast::DAVE]
    );
    s.exec(
        p(Cast::ALICE),
        Command::WithdrawProblem {
            problem: Cast::P_SALES,
        },
    );
    let next = s.submit_problem(Cast::ALICE, "Again");
    assert_eq!(next, ProblemId(4), "a withdrawn problem keeps its id");
    assert_eq!(s.join("Eve", 2), ParticipantId(5));
}

#[test]
fn ids_are_deterministic_on_replay() {
    let mut s = standard_in(Phase::Plan);
    s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: draft(Cast::P_SALES, None, Cast::SALES),
        },
    );
    let replayed = SessionState::replay(&s.log);
    assert_eq!(replayed, s.state);
    let commands = [
        Command::CreateAction {
            action: draft(Cast::P_ENG, None, Cast::SALES),
        },
        Command::SetPhase { phase: Phase::Vote },
    ];
    for command in &commands {
        let a = decide(&s.state, Actor::Facilitator, command, s.now).unwrap();
        let b = decide(&replayed, Actor::Facilitator, command, s.now).unwrap();
        assert_eq!(a, b);
    }
    let join = Command::Join {
        name: "Eve".into(),
        department: Cast::SUPPORT,
    };
    assert_eq!(
        decide(&replayed, Actor::Guest, &join, 5).unwrap(),
        decide(&s.state, Actor::Guest, &join, 5).unwrap()
    );
    // Replaying from the log twice gives the same thing again.
    assert_eq!(SessionState::replay(&s.log), SessionState::replay(&s.log));
}
