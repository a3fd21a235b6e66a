//! `Deserialize` for [`Event`], written by hand so that reading an event does not
//! buffer it.
//!
//! Events are internally tagged JSON objects, `{"type":"vote_cast","participant":1,
//! "idea":2}`, and their `Serialize` is still serde's derive for
//! `#[serde(tag = "type")]`. The matching derived `Deserialize` cannot know where the
//! tag is, so it first reads the whole object into serde's private `Content` tree and
//! then reads the variant a second time out of that tree. That instantiates the
//! deserializers of every event field type (participants, problems, ideas, action
//! items, settings, …) a second time, for `Content`: in the browser's wasm that was
//! about 80 KB of code (about 16 KB gzip, against a 250 KB budget for the whole front
//! end).
//!
//! Summit always writes the tag first: serde's derive writes `"type"` before the
//! fields. So the object is read in one of two ways, with the same result:
//!
//! - **`"type"` is the first key** (everything Summit writes): the tag's value picks
//!   the variant, and the rest of the same object goes straight to the derived code
//!   of that variant in [`Tagged`], an externally tagged twin of [`Event`], reading
//!   from the original deserializer. Nothing is buffered, and the field types share
//!   their code with every other JSON read.
//! - **any other key order** (JSON written by hand or by another tool), with the
//!   `any-key-order` feature (on by default, so on the server): the object is read
//!   into [`serde_json::Value`]s, written back as JSON with `"type"` first, and read
//!   again the first way. Slower, but only for input Summit never writes. The browser
//!   turns the feature off (it reads only what Summit's server writes, and the
//!   `Value` code would cost it 5 KB gzip); there such an object is refused with an
//!   error, which the live sync answers by reloading the snapshot.
//!
//! What is accepted is what the derive accepted (the tests in
//! `shared/tests/event_json.rs` compare both with a copy of the derived enum): unknown
//! fields are ignored, a unit variant ignores any other keys, the tag may be the
//! variant's name or its index. Two deliberate differences, for input no Summit
//! writer ever produced: an event must be a JSON object (the derive also took an
//! array with the tag first), and a second `"type"` key after the first one is
//! ignored like any unknown field instead of refused.

use super::{tallies_with_string_keys, Event};
use crate::ids::{ActionId, DepartmentId, IdeaId, ParticipantId, ProblemId};
use crate::phase::Phase;
use crate::state::{ActionItem, Department, Idea, Participant, Problem, Settings};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, VariantAccess, Visitor,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// The name of the tag key, as `#[serde(tag = "type")]` on [`Event`] writes it.
const TAG: &str = "type";

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

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        match map.next_key_seed(FirstKey)? {
            None => Err(de::Error::missing_field(TAG)),
            Some(None) => Tagged::deserialize(TagFirst(map)).map(Event::from),
            #[cfg(feature = "any-key-order")]
            Some(Some(first)) => reorder(first, map),
            #[cfg(not(feature = "any-key-order"))]
            Some(Some(_)) => Err(de::Error::custom(
                "the `type` key must come first in an event",
            )),
        }
    }
}

/// Reads the first key: `None` when it is the tag, else the key itself.
struct FirstKey;

impl<'de> DeserializeSeed<'de> for FirstKey {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for FirstKey {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok((key != TAG).then(|| key.to_owned()))
    }
}

#[cfg(feature = "any-key-order")]
/// The slow path: the object did not start with the tag. Reads it whole, then reads
/// it again with the tag first (see the module docs).
fn reorder<'de, A: MapAccess<'de>>(first: String, mut map: A) -> Result<Event, A::Error> {
    let mut tag: Option<serde_json::Value> = None;
    let mut rest = vec![(first, map.next_value::<serde_json::Value>()?)];
    while let Some(key) = map.next_key::<String>()? {
        let value = map.next_value::<serde_json::Value>()?;
        if key == TAG {
            if tag.is_some() {
                return Err(de::Error::duplicate_field(TAG));
            }
            tag = Some(value);
        } else {
            rest.push((key, value));
        }
    }
    let Some(tag) = tag else {
        return Err(de::Error::missing_field(TAG));
    };
    let mut json = format!("{{\"{TAG}\":{tag}");
    for (key, value) in &rest {
        json.push(',');
        json.push_str(&serde_json::Value::from(key.as_str()).to_string());
        json.push(':');
        json.push_str(&value.to_string());
    }
    json.push('}');
    serde_json::from_str(&json).map_err(de::Error::custom)
}

/// An object whose first key, the tag, has just been read, presented as an
/// externally tagged enum: the tag's value names the variant, the rest of the
/// object holds its fields.
struct TagFirst<A>(A);

impl<'de, A: MapAccess<'de>> Deserializer<'de> for TagFirst<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        struct enum identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for TagFirst<A> {
    type Error = A::Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(
        mut self,
        seed: V,
    ) -> Result<(V::Value, Self), A::Error> {
        // The derive's variant identifier reads the tag's value, as it would have.
        let variant = self.0.next_value_seed(seed)?;
        Ok((variant, self))
    }
}

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for TagFirst<A> {
    type Error = A::Error;

    /// Like the derive, any other keys next to a unit variant's tag are ignored.
    fn unit_variant(mut self) -> Result<(), A::Error> {
        while self.0.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        seed.deserialize(de::value::MapAccessDeserializer::new(self.0))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, A::Error> {
        // [`Tagged`] has none; an object never holds a tuple.
        Err(de::Error::invalid_type(de::Unexpected::Map, &visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.0)
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
