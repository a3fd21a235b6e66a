//! The embedded SQLite engine (the default: one file, one server).
//!
//! Durability choices (an acknowledged command must survive `kill -9` and power loss):
//! - `journal_mode = WAL`: readers never block the writer, and a commit is one
//!   sequential append to the WAL file.
//! - `synchronous = FULL`: the WAL is fsynced at every commit, so a 2xx is only sent
//!   for data on disk (`NORMAL` could lose the last commits on power loss).
//! - `busy_timeout = 5 s`: a second process on the same file waits instead of failing.
//! - Writes go through exactly one connection, so commits are serialized in process
//!   (no `SQLITE_BUSY` storms); reads use their own small pool.

use super::{classify, decode, encode, BatchItem, SessionRecord, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, Row, SqliteConnection, SqlitePool};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use summit_shared::{ParticipantId, Seq, SeqEvent, SessionId};
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

#[derive(Clone)]
pub struct SqliteStore {
    /// The one write connection, owned rather than pooled: a pool pings every
    /// connection handed back to it (a round trip to the worker thread), and the
    /// next group commit could not start before that ping returned. `None` once closed.
    writer: Arc<Mutex<Option<SqliteConnection>>>,
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
        let mut writer = options.connect().await?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&mut writer)
            .await
            .map_err(|e| StoreError::Db(e.into()))?;
        // No ping before each use: a SQLite connection is a file handle that cannot
        // go stale the way a network connection can, and the ping is a round trip
        // to the worker thread.
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .connect_with(options.read_only(true))
            .await?;
        Ok(SqliteStore {
            writer: Arc::new(Mutex::new(Some(writer))),
            reader,
        })
    }

    /// Closes the readers, then the writer; the last connection checkpoints the WAL.
    pub async fn close(&self) {
        self.reader.close().await;
        if let Some(writer) = self.writer.lock().await.take() {
            if let Err(e) = writer.close().await {
                tracing::warn!(error = %e, "closing the database");
            }
        }
    }

    /// The write connection, for one unit of work.
    async fn writer(&self) -> Result<MappedMutexGuard<'_, SqliteConnection>, StoreError> {
        MutexGuard::try_map(self.writer.lock().await, Option::as_mut)
            .map_err(|_| StoreError::Db(sqlx::Error::PoolClosed))
    }

    pub async fn server_secret(&self, fresh: &str) -> Result<String, StoreError> {
        let mut writer = self.writer().await?;
        sqlx::query("INSERT OR IGNORE INTO server_secret (id, secret) VALUES (1, ?)")
            .bind(fresh)
            .execute(&mut *writer)
            .await?;
        Ok(
            sqlx::query_scalar("SELECT secret FROM server_secret WHERE id = 1")
                .fetch_one(&mut *writer)
                .await?,
        )
    }

    pub async fn create_session(
        &self,
        id: &SessionId,
        join_code: &str,
        facilitator_token_hash: &str,
        body: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut writer = self.writer().await?;
        let mut tx = writer.begin().await?;
        sqlx::query("INSERT INTO sessions (id, join_code, facilitator_token_hash, created_at) VALUES (?, ?, ?, ?)")
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

    /// Commits many commands in one transaction, in one call to SQLite.
    ///
    /// Why this shape: every statement sent through sqlx is a round trip to its
    /// SQLite worker thread (two context switches), and these cost more CPU than
    /// SQLite's own work (BENCHMARKS.md, F3). So the whole transaction is one
    /// multi-statement query, and each table's rows travel as one JSON array that
    /// SQLite's `json_each` expands: the SQL text, and the prepared statements sqlx
    /// caches for it, are the same for any batch, at one round trip per batch.
    /// Idempotency records ride on the events (their first event), so a command
    /// costs one row in one B-tree.
    pub async fn append_batch(&self, items: &[BatchItem<'_>]) -> Result<(), StoreError> {
        let rows = BatchRows::of(items)?;
        let mut conn = self.writer().await?;
        let result = sqlx::query(APPEND_BATCH)
            .bind(rows.events)
            .bind(rows.participants)
            .execute(&mut *conn)
            .await;
        if let Err(e) = result {
            // The statements stop at the first error, which leaves the transaction
            // open (unless SQLite already rolled it back): undo it, so the writer
            // connection is clean for the next batch.
            if let Err(rollback) = sqlx::query("ROLLBACK").execute(&mut *conn).await {
                tracing::debug!(error = %rollback, "rollback after a failed batch");
            }
            return Err(classify(e));
        }
        Ok(())
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

/// One group commit: `?1` events (with the idempotency record on the first event of
/// a keyed command), `?2` new participants, each a JSON array of rows (`[]` when
/// there are none). A missing array element reads as NULL.
const APPEND_BATCH: &str = "\
    BEGIN IMMEDIATE; \
    INSERT INTO events \
        (session_id, seq, body, created_at, command_actor, command_key, command_last_seq) \
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, \
               value ->> 4, value ->> 5, value ->> 6 \
        FROM json_each(?1); \
    INSERT INTO participants (session_id, participant_id, token_hash) \
        SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?2); \
    COMMIT;";

/// A row of `events`, as a JSON array.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum EventRow<'a> {
    /// session, seq, body, created_at
    Plain(&'a str, i64, String, i64),
    /// … and the command's actor, idempotency key and last seq.
    Keyed(&'a str, i64, String, i64, &'a str, &'a str, i64),
}

/// A batch's rows as JSON arrays of arrays, one per table.
struct BatchRows {
    events: String,
    participants: String,
}

impl BatchRows {
    fn of(items: &[BatchItem<'_>]) -> Result<BatchRows, StoreError> {
        let mut events = Vec::new();
        let mut participants = Vec::new();
        for item in items {
            let session = item.session.0.as_str();
            let last = item.events.last().map_or(0, |e| e.seq as i64);
            for (i, event) in item.events.iter().enumerate() {
                let (seq, body) = (event.seq as i64, encode(&event.event)?);
                events.push(match item.idempotency {
                    Some((actor, key)) if i == 0 => {
                        EventRow::Keyed(session, seq, body, item.now, actor, key, last)
                    }
                    _ => EventRow::Plain(session, seq, body, item.now),
                });
            }
            if let Some((id, hash)) = item.participant {
                participants.push((session, i64::from(id.0), hash));
            }
        }
        Ok(BatchRows {
            events: json_rows(&events)?,
            participants: json_rows(&participants)?,
        })
    }
}

fn json_rows<T: serde::Serialize>(rows: &[T]) -> Result<String, StoreError> {
    serde_json::to_string(rows).map_err(|e| StoreError::Corrupt(e.to_string()))
}
