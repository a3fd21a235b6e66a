//! The PostgreSQL engine: several Summit servers share one database.
//!
//! Concurrency across servers: an append inserts at `(session, seq)`, which is the
//! primary key, so when two servers decide against the same state at the same moment
//! exactly one insert wins; the loser gets [`StoreError::Conflict`], catches up from
//! the log and decides again on the new state. That keeps the sequence gap-free and
//! vote budgets exact without holding database locks across a decision.
//!
//! Fan-out: every append also calls `pg_notify('summit_events', '<session> <seq>')`
//! inside its transaction (delivered on commit). That notification is only a doorbell:
//! listeners read the events themselves from the log, so a lost notification or a
//! listener reconnect never loses an event. A deleted session rings it too, with
//! `deleted` in place of the position.

use super::{
    classify, decode, encode, IdempotencyRecord, NewParticipant, SessionRecord, StoreError,
};
use sqlx::postgres::{PgListener, PgPoolOptions};
use sqlx::{PgPool, Row};
use summit_shared::{Event, ParticipantId, Seq, SeqEvent, SessionId};

const CHANNEL: &str = "summit_events";
/// The doorbell's word, in place of a position, for a deleted session.
const DELETED: &str = "deleted";

#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
}

/// What the doorbell says.
pub enum Ring {
    /// A server appended to `session`, up to `seq`.
    Appended { session: SessionId, seq: Seq },
    /// A server deleted `session`.
    Deleted { session: SessionId },
    /// The listener lost its connection (and reconnected): anything may have been missed.
    Reconnected,
}

/// Listens for appends by any server.
pub struct Doorbell {
    listener: PgListener,
}

impl Doorbell {
    pub async fn next(&mut self) -> Result<Ring, StoreError> {
        loop {
            // `try_recv` answers `None` after a lost connection (it reconnects on the
            // next call), which `recv` would hide.
            match self.listener.try_recv().await? {
                None => return Ok(Ring::Reconnected),
                Some(n) => {
                    let mut parts = n.payload().splitn(2, ' ');
                    let (Some(session), Some(seq)) = (parts.next(), parts.next()) else {
                        continue;
                    };
                    if seq == DELETED {
                        return Ok(Ring::Deleted {
                            session: SessionId(session.to_owned()),
                        });
                    }
                    let Ok(seq) = seq.parse() else { continue };
                    return Ok(Ring::Appended {
                        session: SessionId(session.to_owned()),
                        seq,
                    });
                }
            }
        }
    }
}

impl PgStore {
    pub async fn connect(url: &str) -> Result<PgStore, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect(url)
            .await?;
        // Several servers may start at once; sqlx's migrator takes a PostgreSQL
        // advisory lock, so the migration runs exactly once.
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Db(e.into()))?;
        Ok(PgStore { pool })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A listener that rings whenever any server appends.
    pub async fn doorbell(&self) -> Result<Doorbell, StoreError> {
        let mut listener = PgListener::connect_with(&self.pool).await?;
        listener.listen(CHANNEL).await?;
        Ok(Doorbell { listener })
    }

    pub async fn server_secret(&self, fresh: &str) -> Result<String, StoreError> {
        sqlx::query(
            "INSERT INTO server_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
        )
        .bind(fresh)
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT secret FROM server_secret WHERE id = 1")
                .fetch_one(&self.pool)
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
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO sessions (id, join_code, facilitator_token_hash, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&id.0)
            .bind(join_code)
            .bind(facilitator_token_hash)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(classify)?;
        sqlx::query(
            "INSERT INTO events (session_id, seq, body, created_at) VALUES ($1, 1, $2, $3)",
        )
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
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM sessions WHERE join_code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        Ok(id.map(SessionId))
    }

    pub async fn load_session(&self, id: &SessionId) -> Result<Option<SessionRecord>, StoreError> {
        let Some(row) =
            sqlx::query("SELECT join_code, facilitator_token_hash FROM sessions WHERE id = $1")
                .bind(&id.0)
                .fetch_optional(&self.pool)
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
        let participants = sqlx::query(
            "SELECT token_hash, participant_id FROM participants WHERE session_id = $1",
        )
        .bind(&id.0)
        .fetch_all(&self.pool)
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
        sqlx::query("SELECT seq, body FROM events WHERE session_id = $1 AND seq > $2 ORDER BY seq")
            .bind(&id.0)
            .bind(after as i64)
            .fetch_all(&self.pool)
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
            "SELECT participant_id FROM participants WHERE session_id = $1 AND token_hash = $2",
        )
        .bind(&id.0)
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(pid.map(|p| ParticipantId(p as u32)))
    }

    /// Appends `events` at `first_seq`, `first_seq + 1`, … in one transaction,
    /// together with the idempotency record and a new participant's token, if any.
    /// [`StoreError::Conflict`] means another server took that position first.
    pub async fn append(
        &self,
        id: &SessionId,
        first_seq: Seq,
        events: &[Event],
        idempotency: Option<IdempotencyRecord<'_>>,
        participant: Option<NewParticipant<'_>>,
        now: i64,
    ) -> Result<(), StoreError> {
        let bodies = events.iter().map(encode).collect::<Result<Vec<_>, _>>()?;
        let mut tx = self.pool.begin().await?;
        for (i, body) in bodies.iter().enumerate() {
            sqlx::query(
                "INSERT INTO events (session_id, seq, body, created_at) VALUES ($1, $2, $3, $4)",
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
            sqlx::query("INSERT INTO participants (session_id, participant_id, token_hash) VALUES ($1, $2, $3)")
                .bind(&id.0)
                .bind(i64::from(p.id.0))
                .bind(p.token_hash)
                .execute(&mut *tx)
                .await
                .map_err(classify)?;
        }
        let last = (first_seq + bodies.len() as u64) as i64 - 1;
        if let Some(rec) = idempotency {
            sqlx::query(
                "INSERT INTO idempotency (session_id, actor, key, first_seq, last_seq) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&id.0)
            .bind(rec.actor)
            .bind(rec.key)
            .bind(first_seq as i64)
            .bind(last)
            .execute(&mut *tx)
            .await
            .map_err(classify)?;
        }
        if !bodies.is_empty() {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(format!("{} {last}", id.0))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a session's events, participants (their token hashes), idempotency
    /// records and row, and rings the doorbell so other servers drop their copy.
    /// The row is locked first: an append racing the delete waits, then fails on
    /// its foreign key, instead of leaving an event behind.
    pub async fn delete_session(&self, id: &SessionId) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE")
            .bind(&id.0)
            .fetch_optional(&mut *tx)
            .await?;
        for table in ["events", "participants", "idempotency"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE session_id = $1"))
                .bind(&id.0)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(&id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(format!("{} {DELETED}", id.0))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Which of `ids` still exist.
    pub async fn existing(&self, ids: &[SessionId]) -> Result<Vec<SessionId>, StoreError> {
        let raw: Vec<&str> = ids.iter().map(|id| id.0.as_str()).collect();
        let found: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions WHERE id = ANY($1)")
            .bind(&raw)
            .fetch_all(&self.pool)
            .await?;
        Ok(found.into_iter().map(SessionId).collect())
    }

    /// Each session created before `before` with the newest phase change of its
    /// log: the event's JSON and when it was written.
    pub async fn last_phase_changes(
        &self,
        before: i64,
    ) -> Result<Vec<(SessionId, String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT ON (s.id) s.id, e.body, e.created_at \
             FROM sessions AS s JOIN events AS e ON e.session_id = s.id \
             WHERE s.created_at < $1 AND e.body LIKE '{\"type\":\"phase_changed\"%' \
             ORDER BY s.id, e.seq DESC",
        )
        .bind(before)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (SessionId(r.get(0)), r.get(1), r.get(2)))
            .collect())
    }

    /// The log range a previous command with this key produced, if any: a retry
    /// sent to any server answers like the first attempt.
    pub async fn idempotent(
        &self,
        id: &SessionId,
        actor: &str,
        key: &str,
    ) -> Result<Option<(Seq, i64)>, StoreError> {
        let row =
            sqlx::query("SELECT first_seq, last_seq FROM idempotency WHERE session_id = $1 AND actor = $2 AND key = $3")
                .bind(&id.0)
                .bind(actor)
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|r| (r.get::<i64, _>(0) as Seq, r.get::<i64, _>(1))))
    }

    pub async fn events_between(
        &self,
        id: &SessionId,
        first: Seq,
        last: Seq,
    ) -> Result<Vec<SeqEvent>, StoreError> {
        sqlx::query("SELECT seq, body FROM events WHERE session_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq")
            .bind(&id.0)
            .bind(first as i64)
            .bind(last as i64)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|r| decode(r.get(0), r.get::<&str, _>(1)))
            .collect()
    }
}
