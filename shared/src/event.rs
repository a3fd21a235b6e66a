//! Events: facts that happened in a session, in log order.
//!
//! The server stores them (the log is the source of truth) and streams them,
//! projected per viewer by [`crate::view`], to every browser.

use crate::ids::{ActionId, DepartmentId, IdeaId, ParticipantId, ProblemId, Seq};
use crate::state::{ActionItem, Department, Idea, Participant, Problem, Settings};
use crate::phase::Phase;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    SessionCreated {
        title: String,
        departments: Vec<Department>,
        settings: Settings,
        at: i64,
    },
    ParticipantJoined {
        participant: Participant,
    },
    DepartmentRenamed {
        department: DepartmentId,
        name: String,
    },
    SettingsChanged {
        settings: Settings,
    },
    PhaseChanged {
        phase: Phase,
    },
    TimerStarted {
        ends_at: i64,
        seconds: u32,
    },
    TimerCleared,
    ProblemSubmitted {
        problem: Problem,
    },
    ProblemWithdrawn {
        problem: ProblemId,
    },
    PickSupportChanged {
        problem: ProblemId,
        participant: ParticipantId,
        support: bool,
    },
    ProblemPicked {
        problem: ProblemId,
        picked: bool,
    },
    IdeaSubmitted {
        idea: Idea,
    },
    IdeaWithdrawn {
        idea: IdeaId,
    },
    VoteCast {
        participant: ParticipantId,
        idea: IdeaId,
    },
    VoteRetracted {
        participant: ParticipantId,
        idea: IdeaId,
    },
    /// What a viewer receives instead of someone else's vote while tallies are
    /// hidden: only that the total moved. Never stored in the log.
    HiddenVote {
        delta: i32,
    },
    /// Tallies per idea, published on the move from Vote to Plan.
    VotesRevealed {
        tallies: BTreeMap<IdeaId, u32>,
    },
    ActionCreated {
        action: ActionItem,
    },
    ActionUpdated {
        action: ActionItem,
    },
    ActionDeleted {
        action: ActionId,
    },
}

/// An event with its position in the session log: what the live stream and the
/// command endpoint send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeqEvent {
    pub seq: Seq,
    pub event: Event,
}
