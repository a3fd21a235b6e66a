//! The rules of a summit: [`decide`] checks a command against the current state and
//! answers with the events it causes, or why it is refused.
//!
//! `decide` is pure (time comes in as an argument, and only stamps events), so the
//! server can run it under a per-session lock, tests can run millions of random
//! sequences through it, and the browser can ask it whether to show a control. The
//! questions it asks are in [`crate::rules`].

use crate::command::{ActionDraft, Actor, Command, SessionSetup};
use crate::error::DomainError;
use crate::event::Event;
use crate::ids::{ActionId, DepartmentId, IdeaId, ParticipantId, ProblemId};
use crate::limits::{self, Field};
use crate::model::{ActionItem, Department, Idea, Participant, Problem};
use crate::phase::Phase;
use crate::rules::facilitator;
use crate::state::SessionState;

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
    setup.settings.validate()?;
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

/// Checks `command` from `actor` against `state` at time `now` (Unix milliseconds).
pub fn decide(
    state: &SessionState,
    actor: Actor,
    command: &Command,
    now: i64,
) -> Result<Vec<Event>, DomainError> {
    // A closed summit can only be reopened (back to Plan).
    if !matches!(command, Command::SetPhase { .. }) {
        state.ensure_open()?;
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
            state.check_settings(settings)?;
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
            let me = state.may_submit_problem(actor)?;
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
            state.may_withdraw_problem(actor, *problem)?;
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
            let me = state.participant_of(actor)?;
            state.ensure_phase(Phase::Pick, "the Pick phase")?;
            let p = state.live_problem(*problem)?;
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
            state.ensure_phase(Phase::Pick, "the Pick phase")?;
            let p = state.live_problem(*problem)?;
            if p.picked == *picked {
                return Ok(vec![]);
            }
            Ok(vec![Event::ProblemPicked {
                problem: *problem,
                picked: *picked,
            }])
        }
        Command::SubmitIdea { problem, text } => {
            let me = state.may_submit_idea(actor, *problem)?;
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
            state.may_withdraw_idea(actor, *idea)?;
            Ok(withdraw_idea(state, *idea))
        }
        Command::CastVote { idea } => {
            let me = state.may_vote(actor)?;
            state.live_idea(*idea)?;
            check_budget(state, me.id)?;
            check_cap(state, me.id, *idea)?;
            Ok(vec![Event::VoteCast {
                participant: me.id,
                idea: *idea,
            }])
        }
        Command::RetractVote { idea } => {
            let me = state.may_vote(actor)?;
            if state.votes_on(me.id, *idea) == 0 {
                return Err(DomainError::NoVote);
            }
            Ok(vec![Event::VoteRetracted {
                participant: me.id,
                idea: *idea,
            }])
        }
        Command::MoveVote { from, to } => {
            let me = state.may_vote(actor)?;
            if state.votes_on(me.id, *from) == 0 {
                return Err(DomainError::NoVote);
            }
            state.live_idea(*to)?;
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
            state.may_plan(actor)?;
            let item = checked_action(state, ActionId(state.next.action.max(1)), action)?;
            Ok(vec![Event::ActionCreated { action: item }])
        }
        Command::UpdateAction { id, action } => {
            state.may_plan(actor)?;
            state.actions.get(id).ok_or(DomainError::UnknownAction)?;
            let item = checked_action(state, *id, action)?;
            Ok(vec![Event::ActionUpdated { action: item }])
        }
        Command::SetActionStatus { id, status } => {
            state.may_plan(actor)?;
            let mut item = state
                .actions
                .get(id)
                .ok_or(DomainError::UnknownAction)?
                .clone();
            item.status = *status;
            Ok(vec![Event::ActionUpdated { action: item }])
        }
        Command::DeleteAction { id } => {
            state.may_plan(actor)?;
            state.actions.get(id).ok_or(DomainError::UnknownAction)?;
            Ok(vec![Event::ActionDeleted { action: *id }])
        }
    }
}

impl SessionState {
    /// Whether `decide` accepts `command` from `actor` now. The time only stamps the
    /// events a command causes; it never decides whether one is accepted.
    pub fn accepts(&self, actor: Actor, command: &Command) -> bool {
        decide(self, actor, command, 0).is_ok()
    }

    /// Whether `decide` accepts `command` and it changes something (a toggle already
    /// in the wanted position, or stopping a timer that does not run, is accepted
    /// and changes nothing).
    pub fn changes(&self, actor: Actor, command: &Command) -> bool {
        decide(self, actor, command, 0).is_ok_and(|events| !events.is_empty())
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
