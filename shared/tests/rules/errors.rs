//! Refusals: a distinct code and the documented status for each, readable messages.

use super::*;

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
        DomainError::InvalidSettings(SettingsProblem::BudgetRange),
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
        DomainError::NoTimer,
        DomainError::ServerOnly,
        DomainError::ParticipantLimit { max: 1000 },
        DomainError::ProblemLimit { max: 20 },
        DomainError::IdeaLimit { max: 20 },
        DomainError::CardLimit { max: 2000 },
        DomainError::ActionLimit { max: 200 },
        DomainError::ProblemPicked,
        DomainError::Merged,
        DomainError::HasMerged,
        DomainError::MergeMismatch,
        DomainError::VotingStarted,
        DomainError::SuggestionLimit { max: 10 },
        DomainError::CommentLimit { max: 30 },
        DomainError::UnknownComment,
        DomainError::NotAProposal,
        DomainError::ProposalLimit { max: 5 },
        DomainError::NotAgreed,
        DomainError::NoteLimit { max: 100 },
        DomainError::TitleMismatch,
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
            | DomainError::TimerRange { .. }
            | DomainError::NoTimer
            | DomainError::ServerOnly
            | DomainError::ParticipantLimit { .. }
            | DomainError::ProblemLimit { .. }
            | DomainError::IdeaLimit { .. }
            | DomainError::CardLimit { .. }
            | DomainError::ActionLimit { .. }
            | DomainError::ProblemPicked
            | DomainError::Merged
            | DomainError::HasMerged
            | DomainError::MergeMismatch
            | DomainError::VotingStarted
            | DomainError::SuggestionLimit { .. }
            | DomainError::CommentLimit { .. }
            | DomainError::UnknownComment
            | DomainError::NotAProposal
            | DomainError::ProposalLimit { .. }
            | DomainError::NotAgreed
            | DomainError::NoteLimit { .. }
            | DomainError::TitleMismatch => {}
        }
    }
    all
}

#[test]
fn every_error_has_a_distinct_code_and_a_4xx_status() {
    let all = every_error();
    assert_eq!(all.len(), 44);
    let mut codes = std::collections::BTreeSet::new();
    for e in &all {
        assert!(codes.insert(e.code()), "duplicate code {}", e.code());
        assert!((400..500).contains(&e.status()), "{e:?} -> {}", e.status());
        assert!(!e.to_string().is_empty());
        assert!(
            e.code()
                .as_str()
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
        E::UnknownComment,
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
        E::ParticipantLimit { max: 1 },
        E::ProblemLimit { max: 1 },
        E::IdeaLimit { max: 1 },
        E::CardLimit { max: 1 },
        E::ActionLimit { max: 1 },
        E::Merged,
        E::HasMerged,
        E::VotingStarted,
        E::SuggestionLimit { max: 1 },
        E::CommentLimit { max: 1 },
        E::NotAProposal,
        E::ProposalLimit { max: 1 },
        E::NotAgreed,
        E::NoteLimit { max: 1 },
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
        E::InvalidSettings(SettingsProblem::CapRange),
        E::DuplicateDepartment("x".into()),
        E::DepartmentCount { min: 2, max: 8 },
        E::TimerRange { max: 1 },
        E::MergeMismatch,
        E::TitleMismatch,
    ] {
        assert_eq!(e.status(), 422, "{e:?}");
    }
    assert_eq!(
        E::VoteBudgetExceeded { budget: 5 }.code().as_str(),
        "vote_budget_exceeded"
    );
    assert_eq!(E::Closed.code().as_str(), "session_closed");
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
