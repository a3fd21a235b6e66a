//! The rules of a summit: [`decide`] checks a command against the current state and
//! answers with the events it causes, or why it is refused.
//!
//! `decide` is pure (time comes in as an argument), so the server can run it under a
//! per-session lock and tests can run millions of random sequences through it.

use crate::command::{ActionDraft, Actor, Command, SessionSetup};
use crate::error::DomainError;
use crate::event::Event;
use crate::ids::{ActionId, DepartmentId, IdeaId, ParticipantId, ProblemId};
use crate::limits::{self, Field};
use crate::phase::Phase;
use crate::state::{ActionItem, Department, Idea, Participant, Problem, SessionState, Settings};

/// Validates a new session and returns its first event.
pub fn create_session(setup: &SessionSetup, now: i64) -> Result<Event, DomainError> {
    let title = limits::clean(Field::Title, &setup.title)?;
    if !(limits::DEPARTMENTS_MIN..=limits::DEPARTMENTS_MAX).contains(&setup.departments.len()) {
        return Err(DomainError::DepartmentCount {
            min: limits::DEPARTMENTS_MIN,
            max: limits::DEPARTMENTS_MAX,
        });
    }
    let mut departments: Vec<Department> = Vec::with_capacity(setup.departments.len());
    for (i, raw) in setup.departments.iter().enumerate() {
        let name = limits::clean(Field::Department, raw)?;
        ensure_unique_department(departments.iter(), &name)?;
        departments.push(Department {
            id: DepartmentId(i as u32 + 1),
            name,
        });
    }
    validate_settings(&setup.settings)?;
    Ok(Event::SessionCreated {
        title,
        departments,
        settings: setup.settings.clone(),
        at: now,
    })
}

fn ensure_unique_department<'a>(
    mut existing: impl Iterator<Item = &'a Department>,
    name: &str,
) -> Result<(), DomainError> {
    let key = limits::comparison_key(name);
    if existing.any(|d| limits::comparison_key(&d.name) == key) {
        return Err(DomainError::DuplicateDepartment(name.to_owned()));
    }
    Ok(())
}

fn validate_settings(settings: &Settings) -> Result<(), DomainError> {
    if !(1..=limits::VOTE_BUDGET_MAX).contains(&settings.vote_budget) {
        return Err(DomainError::InvalidSettings(
            "The vote budget must be between 1 and 50 dots.",
        ));
    }
    if !(1..=settings.vote_budget).contains(&settings.vote_cap_per_idea) {
        return Err(DomainError::InvalidSettings(
            "The cap per idea must be between 1 and the vote budget.",
        ));
    }
    Ok(())
}

/// Checks `command` from `actor` against `state` at time `now` (Unix milliseconds).
pub fn decide(
    state: &SessionState,
    actor: Actor,
    command: &Command,
    now: i64,
) -> Result<Vec<Event>, DomainError> {
    let closed_exempt = matches!(command, Command::SetPhase { .. });
    if state.phase == Phase::Closed && !closed_exempt {
        return Err(DomainError::Closed);
    }
    match command {
        Command::Join { name, department } => {
            let name = limits::clean(Field::Name, name)?;
            state
                .department(*department)
                .ok_or(DomainError::UnknownDepartment)?;
            Ok(vec![Event::ParticipantJoined {
                participant: Participant {
                    id: ParticipantId(state.next.participant.max(1)),
                    name,
                    department: *department,
                    joined_at: now,
                },
            }])
        }
        Command::SetPhase { phase } => {
            facilitator(actor)?;
            let from = state.phase;
            if Some(*phase) != from.next() && Some(*phase) != from.previous() {
                return Err(DomainError::PhaseStep { from });
            }
            if from == Phase::Pick
                && *phase == Phase::Ideas
                && state.picked_problems().next().is_none()
            {
                return Err(DomainError::NothingPicked);
            }
            let mut events = vec![Event::PhaseChanged { phase: *phase }];
            if from == Phase::Vote && *phase == Phase::Plan {
                events.push(Event::VotesRevealed {
                    tallies: state.compute_tallies(),
                });
            }
            Ok(events)
        }
        Command::RenameDepartment { department, name } => {
            facilitator(actor)?;
            let name = limits::clean(Field::Department, name)?;
            state
                .department(*department)
                .ok_or(DomainError::UnknownDepartment)?;
            ensure_unique_department(
                state.departments.iter().filter(|d| d.id != *department),
                &name,
            )?;
            Ok(vec![Event::DepartmentRenamed {
                department: *department,
                name,
            }])
        }
        Command::UpdateSettings { settings } => {
            facilitator(actor)?;
            validate_settings(settings)?;
            if settings.anonymous != state.settings.anonymous {
                return Err(DomainError::InvalidSettings(
                    "Anonymity is chosen when the session is created and cannot change.",
                ));
            }
            let votes_changed = settings.vote_budget != state.settings.vote_budget
                || settings.vote_cap_per_idea != state.settings.vote_cap_per_idea;
            if votes_changed && state.phase >= Phase::Vote {
                return Err(DomainError::WrongPhase {
                    expected: "a phase before Vote to change the vote budget",
                    actual: state.phase,
                });
            }
            // Stepping back from Vote to Ideas keeps the dots already cast: the budget
            // and cap must not drop below them (nobody could take them back in Ideas).
            let over = state.votes.values().any(|mine| {
                mine.values().sum::<u32>() > settings.vote_budget
                    || mine.values().any(|n| *n > settings.vote_cap_per_idea)
            });
            if votes_changed && over {
                return Err(DomainError::InvalidSettings(
                    "Votes already cast exceed that budget or cap; it cannot go below the dots already spent.",
                ));
            }
            Ok(vec![Event::SettingsChanged {
                settings: settings.clone(),
            }])
        }
        Command::StartTimer { seconds } => {
            facilitator(actor)?;
            if !(1..=limits::TIMER_MAX_SECONDS).contains(seconds) {
                return Err(DomainError::TimerRange {
                    max: limits::TIMER_MAX_SECONDS,
                });
            }
            Ok(vec![Event::TimerStarted {
                ends_at: now.saturating_add(i64::from(*seconds) * 1000),
                seconds: *seconds,
            }])
        }
        Command::ClearTimer {} => {
            facilitator(actor)?;
            Ok(if state.timer.is_some() {
                vec![Event::TimerCleared]
            } else {
                vec![]
            })
        }
        Command::SubmitProblem { text } => {
            let me = participant(state, actor)?;
            phase(state, Phase::Problems, "the Problems phase")?;
            let text = limits::clean(Field::Text, text)?;
            Ok(vec![Event::ProblemSubmitted {
                problem: Problem {
                    id: ProblemId(state.next.problem.max(1)),
                    department: me.department,
                    author: Some(me.id),
                    text,
                    withdrawn: false,
                    picked: false,
                    support: vec![],
                },
            }])
        }
        Command::WithdrawProblem { problem } => {
            let p = live_problem(state, *problem)?;
            match actor {
                Actor::Facilitator if state.phase < Phase::Plan => {}
                Actor::Facilitator => {
                    return Err(DomainError::WrongPhase {
                        expected: "a phase before Plan",
                        actual: state.phase,
                    })
                }
                Actor::Participant(me) if p.author == Some(me) => {
                    phase(state, Phase::Problems, "the Problems phase")?
                }
                _ => return Err(DomainError::NotAuthor),
            }
            // Its ideas go with it, and their dots back to their owners.
            let mut events: Vec<Event> = state
                .ideas
                .values()
                .filter(|i| i.problem == *problem && !i.withdrawn)
                .flat_map(|i| withdraw_idea(state, i.id))
                .collect();
            events.push(Event::ProblemWithdrawn { problem: *problem });
            Ok(events)
        }
        Command::SupportProblem { problem, support } => {
            let me = participant(state, actor)?;
            phase(state, Phase::Pick, "the Pick phase")?;
            let p = live_problem(state, *problem)?;
            if p.department != me.department {
                return Err(DomainError::NotOwnDepartment);
            }
            if p.support.contains(&me.id) == *support {
                return Ok(vec![]);
            }
            Ok(vec![Event::PickSupportChanged {
                problem: *problem,
                participant: me.id,
                support: *support,
            }])
        }
        Command::ConfirmPick { problem, picked } => {
            facilitator(actor)?;
            phase(state, Phase::Pick, "the Pick phase")?;
            let p = live_problem(state, *problem)?;
            if p.picked == *picked {
                return Ok(vec![]);
            }
            Ok(vec![Event::ProblemPicked {
                problem: *problem,
                picked: *picked,
            }])
        }
        Command::SubmitIdea { problem, text } => {
            let me = participant(state, actor)?;
            phase(state, Phase::Ideas, "the Ideas phase")?;
            let p = live_problem(state, *problem)?;
            if !p.picked {
                return Err(DomainError::ProblemNotPicked);
            }
            if p.department == me.department && !state.settings.allow_own_department_ideas {
                return Err(DomainError::OwnDepartmentIdea);
            }
            let text = limits::clean(Field::Text, text)?;
            Ok(vec![Event::IdeaSubmitted {
                idea: Idea {
                    id: IdeaId(state.next.idea.max(1)),
                    problem: *problem,
                    department: me.department,
                    author: Some(me.id),
                    text,
                    withdrawn: false,
                },
            }])
        }
        Command::WithdrawIdea { idea } => {
            let i = live_idea(state, *idea)?;
            match actor {
                Actor::Facilitator if state.phase < Phase::Plan => {}
                Actor::Facilitator => {
                    return Err(DomainError::WrongPhase {
                        expected: "a phase before Plan",
                        actual: state.phase,
                    })
                }
                Actor::Participant(me) if i.author == Some(me) => {
                    phase(state, Phase::Ideas, "the Ideas phase")?
                }
                _ => return Err(DomainError::NotAuthor),
            }
            Ok(withdraw_idea(state, *idea))
        }
        Command::CastVote { idea } => {
            let me = participant(state, actor)?;
            phase(state, Phase::Vote, "the Vote phase")?;
            live_idea(state, *idea)?;
            check_budget(state, me.id)?;
            check_cap(state, me.id, *idea)?;
            Ok(vec![Event::VoteCast {
                participant: me.id,
                idea: *idea,
            }])
        }
        Command::RetractVote { idea } => {
            let me = participant(state, actor)?;
            phase(state, Phase::Vote, "the Vote phase")?;
            if state.votes_on(me.id, *idea) == 0 {
                return Err(DomainError::NoVote);
            }
            Ok(vec![Event::VoteRetracted {
                participant: me.id,
                idea: *idea,
            }])
        }
        Command::MoveVote { from, to } => {
            let me = participant(state, actor)?;
            phase(state, Phase::Vote, "the Vote phase")?;
            if state.votes_on(me.id, *from) == 0 {
                return Err(DomainError::NoVote);
            }
            live_idea(state, *to)?;
            if from == to {
                return Ok(vec![]);
            }
            check_cap(state, me.id, *to)?;
            Ok(vec![
                Event::VoteRetracted {
                    participant: me.id,
                    idea: *from,
                },
                Event::VoteCast {
                    participant: me.id,
                    idea: *to,
                },
            ])
        }
        Command::CreateAction { action } => {
            facilitator(actor)?;
            phase(state, Phase::Plan, "the Plan phase")?;
            let item = checked_action(state, ActionId(state.next.action.max(1)), action)?;
            Ok(vec![Event::ActionCreated { action: item }])
        }
        Command::UpdateAction { id, action } => {
            facilitator(actor)?;
            phase(state, Phase::Plan, "the Plan phase")?;
            state.actions.get(id).ok_or(DomainError::UnknownAction)?;
            let item = checked_action(state, *id, action)?;
            Ok(vec![Event::ActionUpdated { action: item }])
        }
        Command::SetActionStatus { id, status } => {
            facilitator(actor)?;
            phase(state, Phase::Plan, "the Plan phase")?;
            let mut item = state
                .actions
                .get(id)
                .ok_or(DomainError::UnknownAction)?
                .clone();
            item.status = *status;
            Ok(vec![Event::ActionUpdated { action: item }])
        }
        Command::DeleteAction { id } => {
            facilitator(actor)?;
            phase(state, Phase::Plan, "the Plan phase")?;
            state.actions.get(id).ok_or(DomainError::UnknownAction)?;
            Ok(vec![Event::ActionDeleted { action: *id }])
        }
    }
}

/// Withdrawing an idea: its dots go back to their owners first, as explicit events,
/// so every viewer's vote count stays right.
fn withdraw_idea(state: &SessionState, idea: IdeaId) -> Vec<Event> {
    let mut events: Vec<Event> = state
        .votes
        .iter()
        .flat_map(|(who, mine)| {
            let n = mine.get(&idea).copied().unwrap_or(0);
            (0..n).map(move |_| Event::VoteRetracted {
                participant: *who,
                idea,
            })
        })
        .collect();
    events.push(Event::IdeaWithdrawn { idea });
    events
}

fn facilitator(actor: Actor) -> Result<(), DomainError> {
    match actor {
        Actor::Facilitator => Ok(()),
        _ => Err(DomainError::FacilitatorOnly),
    }
}

fn participant(state: &SessionState, actor: Actor) -> Result<&Participant, DomainError> {
    let id = actor.participant().ok_or(DomainError::ParticipantOnly)?;
    state
        .participants
        .get(&id)
        .ok_or(DomainError::UnknownParticipant)
}

fn phase(state: &SessionState, wanted: Phase, expected: &'static str) -> Result<(), DomainError> {
    if state.phase == wanted {
        Ok(())
    } else {
        Err(DomainError::WrongPhase {
            expected,
            actual: state.phase,
        })
    }
}

fn live_problem(state: &SessionState, id: ProblemId) -> Result<&Problem, DomainError> {
    state
        .problems
        .get(&id)
        .filter(|p| !p.withdrawn)
        .ok_or(DomainError::UnknownProblem)
}

fn live_idea(state: &SessionState, id: IdeaId) -> Result<&Idea, DomainError> {
    state
        .ideas
        .get(&id)
        .filter(|i| !i.withdrawn)
        .ok_or(DomainError::UnknownIdea)
}

fn check_budget(state: &SessionState, me: ParticipantId) -> Result<(), DomainError> {
    let budget = state.settings.vote_budget;
    if state.votes_used(me) >= budget {
        return Err(DomainError::VoteBudgetExceeded { budget });
    }
    Ok(())
}

fn check_cap(state: &SessionState, me: ParticipantId, idea: IdeaId) -> Result<(), DomainError> {
    let cap = state.settings.vote_cap_per_idea;
    if state.votes_on(me, idea) >= cap {
        return Err(DomainError::VoteCapExceeded { cap });
    }
    Ok(())
}

fn checked_action(
    state: &SessionState,
    id: ActionId,
    draft: &ActionDraft,
) -> Result<ActionItem, DomainError> {
    let title = limits::clean(Field::ActionTitle, &draft.title)?;
    let owner = limits::clean(Field::Owner, &draft.owner)?;
    state
        .problems
        .get(&draft.problem)
        .ok_or(DomainError::UnknownProblem)?;
    if let Some(idea) = draft.idea {
        let i = state.ideas.get(&idea).ok_or(DomainError::UnknownIdea)?;
        if i.problem != draft.problem {
            return Err(DomainError::UnknownIdea);
        }
    }
    state
        .department(draft.department)
        .ok_or(DomainError::UnknownDepartment)?;
    Ok(ActionItem {
        id,
        title,
        problem: draft.problem,
        idea: draft.idea,
        owner,
        department: draft.department,
        due: draft.due,
        status: draft.status,
    })
}
