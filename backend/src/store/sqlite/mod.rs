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

use super::{decode, ActorTag, BatchItem, RecordedKey, SessionRecord, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, Row, SqlitePool};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use summit_shared::{ParticipantId, Seq, SeqEvent, SessionId};
use writer::{EventRow, KeyedCommand, ParticipantRow, Rows, Writer};

/// The last log position of a session: positions are `(session key << 32) | seq`
/// (migration 0003).
pub const MAX_SEQ: Seq = u32::MAX as Seq;

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
        self.events_between(id, after.saturating_add(1), MAX_SEQ)
            .await
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

    /// Every idempotency key recorded in a session, in log order: (key, first_seq,
    /// last_seq). Read when a session loads; retries are then answered from memory.
    pub async fn idempotency_keys(
        &self,
        id: &SessionId,
    ) -> Result<Vec<(RecordedKey, Seq, i64)>, StoreError> {
        // The first event of each keyed command carries its record (migration 0002):
        // its digest since 0003, the actor and key as sent before.
        sqlx::query(
            "SELECT e.command_digest, e.command_actor, e.command_key, \
                    e.position & 4294967295, e.command_last_seq \
             FROM sessions AS s JOIN events AS e \
               ON e.position > s.key << 32 AND e.position < (s.key + 1) << 32 \
             WHERE s.id = ? AND e.command_last_seq IS NOT NULL \
             ORDER BY e.position",
        )
        .bind(&id.0)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(|r| {
            let seq = r.get::<i64, _>(3) as Seq;
            let key = match (r.get::<Option<Vec<u8>>, _>(0), r.get(1), r.get(2)) {
                (Some(digest), actor, _) => RecordedKey::Digest {
                    digest: digest.try_into().map_err(|_| {
                        StoreError::Corrupt(format!("seq {seq}: a command digest is not 16 bytes"))
                    })?,
                    actor,
                },
                (None, Some(actor), Some(key)) => RecordedKey::Text { actor, key },
                _ => {
                    return Err(StoreError::Corrupt(format!(
                        "seq {seq}: a command record without its key"
                    )))
                }
            };
            Ok((key, seq, r.get(4)))
        })
        .collect()
    }

    /// Commits many commands in one transaction (one fsync), on the writer thread.
    /// Idempotency records ride on the events (their command's first event), so a
    /// command costs one row in one B-tree.
    pub async fn append_batch(&self, items: &[BatchItem<'_>]) -> Result<(), StoreError> {
        self.writer.append(rows_of(items)?).await
    }

    pub async fn delete_session(&self, id: &SessionId) -> Result<(), StoreError> {
        self.writer.delete_session(&id.0).await
    }

    /// Which of `ids` still exist.
    pub async fn existing(&self, ids: &[SessionId]) -> Result<Vec<SessionId>, StoreError> {
        let mut found = Vec::new();
        for id in ids {
            let here: Option<i64> = sqlx::query_scalar("SELECT 1 FROM sessions WHERE id = ?")
                .bind(&id.0)
                .fetch_optional(&self.reader)
                .await?;
            if here.is_some() {
                found.push(id.clone());
            }
        }
        Ok(found)
    }

    /// Each session created before `before` with the newest phase change of its
    /// log: the event's JSON and when it was written.
    pub async fn last_phase_changes(
        &self,
        before: i64,
    ) -> Result<Vec<(SessionId, String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT s.id, e.body, e.created_at FROM sessions AS s JOIN events AS e \
               ON e.position = (SELECT max(p.position) FROM events AS p \
                                 WHERE p.position > s.key << 32 AND p.position < (s.key + 1) << 32 \
                                   AND p.body LIKE '{\"type\":\"phase_changed\"%') \
             WHERE s.created_at < ?1",
        )
        .bind(before)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (SessionId(r.get(0)), r.get(1), r.get(2)))
            .collect())
    }

    pub async fn events_between(
        &self,
        id: &SessionId,
        first: Seq,
        last: Seq,
    ) -> Result<Vec<SeqEvent>, StoreError> {
        let last = last.min(MAX_SEQ);
        if first > last {
            return Ok(vec![]);
        }
        // A session's events are one range of positions (migration 0003).
        sqlx::query(
            "SELECT e.position & 4294967295, e.body \
             FROM sessions AS s JOIN events AS e \
               ON e.position BETWEEN (s.key << 32) | ?2 AND (s.key << 32) | ?3 \
             WHERE s.id = ?1 ORDER BY e.position",
        )
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
        // One entry per run of a session's commands (a batch is usually one run).
        if rows.sessions.last() != Some(&item.session.0) {
            rows.sessions.push(item.session.0.clone());
        }
        let session = rows.sessions.len() - 1;
        let last = item.events.last().map_or(0, |e| e.seq as i64);
        if item.bodies.len() != item.events.len() {
            return Err(StoreError::Corrupt(format!(
                "{} events came with {} bodies",
                item.events.len(),
                item.bodies.len()
            )));
        }
        for (i, (event, body)) in item.events.iter().zip(item.bodies).enumerate() {
            // The hub refuses commands past the last position (`MAX_SEQ`);
            // this keeps a bug there from writing into the next session's range.
            if event.seq == 0 || event.seq > MAX_SEQ {
                return Err(StoreError::Corrupt(format!(
                    "log position {} is outside a session's range",
                    event.seq
                )));
            }
            rows.events.push(EventRow {
                session,
                seq: event.seq as i64,
                body: body.clone(),
                created_at: item.now,
                command: item
                    .idempotency
                    .filter(|_| i == 0)
                    .map(|(digest, actor)| KeyedCommand {
                        digest,
                        actor: ActorTag::of(actor),
                        last,
                    }),
            });
        }
        if let Some((id, hash)) = item.participant {
            rows.participants.push(ParticipantRow {
                session,
                participant: i64::from(id.0),
                token_hash: hash.to_owned(),
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use summit_shared::{Actor, Event, Phase};

    fn bodies_of(events: &[Arc<SeqEvent>]) -> Vec<bytes::Bytes> {
        events
            .iter()
            .map(|e| crate::store::encode(&e.event).expect("encode").into())
            .collect()
    }

    fn batch(session: &SessionId, seq: Seq) -> Result<Rows, StoreError> {
        let events = [Arc::new(SeqEvent {
            seq,
            event: Event::PhaseChanged {
                phase: Phase::Problems,
            },
        })];
        let bodies = bodies_of(&events);
        rows_of(&[BatchItem {
            session,
            events: &events,
            bodies: &bodies,
            idempotency: None,
            participant: None,
            now: 0,
        }])
    }

    #[test]
    fn rows_stay_inside_their_sessions_range() {
        let id = SessionId("s".into());
        assert!(batch(&id, 1).is_ok());
        assert!(batch(&id, MAX_SEQ).is_ok());
        // Position 0 is below the first event; MAX_SEQ + 1 would be the next
        // session's first position.
        assert!(matches!(batch(&id, 0), Err(StoreError::Corrupt(_))));
        assert!(matches!(
            batch(&id, MAX_SEQ + 1),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn a_batch_names_each_run_of_a_session_once() {
        let (a, b) = (SessionId("a".into()), SessionId("b".into()));
        let events: Vec<Arc<SeqEvent>> = (1..=2)
            .map(|seq| {
                Arc::new(SeqEvent {
                    seq,
                    event: Event::PhaseChanged {
                        phase: Phase::Problems,
                    },
                })
            })
            .collect();
        let bodies = bodies_of(&events);
        let item = |session| BatchItem {
            session,
            events: &events,
            bodies: &bodies,
            idempotency: Some(([7; 16], Actor::Participant(ParticipantId(12)))),
            participant: None,
            now: 0,
        };
        let rows = rows_of(&[item(&a), item(&a), item(&b)]).expect("rows");
        assert_eq!(rows.sessions, ["a", "b"]);
        let sessions: Vec<usize> = rows.events.iter().map(|e| e.session).collect();
        assert_eq!(sessions, [0, 0, 0, 0, 1, 1]);
        // The key rides on each command's first event only.
        let keyed: Vec<bool> = rows.events.iter().map(|e| e.command.is_some()).collect();
        assert_eq!(keyed, [true, false, true, false, true, false]);
        // With its actor, and the command's last position.
        let first = rows.events[0].command.as_ref().expect("keyed");
        assert_eq!(
            (first.digest, first.actor.as_str(), first.last),
            ([7; 16], "p12", 2)
        );
    }
}
