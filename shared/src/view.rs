//! What one viewer may see. Hidden tallies and anonymity are enforced here, on the
//! server, before anything is sent: a browser never receives other people's votes
//! (only how many dots were cast in total) and, in an anonymous session, never
//! learns who wrote what.

use crate::command::Actor;
use crate::event::Event;
use crate::ids::ParticipantId;
use crate::model::{ActionItem, Comment, Idea, Problem, Suggestion};
use crate::state::SessionState;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Who is looking at a session: `{"role":"facilitator"}`,
/// `{"role":"participant","participant":3}` or `{"role":"screen"}` (the projector:
/// it sees what the facilitator sees and may do nothing).
///
/// `Deserialize` is written by hand (below), not derived: serde's derive for an
/// adjacently tagged enum buffers the content in its private `Content` tree when it
/// comes before the tag, which brings that machinery (and a generic JSON value
/// reader) into the browser's wasm. It accepts and refuses what the derive did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "role", content = "participant", rename_all = "snake_case")]
pub enum Viewer {
    Facilitator,
    Participant(ParticipantId),
    Screen,
    /// The follow-up link: sees what the projector sees.
    Lead,
}

impl Viewer {
    pub fn participant(self) -> Option<ParticipantId> {
        match self {
            Viewer::Participant(p) => Some(p),
            Viewer::Facilitator | Viewer::Screen | Viewer::Lead => None,
        }
    }

    /// Who this viewer's commands come from; a screen sends none (the server refuses
    /// them with `screen_read_only`, the browser shows it no control).
    pub fn actor(self) -> Option<Actor> {
        match self {
            Viewer::Facilitator => Some(Actor::Facilitator),
            Viewer::Participant(p) => Some(Actor::Participant(p)),
            Viewer::Screen => None,
            Viewer::Lead => Some(Actor::Lead),
        }
    }
}

impl<'de> Deserialize<'de> for Viewer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Viewer, D::Error> {
        deserializer.deserialize_struct("Viewer", &["role", "participant"], ViewerVisitor)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Role {
    Facilitator,
    Participant,
    Screen,
    Lead,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Key {
    Role,
    Participant,
    #[serde(other)]
    Other,
}

/// The role and the content (`null` or a participant id; any other value is refused
/// while it is read), in whichever order they came.
fn viewer<E: de::Error>(role: Role, content: Option<Option<ParticipantId>>) -> Result<Viewer, E> {
    match (role, content) {
        (Role::Facilitator, None | Some(None)) => Ok(Viewer::Facilitator),
        (Role::Screen, None | Some(None)) => Ok(Viewer::Screen),
        (Role::Lead, None | Some(None)) => Ok(Viewer::Lead),
        (Role::Facilitator | Role::Screen | Role::Lead, Some(Some(p))) => Err(E::invalid_type(
            Unexpected::Unsigned(p.0.into()),
            &"null (only a participant has a participant id)",
        )),
        (Role::Participant, Some(Some(p))) => Ok(Viewer::Participant(p)),
        (Role::Participant, Some(None)) => Err(E::invalid_type(Unexpected::Unit, &"u32")),
        (Role::Participant, None) => Err(E::missing_field("participant")),
    }
}

struct ViewerVisitor;

impl<'de> Visitor<'de> for ViewerVisitor {
    type Value = Viewer;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("adjacently tagged enum Viewer")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Viewer, A::Error> {
        let mut role = None;
        let mut content = None;
        while let Some(key) = map.next_key()? {
            match key {
                Key::Role if role.is_some() => return Err(de::Error::duplicate_field("role")),
                Key::Role => role = Some(map.next_value()?),
                Key::Participant if content.is_some() => {
                    return Err(de::Error::duplicate_field("participant"))
                }
                Key::Participant => content = Some(map.next_value()?),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        viewer(
            role.ok_or_else(|| de::Error::missing_field("role"))?,
            content,
        )
    }

    /// `[role, content]`, as the derive also read it.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Viewer, A::Error> {
        let role = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let content = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        viewer(role, Some(content))
    }
}

impl SessionState {
    /// The state as `viewer` may see it.
    pub fn view_for(&self, viewer: Viewer) -> SessionState {
        let me = viewer.participant();
        let mut view = self.clone();
        // The earlier summit's id would let a viewer join it.
        view.carried_from = None;
        let own = me.map_or(0, |p| self.votes_used(p));
        view.hidden_votes = self.total_votes() - own;
        view.votes.retain(|who, _| Some(*who) == me);
        // Who has voted (never for what) is the facilitator's and the projector's,
        // unless the session is anonymous: then only the count of dots.
        if me.is_some() || self.names_hidden() {
            view.voters.retain(|who, _| Some(*who) == me);
        }
        // Hidden cards are the facilitator's (the projector shows the room), and
        // their authors' own.
        if viewer != Viewer::Facilitator {
            let seen = |hidden: bool, author: Option<ParticipantId>| {
                !hidden || (me.is_some() && author == me)
            };
            view.problems.retain(|_, p| seen(p.hidden, p.author));
            view.ideas.retain(|_, i| seen(i.hidden, i.author));
        }
        // A declined proposal is the facilitator's and its proposer's.
        if viewer != Viewer::Facilitator {
            view.actions
                .retain(|_, a| !a.is_declined() || (me.is_some() && a.proposer() == me));
        }
        // Hidden comments, like hidden cards, are the facilitator's and their authors'.
        if viewer != Viewer::Facilitator {
            view.comments
                .retain(|_, c| !c.hidden || (me.is_some() && c.author == me));
        }
        // Who reacted is known to themself only: the others are counted.
        for r in &mut view.reactions {
            let all = r.by.len();
            r.by.retain(|p| Some(*p) == me);
            let others = u32::try_from(all - r.by.len()).unwrap_or(u32::MAX);
            r.others = r.others.saturating_add(others);
        }
        // Who suggested a merge is known to themself only.
        for s in &mut view.suggestions {
            if s.by != me {
                s.by = None;
            }
        }
        if self.names_hidden() {
            view.unname(me);
        }
        view
    }

    /// Drops every name but `me`'s from what was written, supported and commented
    /// (support is counted instead).
    pub(crate) fn unname(&mut self, me: Option<ParticipantId>) {
        self.voters.retain(|who, _| Some(*who) == me);
        self.problems
            .values_mut()
            .for_each(|p| unname_problem(p, me));
        self.ideas.values_mut().for_each(|i| unname_idea(i, me));
        self.comments
            .values_mut()
            .for_each(|c| unname_comment(c, me));
        self.actions.values_mut().for_each(|a| unname_action(a, me));
    }
}

/// An action item as `me` may see it in an anonymous session: without its proposer
/// (unless it is `me`).
fn unname_action(a: &mut ActionItem, me: Option<ParticipantId>) {
    if let Some(p) = &mut a.proposal {
        if p.by != me {
            p.by = None;
        }
    }
}

/// An action item event as `viewer` may see it: a declined proposal goes from
/// everyone's view but the facilitator's and its proposer's; in an anonymous session
/// nobody else is told who proposed it.
fn action_for(
    action: &ActionItem,
    viewer: Viewer,
    anonymous: bool,
    updated: bool,
) -> Option<Event> {
    let me = viewer.participant();
    let theirs = me.is_some() && action.proposer() == me;
    if action.is_declined() && viewer != Viewer::Facilitator && !theirs {
        return Some(Event::ActionDeleted { action: action.id });
    }
    if !anonymous || action.proposer().is_none() || theirs {
        return None;
    }
    let mut a = action.clone();
    unname_action(&mut a, me);
    Some(if updated {
        Event::ActionUpdated { action: a }
    } else {
        Event::ActionProposed { action: a }
    })
}

/// A problem as `me` may see it in an anonymous session: without its author (unless
/// it is `me`) and with its other supporters counted, not named.
fn unname_problem(p: &mut Problem, me: Option<ParticipantId>) {
    if p.author != me {
        p.author = None;
    }
    let named = p.support.len();
    p.support.retain(|s| Some(*s) == me);
    let unnamed = u32::try_from(named - p.support.len()).unwrap_or(u32::MAX);
    p.hidden_support = p.hidden_support.saturating_add(unnamed);
}

/// An idea as `me` may see it in an anonymous session: without its author (unless
/// it is `me`).
fn unname_idea(i: &mut Idea, me: Option<ParticipantId>) {
    if i.author != me {
        i.author = None;
    }
}

/// A comment as `me` may see it in an anonymous session.
fn unname_comment(c: &mut Comment, me: Option<ParticipantId>) {
    if c.author != me {
        c.author = None;
    }
}

/// `problem` as `me` may see it in an anonymous session.
fn unnamed_problem(problem: &Problem, me: Option<ParticipantId>) -> Problem {
    let mut p = problem.clone();
    unname_problem(&mut p, me);
    p
}

/// `idea` as `me` may see it in an anonymous session.
fn unnamed_idea(idea: &Idea, me: Option<ParticipantId>) -> Idea {
    let mut i = idea.clone();
    unname_idea(&mut i, me);
    i
}

/// The event as `viewer` may see it. `anonymous` is the session's setting.
pub fn project(event: &Event, viewer: Viewer, anonymous: bool) -> Event {
    projected(event, viewer, anonymous).unwrap_or_else(|| event.clone())
}

/// The event as `viewer` may see it when that differs from the event itself, else
/// `None`: the server then sends the event as the log holds it (and its JSON as
/// already encoded for the log).
pub fn projected(event: &Event, viewer: Viewer, anonymous: bool) -> Option<Event> {
    let me = viewer.participant();
    // Who voted (never for what) is for the facilitator and the projector, unless
    // the session is anonymous.
    let by = |p: &ParticipantId| (me.is_none() && !anonymous).then_some(*p);
    match event {
        // The earlier summit's id would let a viewer join it.
        Event::SessionCreated {
            carried_from: Some(_),
            ..
        } => {
            let mut created = event.clone();
            if let Event::SessionCreated { carried_from, .. } = &mut created {
                *carried_from = None;
            }
            Some(created)
        }
        Event::VoteCast { participant, .. } if Some(*participant) != me => {
            Some(Event::HiddenVote {
                delta: 1,
                by: by(participant),
            })
        }
        Event::VoteRetracted { participant, .. } if Some(*participant) != me => {
            Some(Event::HiddenVote {
                delta: -1,
                by: by(participant),
            })
        }
        Event::PickSupportChanged {
            problem,
            participant,
            support,
        } if anonymous && Some(*participant) != me => Some(Event::HiddenSupport {
            problem: *problem,
            delta: if *support { 1 } else { -1 },
        }),
        Event::ProblemSubmitted { problem } if anonymous && problem.author != me => {
            Some(Event::ProblemSubmitted {
                problem: unnamed_problem(problem, me),
            })
        }
        Event::IdeaSubmitted { idea } if anonymous && idea.author != me => {
            Some(Event::IdeaSubmitted {
                idea: unnamed_idea(idea, me),
            })
        }
        // A restored card carries its support so far, which anonymity counts.
        Event::ProblemRestored { problem } if anonymous => Some(Event::ProblemRestored {
            problem: unnamed_problem(problem, me),
        }),
        Event::IdeaRestored { idea } if anonymous && idea.author != me => {
            Some(Event::IdeaRestored {
                idea: unnamed_idea(idea, me),
            })
        }
        Event::ProblemMerged { problem, into } if anonymous => Some(Event::ProblemMerged {
            problem: *problem,
            into: unnamed_problem(into, me),
        }),
        Event::MergeSuggested { suggestion } if suggestion.by.is_some() && suggestion.by != me => {
            Some(Event::MergeSuggested {
                suggestion: Suggestion {
                    by: None,
                    ..*suggestion
                },
            })
        }
        Event::ReactionChanged {
            card,
            reaction,
            participant,
            on,
        } if Some(*participant) != me => Some(Event::ReactionCounted {
            card: *card,
            reaction: *reaction,
            delta: if *on { 1 } else { -1 },
        }),
        Event::CommentAdded { comment } if anonymous && comment.author != me => {
            let mut c = comment.clone();
            unname_comment(&mut c, me);
            Some(Event::CommentAdded { comment: c })
        }
        Event::CommentRestored { comment } if anonymous && comment.author != me => {
            let mut c = comment.clone();
            unname_comment(&mut c, me);
            Some(Event::CommentRestored { comment: c })
        }
        Event::CommentHidden { comment, author } => match viewer {
            _ if me.is_some() && *author == me => None,
            Viewer::Facilitator if anonymous && author.is_some() => Some(Event::CommentHidden {
                comment: *comment,
                author: None,
            }),
            Viewer::Facilitator => None,
            _ => Some(Event::CommentGone { comment: *comment }),
        },
        // The session became anonymous: each viewer drops the names it holds but its
        // own (the server keeps them).
        Event::NamesHidden => Some(Event::NamesWithdrawn { keep: me }),
        // The reveal shows each viewer the cards they may see.
        Event::NamesRevealed {
            problems,
            ideas,
            comments,
            voters,
            proposers,
        } if viewer != Viewer::Facilitator => {
            let seen = |hidden: bool, author: Option<ParticipantId>| {
                !hidden || (me.is_some() && author == me)
            };
            Some(Event::NamesRevealed {
                problems: problems
                    .iter()
                    .filter(|p| seen(p.hidden, p.author))
                    .cloned()
                    .collect(),
                ideas: ideas
                    .iter()
                    .filter(|i| seen(i.hidden, i.author))
                    .cloned()
                    .collect(),
                comments: comments
                    .iter()
                    .filter(|c| seen(c.hidden, c.author))
                    .cloned()
                    .collect(),
                voters: voters
                    .iter()
                    .filter(|(who, _)| me.is_none() || Some(*who) == me)
                    .copied()
                    .collect(),
                proposers: proposers
                    .iter()
                    .filter(|(_, by, declined)| !declined || (me.is_some() && Some(*by) == me))
                    .copied()
                    .collect(),
            })
        }
        Event::ActionProposed { action } => action_for(action, viewer, anonymous, false),
        Event::ActionUpdated { action } => action_for(action, viewer, anonymous, true),
        Event::ActionDeclined { action, by, reason } => match viewer {
            _ if me.is_some() && *by == me => None,
            Viewer::Facilitator if anonymous && by.is_some() => Some(Event::ActionDeclined {
                action: *action,
                by: None,
                reason: reason.clone(),
            }),
            Viewer::Facilitator => None,
            _ => Some(Event::ActionDeleted { action: *action }),
        },
        Event::ProblemHidden { problem, author } => match viewer {
            _ if me.is_some() && *author == me => None,
            Viewer::Facilitator if anonymous && author.is_some() => Some(Event::ProblemHidden {
                problem: *problem,
                author: None,
            }),
            Viewer::Facilitator => None,
            _ => Some(Event::ProblemGone { problem: *problem }),
        },
        Event::IdeaHidden { idea, author } => match viewer {
            _ if me.is_some() && *author == me => None,
            Viewer::Facilitator if anonymous && author.is_some() => Some(Event::IdeaHidden {
                idea: *idea,
                author: None,
            }),
            Viewer::Facilitator => None,
            _ => Some(Event::IdeaGone { idea: *idea }),
        },
        _ => None,
    }
}
