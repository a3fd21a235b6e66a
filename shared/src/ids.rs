//! Newtype ids, so a problem id can never be passed where an idea id is expected.
//!
//! Ids inside a session are small counters handed out by [`crate::decide`] (deterministic,
//! so replaying the log rebuilds the same ids). Session ids are random strings from the server.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Position of an event in its session's log: 1, 2, 3, … with no gaps.
pub type Seq = u64;

macro_rules! counter_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

counter_id!(
    /// A participant of one session.
    ParticipantId
);
counter_id!(
    /// A problem submitted by a department.
    ProblemId
);
counter_id!(
    /// An idea proposed for a problem.
    IdeaId
);
counter_id!(
    /// An action item agreed in the Plan phase.
    ActionId
);
counter_id!(
    /// A comment on a problem or an idea.
    CommentId
);
counter_id!(
    /// A department taking part in the session (index order of creation).
    DepartmentId
);

/// A problem or an idea, where a command or event takes either (`{"problem": 3}`,
/// `{"idea": 7}`): what a merge or a merge suggestion is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Card {
    Problem(ProblemId),
    Idea(IdeaId),
}

/// A session, named by an unguessable random string chosen by the server.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct SessionId(pub String);

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl SessionId {
    /// Session ids are 22 characters of URL-safe base64 (128 random bits). Anything
    /// else cannot name a session, so it is rejected before touching storage.
    pub fn parse(raw: &str) -> Option<SessionId> {
        let ok = raw.len() == 22
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| SessionId(raw.to_owned()))
    }
}
