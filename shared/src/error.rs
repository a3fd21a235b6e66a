//! Why a request was refused. [`ErrorCode`] is the stable, machine-readable `code`
//! of every 4xx and 5xx answer (server and browser share it, so neither matches on
//! strings); [`DomainError`] is why the rules refused a command, with a sentence a
//! person can read. The server turns both into the typed error body.

use crate::phase::Phase;
use crate::wire::wire_enum;
use thiserror::Error;

wire_enum! {
    /// Every `code` the API answers with. Each has one HTTP status ([`ErrorCode::status`]).
    pub enum ErrorCode {
        // The rules of a summit (DomainError).
        Empty = "empty",
        TooLong = "too_long",
        DepartmentCount = "department_count",
        DuplicateDepartment = "duplicate_department",
        InvalidSettings = "invalid_settings",
        WrongPhase = "wrong_phase",
        PhaseStep = "phase_step",
        NothingPicked = "nothing_picked",
        SessionClosed = "session_closed",
        FacilitatorOnly = "facilitator_only",
        ParticipantOnly = "participant_only",
        UnknownDepartment = "unknown_department",
        UnknownParticipant = "unknown_participant",
        UnknownProblem = "unknown_problem",
        UnknownIdea = "unknown_idea",
        UnknownAction = "unknown_action",
        NotOwnDepartment = "not_own_department",
        OwnDepartmentIdea = "own_department_idea",
        ProblemNotPicked = "problem_not_picked",
        NotAuthor = "not_author",
        VoteBudgetExceeded = "vote_budget_exceeded",
        VoteCapExceeded = "vote_cap_exceeded",
        NoVote = "no_vote",
        TimerRange = "timer_range",
        NoTimer = "no_timer",
        ServerOnly = "server_only",
        ParticipantLimit = "participant_limit",
        ProblemLimit = "problem_limit",
        IdeaLimit = "idea_limit",
        CardLimit = "card_limit",
        ActionLimit = "action_limit",
        ProblemPicked = "problem_picked",
        Merged = "merged",
        HasMerged = "has_merged",
        MergeMismatch = "merge_mismatch",
        VotingStarted = "voting_started",
        SuggestionLimit = "suggestion_limit",
        CommentLimit = "comment_limit",
        UnknownComment = "unknown_comment",
        NotAProposal = "not_a_proposal",
        ProposalLimit = "proposal_limit",
        NotAgreed = "not_agreed",
        NoteLimit = "note_limit",
        TitleMismatch = "title_mismatch",
        // The request itself.
        InvalidJson = "invalid_json",
        InvalidBody = "invalid_body",
        InvalidQuery = "invalid_query",
        InvalidIdempotencyKey = "invalid_idempotency_key",
        InvalidLastEventId = "invalid_last_event_id",
        UseJoinEndpoint = "use_join_endpoint",
        InvalidHost = "invalid_host",
        MissingToken = "missing_token",
        InvalidToken = "invalid_token",
        InvalidTicket = "invalid_ticket",
        CrossOrigin = "cross_origin",
        ScreenReadOnly = "screen_read_only",
        NotFound = "not_found",
        SessionNotFound = "session_not_found",
        UnknownJoinCode = "unknown_join_code",
        UnknownExport = "unknown_export",
        MethodNotAllowed = "method_not_allowed",
        SessionFull = "session_full",
        BodyTooLarge = "body_too_large",
        UnsupportedMediaType = "unsupported_media_type",
        TooManyCommands = "too_many_commands",
        TooManyJoinAttempts = "too_many_join_attempts",
        TooManySessions = "too_many_sessions",
        TooManyStreams = "too_many_streams",
        // The server.
        Internal = "internal",
        ShuttingDown = "shutting_down",
    }
}

impl ErrorCode {
    /// The HTTP status the server answers with: 400 for a malformed request, 401 for
    /// missing or foreign credentials, 403 for "not yours to do", 404 for what does
    /// not exist here, 409 for "not now / not any more", 422 for invalid content,
    /// 429 for too many requests, 5xx for the server's own trouble.
    pub fn status(self) -> u16 {
        use ErrorCode as C;
        match self {
            C::InvalidJson
            | C::InvalidBody
            | C::InvalidQuery
            | C::InvalidIdempotencyKey
            | C::InvalidLastEventId
            | C::UseJoinEndpoint
            | C::InvalidHost => 400,
            C::MissingToken | C::InvalidToken | C::InvalidTicket => 401,
            C::FacilitatorOnly
            | C::ParticipantOnly
            | C::NotAuthor
            | C::NotOwnDepartment
            | C::OwnDepartmentIdea
            | C::CrossOrigin
            | C::ScreenReadOnly
            | C::ServerOnly => 403,
            C::UnknownDepartment
            | C::UnknownParticipant
            | C::UnknownProblem
            | C::UnknownIdea
            | C::UnknownAction
            | C::UnknownComment
            | C::NotFound
            | C::SessionNotFound
            | C::UnknownJoinCode
            | C::UnknownExport => 404,
            C::MethodNotAllowed => 405,
            C::WrongPhase
            | C::PhaseStep
            | C::NothingPicked
            | C::ProblemNotPicked
            | C::ProblemPicked
            | C::Merged
            | C::HasMerged
            | C::VotingStarted
            | C::SuggestionLimit
            | C::CommentLimit
            | C::NotAProposal
            | C::ProposalLimit
            | C::NotAgreed
            | C::NoteLimit
            | C::SessionClosed
            | C::VoteBudgetExceeded
            | C::VoteCapExceeded
            | C::NoVote
            | C::NoTimer
            | C::ParticipantLimit
            | C::ProblemLimit
            | C::IdeaLimit
            | C::CardLimit
            | C::ActionLimit
            | C::SessionFull => 409,
            C::BodyTooLarge => 413,
            C::UnsupportedMediaType => 415,
            C::Empty
            | C::TooLong
            | C::DepartmentCount
            | C::DuplicateDepartment
            | C::MergeMismatch
            | C::TitleMismatch
            | C::InvalidSettings
            | C::TimerRange => 422,
            C::TooManyCommands
            | C::TooManyJoinAttempts
            | C::TooManySessions
            | C::TooManyStreams => 429,
            C::Internal => 500,
            C::ShuttingDown => 503,
        }
    }

    /// The caller's credentials were not accepted (missing, unknown, revoked or for
    /// another session), as opposed to a rule refusing what they asked.
    pub fn is_credentials(self) -> bool {
        matches!(
            self,
            ErrorCode::MissingToken | ErrorCode::InvalidToken | ErrorCode::InvalidTicket
        )
    }
}

/// Which of the settings' own rules a refusal names (so a screen can say it in its
/// reader's language without matching sentences).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum SettingsProblem {
    #[error("The vote budget must be between 1 and 50 dots.")]
    BudgetRange,
    #[error("The cap per idea must be between 1 and the vote budget.")]
    CapRange,
    #[error("Anonymity may be made stricter during a session, never looser than promised.")]
    AnonymityLooser,
    #[error(
        "Votes already cast exceed that budget or cap; it cannot go below the dots already spent."
    )]
    BelowVotesCast,
}

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
    InvalidSettings(SettingsProblem),
    #[error("That is not possible in the {actual} phase (it needs {expected}).", actual = .actual.label())]
    WrongPhase {
        expected: &'static str,
        actual: Phase,
    },
    #[error("Phases move one step at a time: from {from} you can go to the next or the previous phase.", from = .from.label())]
    PhaseStep { from: Phase },
    #[error("Pick at least one problem before moving on to Ideas.")]
    NothingPicked,
    #[error("The summit is closed: only its action items are still followed up.")]
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
    #[error("Only the author can withdraw that (the facilitator hides it instead).")]
    NotAuthor,
    #[error("You have used all {budget} of your votes. Take one back to vote elsewhere.")]
    VoteBudgetExceeded { budget: u32 },
    #[error("An idea can take at most {cap} of your votes.")]
    VoteCapExceeded { cap: u32 },
    #[error("You have no vote on that idea to take back.")]
    NoVote,
    #[error("The timer runs from 1 second to {max} seconds.")]
    TimerRange { max: u32 },
    #[error("There is no timer to change; start one first.")]
    NoTimer,
    #[error("Only the server says who is online.")]
    ServerOnly,
    #[error("This session is full: {max} people have joined, as many as it takes.")]
    ParticipantLimit { max: u32 },
    #[error(
        "You have {max} problems in, as many as one person may add. Withdraw one to add another."
    )]
    ProblemLimit { max: u32 },
    #[error(
        "You have {max} ideas in, as many as one person may add. Withdraw one to add another."
    )]
    IdeaLimit { max: u32 },
    #[error("This session holds {max} problems and ideas, as many as it can take.")]
    CardLimit { max: u32 },
    #[error("This session has {max} action items, as many as it can take.")]
    ActionLimit { max: u32 },
    #[error("A picked problem stays in view; unpick it (in Pick) before hiding it.")]
    ProblemPicked,
    #[error("That card was merged into another one; act on that one instead.")]
    Merged,
    #[error("Other cards were merged into this one; it can no longer be withdrawn.")]
    HasMerged,
    #[error("A card merges into another of its kind: a problem into a problem of the same department, an idea into an idea for the same problem.")]
    MergeMismatch,
    #[error("Votes have been cast; ideas can no longer be merged.")]
    VotingStarted,
    #[error("You have {max} merge suggestions waiting, as many as one person may have.")]
    SuggestionLimit { max: u32 },
    #[error("You have {max} comments in, as many as allowed. Let others speak too.")]
    CommentLimit { max: u32 },
    #[error("There is no such comment in this session.")]
    UnknownComment,
    #[error("That action item is not a proposal waiting for approval.")]
    NotAProposal,
    #[error(
        "You have {max} action items waiting for the facilitator, as many as one person may have."
    )]
    ProposalLimit { max: u32 },
    #[error("That action item is a participant's proposal: approve or decline it first.")]
    NotAgreed,
    #[error("That action item has {max} progress notes, as many as one may hold.")]
    NoteLimit { max: u32 },
    #[error("That is not the session's title. Type it exactly as shown to confirm.")]
    TitleMismatch,
}

impl DomainError {
    /// A refusal because a bound of the session is reached (not a phase or a role):
    /// the browser says so where the form would have been.
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            DomainError::ParticipantLimit { .. }
                | DomainError::ProblemLimit { .. }
                | DomainError::IdeaLimit { .. }
                | DomainError::CardLimit { .. }
                | DomainError::ActionLimit { .. }
                | DomainError::SuggestionLimit { .. }
                | DomainError::CommentLimit { .. }
                | DomainError::ProposalLimit { .. }
                | DomainError::NoteLimit { .. }
        )
    }

    /// Stable identifier for clients and tests; never reworded.
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            DomainError::Empty { .. } => C::Empty,
            DomainError::TooLong { .. } => C::TooLong,
            DomainError::DepartmentCount { .. } => C::DepartmentCount,
            DomainError::DuplicateDepartment(_) => C::DuplicateDepartment,
            DomainError::InvalidSettings(_) => C::InvalidSettings,
            DomainError::WrongPhase { .. } => C::WrongPhase,
            DomainError::PhaseStep { .. } => C::PhaseStep,
            DomainError::NothingPicked => C::NothingPicked,
            DomainError::Closed => C::SessionClosed,
            DomainError::FacilitatorOnly => C::FacilitatorOnly,
            DomainError::ParticipantOnly => C::ParticipantOnly,
            DomainError::UnknownDepartment => C::UnknownDepartment,
            DomainError::UnknownParticipant => C::UnknownParticipant,
            DomainError::UnknownProblem => C::UnknownProblem,
            DomainError::UnknownIdea => C::UnknownIdea,
            DomainError::UnknownAction => C::UnknownAction,
            DomainError::NotOwnDepartment => C::NotOwnDepartment,
            DomainError::OwnDepartmentIdea => C::OwnDepartmentIdea,
            DomainError::ProblemNotPicked => C::ProblemNotPicked,
            DomainError::NotAuthor => C::NotAuthor,
            DomainError::VoteBudgetExceeded { .. } => C::VoteBudgetExceeded,
            DomainError::VoteCapExceeded { .. } => C::VoteCapExceeded,
            DomainError::NoVote => C::NoVote,
            DomainError::TimerRange { .. } => C::TimerRange,
            DomainError::NoTimer => C::NoTimer,
            DomainError::ServerOnly => C::ServerOnly,
            DomainError::ParticipantLimit { .. } => C::ParticipantLimit,
            DomainError::ProblemLimit { .. } => C::ProblemLimit,
            DomainError::IdeaLimit { .. } => C::IdeaLimit,
            DomainError::CardLimit { .. } => C::CardLimit,
            DomainError::ActionLimit { .. } => C::ActionLimit,
            DomainError::ProblemPicked => C::ProblemPicked,
            DomainError::Merged => C::Merged,
            DomainError::HasMerged => C::HasMerged,
            DomainError::MergeMismatch => C::MergeMismatch,
            DomainError::VotingStarted => C::VotingStarted,
            DomainError::SuggestionLimit { .. } => C::SuggestionLimit,
            DomainError::CommentLimit { .. } => C::CommentLimit,
            DomainError::UnknownComment => C::UnknownComment,
            DomainError::NotAProposal => C::NotAProposal,
            DomainError::ProposalLimit { .. } => C::ProposalLimit,
            DomainError::NotAgreed => C::NotAgreed,
            DomainError::NoteLimit { .. } => C::NoteLimit,
            DomainError::TitleMismatch => C::TitleMismatch,
        }
    }

    /// The HTTP status the server answers with (that of [`DomainError::code`]).
    pub fn status(&self) -> u16 {
        self.code().status()
    }
}
