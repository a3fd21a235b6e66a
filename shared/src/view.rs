//! What one viewer may see. Hidden tallies and anonymity are enforced here, on the
//! server, before anything is sent: a browser never receives other people's votes
//! (only how many dots were cast in total) and, in an anonymous session, never
//! learns who wrote what.

use crate::command::Actor;
use crate::event::Event;
use crate::ids::ParticipantId;
use crate::state::SessionState;
use serde::{Deserialize, Serialize};

/// Who is looking at a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "role", content = "participant", rename_all = "snake_case")]
pub enum Viewer {
    Facilitator,
    Participant(ParticipantId),
}

impl Viewer {
    pub fn participant(self) -> Option<ParticipantId> {
        match self {
            Viewer::Participant(p) => Some(p),
            Viewer::Facilitator => None,
        }
    }

    pub fn actor(self) -> Actor {
        match self {
            Viewer::Facilitator => Actor::Facilitator,
            Viewer::Participant(p) => Actor::Participant(p),
        }
    }
}

impl SessionState {
    /// The state as `viewer` may see it.
    pub fn view_for(&self, viewer: Viewer) -> SessionState {
        let me = viewer.participant();
        let mut view = self.clone();
        let own = me.map_or(0, |p| self.votes_used(p));
        view.hidden_votes = self.total_votes() - own;
        view.votes.retain(|who, _| Some(*who) == me);
        if self.settings.anonymous {
            for p in view.problems.values_mut() {
                if p.author != me {
                    p.author = None;
                }
            }
            for i in view.ideas.values_mut() {
                if i.author != me {
                    i.author = None;
                }
            }
        }
        view
    }
}

/// The event as `viewer` may see it. `anonymous` is the session's setting.
pub fn project(event: &Event, viewer: Viewer, anonymous: bool) -> Event {
    let me = viewer.participant();
    match event {
        Event::VoteCast { participant, .. } if Some(*participant) != me => {
            Event::HiddenVote { delta: 1 }
        }
        Event::VoteRetracted { participant, .. } if Some(*participant) != me => {
            Event::HiddenVote { delta: -1 }
        }
        Event::ProblemSubmitted { problem } if anonymous && problem.author != me => {
            let mut problem = problem.clone();
            problem.author = None;
            Event::ProblemSubmitted { problem }
        }
        Event::IdeaSubmitted { idea } if anonymous && idea.author != me => {
            let mut idea = idea.clone();
            idea.author = None;
            Event::IdeaSubmitted { idea }
        }
        other => other.clone(),
    }
}
