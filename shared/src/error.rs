//! Why a command was refused. Every variant maps to a stable machine-readable
//! `code` and a sentence a person can read; the server turns them into 4xx bodies
//! and the browser shows the message as is.

use crate::phase::Phase;
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("{field} must not be empty.")]
    Empty { field: &'static str },
    #[error("{field} is {actual} characters long; the limit is {max}.")]
    TooLong {
        field: &'static str,
        max: usize,
        actual: usize,
    },
    #[error("A session needs between {min} and {max} departments.")]
    DepartmentCount { min: usize, max: usize },
    #[error("Two departments are both called \"{0}\"; department names must differ.")]
    DuplicateDepartment(String),
    #[error("{0}")]
    InvalidSettings(&'static str),
    #[error("That is not possible in the {actual} phase (it needs {expected}).", actual = .actual.label())]
    WrongPhase {
        expected: &'static str,
        actual: Phase,
    },
    #[error("Phases move one step at a time: from {from} you can go to the next or the previous phase.", from = .from.label())]
    PhaseStep { from: Phase },
    #[error("Pick at least one problem before moving on to Ideas.")]
    NothingPicked,
    #[error("The summit is closed; it is read-only now.")]
    Closed,
    #[error("Only the facilitator can do that.")]
    FacilitatorOnly,
    #[error("Join the session as a participant first.")]
    ParticipantOnly,
    #[error("There is no such department in this session.")]
    UnknownDepartment,
    #[error("There is no such participant in this session.")]
    UnknownParticipant,
    #[error("There is no such problem in this session.")]
    UnknownProblem,
    #[error("There is no such idea in this session.")]
    UnknownIdea,
    #[error("There is no such action item in this session.")]
    UnknownAction,
    #[error("You can only do that with your own department's problems.")]
    NotOwnDepartment,
    #[error("Ideas are for the other departments' problems; this session does not allow ideas for your own department.")]
    OwnDepartmentIdea,
    #[error("That problem was not picked; ideas go to picked problems only.")]
    ProblemNotPicked,
    #[error("Only the author or the facilitator can withdraw that.")]
    NotAuthor,
    #[error("You have used all {budget} of your votes. Take one back to vote elsewhere.")]
    VoteBudgetExceeded { budget: u32 },
    #[error("An idea can take at most {cap} of your votes.")]
    VoteCapExceeded { cap: u32 },
    #[error("You have no vote on that idea to take back.")]
    NoVote,
    #[error("The timer runs from 1 second to {max} seconds.")]
    TimerRange { max: u32 },
}

impl DomainError {
    /// Stable identifier for clients and tests; never reworded.
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::Empty { .. } => "empty",
            DomainError::TooLong { .. } => "too_long",
            DomainError::DepartmentCount { .. } => "department_count",
            DomainError::DuplicateDepartment(_) => "duplicate_department",
            DomainError::InvalidSettings(_) => "invalid_settings",
            DomainError::WrongPhase { .. } => "wrong_phase",
            DomainError::PhaseStep { .. } => "phase_step",
            DomainError::NothingPicked => "nothing_picked",
            DomainError::Closed => "session_closed",
            DomainError::FacilitatorOnly => "facilitator_only",
            DomainError::ParticipantOnly => "participant_only",
            DomainError::UnknownDepartment => "unknown_department",
            DomainError::UnknownParticipant => "unknown_participant",
            DomainError::UnknownProblem => "unknown_problem",
            DomainError::UnknownIdea => "unknown_idea",
            DomainError::UnknownAction => "unknown_action",
            DomainError::NotOwnDepartment => "not_own_department",
            DomainError::OwnDepartmentIdea => "own_department_idea",
            DomainError::ProblemNotPicked => "problem_not_picked",
            DomainError::NotAuthor => "not_author",
            DomainError::VoteBudgetExceeded { .. } => "vote_budget_exceeded",
            DomainError::VoteCapExceeded { .. } => "vote_cap_exceeded",
            DomainError::NoVote => "no_vote",
            DomainError::TimerRange { .. } => "timer_range",
        }
    }

    /// The HTTP status the server answers with: 403 for "not yours to do",
    /// 404 for ids that do not exist here, 409 for "not now / not any more",
    /// 422 for invalid content.
    pub fn status(&self) -> u16 {
        match self {
            DomainError::FacilitatorOnly
            | DomainError::ParticipantOnly
            | DomainError::NotAuthor
            | DomainError::NotOwnDepartment
            | DomainError::OwnDepartmentIdea => 403,
            DomainError::UnknownDepartment
            | DomainError::UnknownParticipant
            | DomainError::UnknownProblem
            | DomainError::UnknownIdea
            | DomainError::UnknownAction => 404,
            DomainError::WrongPhase { .. }
            | DomainError::PhaseStep { .. }
            | DomainError::NothingPicked
            | DomainError::ProblemNotPicked
            | DomainError::Closed
            | DomainError::VoteBudgetExceeded { .. }
            | DomainError::VoteCapExceeded { .. }
            | DomainError::NoVote => 409,
            _ => 422,
        }
    }
}
