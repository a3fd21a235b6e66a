//! Persistence: the per-session event log and capability hashes, in SQLite via sqlx.
//!
//! Durability choices (an acknowledged command must survive `kill -9` and power loss):
//! - `journal_mode = WAL`: readers never block the writer, and a commit is one
//!   sequential append to the WAL file.
//! - `synchronous = FULL`: the WAL is fsynced at every commit, so a 2xx is only sent
//!   for data on disk (`NORMAL` could lose the last commits on power loss).
//! - `busy_timeout = 5 s`: a second process on the same file waits instead of failing.
//! - Writes go through a pool of exactly one connection, so commits are serialized in
//!   process (no `SQLITE_BUSY` storms); reads use their own small pool.

use crate::error::ApiError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::str::FromStr;
use std::time::Duration;
use summit_shared::{Event, ParticipantId, Seq, SeqEvent, SessionId};

#[derive(Clone)]
pub struct Store {
    writer: SqlitePool,
    reader: SqlitePool,
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

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint fired: the join code or the log position is taken.
    #[error("conflict")]
    Conflict,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("corrupt event in the log: {0}")]
    Corrupt(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Internal(format!("store: {e}"))
    }
}

fn classify(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
        _ => StoreError::Db(e),
    }
}

impl Store {
    /// Opens (creating if missing) the database and runs migrations.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&writer)
            .await
            .map_err(|e| StoreError::Db(e.into()))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Store { writer, reader })
    }

    /// Closes both pools, checkpointing the WAL.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    /// The ticket-signing secret, created on first start.
    pub async fn server_secret(&self) -> Result<Vec<u8>, StoreError> {
        let fresh = hex::encode(crate::auth::random_bytes::<32>());
        sqlx::query("INSERT OR IGNORE INTO server_secret (id, secret) VALUES (1, ?)")
            .bind(&fresh)
            .execute(&self.writer)
            .await?;
        let secret: String = sqlx::query_scalar("SELECT secret FROM server_secret WHERE id = 1")
            .fetch_one(&self.writer)
            .await?;
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
        let body = serde_json::to_string(first).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (id, join_code, facilitator_token_hash, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(&id.0)
        .bind(join_code)
        .bind(facilitator_token_hash)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(classify)?;
        sqlx::query("INSERT INTO events (session_id, seq, body, created_at) VALUES (?, 1, ?, ?)")
            .bind(&id.0)
            .bind(body)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(classify)?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn session_by_code(&self, code: &str) -> Result<Option<SessionId>, StoreError> {
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM sessions WHERE join_code = ?")
            .bind(code)
            .fetch_optional(&self.reader)
            .await?;
        Ok(id.map(SessionId))
    }

    /// Everything needed to rebuild a session in memory, or `None` if it does not exist.
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
                    let pid: i64 = r.get(1);
                    (r.get::<String, _>(0), ParticipantId(pid as u32))
                })
                .collect();
        Ok(Some(SessionRecord {
            join_code: row.get(0),
            facilitator_token_hash: row.get(1),
            events,
            participants,
        }))
    }

    /// Events with `seq > after`, in order.
    pub async fn events_after(
        &self,
        id: &SessionId,
        after: Seq,
    ) -> Result<Vec<SeqEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, body FROM events WHERE session_id = ? AND seq > ? ORDER BY seq",
        )
        .bind(&id.0)
        .bind(after as i64)
        .fetch_all(&self.reader)
        .await?;
        rows.into_iter()
            .map(|r| {
                let seq: i64 = r.get(0);
                let body: String = r.get(1);
                let event = serde_json::from_str(&body)
                    .map_err(|e| StoreError::Corrupt(format!("seq {seq}: {e}")))?;
                Ok(SeqEvent {
                    seq: seq as Seq,
                    event,
                })
            })
            .collect()
    }

    /// Appends `events` at `first_seq`, `first_seq + 1`, … in one transaction,
    /// together with the idempotency record and a new participant's token, if any.
    pub async fn append(
        &self,
        id: &SessionId,
        first_seq: Seq,
        events: &[Event],
        idempotency: Option<IdempotencyRecord<'_>>,
        participant: Option<NewParticipant<'_>>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        for (i, event) in events.iter().enumerate() {
            let body =
                serde_json::to_string(event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            sqlx::query(
                "INSERT INTO events (session_id, seq, body, created_at) VALUES (?, ?, ?, ?)",
            )
            .bind(&id.0)
            .bind((first_seq + i as u64) as i64)
            .bind(body)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(classify)?;
        }
        if let Some(p) = participant {
            sqlx::query("INSERT INTO participants (session_id, participant_id, token_hash) VALUES (?, ?, ?)")
                .bind(&id.0)
                .bind(i64::from(p.id.0))
                .bind(p.token_hash)
                .execute(&mut *tx)
                .await
                .map_err(classify)?;
        }
        if let Some(rec) = idempotency {
            sqlx::query(
                "INSERT INTO idempotency (session_id, actor, key, first_seq, last_seq) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&id.0)
            .bind(rec.actor)
            .bind(rec.key)
            .bind(first_seq as i64)
            .bind((first_seq + events.len() as u64) as i64 - 1)
            .execute(&mut *tx)
            .await
            .map_err(classify)?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The log range a previous command with this key produced, if any.
    pub async fn idempotent(
        &self,
        id: &SessionId,
        actor: &str,
        key: &str,
    ) -> Result<Option<(Seq, i64)>, StoreError> {
        let row = sqlx::query(
            "SELECT first_seq, last_seq FROM idempotency WHERE session_id = ? AND actor = ? AND key = ?",
        )
        .bind(&id.0)
        .bind(actor)
        .bind(key)
        .fetch_optional(&self.writer)
        .await?;
        Ok(row.map(|r| (r.get::<i64, _>(0) as Seq, r.get::<i64, _>(1))))
    }
}
