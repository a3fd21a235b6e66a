//! Live sessions in memory: the one place commands are decided and events published.
//!
//! Each session loaded from the log gets a [`LiveSession`]: its folded state behind a
//! per-session async mutex, and a broadcast channel feeding its live streams. Every
//! decision is taken under that lock against the newest state, which is what keeps
//! vote budgets exact under any interleaving of concurrent requests. How a decision
//! is committed depends on the engine, one module each:
//! - [`embedded`] (SQLite, one server owns the file): decide, apply, queue for the
//!   [`group_commit`] writer, release the lock, and answer once the batch is on disk;
//! - [`replicated`] (PostgreSQL, several servers share the log): catch up from the
//!   log, decide, append at the next position (deciding again on a conflict with
//!   another server), then apply and publish; and follow the other servers' appends.
//!
//! This module holds what both share: the cache of loaded sessions, the numbering of
//! a command's events, token lookup and answers to retried commands.

mod answer;
mod embedded;
mod error;
mod group_commit;
mod live;
mod presence;
mod replicated;

pub use answer::Answer;
pub use error::{HubError, HubResult};
pub use live::{Durable, LiveSession, Snapshot, StreamSlot};

use crate::auth::TokenHash;
use crate::rate_limit::Rate;
use crate::store::{Store, StoreError};
use crate::util::FastMap;
use live::{CommandKeys, Folded};
use std::sync::{Arc, Mutex};
use summit_shared::api::CommandAccepted;
use summit_shared::limits::Bounds;
use summit_shared::{Actor, Command, Event, ParticipantId, Seq, SeqEvent, SessionId, Viewer};
use tokio::sync::Mutex as AsyncMutex;

/// Buffered events per session before a slow stream lags (it then catches up from the log).
pub(crate) const BROADCAST_CAPACITY: usize = 1024;

/// A command to run, with what the caller asked for around it.
pub struct Request<'a> {
    pub actor: Actor,
    pub command: &'a Command,
    pub idempotency_key: Option<&'a str>,
    /// For joins: the new participant's token hash, stored with the join event.
    pub new_token_hash: Option<TokenHash>,
}

/// What a command did, for its caller.
pub struct Executed {
    /// The events it caused as the caller may see them (`CommandAccepted`), as JSON.
    pub answer: Answer,
    /// For a join: the new participant.
    pub joined: Option<ParticipantId>,
}

/// Every loaded session; looked up by every request.
pub(crate) type Sessions = Arc<Mutex<FastMap<SessionId, Arc<LiveSession>>>>;

/// How this server commits decisions, by the store it runs on.
enum Engine {
    Embedded(embedded::Embedded),
    Replicated(replicated::Replicated),
}

pub struct Hub {
    store: Store,
    engine: Engine,
    sessions: Sessions,
    /// Serializes first loads so two requests do not fold the same log twice.
    loading: AsyncMutex<()>,
    /// Each session's limit on commands per viewer.
    command_rate: Rate,
    /// What each session may hold.
    bounds: Bounds,
}

impl Hub {
    /// Must run inside the runtime: the embedded engine starts its writer task here.
    pub fn new(store: Store, command_rate: Rate, bounds: Bounds) -> Hub {
        let sessions: Sessions = Arc::default();
        let engine = match &store {
            Store::Sqlite(sqlite) => {
                Engine::Embedded(embedded::Embedded::start(sqlite.clone(), sessions.clone()))
            }
            Store::Postgres(pg) => Engine::Replicated(replicated::Replicated::new(pg.clone())),
        };
        Hub {
            store,
            engine,
            sessions,
            loading: AsyncMutex::new(()),
            command_rate,
            bounds,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    fn cached(&self, id: &SessionId) -> HubResult<Option<Arc<LiveSession>>> {
        let sessions = self
            .sessions
            .lock()
            .map_err(|_| HubError::Broken("session map poisoned".into()))?;
        Ok(sessions.get(id).cloned())
    }

    /// The live session, loaded from the log on first use.
    pub async fn session(&self, id: &SessionId) -> HubResult<Arc<LiveSession>> {
        if let Some(live) = self.cached(id)? {
            return Ok(live);
        }
        // Boxed: loading is rare and its future large (see `execute`).
        Box::pin(self.load(id)).await
    }

    async fn load(&self, id: &SessionId) -> HubResult<Arc<LiveSession>> {
        let _guard = self.loading.lock().await;
        if let Some(live) = self.cached(id)? {
            return Ok(live);
        }
        let record = self
            .store
            .load_session(id)
            .await?
            .ok_or(HubError::SessionNotFound)?;
        // The replicated engine looks every key up in its own table instead.
        let keys = match &self.engine {
            Engine::Embedded(embedded) => embedded.recorded_keys(id).await?,
            Engine::Replicated(_) => CommandKeys::default(),
        };
        let mut folded = Folded::replay(&record.events, keys);
        folded.state.bounds = self.bounds;
        let malformed = || HubError::Broken(format!("session {id}: malformed token hash"));
        let facilitator =
            TokenHash::from_hex(&record.facilitator_token_hash).ok_or_else(malformed)?;
        let participants = record
            .participants
            .iter()
            .map(|(hash, p)| Some((TokenHash::from_hex(hash)?, *p)))
            .collect::<Option<_>>()
            .ok_or_else(malformed)?;
        let live = Arc::new(LiveSession::new(
            id.clone(),
            record.join_code,
            facilitator,
            participants,
            folded,
            self.command_rate.limiter(),
        ));
        self.sessions
            .lock()
            .map_err(|_| HubError::Broken("session map poisoned".into()))?
            .insert(id.clone(), live.clone());
        Ok(live)
    }

    /// Decides, commits, applies and publishes one command. Answers with the events
    /// it caused, projected for the caller. A retried idempotency key answers with
    /// the first attempt's events and changes nothing.
    pub async fn execute(
        &self,
        live: &Arc<LiveSession>,
        request: Request<'_>,
    ) -> HubResult<Executed> {
        // The replicated engine's future holds PostgreSQL queries' state: boxed, so
        // the future of every request (on either engine) is not sized for it.
        // Futures are moved several times on their way through hyper and tower, and
        // their size showed in the profile as memory copies.
        match &self.engine {
            Engine::Embedded(embedded) => embedded.execute(&self.store, live, request).await,
            Engine::Replicated(replicated) => {
                Box::pin(replicated.execute(&self.store, live, request)).await
            }
        }
    }

    /// Deletes a session for good: its log, its participants' tokens, its row.
    /// Decisions stop first (the session's lock is held to the end) and everything
    /// decided is waited onto disk, so no commit lands after the delete; then the
    /// copy in memory is retired, which ends its live streams. Other servers drop
    /// theirs when the doorbell rings (PostgreSQL).
    pub async fn delete(&self, live: &Arc<LiveSession>) -> HubResult<()> {
        let folded = live.inner.lock().await;
        self.delete_locked(live, &folded).await
    }

    async fn delete_locked(&self, live: &LiveSession, folded: &Folded) -> HubResult<()> {
        live.wait_durable(folded.seq).await?;
        self.store.delete_session(&live.id).await?;
        self.forget(&live.id)?;
        live.retire_deleted();
        Ok(())
    }

    /// Drops a session deleted (here or by another server) from memory; its live
    /// streams end, and a request for it finds nothing.
    pub fn forget(&self, id: &SessionId) -> HubResult<()> {
        let removed = self
            .sessions
            .lock()
            .map_err(|_| HubError::Broken("session map poisoned".into()))?
            .remove(id);
        if let Some(live) = removed {
            live.retire_deleted();
        }
        Ok(())
    }

    /// Deletes every session closed before `before` (Unix ms) and not reopened
    /// since: the retention period. Answers how many went.
    pub async fn purge_closed(&self, before: i64) -> HubResult<usize> {
        let mut purged = 0;
        for id in self.store.closed_before(before).await? {
            // One session that cannot go now does not keep the others.
            match self.purge_one(&id).await {
                Ok(true) => purged += 1,
                Ok(false) => {}
                Err(e) => tracing::warn!(session = %id, error = %e, "retention: not purged"),
            }
        }
        Ok(purged)
    }

    /// Deletes a session the store says is closed, unless it was reopened since.
    async fn purge_one(&self, id: &SessionId) -> HubResult<bool> {
        // Not loaded: deleted from the store while no request can load it.
        let loaded = {
            let _loading = self.loading.lock().await;
            let loaded = self.cached(id)?;
            if loaded.is_none() {
                self.store.delete_session(id).await?;
            }
            loaded
        };
        let Some(live) = loaded else {
            return Ok(true);
        };
        // Another server may have reopened it: look at the log first.
        self.catch_up(id, None).await?;
        // Reopened in memory since (not yet on disk, or by another server): it stays.
        let folded = live.inner.lock().await;
        if folded.state.phase != summit_shared::Phase::Closed {
            return Ok(false);
        }
        self.delete_locked(&live, &folded).await?;
        Ok(true)
    }

    /// Brings a loaded session up to date with the log, when other servers may have
    /// appended to it (`known_seq`: a position someone saw; `None`: look anyway).
    /// The embedded engine owns its log, so its sessions are always up to date.
    pub async fn catch_up(&self, id: &SessionId, known_seq: Option<Seq>) -> HubResult<()> {
        let Engine::Replicated(replicated) = &self.engine else {
            return Ok(());
        };
        let Some(live) = self.cached(id)? else {
            return Ok(());
        };
        let mut folded = live.inner.lock().await;
        if known_seq.is_some_and(|seq| seq <= folded.seq) {
            return Ok(());
        }
        replicated.catch_up(&live, &mut folded).await
    }

    /// Every loaded session, brought up to date (after a lost doorbell connection).
    async fn catch_up_all(&self) -> HubResult<()> {
        let ids: Vec<SessionId> = self
            .sessions
            .lock()
            .map_err(|_| HubError::Broken("session map poisoned".into()))?
            .keys()
            .cloned()
            .collect();
        // A session another server deleted while this one missed the doorbell (or
        // loaded it just before the delete): dropped here, at the latest.
        if matches!(self.engine, Engine::Replicated(_)) && !ids.is_empty() {
            let existing = self.store.existing(&ids).await?;
            for gone in ids.iter().filter(|id| !existing.contains(id)) {
                self.forget(gone)?;
            }
        }
        for id in ids {
            self.catch_up(&id, None).await?;
        }
        Ok(())
    }

    /// Starts following the other servers' appends until `shutdown` (the replicated
    /// engine; the embedded one has no other servers).
    pub async fn follow_other_servers(
        self: &Arc<Self>,
        shutdown: tokio::sync::watch::Receiver<bool>,
    ) -> Result<(), StoreError> {
        if let Engine::Replicated(replicated) = &self.engine {
            let doorbell = replicated.doorbell().await?;
            tokio::spawn(replicated::follow(self.clone(), doorbell, shutdown));
        }
        Ok(())
    }

    /// Who holds `token` in this session, asking the store when this server has not
    /// seen the token yet (it was issued by another server).
    pub async fn viewer_for_token(
        &self,
        live: &LiveSession,
        token: &str,
    ) -> HubResult<Option<Viewer>> {
        if let Some(viewer) = live.viewer_for_token(token) {
            return Ok(Some(viewer));
        }
        // Boxed: rare, and its future large (see `execute`).
        Box::pin(self.viewer_from_store(live, token)).await
    }

    async fn viewer_from_store(
        &self,
        live: &LiveSession,
        token: &str,
    ) -> HubResult<Option<Viewer>> {
        let hash = TokenHash::of(token);
        let Some(id) = self
            .store
            .participant_by_token(&live.id, &hash.to_hex())
            .await?
        else {
            return Ok(None);
        };
        live.remember_participant(hash, id);
        Ok(Some(Viewer::Participant(id)))
    }
}

/// A command's events at their log positions, from `first` on: the one place events
/// are numbered, whichever engine commits them.
fn number(first: Seq, events: Vec<Event>) -> Vec<Arc<SeqEvent>> {
    events
        .into_iter()
        .zip(first..)
        .map(|(event, seq)| Arc::new(SeqEvent { seq, event }))
        .collect()
}

/// The answer a command with this idempotency key got the first time: its events,
/// read back from the log and projected for the caller.
async fn replay_answer(
    store: &Store,
    live: &LiveSession,
    actor: Actor,
    first: Seq,
    last: i64,
) -> HubResult<Executed> {
    // Only the command's own range: a retry must not cost a read of the whole log.
    let events = if last >= first as i64 {
        store.events_between(&live.id, first, last as Seq).await?
    } else {
        vec![]
    };
    let viewer = viewer_of_actor(actor);
    let events = events
        .iter()
        .map(|e| live.project(e, viewer_of(actor, e, viewer)))
        .collect();
    let accepted = CommandAccepted {
        seq: last.max(first as i64 - 1) as Seq,
        events,
    };
    typed(&accepted, None)
}

/// An answer built from typed events (retries, nothing changed, the replicated engine).
fn typed(accepted: &CommandAccepted, joined: Option<ParticipantId>) -> HubResult<Executed> {
    Ok(Executed {
        answer: Answer::of(accepted)?,
        joined,
    })
}

/// A join's new participant and token hash, if this command was a join.
fn joined(
    token_hash: Option<TokenHash>,
    events: &[Arc<SeqEvent>],
) -> Option<(ParticipantId, TokenHash)> {
    match (token_hash, events.first().map(|e| &e.event)) {
        (Some(hash), Some(Event::ParticipantJoined { participant })) => {
            Some((participant.id, hash))
        }
        _ => None,
    }
}

fn viewer_of_actor(actor: Actor) -> Viewer {
    match actor {
        Actor::Participant(p) => Viewer::Participant(p),
        Actor::Lead => Viewer::Lead,
        Actor::Facilitator | Actor::Guest | Actor::Server => Viewer::Facilitator,
    }
}

/// A guest who just joined sees their own join event as that participant.
fn viewer_of(actor: Actor, event: &SeqEvent, fallback: Viewer) -> Viewer {
    match (actor, &event.event) {
        (Actor::Guest, Event::ParticipantJoined { participant }) => {
            Viewer::Participant(participant.id)
        }
        _ => fallback,
    }
}
