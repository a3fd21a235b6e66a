//! `Deserialize` for [`Event`], written by hand so that reading an event does not
//! buffer it (how, and what it accepts: [`crate::tagged`]).
//!
//! For events the buffering cost mostly code size: the derive instantiated the
//! deserializers of every event field type (participants, problems, ideas, action
//! items, settings, …) a second time, for serde's `Content`, about 80 KB of the
//! browser's wasm (16 KB gzip, against a 250 KB budget for the whole front end).
//! Like the derive, unknown fields are ignored, a unit variant ignores any other
//! keys, and the tag may be the variant's name or its index.

use super::{tallies_with_string_keys, Event};
use crate::ids::{ActionId, DepartmentId, IdeaId, ParticipantId, ProblemId};
use crate::phase::Phase;
use crate::state::{ActionItem, Department, Idea, Participant, Problem, Settings};
use crate::tagged;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        deserializer.deserialize_map(EventVisitor)
    }
}

struct EventVisitor;

impl<'de> Visitor<'de> for EventVisitor {
    type Value = Event;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // The derive's wording, so error messages stay the same.
        f.write_str("internally tagged enum Event")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Event, A::Error> {
        tagged::read::<A, Tagged, Event>(map, "an event")
    }
}

/// [`Event`]'s variants and fields, externally tagged: the variant's derived code
/// reads its fields. Keep it in step with [`Event`] (the `From` below and the tests
/// in `shared/tests/event_json.rs` catch a missing variant or field).
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Tagged {
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
    HiddenVote {
        delta: i32,
    },
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
}

impl From<Tagged> for Event {
    fn from(tagged: Tagged) -> Event {
        match tagged {
            Tagged::SessionCreated {
                title,
                departments,
                settings,
                at,
            } => Event::SessionCreated {
                title,
                departments,
                settings,
                at,
            },
            Tagged::ParticipantJoined { participant } => Event::ParticipantJoined { participant },
            Tagged::DepartmentRenamed { department, name } => {
                Event::DepartmentRenamed { department, name }
            }
            Tagged::SettingsChanged { settings } => Event::SettingsChanged { settings },
            Tagged::PhaseChanged { phase } => Event::PhaseChanged { phase },
            Tagged::TimerStarted { ends_at, seconds } => Event::TimerStarted { ends_at, seconds },
            Tagged::TimerCleared => Event::TimerCleared,
            Tagged::ProblemSubmitted { problem } => Event::ProblemSubmitted { problem },
            Tagged::ProblemWithdrawn { problem } => Event::ProblemWithdrawn { problem },
            Tagged::PickSupportChanged {
                problem,
                participant,
                support,
            } => Event::PickSupportChanged {
                problem,
                participant,
                support,
            },
            Tagged::ProblemPicked { problem, picked } => Event::ProblemPicked { problem, picked },
            Tagged::IdeaSubmitted { idea } => Event::IdeaSubmitted { idea },
            Tagged::IdeaWithdrawn { idea } => Event::IdeaWithdrawn { idea },
            Tagged::VoteCast { participant, idea } => Event::VoteCast { participant, idea },
            Tagged::VoteRetracted { participant, idea } => {
                Event::VoteRetracted { participant, idea }
            }
            Tagged::HiddenVote { delta } => Event::HiddenVote { delta },
            Tagged::VotesRevealed { tallies } => Event::VotesRevealed { tallies },
            Tagged::ActionCreated { action } => Event::ActionCreated { action },
            Tagged::ActionUpdated { action } => Event::ActionUpdated { action },
            Tagged::ActionDeleted { action } => Event::ActionDeleted { action },
        }
    }
}
