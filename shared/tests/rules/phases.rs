//! Moving through the phases: one step at a time, by the facilitator, and the commands bound to one phase.

use super::*;

/// Commands bound to exactly one phase, with that phase and the wording of the error.
fn phase_bound_commands() -> Vec<(Actor, Command, Phase, &'static str)> {
    let alice = p(Cast::ALICE);
    let carol = p(Cast::CAROL);
    vec![
        (
            alice,
            Command::SubmitProblem { text: "x".into() },
            Phase::Problems,
            "the Problems phase",
        ),
        (
            alice,
            Command::SupportProblem {
                problem: Cast::P_SALES,
                support: true,
            },
            Phase::Pick,
            "the Pick phase",
        ),
        (
            Actor::Facilitator,
            Command::ConfirmPick {
                problem: Cast::P_SUPPORT,
                picked: true,
            },
            Phase::Pick,
            "the Pick phase",
        ),
        (
            carol,
            Command::SubmitIdea {
                problem: Cast::P_SALES,
                text: "x".into(),
            },
            Phase::Ideas,
            "the Ideas phase",
        ),
        (
            alice,
            Command::CastVote { idea: Cast::I1 },
            Phase::Vote,
            "the Vote phase",
        ),
        (
            alice,
            Command::RetractVote { idea: Cast::I1 },
            Phase::Vote,
            "the Vote phase",
        ),
        (
            alice,
            Command::MoveVote {
                from: Cast::I1,
                to: Cast::I3,
            },
            Phase::Vote,
            "the Vote phase",
        ),
        (
            Actor::Facilitator,
            Command::CreateAction {
                action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
            },
            Phase::Plan,
            "the Plan phase",
        ),
        (
            Actor::Facilitator,
            Command::UpdateAction {
                id: ActionId(1),
                action: draft(Cast::P_SALES, None, Cast::SALES),
            },
            Phase::Plan,
            "the Plan phase",
        ),
        (
            Actor::Facilitator,
            Command::SetActionStatus {
                id: ActionId(1),
                status: ActionStatus::Done,
            },
            Phase::Plan,
            "the Plan phase",
        ),
        (
            Actor::Facilitator,
            Command::DeleteAction { id: ActionId(1) },
            Phase::Plan,
            "the Plan phase",
        ),
    ]
}

#[test]
fn phase_bound_commands_are_refused_in_every_other_phase() {
    for (actor, command, right, expected) in phase_bound_commands() {
        for wrong in Phase::ALL {
            if wrong == right || wrong == Phase::Closed {
                continue;
            }
            let mut s = standard_in(Phase::Vote);
            s.force_phase(wrong);
            assert_eq!(
                s.refuse(actor, command.clone()),
                DomainError::WrongPhase {
                    expected,
                    actual: wrong
                },
                "{command:?} in {wrong:?}"
            );
        }
    }
}

#[test]
fn phase_bound_commands_pass_the_phase_check_in_their_phase() {
    // Same commands, right phase: whatever else happens, it is not WrongPhase.
    for (actor, command, right, _) in phase_bound_commands() {
        let mut s = standard_in(Phase::Vote);
        if right == Phase::Plan {
            s.force_phase(Phase::Plan);
            s.exec(
                Actor::Facilitator,
                Command::CreateAction {
                    action: draft(Cast::P_SALES, None, Cast::SALES),
                },
            );
        } else {
            s.exec(p(Cast::ALICE), Command::CastVote { idea: Cast::I1 });
            s.force_phase(right);
        }
        match decide(&s.state, actor, &command, T0) {
            Ok(_) => {}
            Err(e) => assert!(
                !matches!(e, DomainError::WrongPhase { .. }),
                "{command:?} in {right:?}: {e:?}"
            ),
        }
    }
}

#[test]
fn phases_move_one_step_at_a_time() {
    // Without items carried over there is no Review: Lobby and Problems are
    // neighbours (a summit that carried some over: `carryover.rs`).
    let steps: Vec<Phase> = Phase::ALL
        .into_iter()
        .filter(|p| *p != Phase::Review)
        .collect();
    let at = |p: Phase| steps.iter().position(|s| *s == p);
    for from in steps.iter().copied() {
        for to in Phase::ALL {
            let mut s = standard_in(Phase::Vote);
            s.force_phase(from);
            let command = Command::SetPhase { phase: to };
            let adjacent = at(to).is_some_and(|t| t.abs_diff(at(from).unwrap()) == 1);
            if adjacent {
                let events = s.exec(Actor::Facilitator, command);
                assert_eq!(events[0], Event::PhaseChanged { phase: to });
                assert_eq!(s.state.phase, to);
            } else {
                assert_eq!(
                    s.refuse(Actor::Facilitator, command),
                    DomainError::PhaseStep { from },
                    "{from:?} -> {to:?}"
                );
            }
        }
    }
}

#[test]
fn moving_phase_is_for_the_facilitator() {
    let mut s = standard_in(Phase::Lobby);
    for actor in [p(Cast::ALICE), Actor::Guest, p(ParticipantId(42))] {
        assert_eq!(
            s.refuse(
                actor,
                Command::SetPhase {
                    phase: Phase::Problems
                }
            ),
            DomainError::FacilitatorOnly
        );
    }
}
