//! What the browser asks before it shows a control, answered as the server answers.
//!
//! A browser holds only its viewer's projection of the state (no one else's votes,
//! no authors in an anonymous session) and asks `decide` through
//! [`SessionState::accepts`], or one of the named checks in `rules`. These properties
//! hold for random sessions at every step:
//! - each named check refuses exactly when, and for the same reason as, `decide`
//!   refuses the command it guards;
//! - asked on a viewer's projection, `decide` accepts a viewer's command exactly when
//!   the server, on the full state, accepts it (so a control is shown exactly when
//!   its command would go through);
//! - the time never decides whether a command is accepted.
//!
//! One known exception, for the facilitator only: lowering the vote budget after
//! stepping back from Vote is refused when someone's dots exceed it, which the
//! facilitator's screen cannot know without learning who voted how. The server's
//! refusal says why.

mod common;

use common::{play, scenario};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm};
use summit_shared::*;

const CASES: u32 = 96;
const MAX_STEPS: usize = 120;

fn config() -> Config {
    Config {
        cases: CASES,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::XorShift,
        ..Config::default()
    }
}

/// The commands a screen could offer in this state, for one actor: every card's
/// buttons, the forms (with valid text), the phase buttons, the timer, the plan.
fn offered(state: &SessionState) -> Vec<Command> {
    let mut commands = vec![
        Command::SubmitProblem { text: "x".into() },
        Command::StartTimer { seconds: 60 },
        Command::ClearTimer {},
    ];
    if let Some(phase) = state.phase.next() {
        commands.push(Command::SetPhase { phase });
    }
    if let Some(phase) = state.phase.previous() {
        commands.push(Command::SetPhase { phase });
    }
    for d in &state.departments {
        commands.push(Command::RenameDepartment {
            department: d.id,
            name: format!("{} team", d.name),
        });
    }
    for p in state.problems.values() {
        commands.push(Command::WithdrawProblem { problem: p.id });
        for flag in [true, false] {
            commands.push(Command::SupportProblem {
                problem: p.id,
                support: flag,
            });
            commands.push(Command::ConfirmPick {
                problem: p.id,
                picked: flag,
            });
        }
        commands.push(Command::SubmitIdea {
            problem: p.id,
            text: "x".into(),
        });
        commands.push(Command::CreateAction {
            action: ActionDraft {
                title: "Do it".into(),
                problem: p.id,
                idea: state.ideas_for(p.id).next().map(|i| i.id),
                owner: "Owner".into(),
                department: p.department,
                due: Date::new(2030, 1, 1).expect("a date"),
                status: ActionStatus::Open,
            },
        });
    }
    let ideas: Vec<IdeaId> = state.ideas.keys().copied().collect();
    for (n, &idea) in ideas.iter().enumerate() {
        commands.push(Command::WithdrawIdea { idea });
        commands.push(Command::CastVote { idea });
        commands.push(Command::RetractVote { idea });
        if let Some(&to) = ideas.get((n + 1) % ideas.len()) {
            commands.push(Command::MoveVote { from: idea, to });
        }
    }
    for a in state.actions.values() {
        commands.push(Command::SetActionStatus {
            id: a.id,
            status: ActionStatus::Done,
        });
        commands.push(Command::DeleteAction { id: a.id });
    }
    commands
}

/// Everyone who looks at the session, as viewer and as the actor they send as.
fn viewers(state: &SessionState) -> Vec<(Viewer, Actor)> {
    std::iter::once((Viewer::Facilitator, Actor::Facilitator))
        .chain(
            state
                .participants
                .keys()
                .map(|p| (Viewer::Participant(*p), Actor::Participant(*p))),
        )
        .collect()
}

fn refusal(result: Result<Vec<Event>, DomainError>) -> Option<DomainError> {
    result.err()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn named_checks_refuse_as_decide_does(scn in scenario(MAX_STEPS)) {
        let mut failure = None;
        play(&scn, |s, _| {
            if failure.is_some() {
                return;
            }
            let state = &s.state;
            for (_, actor) in viewers(state).into_iter().chain([(Viewer::Facilitator, Actor::Guest)]) {
                let decided = |command: Command| refusal(decide(state, actor, &command, s.now));
                let mut pairs = vec![(
                    "may_submit_problem",
                    state.may_submit_problem(actor).err(),
                    decided(Command::SubmitProblem { text: "x".into() }),
                )];
                for &problem in state.problems.keys() {
                    pairs.push((
                        "may_withdraw_problem",
                        state.may_withdraw_problem(actor, problem).err(),
                        decided(Command::WithdrawProblem { problem }),
                    ));
                    pairs.push((
                        "may_submit_idea",
                        state.may_submit_idea(actor, problem).err(),
                        decided(Command::SubmitIdea { problem, text: "x".into() }),
                    ));
                }
                for &idea in state.ideas.keys() {
                    pairs.push((
                        "may_withdraw_idea",
                        state.may_withdraw_idea(actor, idea).err(),
                        decided(Command::WithdrawIdea { idea }),
                    ));
                    // Voting needs more than the check (a dot left, the cap): the
                    // check refuses only what decide refuses, for the same reason.
                    if let Err(e) = state.may_vote(actor) {
                        pairs.push(("may_vote", Some(e), decided(Command::CastVote { idea })));
                    }
                }
                for &id in state.actions.keys() {
                    pairs.push((
                        "may_plan",
                        state.may_plan(actor).err(),
                        decided(Command::DeleteAction { id }),
                    ));
                }
                for (name, check, decided) in pairs {
                    if check != decided {
                        failure = Some(format!(
                            "{name} for {actor:?} in {:?}: check says {check:?}, decide says {decided:?}",
                            state.phase
                        ));
                    }
                }
            }
        });
        prop_assert!(failure.is_none(), "{}", failure.unwrap_or_default());
    }

    #[test]
    fn a_viewers_projection_accepts_what_the_server_accepts(scn in scenario(MAX_STEPS)) {
        let mut failure = None;
        play(&scn, |s, _| {
            if failure.is_some() {
                return;
            }
            let state = &s.state;
            let commands = offered(state);
            for (viewer, actor) in viewers(state) {
                let view = state.view_for(viewer);
                for command in &commands {
                    let server = state.accepts(actor, command);
                    let screen = view.accepts(actor, command);
                    let changes = (state.changes(actor, command), view.changes(actor, command));
                    if server != screen || changes.0 != changes.1 {
                        failure = Some(format!(
                            "{command:?} by {actor:?} in {:?}: server accepts {server} (changes {}), \
                             the viewer's projection {screen} (changes {})",
                            state.phase, changes.0, changes.1
                        ));
                        return;
                    }
                }
            }
        });
        prop_assert!(failure.is_none(), "{}", failure.unwrap_or_default());
    }

    #[test]
    fn time_never_decides(scn in scenario(MAX_STEPS / 2), later in 1i64..10_000_000_000) {
        let mut failure = None;
        play(&scn, |s, outcome| {
            let again = decide(&s.state, outcome.actor, &outcome.command, s.now + later);
            let now = decide(&s.state, outcome.actor, &outcome.command, s.now);
            if now.is_ok() != again.is_ok() && failure.is_none() {
                failure = Some(format!("{:?} by {:?}: {now:?} vs {again:?}", outcome.command, outcome.actor));
            }
        });
        prop_assert!(failure.is_none(), "{}", failure.unwrap_or_default());
    }
}
