//! Persistence: the per-session event log and capability hashes.
//!
//! One interface, two engines: embedded SQLite (the one-command default for a single
//! server) and PostgreSQL (several servers sharing one database). Both keep the same
//! log and capabilities with the same meaning; the API and store test suites run
//! against both.
//! They differ where the engines do: SQLite has one writer, which commits many
//! commands at once ([`SqliteStore::append_batch`]) and checks idempotency keys in memory
//! (each actor's newest), so it keeps each key and its actor on the first event its
//! command caused and reads them back when a session loads; PostgreSQL servers
//! append one command at a time and look keys up in an `idempotency` table with a
//! unique index, which is what makes a retry sent to another server answer like the
//! first attempt.
//! The engine is chosen by the database URL's scheme. [`Store`] does what both
//! engines do; what only one does (SQLite's group commit, PostgreSQL's append and
//! doorbell) is on that engine's own type, which the hub's engine of the same name
//! holds.

mod postgres;
mod sqlite;

use summit_shared::{Actor, Event, ParticipantId, Seq, SeqEvent, SessionId};

pub use postgres::{Doorbell, PgStore, Ring};
pub use sqlite::{SqliteStore, MAX_SEQ as SQLITE_MAX_SEQ};

#[derive(Clone)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

/// What is needed to bring a session into memory.
pub struct SessionRecord {
    pub join_code: String,
    pub facilitator_token_hash: String,
    pub events: Vec<Event>,
    pub participants: Vec<(String, ParticipantId)>,
}

/// A new participant's capability, written in the same transaction as their join event.
pub struct NewParticipant<'a> {
    pub id: ParticipantId,
    pub token_hash: &'a str,
}

/// Records the answer to an idempotency key in the same transaction as the events.
pub struct IdempotencyRecord<'a> {
    pub actor: &'a str,
    pub key: &'a str,
}

/// An idempotency key as a session's log records it.
pub enum RecordedKey {
    /// The actor and the key as sent: rows written before migration 0003.
    Text { actor: String, key: String },
    /// SQLite since 0003: the first 16 bytes of SHA-256 over `actor|key`, which is
    /// all the server ever compares (`hub::live::CommandKey`), and the actor as
    /// [`ActorTag`] spells it (rows written before the hub remembered a bounded number
    /// of keys per actor have none).
    Digest {
        digest: [u8; 16],
        actor: Option<String>,
    },
}

/// An actor as the log spells it beside an idempotency key: `f` (the facilitator),
/// `g` (a guest), `s` (the server) or `p` and the participant's id. Spelled on the stack, as it is for
/// every keyed command.
#[derive(Clone, Copy)]
pub struct ActorTag {
    bytes: [u8; 11], // "p" and up to 10 digits of a u32
    len: u8,
}

impl ActorTag {
    pub fn of(actor: Actor) -> ActorTag {
        let mut bytes = [0u8; 11];
        let len = match actor {
            Actor::Facilitator => {
                bytes[0] = b'f';
                1
            }
            Actor::Guest => {
                bytes[0] = b'g';
                1
            }
            Actor::Server => {
                bytes[0] = b's';
                1
            }
            Actor::Lead => {
                bytes[0] = b'l';
                1
            }
            Actor::Participant(p) => {
                bytes[0] = b'p';
                let digits = p.0.checked_ilog10().unwrap_or(0) as usize + 1;
                let mut n = p.0;
                for i in (1..=digits).rev() {
                    bytes[i] = b'0' + (n % 10) as u8;
                    n /= 10;
                }
                digits + 1
            }
        };
        ActorTag {
            bytes,
            len: len as u8,
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    pub fn as_str(&self) -> &str {
        // ASCII by construction.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The actor a recorded spelling names; `None` for anything [`ActorTag::of`]
    /// does not write.
    pub fn parse(spelled: &str) -> Option<Actor> {
        match spelled.as_bytes() {
            b"f" => Some(Actor::Facilitator),
            b"g" => Some(Actor::Guest),
            b"s" => Some(Actor::Server),
            b"l" => Some(Actor::Lead),
            [b'p', digits @ ..]
                if !digits.is_empty()
                    && digits.iter().all(u8::is_ascii_digit)
                    && (digits.len() == 1 || digits[0] != b'0') =>
            {
                spelled[1..]
                    .parse()
                    .ok()
                    .map(|id| Actor::Participant(ParticipantId(id)))
            }
            _ => None,
        }
    }
}

/// One command's events for a group commit.
pub struct BatchItem<'a> {
    pub session: &'a SessionId,
    /// Consecutive log positions, in order.
    pub events: &'a [std::sync::Arc<SeqEvent>],
    /// Each event's JSON, as [`encode`] writes it (encoded once with the answer).
    pub bodies: &'a [bytes::Bytes],
    /// The digest of the command's actor and idempotency key, and that actor.
    pub idempotency: Option<([u8; 16], Actor)>,
    /// A joining participant's id and token hash.
    pub participant: Option<(ParticipantId, &'a str)>,
    pub now: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint fired: the join code or the log position is taken
    /// (another server appended first).
    #[error("conflict")]
    Conflict,
    /// The session was deleted.
    #[error("the session is gone")]
    Gone,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// From the SQLite write connection (store/sqlite/writer.rs).
    #[error(transparent)]
    Write(rusqlite::Error),
    /// The SQLite writer thread could not be started.
    #[error("cannot start the database writer: {0}")]
    Thread(std::io::Error),
    /// The store was closed (the server is shutting down).
    #[error("the database is closed")]
    Closed,
    #[error("corrupt data: {0}")]
    Corrupt(String),
    #[error("unsupported database URL `{0}`: use sqlite://FILE or postgres://…")]
    UnsupportedUrl(String),
}

pub(crate) fn classify(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
        // An append to a session deleted meanwhile (PostgreSQL's foreign key).
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::Gone,
        _ => StoreError::Db(e),
    }
}

pub(crate) fn encode(event: &Event) -> Result<String, StoreError> {
    serde_json::to_string(event).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn decode(seq: i64, body: &str) -> Result<SeqEvent, StoreError> {
    let event =
        serde_json::from_str(body).map_err(|e| StoreError::Corrupt(format!("seq {seq}: {e}")))?;
    Ok(SeqEvent {
        seq: seq as Seq,
        event,
    })
}

/// Dispatches a call to whichever engine backs the store.
macro_rules! dispatch {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            Store::Sqlite($store) => $call,
            Store::Postgres($store) => $call,
        }
    };
}

impl Store {
    /// Opens (creating a SQLite file if missing) the database and runs migrations.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Store::Sqlite(sqlite::SqliteStore::connect(url).await?))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Store::Postgres(postgres::PgStore::connect(url).await?))
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }

    pub async fn close(&self) {
        dispatch!(self, s => s.close().await)
    }

    pub async fn server_secret(&self) -> Result<Vec<u8>, StoreError> {
        let fresh = hex::encode(crate::auth::random_bytes::<32>());
        let secret = dispatch!(self, s => s.server_secret(&fresh).await)?;
        hex::decode(secret).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    /// Creates a session with its first event at seq 1.
    pub async fn create_session(
        &self,
        id: &SessionId,
        join_code: &str,
        facilitator_token_hash: &str,
        first: &Event,
        now: i64,
    ) -> Result<(), StoreError> {
        let body = encode(first)?;
        dispatch!(self, s => s.create_session(id, join_code, facilitator_token_hash, &body, now).await)
    }

    pub async fn session_by_code(&self, code: &str) -> Result<Option<SessionId>, StoreError> {
        dispatch!(self, s => s.session_by_code(code).await)
    }

    /// Everything needed to rebuild a session in memory, or `None` if it does not exist.
    pub async fn load_session(&self, id: &SessionId) -> Result<Option<SessionRecord>, StoreError> {
        dispatch!(self, s => s.load_session(id).await)
    }

    /// Events with `seq > after`, in order.
    pub async fn events_after(
        &self,
        id: &SessionId,
        after: Seq,
    ) -> Result<Vec<SeqEvent>, StoreError> {
        dispatch!(self, s => s.events_after(id, after).await)
    }

    /// Events with `first <= seq <= last`, in order.
    pub async fn events_between(
        &self,
        id: &SessionId,
        first: Seq,
        last: Seq,
    ) -> Result<Vec<SeqEvent>, StoreError> {
        dispatch!(self, s => s.events_between(id, first, last).await)
    }

    /// Deletes everything of a session: its log, its participants' token hashes,
    /// its idempotency records, its row.
    pub async fn delete_session(&self, id: &SessionId) -> Result<(), StoreError> {
        dispatch!(self, s => s.delete_session(id).await)
    }

    /// Which of `ids` still exist (the others were deleted).
    pub async fn existing(&self, ids: &[SessionId]) -> Result<Vec<SessionId>, StoreError> {
        dispatch!(self, s => s.existing(ids).await)
    }

    /// Sessions closed before `before` (Unix ms) and not reopened since.
    pub async fn closed_before(&self, before: i64) -> Result<Vec<SessionId>, StoreError> {
        let changes = dispatch!(self, s => s.last_phase_changes(before).await)?;
        let mut closed = Vec::new();
        for (id, body, at) in changes {
            let change = decode(0, &body)?;
            let is_closed = matches!(
                change.event,
                Event::PhaseChanged {
                    phase: summit_shared::Phase::Closed
                }
            );
            if is_closed && at < before {
                closed.push(id);
            }
        }
        Ok(closed)
    }

    /// The participant holding a token hash in a session (for tokens issued by
    /// another server since this one loaded the session).
    pub async fn participant_by_token(
        &self,
        id: &SessionId,
        token_hash: &str,
    ) -> Result<Option<ParticipantId>, StoreError> {
        dispatch!(self, s => s.participant_by_token(id, token_hash).await)
    }
}
