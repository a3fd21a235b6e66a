//! A closed summit is read-only, but for following its action items up.

use super::*;

#[test]
fn the_closed_summit_is_read_only_except_follow_up_and_going_back_to_plan() {
    let mut s = standard_in(Phase::Plan);
    s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
        },
    );
    s.advance_to(Phase::Closed);
    let alice = p(Cast::ALICE);
    let refused: Vec<(Actor, Command)> = vec![
        (
            Actor::Guest,
            Command::Join {
                name: "Eve".into(),
                department: Cast::SALES,
            },
        ),
        (
            Actor::Facilitator,
            Command::RenameDepartment {
                department: Cast::SALES,
                name: "Revenue".into(),
            },
        ),
        (
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: Settings::default(),
            },
        ),
        (Actor::Facilitator, Command::StartTimer { seconds: 60 }),
        (Actor::Facilitator, Command::ClearTimer {}),
        (alice, Command::SubmitProblem { text: "x".into() }),
        (
            Actor::Facilitator,
            Command::WithdrawProblem {
                problem: Cast::P_SALES,
            },
        ),
        (
            alice,
            Command::SupportProblem {
                problem: Cast::P_SALES,
                support: true,
            },
        ),
        (
            Actor::Facilitator,
            Command::ConfirmPick {
                problem: Cast::P_SUPPORT,
                picked: true,
            },
        ),
        (Actor::Facilitator, Command::WithdrawIdea { idea: Cast::I1 }),
        (
            p(Cast::CAROL),
            Command::SubmitIdea {
                problem: Cast::P_SALES,
                text: "x".into(),
            },
        ),
        (alice, Command::CastVote { idea: Cast::I1 }),
        (alice, Command::RetractVote { idea: Cast::I1 }),
        (
            alice,
            Command::MoveVote {
                from: Cast::I1,
                to: Cast::I3,
            },
        ),
        (
            Actor::Facilitator,
            Command::CreateAction {
                action: draft(Cast::P_SALES, None, Cast::SALES),
            },
        ),
        (
            Actor::Facilitator,
            Command::DeleteAction { id: ActionId(1) },
        ),
    ];
    for (actor, command) in refused {
        assert_eq!(
            s.refuse(actor, command.clone()),
            DomainError::Closed,
            "{command:?}"
        );
    }
    for phase in Phase::ALL.into_iter().filter(|p| *p != Phase::Plan) {
        assert_eq!(
            s.refuse(Actor::Facilitator, Command::SetPhase { phase }),
            DomainError::PhaseStep {
                from: Phase::Closed
            }
        );
    }
    assert_eq!(
        s.refuse(alice, Command::SetPhase { phase: Phase::Plan }),
        DomainError::FacilitatorOnly
    );
    // Following up goes on after the summit (rules/follow_up.rs has the details).
    s.exec(
        Actor::Facilitator,
        Command::SetActionStatus {
            id: ActionId(1),
            status: ActionStatus::Done,
        },
    );
    assert_eq!(s.state.actions[&ActionId(1)].status, ActionStatus::Done);
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    assert_eq!(s.state.phase, Phase::Plan);
}
