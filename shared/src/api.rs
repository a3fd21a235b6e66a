//! The HTTP API contract: request and response bodies, shared by the server and the
//! browser's typed client, plus the paths they live at.

use crate::command::Command;
use crate::error::ErrorCode;
use crate::event::SeqEvent;
use crate::ids::{DepartmentId, ParticipantId, Seq, SessionId};
use crate::model::Department;
use crate::phase::Phase;
use crate::state::SessionState;
use crate::view::Viewer;
use serde::{Deserialize, Serialize};

/// `POST /api/sessions` answers with the session's two links' secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SessionCreated {
    pub session_id: SessionId,
    pub join_code: String,
    /// Secret capability for the facilitator console. Keep it private.
    pub facilitator_token: String,
}

/// `GET /api/join/{code}`: enough to show the join form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SessionPreview {
    pub session_id: SessionId,
    pub title: String,
    pub phase: Phase,
    pub departments: Vec<Department>,
    pub join_code: String,
    /// As many people have joined as the session takes: joining would be refused
    /// (`participant_limit`). Absent from older servers, read as room to join.
    #[serde(default)]
    pub full: bool,
}

/// `POST /api/sessions/{id}/participants`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct JoinRequest {
    pub name: String,
    pub department: DepartmentId,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Joined {
    pub participant_id: ParticipantId,
    /// Secret capability of this participant; the browser keeps it to come back as the same person.
    pub token: String,
}

/// `GET /api/sessions/{id}`: the state as the caller may see it, and the log
/// position it reflects (the live stream continues from there).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Snapshot {
    pub seq: Seq,
    pub viewer: Viewer,
    pub join_code: String,
    /// Server clock (Unix ms), so browsers can show timers right despite clock skew.
    pub server_time: i64,
    pub state: SessionState,
}

/// How many of each sender's newest idempotency keys a session remembers (see
/// [`CommandRequest::idempotency_key`]).
pub const IDEMPOTENCY_KEYS_PER_ACTOR: usize = 1024;

/// `POST /api/sessions/{id}/commands`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CommandRequest {
    pub command: Command,
    /// Client-chosen key (1 to 100 visible ASCII characters); a retried request with
    /// the same key is applied once and answered as the first attempt was. A session
    /// remembers at least each sender's 1,024 newest keys (51 seconds of commands at
    /// the default rate limit): retry within that, as the browser does within 3 s.
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

/// The events a command caused, as the caller may see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CommandAccepted {
    /// Log position after the command.
    pub seq: Seq,
    pub events: Vec<SeqEvent>,
}

/// `POST /api/sessions/{id}/tickets`: a short-lived credential for URLs that cannot
/// carry an `Authorization` header (the live stream, download links).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Ticket {
    pub ticket: String,
    pub expires_in_seconds: u32,
}

/// `GET /api/sessions/{id}/screen`: the session's screen key, for the projector's
/// link (`/s/{id}/screen#key=…`). It reads what the facilitator reads and may do
/// nothing, so the link can be shown on a wall.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ScreenKey {
    pub key: String,
}

/// The keys of a session's links beyond the room, for its facilitator: `None` for
/// a link not issued or revoked. The follow-up page is `/s/{id}/actions#key=…`; the
/// calendar feed `/api/sessions/{id}/calendar.ics?key=…` (also as `webcal://`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SessionLinks {
    pub follow_up: Option<String>,
    pub calendar: Option<String>,
}

/// Deleting a session: its title, typed to confirm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeleteSession {
    pub title: String,
}

/// Every 4xx and 5xx answer has this body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `vote_budget_exceeded`.
    pub code: ErrorCode,
    /// A sentence to show to a person.
    pub message: String,
}

/// Name of the server-sent event carrying a [`SeqEvent`].
pub const SSE_EVENT: &str = "summit";
/// Name of the final server-sent event before the server shuts down a stream.
pub const SSE_BYE: &str = "bye";
/// Name of the server-sent event carrying [`crate::RoomCounts`]: sent to the
/// facilitator and the projector while names are hidden, when the counts change.
pub const SSE_COUNTS: &str = "counts";

/// Export formats offered at `GET /api/sessions/{id}/export/{file}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFile {
    ActionsCsv,
    /// The action items as Jira's CSV importer reads them (README: the mapping).
    ActionsJiraCsv,
    ActionsMarkdown,
    ActionsJson,
    ActionsIcs,
    SummaryMarkdown,
}

impl ExportFile {
    pub const ALL: [ExportFile; 6] = [
        ExportFile::ActionsCsv,
        ExportFile::ActionsJiraCsv,
        ExportFile::ActionsMarkdown,
        ExportFile::ActionsJson,
        ExportFile::ActionsIcs,
        ExportFile::SummaryMarkdown,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            ExportFile::ActionsCsv => "actions.csv",
            ExportFile::ActionsJiraCsv => "actions-jira.csv",
            ExportFile::ActionsMarkdown => "actions.md",
            ExportFile::ActionsJson => "actions.json",
            ExportFile::ActionsIcs => "actions.ics",
            ExportFile::SummaryMarkdown => "summary.md",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ExportFile::ActionsCsv => "Action items (CSV)",
            ExportFile::ActionsJiraCsv => "Action items for Jira's CSV import",
            ExportFile::ActionsMarkdown => "Action items (Markdown)",
            ExportFile::ActionsJson => "Action items (JSON)",
            ExportFile::ActionsIcs => "Action items (iCalendar)",
            ExportFile::SummaryMarkdown => "Session summary (Markdown)",
        }
    }

    pub fn from_file_name(name: &str) -> Option<ExportFile> {
        ExportFile::ALL.into_iter().find(|f| f.file_name() == name)
    }
}

/// URL paths, built in one place for client and server.
pub mod paths {
    use super::ExportFile;
    use crate::ids::SessionId;

    /// Where sessions are created.
    pub fn sessions() -> &'static str {
        "/api/sessions"
    }
    pub fn session(id: &SessionId) -> String {
        format!("/api/sessions/{id}")
    }
    pub fn commands(id: &SessionId) -> String {
        format!("/api/sessions/{id}/commands")
    }
    pub fn participants(id: &SessionId) -> String {
        format!("/api/sessions/{id}/participants")
    }
    pub fn tickets(id: &SessionId) -> String {
        format!("/api/sessions/{id}/tickets")
    }
    pub fn events(id: &SessionId) -> String {
        format!("/api/sessions/{id}/events")
    }
    pub fn export(id: &SessionId, file: ExportFile) -> String {
        format!("/api/sessions/{id}/export/{}", file.file_name())
    }
    pub fn join_preview(code: &str) -> String {
        format!("/api/join/{code}")
    }
    /// The join link as an SVG QR code.
    pub fn join_qr(code: &str) -> String {
        format!("/api/join/{code}/qr.svg")
    }
    pub fn screen_key(id: &SessionId) -> String {
        format!("/api/sessions/{id}/screen")
    }
    /// The keys of the follow-up link and the calendar feed (facilitator).
    pub fn links(id: &SessionId) -> String {
        format!("/api/sessions/{id}/links")
    }
    /// The calendar feed, with its key.
    pub fn calendar(id: &SessionId, key: &str) -> String {
        format!("/api/sessions/{id}/calendar.ics?key={key}")
    }
    /// Browser page: the follow-up page for leads (the key goes in `#key=`).
    pub fn page_actions(id: &SessionId) -> String {
        format!("/s/{id}/actions")
    }
    /// Browser page: the projector.
    pub fn page_screen(id: &SessionId) -> String {
        format!("/s/{id}/screen")
    }
    /// Browser page: the participant's view.
    pub fn page_session(id: &SessionId) -> String {
        format!("/s/{id}")
    }
    /// Browser page: the facilitator console.
    pub fn page_facilitate(id: &SessionId) -> String {
        format!("/s/{id}/facilitate")
    }
    pub fn page_summary(id: &SessionId) -> String {
        format!("/s/{id}/summary")
    }
    pub fn page_join(code: &str) -> String {
        format!("/join/{code}")
    }

    /// The earlier summit named by its facilitator link
    /// (`…/s/{id}/facilitate#key=…`) or its follow-up link (`…/s/{id}/actions#key=…`),
    /// pasted whole, for a new summit to carry its open action items over.
    pub fn parse_carry_link(link: &str) -> Option<crate::CarryFrom> {
        let link = link.trim();
        let (page, key) = link.split_once("#key=")?;
        let (_, rest) = page.rsplit_once("/s/")?;
        let (session, kind) = rest.split_once('/')?;
        let key = key.trim();
        let fits = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if !matches!(kind, "facilitate" | "actions") || !fits(session) || !fits(key) {
            return None;
        }
        Some(crate::CarryFrom {
            session: session.to_owned(),
            key: key.to_owned(),
        })
    }
}
