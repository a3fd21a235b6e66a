//! Who may send what: the facilitator's commands and the participants'.

use super::*;

#[test]
fn facilitator_commands_are_refused_for_everyone_else() {
    // Each command is accepted from the facilitator in that state, so the refusal is about the role.
    let cases: Vec<(Phase, Command)> = vec![
        (
            Phase::Lobby,
            Command::SetPhase {
                phase: Phase::Problems,
            },
        ),
        (
            Phase::Lobby,
            Command::RenameDepartment {
                department: Cast::SALES,
                name: "Revenue".into(),
            },
        ),
        (
            Phase::Lobby,
            Command::UpdateSettings {
                settings: settings(7, 2),
            },
        ),
        (Phase::Lobby, Command::StartTimer { seconds: 300 }),
        (Phase::Lobby, Command::ClearTimer {}),
        (
            Phase::Pick,
            Command::ConfirmPick {
                problem: Cast::P_SALES,
                picked: true,
            },
        ),
        (
            Phase::Plan,
            Command::CreateAction {
                action: draft(Cast::P_SALES, None, Cast::SALES),
            },
        ),
        (
            Phase::Plan,
            Command::UpdateAction {
                id: ActionId(1),
                action: draft(Cast::P_ENG, None, Cast::ENGINEERING),
            },
        ),
        (
            Phase::Plan,
            Command::SetActionStatus {
                id: ActionId(1),
                status: ActionStatus::InProgress,
            },
        ),
        (Phase::Plan, Command::DeleteAction { id: ActionId(1) }),
    ];
    for (phase, command) in cases {
        let mut s = standard_in(phase);
        if phase == Phase::Plan {
            s.exec(
                Actor::Facilitator,
                Command::CreateAction {
                    action: draft(Cast::P_SALES, None, Cast::SALES),
                },
            );
        }
        assert!(
            decide(&s.state, Actor::Facilitator, &command, T0).is_ok(),
            "{command:?} should be fine for the facilitator"
        );
        for actor in [
            p(Cast::ALICE),
            p(Cast::DAVE),
            p(ParticipantId(77)),
            Actor::Guest,
        ] {
            assert_eq!(
                s.refuse(actor, command.clone()),
                DomainError::FacilitatorOnly,
                "{command:?} by {actor:?}"
            );
        }
    }
}

#[test]
fn participant_commands_need_a_joined_participant() {
    let cases: Vec<(Phase, Command)> = vec![
        (Phase::Problems, Command::SubmitProblem { text: "x".into() }),
        (
            Phase::Pick,
            Command::SupportProblem {
                problem: Cast::P_ENG,
                support: true,
            },
        ),
        (
            Phase::Ideas,
            Command::SubmitIdea {
                problem: Cast::P_SALES,
                text: "x".into(),
            },
        ),
        (Phase::Vote, Command::CastVote { idea: Cast::I1 }),
        (Phase::Vote, Command::RetractVote { idea: Cast::I1 }),
        (
            Phase::Vote,
            Command::MoveVote {
                from: Cast::I1,
                to: Cast::I2,
            },
        ),
    ];
    for (phase, command) in cases {
        let mut s = standard_in(phase);
        if phase == Phase::Vote {
            s.vote(Cast::CAROL, Cast::I1).unwrap();
        }
        assert!(
            decide(&s.state, p(Cast::CAROL), &command, T0).is_ok(),
            "{command:?} should be fine for Carol"
        );
        for actor in [Actor::Facilitator, Actor::Guest] {
            assert_eq!(
                s.refuse(actor, command.clone()),
                DomainError::ParticipantOnly,
                "{command:?}"
            );
        }
        assert_eq!(
            s.refuse(p(ParticipantId(99)), command.clone()),
            DomainError::UnknownParticipant,
            "{command:?}"
        );
    }
}
