//! Live sessions in memory: the one place commands are decided and events published.
//!
//! Each session loaded from the log gets a [`LiveSession`]: its folded state behind a
//! per-session async mutex, and a broadcast channel feeding its live streams. Every
//! decision is taken under that lock against the newest state, which is what keeps
//! vote budgets exact under any interleaving of concurrent requests. Two ways to
//! commit, by engine:
//! - embedded SQLite (one server owns the file): decide, apply, queue for
//!   [`group_commit`], release the lock, and answer once the batch is on disk;
//! - PostgreSQL (several servers share the log): catch up from the log, decide,
//!   append at the next position (retrying on a conflict with another server), then
//!   apply and publish.

mod answer;
mod group_commit;
mod live;

pub use answer::Answer;

pub(crate) use live::FastMap;
pub use live::{Durable, LiveSession, Snapshot, StreamSlot};

use crate::auth::TokenHash;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::Rate;
use crate::store::{
    ActorTag, Doorbell, IdempotencyRecord, NewParticipant, RecordedKey, Ring, Store, StoreError,
};
use live::{CommandKey, CommandKeys, Folded};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use summit_shared::api::CommandAccepted;
use summit_shared::{
    decide, Actor, Command, Event, ParticipantId, Seq, SeqEvent, SessionId, SessionState, Viewer,
};
use tokio::sync::{oneshot, Mutex as AsyncMutex};

/// Buffered events per session before a slow stream lags (it then catches up from the log).
pub(crate) const BROADCAST_CAPACITY: usize = 1024;
/// Retries when another server wins the race for the next log position.
const MAX_APPEND_ATTEMPTS: usize = 64;
/// How often a server re-reads the shared log even without a doorbell.
const SWEEP_INTERVAL: Duration = Duration::from_secs(2);

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

pub struct Hub {
    store: Store,
    sessions: Sessions,
    /// Serializes first loads so two requests do not fold the same log twice.
    loading: AsyncMutex<()>,
    /// The group-commit writer (embedded store only).
    queue: Option<group_commit::Queue>,
    /// Each session's limit on commands per viewer.
    command_rate: Rate,
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Hub {
    /// Must run inside the runtime: the embedded store starts its writer task here.
    pub fn new(store: Store, command_rate: Rate) -> Hub {
        let sessions: Sessions = Arc::default();
        let queue = (!store.is_shared())
            .then(|| group_commit::start(store.clone(), group_commit::evictor(sessions.clone())));
        Hub {
            store,
            sessions,
            loading: AsyncMutex::new(()),
            queue,
            command_rate,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    fn cached(&self, id: &SessionId) -> ApiResult<Option<Arc<LiveSession>>> {
        let sessions = self
            .sessions
            .lock()
            .map_err(|_| ApiError::Internal("session map poisoned".into()))?;
        Ok(sessions.get(id).cloned())
    }

    /// The live session, loaded from the log on first use; 404 if it does not exist.
    pub async fn session(&self, id: &SessionId) -> ApiResult<Arc<LiveSession>> {
        if let Some(live) = self.cached(id)? {
            return Ok(live);
        }
        // Boxed: loading is rare and its future large (see `execute`).
        Box::pin(self.load(id)).await
    }

    async fn load(&self, id: &SessionId) -> ApiResult<Arc<LiveSession>> {
        let _guard = self.loading.lock().await;
        if let Some(live) = self.cached(id)? {
            return Ok(live);
        }
        let record = self
            .store
            .load_session(id)
            .await?
            .ok_or_else(ApiError::session_not_found)?;
        // The shared store looks every key up in its own table (`execute_shared`).
        let recorded = match self.queue {
            Some(_) => self.store.idempotency_keys(id).await?,
            None => Vec::new(),
        };
        let keys =
            recorded
                .into_iter()
                .fold(CommandKeys::default(), |mut keys, (key, first, last)| {
                    // In log order, so each actor's newest keys are the ones kept.
                    let (actor, key) = match key {
                        RecordedKey::Digest { digest, actor } => (
                            actor.as_deref().and_then(ActorTag::parse),
                            CommandKey::from_digest(digest),
                        ),
                        RecordedKey::Text { actor, key } => {
                            (ActorTag::parse(&actor), CommandKey::new(&actor, &key))
                        }
                    };
                    keys.insert(actor, key, (first, last));
                    keys
                });
        let folded = Folded {
            seq: record.events.len() as Seq,
            state: SessionState::replay(&record.events),
            keys,
        };
        let facilitator = TokenHash::from_hex(&record.facilitator_token_hash)
            .ok_or_else(|| ApiError::Internal(format!("session {id}: malformed token hash")))?;
        let participants = record
            .participants
            .iter()
            .map(|(hash, p)| Some((TokenHash::from_hex(hash)?, *p)))
            .collect::<Option<_>>()
            .ok_or_else(|| ApiError::Internal(format!("session {id}: malformed token hash")))?;
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
            .map_err(|_| ApiError::Internal("session map poisoned".into()))?
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
    ) -> ApiResult<Executed> {
        // The shared path's future holds PostgreSQL queries' state: boxed, so the
        // future of every request (on either engine) is not sized for it. Futures
        // are moved several times on their way through hyper and tower, and their
        // size showed in the profile as memory copies.
        match &self.queue {
            Some(queue) => self.execute_grouped(queue, live, request).await,
            None => Box::pin(self.execute_shared(live, request)).await,
        }
    }

    /// The embedded store: decide now, answer when the batch holding it is on disk.
    async fn execute_grouped(
        &self,
        queue: &group_commit::Queue,
        live: &Arc<LiveSession>,
        request: Request<'_>,
    ) -> ApiResult<Executed> {
        let viewer = viewer_of_actor(request.actor);
        let key = request
            .idempotency_key
            .map(|k| CommandKey::of(request.actor, k));
        let mut folded = live.inner.lock().await;
        if live.is_failed() {
            return Err(ApiError::ShuttingDown);
        }
        let Folded { state, seq, keys } = &mut *folded;
        // A key seen before answers as the first attempt did; a new one is
        // remembered below if the command changes anything.
        if let Some((first, last)) = key.and_then(|k| keys.get(request.actor, &k)) {
            drop(folded);
            live.wait_durable(last.max(0) as Seq).await?;
            let replayed =
                Box::pin(self.replay_answer(live, request.actor, viewer, first, last)).await?;
            return typed(&replayed, None);
        }
        let now = now_ms();
        let events = decide(state, request.actor, request.command, now)?;
        if events.is_empty() {
            // Nothing changed: nothing to store, and a retry would also change nothing.
            let unchanged = CommandAccepted {
                seq: *seq,
                events: vec![],
            };
            return typed(&unchanged, None);
        }
        if *seq + events.len() as Seq > self.store.max_seq() {
            return Err(log_full());
        }
        let first = *seq + 1;
        let published: Vec<Arc<SeqEvent>> = events
            .into_iter()
            .enumerate()
            .map(|(i, event)| {
                Arc::new(SeqEvent {
                    seq: first + i as u64,
                    event,
                })
            })
            .collect();
        for event in &published {
            state.apply(&event.event);
        }
        *seq += published.len() as u64;
        let seq = *seq;
        if let Some(key) = key {
            keys.insert(Some(request.actor), key, (first, seq as i64));
        }
        let participant = joined(request.new_token_hash, &published);
        if let Some((id, hash)) = participant {
            remember_participant(live, hash, id);
        }
        // The log's bodies and the caller's answer in one pass (see `answer`).
        let encoded = answer::Encoded::new(seq, &published, live.anonymous, |e| {
            viewer_of(request.actor, e, viewer)
        })
        .map_err(|e| ApiError::Internal(format!("encoding events: {e}")))?;
        let answer = encoded.answer();
        let (done, committed) = oneshot::channel();
        // Queued while holding the lock, so each session's decisions reach the
        // writer in log order.
        queue
            .send(group_commit::Pending {
                live: live.clone(),
                events: published,
                encoded,
                idempotency: key.map(|k| (k, request.actor)),
                participant: participant.map(|(id, hash)| (id, hash.to_hex())),
                now,
                done,
            })
            .map_err(|_| ApiError::ShuttingDown)?;
        drop(folded);
        if !committed.await.unwrap_or(false) {
            return Err(ApiError::Internal(
                "the commit of this command failed".into(),
            ));
        }
        Ok(Executed {
            answer,
            joined: participant.map(|(id, _)| id),
        })
    }

    /// The shared store: catch up, decide, append at the next position; on a
    /// conflict with another server, catch up and decide again.
    async fn execute_shared(
        &self,
        live: &Arc<LiveSession>,
        request: Request<'_>,
    ) -> ApiResult<Executed> {
        let actor_key = actor_key(request.actor);
        let viewer = viewer_of_actor(request.actor);
        let new_token_hash = request.new_token_hash.map(TokenHash::to_hex);
        // Another server may append between our catch-up and our insert; the insert
        // then conflicts on (session, seq) and we decide again on the newer state.
        for _ in 0..MAX_APPEND_ATTEMPTS {
            let mut folded = live.inner.lock().await;
            self.catch_up(live, &mut folded).await?;
            if let Some(key) = request.idempotency_key {
                if let Some((first, last)) =
                    self.store.idempotent(&live.id, &actor_key, key).await?
                {
                    drop(folded);
                    let replayed = self
                        .replay_answer(live, request.actor, viewer, first, last)
                        .await?;
                    return typed(&replayed, None);
                }
            }

            let now = now_ms();
            let events = decide(&folded.state, request.actor, request.command, now)?;
            let first = folded.seq + 1;
            let new_participant = match (new_token_hash.as_deref(), events.first()) {
                (Some(hash), Some(Event::ParticipantJoined { participant })) => {
                    Some(NewParticipant {
                        id: participant.id,
                        token_hash: hash,
                    })
                }
                _ => None,
            };
            let idempotency = request.idempotency_key.map(|key| IdempotencyRecord {
                actor: &actor_key,
                key,
            });
            match self
                .store
                .append(&live.id, first, &events, idempotency, new_participant, now)
                .await
            {
                Ok(()) => {}
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }

            let published: Vec<Arc<SeqEvent>> = events
                .into_iter()
                .enumerate()
                .map(|(i, event)| {
                    Arc::new(SeqEvent {
                        seq: first + i as u64,
                        event,
                    })
                })
                .collect();
            let participant = joined(request.new_token_hash, &published);
            if let Some((id, hash)) = participant {
                remember_participant(live, hash, id);
            }
            apply_and_publish(live, &mut folded, &published);
            let seq = folded.seq;
            drop(folded);

            let events = published
                .iter()
                .map(|e| live.project(e, viewer_of(request.actor, e, viewer)))
                .collect();
            return typed(
                &CommandAccepted { seq, events },
                participant.map(|(id, _)| id),
            );
        }
        Err(ApiError::Internal("too many append conflicts".into()))
    }

    /// The answer a command with this idempotency key got the first time.
    async fn replay_answer(
        &self,
        live: &LiveSession,
        actor: Actor,
        viewer: Viewer,
        first: Seq,
        last: i64,
    ) -> ApiResult<CommandAccepted> {
        // Only the command's own range: a retry must not cost a read of the whole log.
        let events = if last >= first as i64 {
            self.store
                .events_between(&live.id, first, last as Seq)
                .await?
        } else {
            vec![]
        };
        let events = events
            .iter()
            .map(|e| live.project(e, viewer_of(actor, e, viewer)))
            .collect();
        Ok(CommandAccepted {
            seq: last.max(first as i64 - 1) as Seq,
            events,
        })
    }

    /// Folds in and publishes whatever other servers appended since we last looked.
    async fn catch_up(&self, live: &LiveSession, folded: &mut Folded) -> ApiResult<()> {
        let missed = self.store.events_after(&live.id, folded.seq).await?;
        let missed: Vec<Arc<SeqEvent>> = missed.into_iter().map(Arc::new).collect();
        apply_and_publish(live, folded, &missed);
        Ok(())
    }

    /// Brings a loaded session up to date with the shared log (no-op if not loaded).
    pub async fn refresh(&self, id: &SessionId, known_seq: Option<Seq>) -> ApiResult<()> {
        let Some(live) = self.cached(id)? else {
            return Ok(());
        };
        let mut folded = live.inner.lock().await;
        if known_seq.is_some_and(|seq| seq <= folded.seq) {
            return Ok(());
        }
        self.catch_up(&live, &mut folded).await
    }

    /// Every loaded session, brought up to date (after a lost doorbell connection).
    pub async fn refresh_all(&self) -> ApiResult<()> {
        let ids: Vec<SessionId> = self
            .sessions
            .lock()
            .map_err(|_| ApiError::Internal("session map poisoned".into()))?
            .keys()
            .cloned()
            .collect();
        for id in ids {
            self.refresh(&id, None).await?;
        }
        Ok(())
    }

    /// Who holds `token` in this session, asking the store when this server has not
    /// seen the token yet (it was issued by another server).
    pub async fn viewer_for_token(
        &self,
        live: &LiveSession,
        token: &str,
    ) -> ApiResult<Option<Viewer>> {
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
    ) -> ApiResult<Option<Viewer>> {
        let hash = TokenHash::of(token);
        let Some(id) = self
            .store
            .participant_by_token(&live.id, &hash.to_hex())
            .await?
        else {
            return Ok(None);
        };
        remember_participant(live, hash, id);
        Ok(Some(Viewer::Participant(id)))
    }

    /// Follows other servers' appends until the process ends (PostgreSQL only).
    pub async fn follow(
        self: Arc<Self>,
        mut doorbell: Doorbell,
        mut shutdown: tokio::sync::watch::Receiver<bool>,
    ) {
        loop {
            // The doorbell may stay silent (a lost notification); a periodic sweep
            // bounds how stale a server can get.
            // Shutdown first: once the server stops, the doorbell's connection is
            // closed too, and that is not worth a warning.
            let ring = tokio::select! {
                biased;
                _ = shutdown.wait_for(|down| *down) => return,
                ring = tokio::time::timeout(SWEEP_INTERVAL, doorbell.next()) => ring,
            };
            let result = match ring {
                Ok(Ok(Ring::Appended { session, seq })) => self.refresh(&session, Some(seq)).await,
                Ok(Ok(Ring::Reconnected)) | Err(_) => self.refresh_all().await,
                Ok(Err(_)) if *shutdown.borrow() => return,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "doorbell failed; retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    self.refresh_all().await
                }
            };
            if let Err(e) = result {
                tracing::warn!(error = %e, "catching up from the log failed");
            }
        }
    }
}

/// Applies committed events in order and publishes them. Caller holds the lock.
fn apply_and_publish(live: &LiveSession, folded: &mut Folded, events: &[Arc<SeqEvent>]) {
    let fresh: Vec<Arc<SeqEvent>> = events
        .iter()
        .filter(|e| e.seq > folded.seq) // Already applied (a stale read): never twice.
        .cloned()
        .collect();
    for event in &fresh {
        folded.state.apply(&event.event);
        folded.seq = event.seq;
    }
    live.publish(&fresh);
}

/// An answer built from typed events (retries, nothing changed, the shared store).
fn typed(accepted: &CommandAccepted, joined: Option<ParticipantId>) -> ApiResult<Executed> {
    let answer =
        Answer::of(accepted).map_err(|e| ApiError::Internal(format!("encoding an answer: {e}")))?;
    Ok(Executed { answer, joined })
}

/// A session whose log has no position left (4,294,967,295 events on SQLite).
fn log_full() -> ApiError {
    ApiError::Conflict {
        code: "session_full",
        message: "This session has recorded as many changes as it can hold. \
                  Export its action items and start a new session to go on."
            .into(),
    }
}

/// Lets a participant's token authenticate without a database round trip.
fn remember_participant(live: &LiveSession, hash: TokenHash, id: ParticipantId) {
    if let Ok(mut map) = live.participants.lock() {
        map.insert(hash, id);
    }
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
        Actor::Facilitator | Actor::Guest => Viewer::Facilitator,
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

fn actor_key(actor: Actor) -> String {
    ActorTag::of(actor).as_str().to_owned()
}
