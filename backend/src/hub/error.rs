//! Why the hub could not run a command or serve a session. The HTTP layer maps it to
//! an answer in one place (`impl From<HubError> for ApiError`).

use crate::store::StoreError;
use summit_shared::DomainError;

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// A rule of the summit refused the command.
    #[error(transparent)]
    Refused(#[from] DomainError),
    #[error("there is no such session")]
    SessionNotFound,
    /// The session's log has no position left (4,294,967,295 events on SQLite).
    #[error("the session's log is full")]
    SessionFull,
    /// The server is stopping: its writer or a session's watch is gone.
    #[error("the server is shutting down")]
    ShuttingDown,
    /// A commit of this session failed; its copy in memory is retired and the next
    /// request reloads it from the log.
    #[error("a commit failed in session {0}")]
    CommitFailed(String),
    #[error("the store failed")]
    Store(#[from] StoreError),
    #[error("encoding events failed")]
    Encoding(#[from] serde_json::Error),
    /// An invariant of the hub itself broke (a poisoned lock, a malformed record).
    #[error("{0}")]
    Broken(String),
}

pub type HubResult<T> = Result<T, HubError>;
