//! The embedded SQLite engine (the default: one file, one server).
//!
//! Durability choices (an acknowledged command must survive `kill -9` and power loss):
//! - `journal_mode = WAL`: readers never block the writer, and a commit is one
//!   sequential append to the WAL file.
//! - `synchronous = FULL`: the WAL is fsynced at every commit, so a 2xx is only sent
//!   for data on disk (`NORMAL` could lose the last commits on power loss).
//! - `busy_timeout = 5 s`: a second process on the same file waits instead of failing.
//! - Writes go through a pool of exactly one connection, so commits are serialized in
//!   process (no `SQLITE_BUSY` storms); reads use their own small pool.

use super::{
    classify, decode, BatchItem, IdempotencyRecord, NewParticipant, SessionRecord, StoreError,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::str::FromStr;
use std::time::Duration;
use summit_shared::{ParticipantId, Seq, SeqEvent, SessionId};

#[derive(Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
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
        Ok(SqliteStore { writer, reader })
    }

    /// Closes both pools; the last connection checkpoints the WAL.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    pub async fn server_secret(&self, fresh: &str) -> Result<String, StoreError> {
        sqlx::query("INSERT OR IGNORE INTO server_secret (id, secret) VALUES (1, ?)")
            .bind(fresh)
            .execute(&self.writer)
            .await?;
        Ok(
            sqlx::query_scalar("SELECT secret FROM server_secret WHERE id = 1")
                .fetch_one(&self.writer)
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
        let mut tx = self.writer.begin().await?;
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

    pub async fn append(
        &self,
        id: &SessionId,
        first_seq: Seq,
        bodies: &[String],
        idempotency: Option<IdempotencyRecord<'_>>,
        participant: Option<NewParticipant<'_>>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        for (i, body) in bodies.iter().enumerate() {
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
            sqlx::query("INSERT INTO idempotency (session_id, actor, key, first_seq, last_seq) VALUES (?, ?, ?, ?, ?)")
                .bind(&id.0)
                .bind(rec.actor)
                .bind(rec.key)
                .bind(first_seq as i64)
                .bind((first_seq + bodies.len() as u64) as i64 - 1)
                .execute(&mut *tx)
                .await
                .map_err(classify)?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn idempotent(
        &self,
        id: &SessionId,
        actor: &str,
        key: &str,
    ) -> Result<Option<(Seq, i64)>, StoreError> {
        let row = sqlx::query("SELECT first_seq, last_seq FROM idempotency WHERE session_id = ? AND actor = ? AND key = ?")
            .bind(&id.0)
            .bind(actor)
            .bind(key)
            .fetch_optional(&self.writer)
            .await?;
        Ok(row.map(|r| (r.get::<i64, _>(0) as Seq, r.get::<i64, _>(1))))
    }

    pub async fn idempotency_keys(
        &self,
        id: &SessionId,
    ) -> Result<Vec<(String, String, Seq, i64)>, StoreError> {
        Ok(sqlx::query(
            "SELECT actor, key, first_seq, last_seq FROM idempotency WHERE session_id = ?",
        )
        .bind(&id.0)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get::<i64, _>(2) as Seq, r.get(3)))
        .collect())
    }

    pub async fn append_batch(&self, items: &[BatchItem<'_>]) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        for item in items {
            for event in item.events {
                sqlx::query(
                    "INSERT INTO events (session_id, seq, body, created_at) VALUES (?, ?, ?, ?)",
                )
                .bind(&item.session.0)
                .bind(event.seq as i64)
                .bind(super::encode(&event.event)?)
                .bind(item.now)
                .execute(&mut *tx)
                .await
                .map_err(classify)?;
            }
            if let Some((pid, hash)) = item.participant {
                sqlx::query("INSERT INTO participants (session_id, participant_id, token_hash) VALUES (?, ?, ?)")
                    .bind(&item.session.0)
                    .bind(i64::from(pid.0))
                    .bind(hash)
                    .execute(&mut *tx)
                    .await
                    .map_err(classify)?;
            }
            if let (Some((actor, key)), Some(first), Some(last)) =
                (item.idempotency, item.events.first(), item.events.last())
            {
                sqlx::query("INSERT INTO idempotency (session_id, actor, key, first_seq, last_seq) VALUES (?, ?, ?, ?, ?)")
                    .bind(&item.session.0)
                    .bind(actor)
                    .bind(key)
                    .bind(first.seq as i64)
                    .bind(last.seq as i64)
                    .execute(&mut *tx)
                    .await
                    .map_err(classify)?;
            }
        }
        tx.commit().await?;
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
