//! The one write connection to the SQLite file, owned by a thread of its own.
//!
//! Why not sqlx, which does every read and the migrations: a group commit is a few
//! dozen single-row inserts between `BEGIN IMMEDIATE` and `COMMIT`, and through sqlx
//! each statement is a round trip to its worker thread. So a batch had to travel as
//! one multi-statement query with its rows packed in JSON, which SQLite parsed again
//! for every column of every row: a third of SQLite's time per vote (BENCHMARKS.md,
//! F9). This thread keeps its statements prepared and binds each row's values
//! directly: one hand-off to the thread and one answer back per batch, and no JSON.
//!
//! Every write goes through here (sessions, the server secret, group commits), so
//! commits stay serialized in the process, as before: one writer, no `SQLITE_BUSY`.

use super::super::StoreError;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// A batch's rows, owned so they can cross to the writer thread.
#[derive(Default)]
pub struct Rows {
    /// The batch's sessions, by id; rows refer to them by index.
    pub sessions: Vec<String>,
    pub events: Vec<EventRow>,
    pub participants: Vec<ParticipantRow>,
}

pub struct EventRow {
    /// Index into [`Rows::sessions`].
    pub session: usize,
    pub seq: i64,
    /// The event's JSON (a slice of the buffer its command's answer was encoded in).
    pub body: bytes::Bytes,
    pub created_at: i64,
    /// On the first event of a command sent with an idempotency key (migrations 0002
    /// and 0003).
    pub command: Option<KeyedCommand>,
}

/// What a keyed command's first event records, to answer retries after a restart.
pub struct KeyedCommand {
    /// The digest of the command's actor and key (`hub::live::CommandKey`).
    pub digest: [u8; 16],
    /// Whose key it is: the hub remembers a bounded number of keys per actor, and
    /// needs the actor to pick the newest ones again when the session loads.
    pub actor: super::super::ActorTag,
    /// The last log position the command caused.
    pub last: i64,
}

pub struct ParticipantRow {
    /// Index into [`Rows::sessions`].
    pub session: usize,
    pub participant: i64,
    pub token_hash: String,
}

type Reply<T> = oneshot::Sender<Result<T, rusqlite::Error>>;

enum Job {
    Append(Rows, Reply<()>),
    CreateSession {
        id: String,
        join_code: String,
        facilitator_token_hash: String,
        body: String,
        now: i64,
        done: Reply<()>,
    },
    ServerSecret(String, Reply<String>),
    DeleteSession(String, Reply<()>),
}

/// Sends jobs to the writer thread; dropping the sender (on close) ends the thread,
/// which closes the connection (the last one to close checkpoints the WAL).
pub struct Writer {
    jobs: Mutex<Option<mpsc::UnboundedSender<Job>>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Writer {
    /// Opens the file (created and migrated already) with Summit's durability
    /// settings and starts the thread.
    pub fn open(path: &Path) -> Result<Writer, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(StoreError::Write)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(StoreError::Write)?;
        // WAL is a property of the file (set by the migrating connection); the
        // others are per connection. See the parent module for why each.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )
        .map_err(StoreError::Write)?;
        let (tx, rx) = mpsc::unbounded_channel();
        let thread = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run(conn, rx))
            .map_err(StoreError::Thread)?;
        Ok(Writer {
            jobs: Mutex::new(Some(tx)),
            thread: Mutex::new(Some(thread)),
        })
    }

    pub async fn append(&self, rows: Rows) -> Result<(), StoreError> {
        self.call(|done| Job::Append(rows, done)).await
    }

    pub async fn create_session(
        &self,
        id: &str,
        join_code: &str,
        facilitator_token_hash: &str,
        body: String,
        now: i64,
    ) -> Result<(), StoreError> {
        self.call(|done| Job::CreateSession {
            id: id.to_owned(),
            join_code: join_code.to_owned(),
            facilitator_token_hash: facilitator_token_hash.to_owned(),
            body,
            now,
            done,
        })
        .await
    }

    /// Deletes a session's events, participants (their token hashes) and row.
    pub async fn delete_session(&self, id: &str) -> Result<(), StoreError> {
        self.call(|done| Job::DeleteSession(id.to_owned(), done))
            .await
    }

    pub async fn server_secret(&self, fresh: &str) -> Result<String, StoreError> {
        self.call(|done| Job::ServerSecret(fresh.to_owned(), done))
            .await
    }

    /// Stops accepting jobs, lets the thread finish the ones queued, and waits for
    /// it to close the connection.
    pub async fn close(&self) {
        drop(self.jobs.lock().ok().and_then(|mut jobs| jobs.take()));
        let thread = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(thread) = thread {
            // Either the join task or the thread itself may have failed.
            if !matches!(
                tokio::task::spawn_blocking(move || thread.join()).await,
                Ok(Ok(()))
            ) {
                tracing::warn!("the SQLite writer thread did not stop cleanly");
            }
        }
    }

    async fn call<T>(&self, job: impl FnOnce(Reply<T>) -> Job) -> Result<T, StoreError> {
        let (done, answer) = oneshot::channel();
        let sent = match self.jobs.lock() {
            Ok(jobs) => jobs
                .as_ref()
                .is_some_and(|jobs| jobs.send(job(done)).is_ok()),
            Err(_) => false,
        };
        if !sent {
            return Err(StoreError::Closed);
        }
        match answer.await {
            Ok(result) => result.map_err(classify),
            // The thread ended (it only does when closed, or if SQLite panicked).
            Err(_) => Err(StoreError::Closed),
        }
    }
}

/// A unique constraint (the join code, or a log position someone else took) is a
/// conflict the caller handles; anything else is an error.
fn classify(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                StoreError::Conflict
            }
            _ => StoreError::Write(e),
        },
        _ => StoreError::Write(e),
    }
}

/// Each session's key (migration 0003), as this thread has looked it up or assigned
/// it: keys never change, and every write goes through this thread.
type SessionKeys = HashMap<String, i64>;

fn run(mut conn: Connection, mut jobs: mpsc::UnboundedReceiver<Job>) {
    let mut keys = SessionKeys::new();
    while let Some(job) = jobs.blocking_recv() {
        // A dropped receiver means the caller gave up waiting; nothing to tell.
        match job {
            Job::Append(rows, done) => {
                let _ = done.send(append(&mut conn, &mut keys, &rows));
            }
            Job::CreateSession {
                id,
                join_code,
                facilitator_token_hash,
                body,
                now,
                done,
            } => {
                let _ = done.send(create_session(
                    &mut conn,
                    &mut keys,
                    &id,
                    &join_code,
                    &facilitator_token_hash,
                    &body,
                    now,
                ));
            }
            Job::ServerSecret(fresh, done) => {
                let _ = done.send(server_secret(&conn, &fresh));
            }
            Job::DeleteSession(id, done) => {
                let _ = done.send(delete_session(&mut conn, &mut keys, &id));
            }
        }
    }
    if let Err((_, e)) = conn.close() {
        tracing::warn!(error = %e, "closing the database");
    }
}

const INSERT_EVENT: &str = "INSERT INTO events \
    (position, body, created_at, command_digest, command_actor, command_last_seq) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
const INSERT_PARTICIPANT: &str =
    "INSERT INTO participants (session_id, participant_id, token_hash) VALUES (?1, ?2, ?3)";

/// Everything of one session, in one transaction: its range of the log, its
/// participants, its row. A session already gone deletes nothing.
fn delete_session(conn: &mut Connection, keys: &mut SessionKeys, id: &str) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let key: Option<i64> = tx
        .query_row("SELECT key FROM sessions WHERE id = ?1", params![id], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(key) = key {
        tx.execute(
            "DELETE FROM events WHERE position BETWEEN ?1 AND ?2",
            params![position(key, 0), position(key, i64::from(u32::MAX))],
        )?;
    }
    tx.execute(
        "DELETE FROM participants WHERE session_id = ?1",
        params![id],
    )?;
    tx.execute("DELETE FROM sessions WHERE id = ?1", params![id])?;
    tx.commit()?;
    // A later session may take the same key (keys count from the highest).
    keys.remove(id);
    Ok(())
}

/// An event's place in the log: its session's range, then its seq (migration 0003).
fn position(session_key: i64, seq: i64) -> i64 {
    session_key << 32 | seq
}

/// The session's key, from this thread's memory or else the file.
fn session_key(conn: &Connection, keys: &mut SessionKeys, id: &str) -> rusqlite::Result<i64> {
    if let Some(key) = keys.get(id) {
        return Ok(*key);
    }
    let key = conn
        .prepare_cached("SELECT key FROM sessions WHERE id = ?1")?
        .query_row(params![id], |row| row.get(0))?;
    keys.insert(id.to_owned(), key);
    Ok(key)
}

/// One transaction for the whole batch: one fsync of the WAL covers every vote in
/// it. If any insert fails, the transaction is rolled back when `tx` drops.
fn append(conn: &mut Connection, keys: &mut SessionKeys, rows: &Rows) -> rusqlite::Result<()> {
    let sessions = rows
        .sessions
        .iter()
        .map(|id| session_key(conn, keys, id))
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut insert = tx.prepare_cached(INSERT_EVENT)?;
        for row in &rows.events {
            let (digest, actor, last) = match &row.command {
                Some(c) => (Some(&c.digest[..]), Some(c.actor.as_str()), Some(c.last)),
                None => (None, None, None),
            };
            // Text, as `encode` wrote it: serde_json writes UTF-8.
            let body = ToSqlOutput::Borrowed(ValueRef::Text(&row.body));
            insert.execute(params![
                position(sessions[row.session], row.seq),
                body,
                row.created_at,
                digest,
                actor,
                last
            ])?;
        }
        if !rows.participants.is_empty() {
            let mut insert = tx.prepare_cached(INSERT_PARTICIPANT)?;
            for row in &rows.participants {
                insert.execute(params![
                    rows.sessions[row.session],
                    row.participant,
                    row.token_hash
                ])?;
            }
        }
    }
    tx.commit()
}

/// A new session takes the next key; its creation is the first event of its range.
fn create_session(
    conn: &mut Connection,
    keys: &mut SessionKeys,
    id: &str,
    join_code: &str,
    facilitator_token_hash: &str,
    body: &str,
    now: i64,
) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let key: i64 = tx.query_row(
        "INSERT INTO sessions (id, join_code, facilitator_token_hash, created_at, key) \
         VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(key), 0) + 1 FROM sessions)) \
         RETURNING key",
        params![id, join_code, facilitator_token_hash, now],
        |row| row.get(0),
    )?;
    // 2^31 sessions: never in practice (creating one is rate limited), but a key past
    // it would wrap its positions into another session's range.
    if key > i64::from(i32::MAX) {
        return Err(rusqlite::Error::IntegralValueOutOfRange(4, key));
    }
    tx.execute(
        "INSERT INTO events (position, body, created_at) VALUES (?1, ?2, ?3)",
        params![position(key, 1), body, now],
    )?;
    tx.commit()?;
    keys.insert(id.to_owned(), key);
    Ok(())
}

fn server_secret(conn: &Connection, fresh: &str) -> rusqlite::Result<String> {
    conn.execute(
        "INSERT OR IGNORE INTO server_secret (id, secret) VALUES (1, ?1)",
        params![fresh],
    )?;
    conn.query_row("SELECT secret FROM server_secret WHERE id = 1", [], |row| {
        row.get(0)
    })
}
