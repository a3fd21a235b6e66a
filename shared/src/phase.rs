//! The phases of a summit, in order, and what each asks of the people in it.

use serde::{Deserialize, Serialize};

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    #[default]
    Lobby,
    /// Action items carried over from an earlier summit are marked done, continue or
    /// drop. Only a session that carried some over has it.
    Review,
    Problems,
    Pick,
    Ideas,
    Vote,
    Plan,
    Closed,
}

impl Phase {
    pub const ALL: [Phase; 8] = [
        Phase::Lobby,
        Phase::Review,
        Phase::Problems,
        Phase::Pick,
        Phase::Ideas,
        Phase::Vote,
        Phase::Plan,
        Phase::Closed,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The phase after this one in [`Phase::ALL`]; a session without carried-over
    /// items skips Review ([`crate::SessionState::next_phase`]).
    pub fn next(self) -> Option<Phase> {
        Phase::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<Phase> {
        self.index().checked_sub(1).map(|i| Phase::ALL[i])
    }

    /// Participants have something to do here (write, support, vote), so they can
    /// say they are done with it.
    pub fn has_participant_work(self) -> bool {
        matches!(
            self,
            Phase::Problems | Phase::Pick | Phase::Ideas | Phase::Vote
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Lobby => "Lobby",
            Phase::Review => "Review",
            Phase::Problems => "Problems",
            Phase::Pick => "Pick",
            Phase::Ideas => "Ideas",
            Phase::Vote => "Vote",
            Phase::Plan => "Plan",
            Phase::Closed => "Closed",
        }
    }
}
