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
    Problems,
    Pick,
    Ideas,
    Vote,
    Plan,
    Closed,
}

impl Phase {
    pub const ALL: [Phase; 7] = [
        Phase::Lobby,
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

    pub fn next(self) -> Option<Phase> {
        Phase::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<Phase> {
        self.index().checked_sub(1).map(|i| Phase::ALL[i])
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Lobby => "Lobby",
            Phase::Problems => "Problems",
            Phase::Pick => "Pick",
            Phase::Ideas => "Ideas",
            Phase::Vote => "Vote",
            Phase::Plan => "Plan",
            Phase::Closed => "Closed",
        }
    }

    /// What a participant should do now, shown on every participant screen.
    pub fn participant_hint(self) -> &'static str {
        match self {
            Phase::Lobby => "Welcome! Wait for the facilitator to start. Here is who has joined so far.",
            Phase::Problems => "Write down your department's hardest problems, one per card.",
            Phase::Pick => "Support the problems of your own department that you think are the hardest. The facilitator confirms the pick.",
            Phase::Ideas => "Propose fresh ideas for the other departments' picked problems.",
            Phase::Vote => "Spend your votes on the ideas you believe in. You can move or take back votes until the phase ends. Tallies stay hidden until the reveal.",
            Phase::Plan => "Tallies are revealed. The top ideas become owned, dated action items.",
            Phase::Closed => "The summit is closed. Here is what it decided.",
        }
    }

    /// What the facilitator should do now, shown in the console.
    pub fn facilitator_hint(self) -> &'static str {
        match self {
            Phase::Lobby => "Share the join link or code. Start when people have joined.",
            Phase::Problems => "Each participant submits problems for their own department. Moderate if needed.",
            Phase::Pick => "Departments support their hardest problems. Confirm the pick for each department.",
            Phase::Ideas => "Participants propose ideas for the other departments' picked problems.",
            Phase::Vote => "Dot voting is running; tallies are hidden from everyone, you included, until you move on to Plan.",
            Phase::Plan => "Turn the top ideas into action items with an owner and a due date.",
            Phase::Closed => "Read-only. Export the action items; move back to Plan to edit.",
        }
    }
}
