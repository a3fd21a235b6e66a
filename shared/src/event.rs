//! Events: facts that happened in a session, in log order.
//!
//! The server stores them (the log is the source of truth) and streams them,
//! projected per viewer by [`crate::view`], to every browser.

use crate::ids::{ActionId, Card, CommentId, DepartmentId, IdeaId, ParticipantId, ProblemId, Seq};
use crate::model::{
    ActionItem, CarriedFrom, Comment, Department, Idea, LinkKind, Participant, Problem,
    ProgressNote, Reaction, Settings, Suggestion, Verdict,
};
use crate::phase::Phase;
use crate::tagged::tagged_enum;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// `Deserialize` comes from `tagged_enum!`, not the derive: it reads the same JSON as
// `#[serde(tag = "type")]` would, without serde's buffering (for events that buffering
// cost mostly code size: every event field type's deserializer a second time, about
// 16 KB gzip of the browser's wasm). Like the derive, unknown fields are ignored, a
// unit variant ignores any other keys, and the tag may be the variant's name or its
// index.
tagged_enum! {
/// Something that happened in a session, `{"type": "vote_cast", …}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event in event_de, reads_as("an event"), twin(rename_all = "snake_case") {
    SessionCreated {
        title: String,
        departments: Vec<Department>,
        settings: Settings,
        at: i64,
        /// Open action items carried over from an earlier summit, for Review.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        carried: Vec<ActionItem>,
        /// The summit they came from, which hears what the room decides about them.
        /// Never sent to a viewer ([`crate::view::projected`]), so a browser does
        /// not read it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(all(feature = "browser", target_arch = "wasm32"), serde(skip_deserializing))]
        carried_from: Option<CarriedFrom>,
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
        /// Whose dots they were, for the facilitator and the projector (who has
        /// voted, never for what); `None` for participants and in an anonymous
        /// session.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<ParticipantId>,
    },
    /// Tallies per idea, published on the move from Vote to Plan.
    VotesRevealed {
        #[serde(deserialize_with = "tallies_with_string_keys")]
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
    ParticipantMoved {
        participant: ParticipantId,
        department: DepartmentId,
    },
    TimerPaused {
        /// Milliseconds that were left.
        left: i64,
    },
    TimerResumed {
        ends_at: i64,
    },
    /// `seconds` more: a running timer now ends at `ends_at`; a paused one keeps
    /// them for when it resumes.
    TimerExtended {
        seconds: u32,
        ends_at: i64,
    },
    TimerKept {
        keep: bool,
    },
    ReadinessChanged {
        participant: ParticipantId,
        done: bool,
    },
    PresenceChanged {
        participant: ParticipantId,
        online: bool,
    },
    /// What a viewer receives instead of someone else's support for a problem in an
    /// anonymous session: only that the count moved. Never stored in the log.
    HiddenSupport {
        problem: ProblemId,
        delta: i32,
    },
    /// The facilitator hid a problem; it stays in the log and the server's state,
    /// and in its author's view (their own share of cards counts it).
    ProblemHidden {
        problem: ProblemId,
        /// Whose it is (`None` to the facilitator of an anonymous session).
        author: Option<ParticipantId>,
    },
    /// The facilitator brought a hidden problem back: the card as it stands.
    ProblemRestored {
        problem: Problem,
    },
    IdeaHidden {
        idea: IdeaId,
        author: Option<ParticipantId>,
    },
    IdeaRestored {
        idea: Idea,
    },
    /// What everyone but the facilitator receives when a problem is hidden: it is
    /// gone from their view. Never stored in the log.
    ProblemGone {
        problem: ProblemId,
    },
    /// The same for an idea. Never stored in the log.
    IdeaGone {
        idea: IdeaId,
    },
    /// `problem` was merged into `into`, here as it stands after the merge (its
    /// support now counts everyone who supported either, once; the ideas of both
    /// hang on it).
    ProblemMerged {
        problem: ProblemId,
        into: Problem,
    },
    IdeaMerged {
        idea: IdeaId,
        into: IdeaId,
    },
    MergeSuggested {
        suggestion: Suggestion,
    },
    /// Every suggestion that `card` is the same as `into` is gone.
    SuggestionDismissed {
        card: Card,
        into: Card,
    },
    CommentAdded {
        comment: Comment,
    },
    ReactionChanged {
        card: Card,
        reaction: Reaction,
        participant: ParticipantId,
        on: bool,
    },
    /// What a viewer receives instead of someone else's reaction: only that the
    /// count moved. Never stored in the log.
    ReactionCounted {
        card: Card,
        reaction: Reaction,
        delta: i32,
    },
    CommentHidden {
        comment: CommentId,
        author: Option<ParticipantId>,
    },
    CommentRestored {
        comment: Comment,
    },
    /// What everyone but the facilitator and its author receives when a comment is
    /// hidden. Never stored in the log.
    CommentGone {
        comment: CommentId,
    },
    /// An "anonymous until Plan" session reached Plan: who wrote, supported and
    /// commented what, as it stands (each viewer gets the cards they may see).
    NamesRevealed {
        problems: Vec<Problem>,
        ideas: Vec<Idea>,
        comments: Vec<Comment>,
        /// Dots each participant has spent: for the facilitator and the projector
        /// (who has voted); a participant gets their own. Pairs, not an object:
        /// JSON object keys are strings.
        voters: Vec<(ParticipantId, u32)>,
        /// Who proposed which action item, and whether it was declined (a declined
        /// one only for the facilitator and its proposer).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        proposers: Vec<(ActionId, ParticipantId, bool)>,
    },
    /// The facilitator made a named session anonymous: from now on no viewer is told
    /// who wrote, supported or commented what. The server's state keeps the names.
    NamesHidden,
    /// What a viewer receives instead of [`Event::NamesHidden`]: the names it holds
    /// of others are dropped (supporters counted). Never stored in the log.
    NamesWithdrawn {
        /// The viewer, whose own authorship stays.
        keep: Option<ParticipantId>,
    },
    /// A participant proposed an action item (its `proposal` says who).
    ActionProposed {
        action: ActionItem,
    },
    /// The facilitator declined a proposal. Everyone but its proposer and the
    /// facilitator receives [`Event::ActionDeleted`] instead.
    ActionDeclined {
        action: ActionId,
        by: Option<ParticipantId>,
        reason: String,
    },
    /// The facilitator issued a link beyond the room (again: a new key, the old one
    /// stops working).
    LinkIssued {
        link: LinkKind,
        generation: u32,
    },
    /// The facilitator revoked a link: no key of it works any more.
    LinkRevoked {
        link: LinkKind,
    },
    /// A lead or the facilitator wrote how an action item is going.
    ProgressNoted {
        action: ActionId,
        note: ProgressNote,
    },
    /// The room decided about a carried-over action item: done (it was finished:
    /// it stays behind, its status as it was), continue (it joins this summit's
    /// action items, in `department`) or drop.
    CarriedReviewed {
        action: ActionId,
        verdict: Verdict,
        department: DepartmentId,
    },
    /// The projector shows this picked problem's results alone (`None`: all of them).
    Spotlighted {
        #[serde(default)]
        problem: Option<ProblemId>,
    },
}
}

/// JSON object keys are strings (`{"1": 3}`): the tallies are read with string keys
/// and parsed here. (This began as a workaround for serde's buffering of internally
/// tagged enums, which refused to read the key `"1"` as an integer id; it stays so
/// that exactly the same keys are accepted as before.)
fn tallies_with_string_keys<'de, D>(d: D) -> Result<BTreeMap<IdeaId, u32>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    // A loop of inserts rather than `collect()`: the same map (of two keys for one
    // id, like "01" and "1", the later in string order wins either way), without
    // the sort that `BTreeMap::from_iter` brings into the wasm.
    let mut tallies = BTreeMap::new();
    for (key, n) in BTreeMap::<String, u32>::deserialize(d)? {
        let Ok(id) = key.parse() else {
            return Err(serde::de::Error::custom(format!(
                "`{key}` is not an idea id"
            )));
        };
        tallies.insert(IdeaId(id), n);
    }
    Ok(tallies)
}

/// An event with its position in the session log: what the live stream and the
/// command endpoint send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SeqEvent {
    pub seq: Seq,
    pub event: Event,
}
