//! Commands: what an actor asks the session to do. [`crate::decide`] accepts or refuses them.

use crate::date::Date;
use crate::ids::{ActionId, Card, CommentId, DepartmentId, IdeaId, ParticipantId, ProblemId};
use crate::model::{ActionStatus, LinkKind, Reaction, Settings, Verdict};
use crate::phase::Phase;
use crate::tagged::tagged_enum;
use serde::{Deserialize, Serialize};

/// Who is asking. The server derives it from the caller's token, never from the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "role", content = "participant", rename_all = "snake_case")]
pub enum Actor {
    Facilitator,
    Participant(ParticipantId),
    /// Someone with the join link who has not joined yet.
    Guest,
    /// The server itself, saying what only it can know (who has a live stream open).
    /// No request ever acts as the server.
    Server,
    /// Someone with the follow-up link: sets an action item's status and writes
    /// progress notes, and nothing else.
    Lead,
}

/// What the facilitator fills in to create a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SessionSetup {
    pub title: String,
    pub departments: Vec<String>,
    #[serde(default)]
    pub settings: Settings,
    /// Carry the open action items of an earlier summit over into this one's Review
    /// phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carry_from: Option<CarryFrom>,
}

/// An earlier summit, and the key that proves the right to read its action items:
/// its facilitator token or its follow-up link's key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CarryFrom {
    pub session: String,
    pub key: String,
}

/// The editable fields of an action item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ActionDraft {
    pub title: String,
    /// Required, but for an item carried over from an earlier summit (which keeps
    /// its problem from there).
    #[serde(default)]
    pub problem: Option<ProblemId>,
    #[serde(default)]
    pub idea: Option<IdeaId>,
    pub owner: String,
    pub department: DepartmentId,
    pub due: Date,
    #[serde(default = "default_status")]
    pub status: ActionStatus,
}

fn default_status() -> ActionStatus {
    ActionStatus::Open
}

// `Deserialize` comes from `tagged_enum!`, not the derive: it reads what the derive
// did without serde's buffering (the server reads one command per vote; the derive
// first copied each into its `Content` tree, an allocation per key and string, then
// read it again). Like the derive, unknown fields are refused (`deny_unknown_fields`,
// here for the schema and in the twin for reading), and the tag may be the variant's
// name or its index.
tagged_enum! {
/// What an actor asks the session to do, `{"type": "cast_vote", "idea": 1}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command in command_de, reads_as("a command"), twin(rename_all = "snake_case", deny_unknown_fields) {
    Join {
        name: String,
        department: DepartmentId,
    },
    /// Move to the next or the previous phase (facilitator).
    SetPhase {
        phase: Phase,
    },
    RenameDepartment {
        department: DepartmentId,
        name: String,
    },
    UpdateSettings {
        settings: Settings,
    },
    StartTimer {
        seconds: u32,
    },
    /// A struct variant (not a unit one) so unknown fields are refused like elsewhere.
    ClearTimer {},
    SubmitProblem {
        text: String,
    },
    WithdrawProblem {
        problem: ProblemId,
    },
    SupportProblem {
        problem: ProblemId,
        support: bool,
    },
    ConfirmPick {
        problem: ProblemId,
        picked: bool,
    },
    SubmitIdea {
        problem: ProblemId,
        text: String,
    },
    WithdrawIdea {
        idea: IdeaId,
    },
    CastVote {
        idea: IdeaId,
    },
    RetractVote {
        idea: IdeaId,
    },
    /// Take one dot from `from` and put it on `to`, atomically.
    MoveVote {
        from: IdeaId,
        to: IdeaId,
    },
    CreateAction {
        action: ActionDraft,
    },
    UpdateAction {
        id: ActionId,
        action: ActionDraft,
    },
    SetActionStatus {
        id: ActionId,
        status: ActionStatus,
    },
    DeleteAction {
        id: ActionId,
    },
    /// Into another department: a participant themself while the session is in the
    /// Lobby, the facilitator anyone at any time. What they wrote stays where it was
    /// written.
    MoveParticipant {
        participant: ParticipantId,
        department: DepartmentId,
    },
    /// Stop the timer where it is (facilitator).
    PauseTimer {},
    /// Run a paused timer on from where it stopped (facilitator).
    ResumeTimer {},
    /// Give the timer more time, running, paused or just run out (facilitator).
    ExtendTimer {
        seconds: u32,
    },
    /// Whether the timer keeps running when the phase changes (facilitator).
    KeepTimer {
        keep: bool,
    },
    /// A participant says they are done with this phase, or takes it back.
    SetDone {
        done: bool,
    },
    /// Whether a participant has a live stream open (only the server says so).
    SetPresence {
        participant: ParticipantId,
        online: bool,
    },
    /// Hide a problem from everyone but the facilitator, or bring it back
    /// (facilitator; nothing is deleted for good).
    HideProblem {
        problem: ProblemId,
        hidden: bool,
    },
    /// Hide an idea from everyone but the facilitator, or bring it back (facilitator).
    /// Dots on a hidden idea stay its voters' until they take them back.
    HideIdea {
        idea: IdeaId,
        hidden: bool,
    },
    /// Mark `card` as a duplicate of `into` (facilitator): problems of one
    /// department in Problems and Pick, ideas for one problem in Ideas. A merged
    /// problem's support carries over.
    Merge {
        card: Card,
        into: Card,
    },
    /// A participant says `card` is the same as `into`, for the facilitator to merge
    /// or dismiss.
    SuggestMerge {
        card: Card,
        into: Card,
    },
    /// The facilitator declines a suggested merge (everyone's suggestions of it).
    DismissSuggestion {
        card: Card,
        into: Card,
    },
    /// A participant remarks on a card (Problems, Ideas, Plan).
    AddComment {
        card: Card,
        text: String,
    },
    /// A participant reacts to a card, or takes the reaction back.
    React {
        card: Card,
        reaction: Reaction,
        on: bool,
    },
    /// Hide a comment from everyone but the facilitator and its author, or bring it
    /// back (facilitator).
    HideComment {
        comment: CommentId,
        hidden: bool,
    },
    /// A participant proposes an action item from an idea, in Plan; it waits for the
    /// facilitator, seen by everyone as a proposal.
    ProposeAction {
        action: ActionDraft,
    },
    /// The facilitator approves a proposal, as proposed or edited.
    ApproveAction {
        id: ActionId,
        action: ActionDraft,
    },
    /// The facilitator declines a proposal, saying why (its proposer is told).
    DeclineAction {
        id: ActionId,
        reason: String,
    },
    /// The facilitator issues a link beyond the room, or a new key for it.
    IssueLink {
        link: LinkKind,
    },
    /// The facilitator makes a link stop working.
    RevokeLink {
        link: LinkKind,
    },
    /// A short dated note on how an agreed action item is going (a lead or the
    /// facilitator, in Plan or after the summit).
    AddNote {
        id: ActionId,
        text: String,
    },
    /// The facilitator marks an item carried over from an earlier summit done,
    /// continue or drop, in Review. A continuing item joins `department`, or this
    /// summit's department of its old department's name. The earlier summit hears
    /// it: there the item is done, or has its status here again, with a lead's note
    /// saying what was decided ([`crate::SessionState::report_to_earlier`]).
    ReviewCarried {
        id: ActionId,
        verdict: Verdict,
        #[serde(default)]
        department: Option<DepartmentId>,
    },
    /// The facilitator puts one picked problem's results on the projector during
    /// Plan, while the room talks it through, or every problem's again (`None`).
    Spotlight {
        #[serde(default)]
        problem: Option<ProblemId>,
    },
}
}

impl Command {
    /// The item carried over from an earlier summit that this command decides
    /// about, which that summit hears of ([`crate::SessionState::report_to_earlier`]).
    pub fn reported_to_earlier(&self) -> Option<ActionId> {
        match self {
            Command::ReviewCarried { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// What may still happen once a summit is closed: following up its action
    /// items, handing out its links, and reopening it (back to Plan).
    pub fn follows_up(&self) -> bool {
        matches!(
            self,
            Command::SetPhase { .. }
                | Command::UpdateAction { .. }
                | Command::SetActionStatus { .. }
                | Command::AddNote { .. }
                | Command::IssueLink { .. }
                | Command::RevokeLink { .. }
        )
    }
}

impl Actor {
    pub fn participant(self) -> Option<ParticipantId> {
        match self {
            Actor::Participant(p) => Some(p),
            _ => None,
        }
    }
}
