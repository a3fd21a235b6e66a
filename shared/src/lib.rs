//! Summit's shared crate: the API contract and the domain rules, as plain Rust.
//!
//! Compiled for the browser (wasm32) and for the server, so every rule lives here
//! exactly once:
//! - [`decide`] turns a [`Command`] from an [`Actor`] into [`Event`]s, or a [`DomainError`],
//!   asking the questions in [`rules`] (which the browser asks too, before it shows a
//!   control);
//! - [`SessionState::apply`] folds events into the session state (server and browsers
//!   run the same reducer, so their views cannot disagree);
//! - [`view`] projects state and events for one viewer (hidden vote tallies, anonymity);
//! - [`api`] holds the request and response bodies of the HTTP API.

pub mod api;
pub mod command;
pub mod date;
pub mod decide;
pub mod error;
pub mod event;
pub mod ids;
pub mod limits;
pub mod model;
pub mod phase;
pub mod rules;
pub mod similarity;
pub mod state;
mod tagged;
pub mod view;
mod wire;

pub use command::{ActionDraft, Actor, CarryFrom, Command, SessionSetup};
pub use date::Date;
pub use decide::{create_session, decide, Earlier};
pub use error::{DomainError, ErrorCode, SettingsProblem};
pub use event::{Event, SeqEvent};
pub use ids::{
    ActionId, Card, CommentId, DepartmentId, IdeaId, ParticipantId, ProblemId, Seq, SessionId,
};
pub use model::{
    ActionItem, ActionStatus, Carried, CarriedFrom, Comment, Department, Idea, Language, LinkKind,
    Links, NoteAuthor, Participant, Problem, ProgressNote, Proposal, Reaction, Reactions, Settings,
    Suggestion, Verdict,
};
pub use phase::Phase;
pub use state::{
    FollowUpCounts, IdeaFlow, Placed, ReviewReport, RoomCounts, RoomProgress, SessionState, Timer,
};
pub use view::Viewer;
