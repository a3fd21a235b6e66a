//! Unit tests for the rules in `decide` and `create_session`, one rule at a time.

mod common;

use common::{draft, p, standard_in, standard_with, Cast, Summit, T0};
use std::collections::BTreeMap;
use summit_shared::limits;
use summit_shared::*;

const EMOJI: &str = "😀"; // 4 bytes in UTF-8, one character

fn emoji(n: usize) -> String {
    EMOJI.repeat(n)
}

fn setup(departments: &[&str], settings: Settings) -> SessionSetup {
    SessionSetup {
        title: "Summit".into(),
        departments: departments.iter().map(|d| d.to_string()).collect(),
        settings,
    }
}

fn settings(vote_budget: u32, vote_cap_per_idea: u32) -> Settings {
    Settings {
        vote_budget,
        vote_cap_per_idea,
        ..Settings::default()
    }
}

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

// ---------------------------------------------------------------------------------
// Phases
// ---------------------------------------------------------------------------------

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
fn participants_withdraw_their_own_ideas_only_in_the_ideas_phase() {
    let mut s = standard_in(Phase::Vote);
    assert_eq!(
        s.refuse(p(Cast::CAROL), Command::WithdrawIdea { idea: Cast::I1 }),
        DomainError::WrongPhase {
            expected: "the Ideas phase",
            actual: Phase::Vote
        }
    );
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::WithdrawIdea { idea: Cast::I1 }),
        DomainError::NotAuthor
    );
    let mut s = standard_in(Phase::Vote);
    s.exec(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Ideas,
        },
    );
    assert_eq!(
        s.exec(p(Cast::CAROL), Command::WithdrawIdea { idea: Cast::I1 }),
        vec![Event::IdeaWithdrawn { idea: Cast::I1 }]
    );
    assert_eq!(
        s.refuse(p(Cast::CAROL), Command::WithdrawIdea { idea: Cast::I1 }),
        DomainError::UnknownIdea
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

#[test]
fn the_facilitator_withdraws_ideas_only_before_plan() {
    let mut s = standard_in(Phase::Plan);
    assert_eq!(
        s.refuse(Actor::Facilitator, Command::WithdrawIdea { idea: Cast::I1 }),
        DomainError::WrongPhase {
            expected: "a phase before Plan",
            actual: Phase::Plan
        }
    );
    let mut s = standard_in(Phase::Vote);
    assert_eq!(
        s.exec(Actor::Facilitator, Command::WithdrawIdea { idea: Cast::I2 }),
        vec![Event::IdeaWithdrawn { idea: Cast::I2 }]
    );
    assert!(s.state.ideas[&Cast::I2].withdrawn);
}

#[test]
fn phases_move_one_step_at_a_time() {
    for from in Phase::ALL {
        for to in Phase::ALL {
            let mut s = standard_in(Phase::Vote);
            s.force_phase(from);
            let command = Command::SetPhase { phase: to };
            let adjacent = from.index().abs_diff(to.index()) == 1;
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

    // Picked, then withdrawn: still nothing.
    s.pick(Cast::P_ENG);
    s.exec(
        Actor::Facilitator,
        Command::WithdrawProblem {
            problem: Cast::P_ENG,
        },
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
fn the_closed_summit_is_read_only_except_going_back_to_plan() {
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
            Command::UpdateAction {
                id: ActionId(1),
                action: draft(Cast::P_SALES, None, Cast::SALES),
            },
        ),
        (
            Actor::Facilitator,
            Command::SetActionStatus {
                id: ActionId(1),
                status: ActionStatus::Done,
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
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    s.exec(
        Actor::Facilitator,
        Command::SetActionStatus {
            id: ActionId(1),
            status: ActionStatus::Done,
        },
    );
    assert_eq!(s.state.actions[&ActionId(1)].status, ActionStatus::Done);
}

// ---------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------
// Departments, problems and ideas
// ---------------------------------------------------------------------------------

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
fn ideas_go_to_other_departments_unless_allowed() {
    let mut s = standard_in(Phase::Ideas);
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::SubmitIdea {
                problem: Cast::P_SALES,
                text: "x".into()
            }
        ),
        DomainError::OwnDepartmentIdea
    );
    let id = s.submit_idea(Cast::CAROL, Cast::P_SALES, "Shadow a sales call");
    let idea = &s.state.ideas[&id];
    assert_eq!(idea.department, Cast::ENGINEERING);
    assert_eq!(idea.problem, Cast::P_SALES);
    assert_eq!(idea.author, Some(Cast::CAROL));

    let allowed = Settings {
        allow_own_department_ideas: true,
        ..Settings::default()
    };
    let mut s = standard_with(Phase::Ideas, allowed);
    let id = s.submit_idea(Cast::ALICE, Cast::P_SALES, "Call leads within a day");
    assert_eq!(s.state.ideas[&id].department, Cast::SALES);
}

#[test]
fn the_own_department_setting_can_be_switched_on_later() {
    let mut s = standard_in(Phase::Ideas);
    let allowed = Settings {
        allow_own_department_ideas: true,
        ..Settings::default()
    };
    s.exec(
        Actor::Facilitator,
        Command::UpdateSettings { settings: allowed },
    );
    s.submit_idea(Cast::ALICE, Cast::P_SALES, "Call leads within a day");
}

#[test]
fn ideas_go_to_picked_problems_only() {
    let mut s = standard_in(Phase::Ideas);
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::SubmitIdea {
                problem: Cast::P_SUPPORT,
                text: "x".into()
            }
        ),
        DomainError::ProblemNotPicked
    );
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::SubmitIdea {
                problem: ProblemId(9),
                text: "x".into()
            }
        ),
        DomainError::UnknownProblem
    );
    s.exec(
        Actor::Facilitator,
        Command::WithdrawProblem {
            problem: Cast::P_ENG,
        },
    );
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::SubmitIdea {
                problem: Cast::P_ENG,
                text: "x".into()
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

// ---------------------------------------------------------------------------------
// Votes
// ---------------------------------------------------------------------------------

#[test]
fn votes_stay_within_the_budget() {
    let mut s = standard_with(Phase::Vote, settings(4, 2));
    for idea in [Cast::I1, Cast::I1, Cast::I2, Cast::I3] {
        s.vote(Cast::ALICE, idea).unwrap();
    }
    assert_eq!(s.state.votes_used(Cast::ALICE), 4);
    for idea in [Cast::I4, Cast::I3, Cast::I1] {
        // Budget is checked first, even where the cap is also reached (I1).
        assert_eq!(
            s.refuse(p(Cast::ALICE), Command::CastVote { idea }),
            DomainError::VoteBudgetExceeded { budget: 4 }
        );
    }
    // Others still have their own budgets.
    s.vote(Cast::BOB, Cast::I4).unwrap();
    // Taking one back makes room again.
    s.exec(p(Cast::ALICE), Command::RetractVote { idea: Cast::I2 });
    s.vote(Cast::ALICE, Cast::I4).unwrap();
    assert_eq!(s.state.votes_used(Cast::ALICE), 4);
}

#[test]
fn votes_on_one_idea_stay_within_the_cap() {
    let mut s = standard_with(Phase::Vote, settings(5, 2));
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::CastVote { idea: Cast::I1 }),
        DomainError::VoteCapExceeded { cap: 2 }
    );
    // The cap is per participant: Bob can still put two there.
    s.vote(Cast::BOB, Cast::I1).unwrap();
    s.vote(Cast::BOB, Cast::I1).unwrap();
    assert_eq!(s.state.compute_tallies()[&Cast::I1], 4);
    assert_eq!(
        s.vote(Cast::BOB, Cast::I1),
        Err(DomainError::VoteCapExceeded { cap: 2 })
    );
}

#[test]
fn votes_go_to_live_ideas_only() {
    let mut s = standard_in(Phase::Vote);
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::CastVote { idea: IdeaId(99) }),
        DomainError::UnknownIdea
    );
    s.exec(Actor::Facilitator, Command::WithdrawIdea { idea: Cast::I2 });
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::CastVote { idea: Cast::I2 }),
        DomainError::UnknownIdea
    );
}

#[test]
fn retracting_needs_a_vote() {
    let mut s = standard_in(Phase::Vote);
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 }),
        DomainError::NoVote
    );
    s.vote(Cast::BOB, Cast::I1).unwrap();
    // Bob's vote is not Alice's.
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 }),
        DomainError::NoVote
    );
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::RetractVote { idea: IdeaId(99) }),
        DomainError::NoVote
    );
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    assert_eq!(
        s.exec(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 }),
        vec![Event::VoteRetracted {
            participant: Cast::ALICE,
            idea: Cast::I1
        }]
    );
    assert_eq!(s.state.votes_on(Cast::ALICE, Cast::I1), 1);
    s.exec(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 });
    assert_eq!(s.state.votes_on(Cast::ALICE, Cast::I1), 0);
    assert!(
        !s.state.votes.contains_key(&Cast::ALICE),
        "empty vote maps are dropped"
    );
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 }),
        DomainError::NoVote
    );
}

#[test]
fn moving_a_vote_keeps_the_budget_and_respects_the_cap() {
    let mut s = standard_with(Phase::Vote, settings(3, 2));
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I3).unwrap();
    assert_eq!(s.state.votes_used(Cast::ALICE), 3);

    // With the budget spent, a move is still possible: it is one dot, not two.
    assert_eq!(
        s.exec(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I1,
                to: Cast::I4
            }
        ),
        vec![
            Event::VoteRetracted {
                participant: Cast::ALICE,
                idea: Cast::I1
            },
            Event::VoteCast {
                participant: Cast::ALICE,
                idea: Cast::I4
            },
        ]
    );
    assert_eq!(s.state.votes_used(Cast::ALICE), 3);
    assert_eq!(s.state.votes_on(Cast::ALICE, Cast::I1), 1);
    assert_eq!(s.state.votes_on(Cast::ALICE, Cast::I4), 1);

    s.exec(
        p(Cast::ALICE),
        Command::MoveVote {
            from: Cast::I1,
            to: Cast::I4,
        },
    );
    // I4 is at the cap now.
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I3,
                to: Cast::I4
            }
        ),
        DomainError::VoteCapExceeded { cap: 2 }
    );
    // Nothing on I1 any more.
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I1,
                to: Cast::I2
            }
        ),
        DomainError::NoVote
    );
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I3,
                to: IdeaId(99)
            }
        ),
        DomainError::UnknownIdea
    );
    // Moving onto the same idea is a no-op, even at the cap.
    assert_eq!(
        s.exec(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I4,
                to: Cast::I4
            }
        ),
        vec![]
    );
    s.exec(Actor::Facilitator, Command::WithdrawIdea { idea: Cast::I2 });
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I3,
                to: Cast::I2
            }
        ),
        DomainError::UnknownIdea
    );
    assert_eq!(s.state.votes_used(Cast::ALICE), 3);
}

#[test]
fn withdrawing_an_idea_during_vote_refunds_its_dots() {
    let mut s = standard_with(Phase::Vote, settings(3, 3));
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I2).unwrap();
    s.vote(Cast::DAVE, Cast::I1).unwrap();
    s.vote(Cast::BOB, Cast::I3).unwrap();
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::CastVote { idea: Cast::I4 }),
        DomainError::VoteBudgetExceeded { budget: 3 }
    );

    let events = s.exec(Actor::Facilitator, Command::WithdrawIdea { idea: Cast::I1 });
    assert_eq!(
        events,
        vec![
            Event::VoteRetracted {
                participant: Cast::ALICE,
                idea: Cast::I1
            },
            Event::VoteRetracted {
                participant: Cast::ALICE,
                idea: Cast::I1
            },
            Event::VoteRetracted {
                participant: Cast::DAVE,
                idea: Cast::I1
            },
            Event::IdeaWithdrawn { idea: Cast::I1 },
        ]
    );
    assert_eq!(s.state.votes_used(Cast::ALICE), 1);
    assert_eq!(s.state.votes_used(Cast::DAVE), 0);
    assert_eq!(s.state.votes_used(Cast::BOB), 1);
    assert_eq!(s.state.total_votes(), 2);
    assert!(!s.state.compute_tallies().contains_key(&Cast::I1));
    // Alice has her two dots back.
    s.vote(Cast::ALICE, Cast::I4).unwrap();
    s.vote(Cast::ALICE, Cast::I4).unwrap();
}

#[test]
fn withdrawing_an_idea_without_votes_is_one_event() {
    let mut s = standard_in(Phase::Vote);
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    assert_eq!(
        s.exec(Actor::Facilitator, Command::WithdrawIdea { idea: Cast::I3 }),
        vec![Event::IdeaWithdrawn { idea: Cast::I3 }]
    );
}

/// Vote budget and cap cannot change once voting has begun: not in Vote or later,
/// and not by stepping back from Vote to Ideas while dots are on the board.
#[test]
fn the_vote_budget_is_fixed_once_voting_starts() {
    let mut s = standard_with(Phase::Vote, settings(5, 3));
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: settings(4, 3)
            }
        ),
        DomainError::WrongPhase {
            expected: "a phase before Vote to change the vote budget",
            actual: Phase::Vote
        }
    );
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: settings(5, 2)
            }
        ),
        DomainError::WrongPhase {
            expected: "a phase before Vote to change the vote budget",
            actual: Phase::Vote
        }
    );
    // Other settings may still change.
    let own = Settings {
        allow_own_department_ideas: true,
        ..settings(5, 3)
    };
    s.exec(
        Actor::Facilitator,
        Command::UpdateSettings { settings: own },
    );

    // Spend the budget, step back to Ideas, try to shrink it.
    for idea in [Cast::I1, Cast::I1, Cast::I1, Cast::I2, Cast::I2] {
        s.vote(Cast::ALICE, idea).unwrap();
    }
    s.exec(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Ideas,
        },
    );
    assert!(matches!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: settings(2, 2)
            }
        ),
        DomainError::InvalidSettings(_)
    ));
    assert!(matches!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: settings(5, 2)
            }
        ),
        DomainError::InvalidSettings(_)
    ));
    assert_eq!(s.state.settings.vote_budget, 5);
    // Growing the budget and the cap does not put anybody over either.
    s.exec(
        Actor::Facilitator,
        Command::UpdateSettings {
            settings: settings(6, 4),
        },
    );
    assert_eq!(s.state.settings.vote_budget, 6);
    assert_eq!(s.state.votes_used(Cast::ALICE), 5);
}

#[test]
fn vote_settings_may_change_freely_before_anyone_votes() {
    let mut s = standard_in(Phase::Vote);
    s.exec(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Ideas,
        },
    );
    s.exec(
        Actor::Facilitator,
        Command::UpdateSettings {
            settings: settings(2, 1),
        },
    );
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Vote });
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    assert_eq!(
        s.vote(Cast::ALICE, Cast::I1),
        Err(DomainError::VoteCapExceeded { cap: 1 })
    );
    s.vote(Cast::ALICE, Cast::I2).unwrap();
    assert_eq!(
        s.vote(Cast::ALICE, Cast::I3),
        Err(DomainError::VoteBudgetExceeded { budget: 2 })
    );
}

// ---------------------------------------------------------------------------------
// Limits, counted in characters
// ---------------------------------------------------------------------------------

#[test]
fn the_test_character_is_four_bytes() {
    assert_eq!(EMOJI.len(), 4);
    assert_eq!(EMOJI.chars().count(), 1);
}

#[test]
fn session_title_limit_counts_characters() {
    let mut ok = setup(&["A", "B"], Settings::default());
    ok.title = emoji(limits::TITLE_MAX);
    match create_session(&ok, T0).unwrap() {
        Event::SessionCreated { title, .. } => assert_eq!(title, emoji(120)),
        other => panic!("{other:?}"),
    }
    let mut long = ok.clone();
    long.title = emoji(limits::TITLE_MAX + 1);
    assert_eq!(
        create_session(&long, T0),
        Err(DomainError::TooLong {
            field: "Title",
            max: 120,
            actual: 121
        })
    );
    // Surrounding whitespace does not count.
    let mut padded = ok.clone();
    padded.title = format!("   {}\t ", emoji(120));
    assert!(create_session(&padded, T0).is_ok());
    let mut blank = ok;
    blank.title = " \t ".into();
    assert_eq!(
        create_session(&blank, T0),
        Err(DomainError::Empty { field: "Title" })
    );
}

#[test]
fn display_name_limit_counts_characters() {
    let mut s = standard_in(Phase::Lobby);
    let events = s.exec(
        Actor::Guest,
        Command::Join {
            name: emoji(limits::NAME_MAX),
            department: Cast::SALES,
        },
    );
    match events.as_slice() {
        [Event::ParticipantJoined { participant }] => assert_eq!(participant.name, emoji(60)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        s.refuse(
            Actor::Guest,
            Command::Join {
                name: emoji(limits::NAME_MAX + 1),
                department: Cast::SALES
            }
        ),
        DomainError::TooLong {
            field: "Display name",
            max: 60,
            actual: 61
        }
    );
    assert_eq!(
        s.refuse(
            Actor::Guest,
            Command::Join {
                name: "\u{7}  ".into(),
                department: Cast::SALES
            }
        ),
        DomainError::Empty {
            field: "Display name"
        }
    );
    assert_eq!(
        s.refuse(
            Actor::Guest,
            Command::Join {
                name: "Eve".into(),
                department: DepartmentId(4)
            }
        ),
        DomainError::UnknownDepartment
    );
}

#[test]
fn department_name_limit_counts_characters() {
    let mut s = standard_in(Phase::Lobby);
    s.exec(
        Actor::Facilitator,
        Command::RenameDepartment {
            department: Cast::SALES,
            name: emoji(limits::DEPARTMENT_NAME_MAX),
        },
    );
    assert_eq!(s.state.department_name(Cast::SALES), emoji(60));
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::RenameDepartment {
                department: Cast::SALES,
                name: emoji(limits::DEPARTMENT_NAME_MAX + 1)
            }
        ),
        DomainError::TooLong {
            field: "Department name",
            max: 60,
            actual: 61
        }
    );
    let names: Vec<String> = vec![emoji(61), "B".into()];
    let setup = SessionSetup {
        title: "t".into(),
        departments: names,
        settings: Settings::default(),
    };
    assert_eq!(
        create_session(&setup, T0),
        Err(DomainError::TooLong {
            field: "Department name",
            max: 60,
            actual: 61
        })
    );
}

#[test]
fn text_limit_counts_characters_for_problems_and_ideas() {
    let mut s = standard_in(Phase::Problems);
    let id = s.submit_problem(Cast::BOB, &emoji(limits::TEXT_MAX));
    assert_eq!(s.state.problems[&id].text.chars().count(), 1000);
    assert_eq!(s.state.problems[&id].text.len(), 4000);
    assert_eq!(
        s.refuse(
            p(Cast::BOB),
            Command::SubmitProblem {
                text: emoji(limits::TEXT_MAX + 1)
            }
        ),
        DomainError::TooLong {
            field: "Text",
            max: 1000,
            actual: 1001
        }
    );
    assert_eq!(
        s.refuse(
            p(Cast::BOB),
            Command::SubmitProblem {
                text: " \n\t ".into()
            }
        ),
        DomainError::Empty { field: "Text" }
    );

    let mut s = standard_in(Phase::Ideas);
    s.submit_idea(Cast::CAROL, Cast::P_SALES, &emoji(limits::TEXT_MAX));
    assert_eq!(
        s.refuse(
            p(Cast::CAROL),
            Command::SubmitIdea {
                problem: Cast::P_SALES,
                text: emoji(limits::TEXT_MAX + 1)
            }
        ),
        DomainError::TooLong {
            field: "Text",
            max: 1000,
            actual: 1001
        }
    );
}

#[test]
fn action_title_and_owner_limits_count_characters() {
    let mut s = standard_in(Phase::Plan);
    let mut d = draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES);
    d.title = emoji(limits::TITLE_MAX);
    d.owner = emoji(limits::OWNER_MAX);
    s.exec(
        Actor::Facilitator,
        Command::CreateAction { action: d.clone() },
    );
    let mut long_title = d.clone();
    long_title.title = emoji(limits::TITLE_MAX + 1);
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::CreateAction { action: long_title }
        ),
        DomainError::TooLong {
            field: "Action title",
            max: 120,
            actual: 121
        }
    );
    let mut long_owner = d.clone();
    long_owner.owner = emoji(limits::OWNER_MAX + 1);
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateAction {
                id: ActionId(1),
                action: long_owner
            }
        ),
        DomainError::TooLong {
            field: "Owner",
            max: 60,
            actual: 61
        }
    );
    let mut no_owner = d;
    no_owner.owner = "  ".into();
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::CreateAction { action: no_owner }
        ),
        DomainError::Empty { field: "Owner" }
    );
}

// ---------------------------------------------------------------------------------
// Creating a session and settings
// ---------------------------------------------------------------------------------

#[test]
fn a_session_has_two_to_eight_departments() {
    let names = ["A", "B", "C", "D", "E", "F", "G", "H", "I"];
    for n in 0..=names.len() {
        let result = create_session(&setup(&names[..n], Settings::default()), T0);
        if (2..=8).contains(&n) {
            match result {
                Ok(Event::SessionCreated { departments, .. }) => {
                    let ids: Vec<u32> = departments.iter().map(|d| d.id.0).collect();
                    assert_eq!(ids, (1..=n as u32).collect::<Vec<_>>());
                }
                other => panic!("{n}: {other:?}"),
            }
        } else {
            assert_eq!(
                result,
                Err(DomainError::DepartmentCount { min: 2, max: 8 }),
                "{n}"
            );
        }
    }
}

#[test]
fn department_names_must_differ_ignoring_case() {
    assert_eq!(
        create_session(
            &setup(&["Sales", "Support", "SALES"], Settings::default()),
            T0
        ),
        Err(DomainError::DuplicateDepartment("SALES".into()))
    );
    assert_eq!(
        create_session(&setup(&["  Sales ", "sales"], Settings::default()), T0),
        Err(DomainError::DuplicateDepartment("sales".into()))
    );
    assert_eq!(
        create_session(&setup(&["Ärzte", "ÄRZTE"], Settings::default()), T0),
        Err(DomainError::DuplicateDepartment("ÄRZTE".into()))
    );
    assert_eq!(
        create_session(&setup(&["Sales", ""], Settings::default()), T0),
        Err(DomainError::Empty {
            field: "Department name"
        })
    );
    assert!(create_session(&setup(&["Sales", "Sales Ops"], Settings::default()), T0).is_ok());
}

#[test]
fn renaming_a_department_keeps_names_distinct() {
    let mut s = standard_in(Phase::Lobby);
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::RenameDepartment {
                department: Cast::SALES,
                name: "support".into()
            }
        ),
        DomainError::DuplicateDepartment("support".into())
    );
    // Re-casing its own name is fine.
    s.exec(
        Actor::Facilitator,
        Command::RenameDepartment {
            department: Cast::SALES,
            name: "SALES".into(),
        },
    );
    assert_eq!(s.state.department_name(Cast::SALES), "SALES");
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::RenameDepartment {
                department: DepartmentId(9),
                name: "New".into()
            }
        ),
        DomainError::UnknownDepartment
    );
}

#[test]
fn settings_are_validated_on_creation_and_update() {
    let invalid = [(0, 0), (0, 1), (51, 3), (5, 0), (5, 6), (1, 2)];
    let valid = [(1, 1), (50, 50), (50, 1), (5, 5), (5, 3)];
    for (budget, cap) in invalid {
        assert!(
            matches!(
                create_session(&setup(&["A", "B"], settings(budget, cap)), T0),
                Err(DomainError::InvalidSettings(_))
            ),
            "{budget}/{cap}"
        );
        let mut s = standard_in(Phase::Lobby);
        assert!(matches!(
            s.refuse(
                Actor::Facilitator,
                Command::UpdateSettings {
                    settings: settings(budget, cap)
                }
            ),
            DomainError::InvalidSettings(_)
        ));
    }
    for (budget, cap) in valid {
        assert!(create_session(&setup(&["A", "B"], settings(budget, cap)), T0).is_ok());
        let mut s = standard_in(Phase::Ideas);
        assert_eq!(
            s.exec(
                Actor::Facilitator,
                Command::UpdateSettings {
                    settings: settings(budget, cap)
                }
            ),
            vec![Event::SettingsChanged {
                settings: settings(budget, cap)
            }]
        );
        assert_eq!(s.state.settings, settings(budget, cap));
    }
}

#[test]
fn anonymity_is_fixed_at_creation() {
    let mut s = standard_in(Phase::Lobby);
    let anonymous = Settings {
        anonymous: true,
        ..Settings::default()
    };
    assert!(matches!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: anonymous.clone()
            }
        ),
        DomainError::InvalidSettings(_)
    ));
    let mut s = standard_with(Phase::Lobby, anonymous);
    assert!(matches!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: Settings::default()
            }
        ),
        DomainError::InvalidSettings(_)
    ));
}

#[test]
fn timers_run_from_one_second_to_four_hours() {
    let mut s = standard_in(Phase::Problems);
    for seconds in [0, limits::TIMER_MAX_SECONDS + 1, u32::MAX] {
        assert_eq!(
            s.refuse(Actor::Facilitator, Command::StartTimer { seconds }),
            DomainError::TimerRange { max: 14_400 }
        );
    }
    assert_eq!(
        s.exec(Actor::Facilitator, Command::ClearTimer {}),
        vec![],
        "no timer to clear"
    );
    let events = s.exec(Actor::Facilitator, Command::StartTimer { seconds: 90 });
    assert_eq!(
        events,
        vec![Event::TimerStarted {
            ends_at: s.now + 90_000,
            seconds: 90
        }]
    );
    s.exec(
        Actor::Facilitator,
        Command::StartTimer {
            seconds: limits::TIMER_MAX_SECONDS,
        },
    );
    assert_eq!(
        s.exec(Actor::Facilitator, Command::ClearTimer {}),
        vec![Event::TimerCleared]
    );
    assert_eq!(s.state.timer, None);
    s.exec(Actor::Facilitator, Command::StartTimer { seconds: 1 });
    // A phase change stops the timer.
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Pick });
    assert_eq!(s.state.timer, None);
}

// ---------------------------------------------------------------------------------
// Action items
// ---------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------

/// One of each variant. The match makes this fail to compile when a variant is added.
fn every_error() -> Vec<DomainError> {
    let all = vec![
        DomainError::Empty { field: "Title" },
        DomainError::TooLong {
            field: "Title",
            max: 1,
            actual: 2,
        },
        DomainError::DepartmentCount { min: 2, max: 8 },
        DomainError::DuplicateDepartment("A".into()),
        DomainError::InvalidSettings("bad"),
        DomainError::WrongPhase {
            expected: "x",
            actual: Phase::Lobby,
        },
        DomainError::PhaseStep { from: Phase::Lobby },
        DomainError::NothingPicked,
        DomainError::Closed,
        DomainError::FacilitatorOnly,
        DomainError::ParticipantOnly,
        DomainError::UnknownDepartment,
        DomainError::UnknownParticipant,
        DomainError::UnknownProblem,
        DomainError::UnknownIdea,
        DomainError::UnknownAction,
        DomainError::NotOwnDepartment,
        DomainError::OwnDepartmentIdea,
        DomainError::ProblemNotPicked,
        DomainError::NotAuthor,
        DomainError::VoteBudgetExceeded { budget: 5 },
        DomainError::VoteCapExceeded { cap: 3 },
        DomainError::NoVote,
        DomainError::TimerRange { max: 10 },
    ];
    for e in &all {
        match e {
            DomainError::Empty { .. }
            | DomainError::TooLong { .. }
            | DomainError::DepartmentCount { .. }
            | DomainError::DuplicateDepartment(_)
            | DomainError::InvalidSettings(_)
            | DomainError::WrongPhase { .. }
            | DomainError::PhaseStep { .. }
            | DomainError::NothingPicked
            | DomainError::Closed
            | DomainError::FacilitatorOnly
            | DomainError::ParticipantOnly
            | DomainError::UnknownDepartment
            | DomainError::UnknownParticipant
            | DomainError::UnknownProblem
            | DomainError::UnknownIdea
            | DomainError::UnknownAction
            | DomainError::NotOwnDepartment
            | DomainError::OwnDepartmentIdea
            | DomainError::ProblemNotPicked
            | DomainError::NotAuthor
            | DomainError::VoteBudgetExceeded { .. }
            | DomainError::VoteCapExceeded { .. }
            | DomainError::NoVote
            | DomainError::TimerRange { .. } => {}
        }
    }
    all
}

#[test]
fn every_error_has_a_distinct_code_and_a_4xx_status() {
    let all = every_error();
    assert_eq!(all.len(), 24);
    let mut codes = std::collections::BTreeSet::new();
    for e in &all {
        assert!(codes.insert(e.code()), "duplicate code {}", e.code());
        assert!((400..500).contains(&e.status()), "{e:?} -> {}", e.status());
        assert!(!e.to_string().is_empty());
        assert!(
            e.code()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{}",
            e.code()
        );
    }
    assert_eq!(codes.len(), all.len());
}

#[test]
fn statuses_follow_the_documented_classes() {
    use DomainError as E;
    for e in [
        E::FacilitatorOnly,
        E::ParticipantOnly,
        E::NotAuthor,
        E::NotOwnDepartment,
        E::OwnDepartmentIdea,
    ] {
        assert_eq!(e.status(), 403, "{e:?}");
    }
    for e in [
        E::UnknownDepartment,
        E::UnknownParticipant,
        E::UnknownProblem,
        E::UnknownIdea,
        E::UnknownAction,
    ] {
        assert_eq!(e.status(), 404, "{e:?}");
    }
    for e in [
        E::WrongPhase {
            expected: "x",
            actual: Phase::Vote,
        },
        E::PhaseStep { from: Phase::Vote },
        E::NothingPicked,
        E::ProblemNotPicked,
        E::Closed,
        E::VoteBudgetExceeded { budget: 1 },
        E::VoteCapExceeded { cap: 1 },
        E::NoVote,
    ] {
        assert_eq!(e.status(), 409, "{e:?}");
    }
    for e in [
        E::Empty { field: "Text" },
        E::TooLong {
            field: "Text",
            max: 1,
            actual: 2,
        },
        E::InvalidSettings("x"),
        E::DuplicateDepartment("x".into()),
        E::DepartmentCount { min: 2, max: 8 },
        E::TimerRange { max: 1 },
    ] {
        assert_eq!(e.status(), 422, "{e:?}");
    }
    assert_eq!(
        E::VoteBudgetExceeded { budget: 5 }.code(),
        "vote_budget_exceeded"
    );
    assert_eq!(E::Closed.code(), "session_closed");
}

#[test]
fn error_messages_read_well() {
    assert_eq!(
        DomainError::WrongPhase {
            expected: "the Vote phase",
            actual: Phase::Ideas
        }
        .to_string(),
        "That is not possible in the Ideas phase (it needs the Vote phase)."
    );
    assert_eq!(
        DomainError::TooLong {
            field: "Text",
            max: 1000,
            actual: 1001
        }
        .to_string(),
        "Text is 1001 characters long; the limit is 1000."
    );
}
