//! The embedded SQLite engine (the default: one file, one server).
//!
//! Durability choices (an acknowledged command must survive `kill -9` and power loss):
//! - `journal_mode = WAL`: readers never block the writer, and a commit is one
//!   sequential append to the WAL file.
//! - `synchronous = FULL`: the WAL is fsynced at every commit, so a 2xx is only sent
//!   for data on disk (`NORMAL` could lose the last commits on power loss).
//! - `busy_timeout = 5 s`: a second process on the same file waits instead of failing.
//! - Writes go through exactly one connection, on a thread of its own ([`writer`]),
//!   so commits are serialized in process (no `SQLITE_BUSY` storms); reads use
//!   their own small sqlx pool.

mod writer;

use super::{decode, encode, BatchItem, SessionRecord, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, Row, SqlitePool};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use summit_shared::{ParticipantId, Seq, SeqEvent, SessionId};
use writer::{EventRow, ParticipantRow, Rows, Writer};

#[derive(Clone)]
pub struct SqliteStore {
    writer: Arc<Writer>,
    reader: SqlitePool,
}

impl SqliteStore {
    pub async fn connect(url: &str) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let path = options.get_filename().to_owned();
        // The writer and the readers are separate connections, so they must open
        // the same file: an in-memory database would be a different one for each.
        if path.as_os_str() == ":memory:" || path.to_string_lossy().starts_with("file:") {
            return Err(StoreError::UnsupportedUrl(format!(
                "{url} (an in-memory SQLite database; use sqlite://FILE)"
            )));
        }
        // Creates the file if needed, sets WAL mode (a property of the file) and
        // brings the schema up to date, before the writer thread opens it.
        let mut migrating = options.connect().await?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&mut migrating)
            .await
            .map_err(|e| StoreError::Db(e.into()))?;
        migrating.close().await?;
        let writer = Writer::open(&path)?;
        // No ping before each use: a SQLite connection is a file handle that cannot
        // go stale the way a network connection can, and the ping is a round trip
        // to the worker thread.
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .connect_with(options.read_only(true))
            .await?;
        Ok(SqliteStore {
            writer: Arc::new(writer),
            reader,
        })
    }

    /// Closes the readers, then the writer; the last connection checkpoints the WAL.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    pub async fn server_secret(&self, fresh: &str) -> Result<String, StoreError> {
        self.writer.server_secret(fresh).await
    }

    pub async fn create_session(
        &self,
        id: &SessionId,
        join_code: &str,
        facilitator_token_hash: &str,
        body: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        self.writer
            .create_session(
                &id.0,
                join_code,
                facilitator_token_hash,
                body.to_owned(),
                now,
            )
            .await
    }

    pub async fn session_by_code(&self, code: &str) -> Result<Option<SessionId>, StoreError> {
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM sessions WHERE join_code = ?")
            .bind(code)
            .fetch_optional(&self.reader)
            .await?;
        Ok(id.map(SessionId))
    }

    pub async fn load_session(&self, id: &SessionId) -> Result<Option<SessionRecord>, StoreError> {
        let Some(row) =
            sqlx::query("SELECT join_code, facilitator_token_hash FROM sessions WHERE id = ?")
                .bind(&id.0)
                .fetch_optional(&self.reader)
                .await?
        else {
            return Ok(None);
        };
        let events = self
            .events_after(id, 0)
            .await?
            .into_iter()
            .map(|e| e.event)
            .collect();
        let participants =
            sqlx::query("SELECT token_hash, participant_id FROM participants WHERE session_id = ?")
                .bind(&id.0)
                .fetch_all(&self.reader)
                .await?
                .into_iter()
                .map(|r| {
                    (
                        r.get::<String, _>(0),
                        ParticipantId(r.get::<i64, _>(1) as u32),
                    )
                })
                .collect();
        Ok(Some(SessionRecord {
            join_code: row.get(0),
            facilitator_token_hash: row.get(1),
            events,
            participants,
        }))
    }

    pub async fn events_after(
        &self,
        id: &SessionId,
        after: Seq,
    ) -> Result<Vec<SeqEvent>, StoreError> {
        sqlx::query("SELECT seq, body FROM events WHERE session_id = ? AND seq > ? ORDER BY seq")
            .bind(&id.0)
            .bind(after as i64)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(|r| decode(r.get(0), r.get::<&str, _>(1)))
            .collect()
    }

    pub async fn participant_by_token(
        &self,
        id: &SessionId,
        hash: &str,
    ) -> Result<Option<ParticipantId>, StoreError> {
        let pid: Option<i64> = sqlx::query_scalar(
            "SELECT participant_id FROM participants WHERE session_id = ? AND token_hash = ?",
        )
        .bind(&id.0)
        .bind(hash)
        .fetch_optional(&self.reader)
        .await?;
        Ok(pid.map(|p| ParticipantId(p as u32)))
    }

    pub async fn idempotency_keys(
        &self,
        id: &SessionId,
    ) -> Result<Vec<(String, String, Seq, i64)>, StoreError> {
        // The first event of each keyed command carries its record (migration 0002).
        Ok(sqlx::query(
            "SELECT command_actor, command_key, seq, command_last_seq FROM events \
             WHERE session_id = ? AND command_key IS NOT NULL",
        )
        .bind(&id.0)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get::<i64, _>(2) as Seq, r.get(3)))
        .collect())
    }

    /// Commits many commands in one transaction (one fsync), on the writer thread.
    /// Idempotency records ride on the events (their command's first event), so a
    /// command costs one row in one B-tree.
    pub async fn append_batch(&self, items: &[BatchItem<'_>]) -> Result<(), StoreError> {
        self.writer.append(rows_of(items)?).await
    }

    pub async fn events_between(
        &self,
        id: &SessionId,
        first: Seq,
        last: Seq,
    ) -> Result<Vec<SeqEvent>, StoreError> {
        sqlx::query("SELECT seq, body FROM events WHERE session_id = ? AND seq BETWEEN ? AND ? ORDER BY seq")
            .bind(&id.0)
            .bind(first as i64)
            .bind(last as i64)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(|r| decode(r.get(0), r.get::<&str, _>(1)))
            .collect()
    }
}

/// A batch's rows, owned for the trip to the writer thread.
fn rows_of(items: &[BatchItem<'_>]) -> Result<Rows, StoreError> {
    let mut rows = Rows::default();
    for item in items {
        let last = item.events.last().map_or(0, |e| e.seq as i64);
        for (i, event) in item.events.iter().enumerate() {
            rows.events.push(EventRow {
                session: item.session.0.clone(),
                seq: event.seq as i64,
                body: encode(&event.event)?,
                created_at: item.now,
                command: match item.idempotency {
                    Some((actor, key)) if i == 0 => Some((actor.to_owned(), key.to_owned(), last)),
                    _ => None,
                },
            });
        }
        if let Some((id, hash)) = item.participant {
            rows.participants.push(ParticipantRow {
                session: item.session.0.clone(),
                participant: i64::from(id.0),
                token_hash: hash.to_owned(),
            });
        }
    }
    Ok(rows)
}
