//! What a session is made of: its departments and settings, the participants, their
//! problems and ideas, and the action items. Events carry these; the state holds them.

use crate::date::Date;
use crate::ids::{
    ActionId, Card, CommentId, DepartmentId, IdeaId, ParticipantId, ProblemId, SessionId,
};
use crate::wire::wire_enum;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Settings {
    /// Dots each participant may spend.
    pub vote_budget: u32,
    /// Most dots one participant may put on one idea.
    pub vote_cap_per_idea: u32,
    /// Cross-team ideas are the point; the facilitator may also allow ideas for
    /// one's own department's problems.
    pub allow_own_department_ideas: bool,
    /// Hide who wrote, supported or commented what from everyone but themself. May
    /// be made stricter during a session, never looser ([`Settings::strictness`]).
    pub anonymous: bool,
    /// With `anonymous`: the names appear with the tallies, on the move from Vote to
    /// Plan ("anonymous until Plan").
    #[serde(default, skip_serializing_if = "is_false")]
    pub names_at_plan: bool,
    /// The language of the exports, the summary and the calendar file.
    #[serde(default)]
    pub language: Language,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            vote_budget: 5,
            vote_cap_per_idea: 3,
            allow_own_department_ideas: false,
            anonymous: false,
            names_at_plan: false,
            language: Language::En,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Department {
    pub id: DepartmentId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Participant {
    pub id: ParticipantId,
    pub name: String,
    pub department: DepartmentId,
    pub joined_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Problem {
    pub id: ProblemId,
    pub department: DepartmentId,
    /// `None` when the session is anonymous and the viewer is not the author.
    pub author: Option<ParticipantId>,
    pub text: String,
    pub withdrawn: bool,
    /// Confirmed by the facilitator in the Pick phase.
    pub picked: bool,
    /// Members of the department who support picking this problem, as far as the
    /// viewer may know them: in an anonymous session only the viewer themself.
    pub support: Vec<ParticipantId>,
    /// Supporters the viewer may not know by name (an anonymous session): counted,
    /// never named. Always 0 in the log.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub hidden_support: u32,
    /// Hidden by the facilitator: gone for everyone else, restorable.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
    /// A duplicate the facilitator merged into that problem: no longer on the
    /// board, readable under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<ProblemId>,
}

impl Settings {
    /// How much anonymity the session promises: 0 named, 1 anonymous until Plan,
    /// 2 anonymous to the end.
    pub fn strictness(&self) -> u8 {
        match (self.anonymous, self.names_at_plan) {
            (false, _) => 0,
            (true, true) => 1,
            (true, false) => 2,
        }
    }

    /// These settings with the anonymity of `strictness` (as [`Settings::strictness`]
    /// counts it; above 2 is 2).
    pub fn with_strictness(&self, strictness: u8) -> Settings {
        Settings {
            anonymous: strictness > 0,
            names_at_plan: strictness == 1,
            ..self.clone()
        }
    }
}

impl Problem {
    /// How many support picking this problem, named or not.
    pub fn support_count(&self) -> u32 {
        u32::try_from(self.support.len())
            .unwrap_or(u32::MAX)
            .saturating_add(self.hidden_support)
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Idea {
    pub id: IdeaId,
    pub problem: ProblemId,
    /// The department the idea came from.
    pub department: DepartmentId,
    pub author: Option<ParticipantId>,
    pub text: String,
    pub withdrawn: bool,
    /// Hidden by the facilitator: gone for everyone else, restorable.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
    /// A duplicate the facilitator merged into that idea.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<IdeaId>,
}

/// A short remark on a problem or an idea, building on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Comment {
    pub id: CommentId,
    pub card: Card,
    /// `None` when the session is anonymous and the viewer is not the author.
    pub author: Option<ParticipantId>,
    pub text: String,
    /// Hidden by the facilitator: gone for everyone else, restorable.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
}

wire_enum! {
    /// The small fixed set of reactions to a card.
    pub enum Reaction {
        PlusOne = "plus_one",
        Heart = "heart",
        Idea = "idea",
        Question = "question",
    }
}

/// Who reacted to a card one way: the viewer themself by id, everyone else counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Reactions {
    pub card: Card,
    pub reaction: Reaction,
    /// On the server: everyone who reacted. In a browser: at most the viewer.
    pub by: Vec<ParticipantId>,
    /// Others who reacted, counted, not named (always 0 on the server).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub others: u32,
}

impl Reactions {
    pub fn count(&self) -> u32 {
        u32::try_from(self.by.len())
            .unwrap_or(u32::MAX)
            .saturating_add(self.others)
    }
}

/// A participant's "same as…": `card` says what `into` says. The facilitator
/// merges it or dismisses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Suggestion {
    pub card: Card,
    pub into: Card,
    /// Who suggested it: known only to themself (everyone else sees `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<ParticipantId>,
}

wire_enum! {
    /// The language of what a session produces (exports, summary, calendar), chosen
    /// at creation and changeable by the facilitator. Readers choose their own
    /// language for the screen.
    #[derive(Default)]
    pub enum Language {
        #[default]
        En = "en",
        De = "de",
        Fr = "fr",
        Es = "es",
    }
}

wire_enum! {
    /// Where an action item stands.
    pub enum ActionStatus {
        Open = "open",
        InProgress = "in_progress",
        Done = "done",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ActionItem {
    pub id: ActionId,
    pub title: String,
    /// The problem it answers; `None` for an item carried over from an earlier
    /// summit, whose problem is told in [`ActionItem::carried`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<ProblemId>,
    pub idea: Option<IdeaId>,
    pub owner: String,
    pub department: DepartmentId,
    pub due: Date,
    pub status: ActionStatus,
    /// A participant's proposal, until the facilitator approves it (then `None`, like
    /// the facilitator's own items) or declines it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<Proposal>,
    /// How the work went after the summit, oldest first (leads and the facilitator).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<ProgressNote>,
    /// Carried over from an earlier summit, to be reviewed in this one's Review
    /// phase (its history comes with it: status and progress notes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried: Option<Carried>,
}

impl ActionItem {
    /// Agreed: the facilitator's own, a proposal they approved, or an item carried
    /// over that the room decided to continue. Only these leave the room (exports,
    /// calendar, the summary's list).
    pub fn is_agreed(&self) -> bool {
        self.proposal.is_none()
            && self
                .carried
                .as_ref()
                .is_none_or(|c| c.verdict == Some(Verdict::Continue))
    }

    /// Who proposed it, where the viewer may know.
    pub fn proposer(&self) -> Option<ParticipantId> {
        self.proposal.as_ref().and_then(|p| p.by)
    }

    /// A proposal waiting for the facilitator.
    pub fn is_pending(&self) -> bool {
        self.proposal.as_ref().is_some_and(|p| p.declined.is_none())
    }

    /// A proposal the facilitator declined: seen only by its proposer (with the
    /// reason) and the facilitator.
    pub fn is_declined(&self) -> bool {
        self.proposal.as_ref().is_some_and(|p| p.declined.is_some())
    }

    /// Past its due date (`today` is the reader's) and not done.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status != ActionStatus::Done && self.due < today
    }
}

/// The summit a session carried action items over from, and the right that brought
/// them, which its reports to that summit keep needing
/// ([`crate::SessionState::report_to_earlier`]). The server's only: a viewer could
/// join that summit with its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CarriedFrom {
    pub session: SessionId,
    /// The generation of that summit's follow-up link whose key carried them over;
    /// `None` for its facilitator's token. Once the link is renewed or revoked, the
    /// reports stop, as that key's other rights do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<u32>,
}

/// Where a carried-over action item comes from, and what the room decided about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Carried {
    /// Its id in the earlier summit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<ActionId>,
    /// The earlier summit's title.
    pub from: String,
    /// The problem it answered there, in its words.
    pub problem: String,
    /// The idea it came from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idea: Option<String>,
    /// Its department's name there (this summit's department of that name, or the
    /// facilitator's choice, is the item's `department`).
    pub department: String,
    /// Not yet decided while `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
}

wire_enum! {
    /// What the room decides about a carried-over action item in Review.
    pub enum Verdict {
        /// It was finished: recorded as done, it stays behind.
        Done = "done",
        /// It goes on: it joins this summit's action items, with its history.
        Continue = "continue",
        /// It is given up: it stays behind.
        Drop = "drop",
    }
}

/// A short dated word on how an action item is going, written after the summit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ProgressNote {
    pub text: String,
    /// When it was written (Unix milliseconds).
    pub at: i64,
    pub by: NoteAuthor,
}

wire_enum! {
    /// Who wrote a progress note: the facilitator or a lead (with the follow-up
    /// link, which names nobody).
    pub enum NoteAuthor {
        Facilitator = "facilitator",
        Lead = "lead",
    }
}

wire_enum! {
    /// The links a facilitator hands out beyond the room.
    pub enum LinkKind {
        /// Opens the action items for leads: status and progress notes, nothing else.
        FollowUp = "follow_up",
        /// The action items as a read-only iCalendar feed.
        Calendar = "calendar",
    }
}

/// Which of a session's links work, by the generation of their key. A key is the
/// server's signature of the session, the link's kind and its generation: issuing a
/// link again makes a new key (the old one stops working), revoking it leaves none.
/// Nothing secret is here; the keys are never in the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Links {
    pub follow_up: Option<u32>,
    pub calendar: Option<u32>,
    /// Generations handed out so far, of either kind: a new key is never an old one.
    pub issued: u32,
}

impl Links {
    /// The live generation of `link`'s key, if the link works.
    pub fn generation(&self, link: LinkKind) -> Option<u32> {
        match link {
            LinkKind::FollowUp => self.follow_up,
            LinkKind::Calendar => self.calendar,
        }
    }

    pub(crate) fn set(&mut self, link: LinkKind, generation: Option<u32>) {
        match link {
            LinkKind::FollowUp => self.follow_up = generation,
            LinkKind::Calendar => self.calendar = generation,
        }
        if let Some(g) = generation {
            self.issued = self.issued.max(g);
        }
    }
}

/// Who proposed an action item and, once declined, why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Proposal {
    /// The proposer (hidden from others in an anonymous session).
    #[serde(default)]
    pub by: Option<ParticipantId>,
    /// The facilitator's reason for declining.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declined: Option<String>,
}
