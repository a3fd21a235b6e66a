//! The projector's spotlight: in Plan the facilitator shows one picked problem's
//! results alone while the room talks it through.

use super::*;

fn spotlight(problem: Option<ProblemId>) -> Command {
    Command::Spotlight { problem }
}

#[test]
fn the_facilitator_spotlights_a_picked_problem_and_then_all_again() {
    let mut s = standard_in(Phase::Plan);
    assert_eq!(
        s.exec(Actor::Facilitator, spotlight(Some(Cast::P_ENG))),
        vec![Event::Spotlighted {
            problem: Some(Cast::P_ENG)
        }]
    );
    assert_eq!(s.state.spotlit(), Some(Cast::P_ENG));
    // Asking again changes nothing and says nothing.
    assert_eq!(
        s.exec(Actor::Facilitator, spotlight(Some(Cast::P_ENG))),
        vec![]
    );
    s.exec(Actor::Facilitator, spotlight(Some(Cast::P_SALES)));
    assert_eq!(s.state.spotlit(), Some(Cast::P_SALES));
    s.exec(Actor::Facilitator, spotlight(None));
    assert_eq!(s.state.spotlit(), None);
}

#[test]
fn only_the_facilitator_spotlights() {
    let mut s = standard_in(Phase::Plan);
    for actor in [p(Cast::ALICE), Actor::Guest, Actor::Lead] {
        assert!(matches!(
            s.refuse(actor, spotlight(Some(Cast::P_ENG))),
            DomainError::FacilitatorOnly
        ));
    }
}

#[test]
fn only_in_plan() {
    for phase in [Phase::Lobby, Phase::Ideas, Phase::Vote, Phase::Closed] {
        let mut s = standard_in(phase);
        let refused = s.refuse(Actor::Facilitator, spotlight(None));
        assert!(
            matches!(
                refused,
                DomainError::WrongPhase { .. } | DomainError::Closed
            ),
            "{phase:?}: {refused:?}"
        );
    }
}

#[test]
fn only_a_picked_problem_of_this_session() {
    let mut s = standard_in(Phase::Plan);
    assert!(matches!(
        s.refuse(Actor::Facilitator, spotlight(Some(Cast::P_SUPPORT))),
        DomainError::ProblemNotPicked
    ));
    assert!(matches!(
        s.refuse(Actor::Facilitator, spotlight(Some(ProblemId(99)))),
        DomainError::UnknownProblem
    ));
}

#[test]
fn leaving_plan_ends_the_spotlight() {
    let mut s = standard_in(Phase::Plan);
    s.exec(Actor::Facilitator, spotlight(Some(Cast::P_ENG)));
    s.advance_to(Phase::Closed);
    assert_eq!(s.state.spotlit(), None);
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    assert_eq!(s.state.spotlit(), None, "back in Plan, every problem again");
}
