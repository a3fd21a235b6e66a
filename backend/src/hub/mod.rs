//! Live sessions in memory: the one place commands are decided and events published.
//!
//! Each session loaded from the log gets a [`LiveSession`]: its folded state behind a
//! per-session async mutex, and a broadcast channel feeding its live streams. A command
//! takes the lock, is decided against the current state, is committed to the log, and
//! only then is applied and published. Holding the lock across decide-and-commit is what
//! keeps vote budgets exact under any interleaving of concurrent requests.

use crate::error::{ApiError, ApiResult};
use crate::store::{Doorbell, IdempotencyRecord, NewParticipant, Ring, Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use summit_shared::api::CommandAccepted;
use summit_shared::view::project;
use summit_shared::{
    decide, Actor, Command, Event, ParticipantId, Seq, SeqEvent, SessionId, SessionState, Viewer,
};
use tokio::sync::{broadcast, Mutex as AsyncMutex};

/// Buffered events per session before a slow stream lags (it then catches up from the log).
const BROADCAST_CAPACITY: usize = 1024;
/// Retries when another server wins the race for the next log position.
const MAX_APPEND_ATTEMPTS: usize = 64;
/// How often a server re-reads the shared log even without a doorbell.
const SWEEP_INTERVAL: Duration = Duration::from_secs(2);

pub struct LiveSession {
    pub id: SessionId,
    pub join_code: String,
    facilitator_token_hash: String,
    /// Fixed at creation, so projecting an event never needs the lock.
    pub anonymous: bool,
    inner: AsyncMutex<Folded>,
    /// Token hash → participant, for authentication without a database round trip.
    participants: Mutex<HashMap<String, ParticipantId>>,
    tx: broadcast::Sender<Arc<SeqEvent>>,
    /// Live streams open per viewer, to cap them.
    streams: Mutex<HashMap<Viewer, usize>>,
}

/// Holds one of a viewer's live-stream slots; frees it when dropped.
pub struct StreamSlot {
    live: Arc<LiveSession>,
    viewer: Viewer,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        if let Ok(mut streams) = self.live.streams.lock() {
            if let Some(n) = streams.get_mut(&self.viewer) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    streams.remove(&self.viewer);
                }
            }
        }
    }
}

struct Folded {
    state: SessionState,
    seq: Seq,
}

/// A consistent view of a session: its state and the log position it reflects.
pub struct Snapshot {
    pub state: SessionState,
    pub seq: Seq,
}

impl LiveSession {
    /// Who holds this token in this session, if anyone.
    pub fn viewer_for_token(&self, token: &str) -> Option<Viewer> {
        let hash = crate::auth::hash_token(token);
        if constant_time_eq(hash.as_bytes(), self.facilitator_token_hash.as_bytes()) {
            return Some(Viewer::Facilitator);
        }
        let participants = self.participants.lock().ok()?;
        participants.get(&hash).map(|p| Viewer::Participant(*p))
    }

    pub async fn snapshot(&self) -> Snapshot {
        let folded = self.inner.lock().await;
        Snapshot {
            state: folded.state.clone(),
            seq: folded.seq,
        }
    }

    /// The current position and a receiver for everything after it, taken together
    /// so a live stream can neither miss nor repeat an event.
    pub async fn subscribe(&self) -> (Seq, broadcast::Receiver<Arc<SeqEvent>>) {
        let folded = self.inner.lock().await;
        (folded.seq, self.tx.subscribe())
    }

    /// Takes a live-stream slot for `viewer`, unless they already hold `max`.
    pub fn open_stream(self: &Arc<Self>, viewer: Viewer, max: usize) -> Option<StreamSlot> {
        let mut streams = self.streams.lock().ok()?;
        let n = streams.entry(viewer).or_default();
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(StreamSlot {
            live: self.clone(),
            viewer,
        })
    }

    pub fn project(&self, event: &SeqEvent, viewer: Viewer) -> SeqEvent {
        SeqEvent {
            seq: event.seq,
            event: project(&event.event, viewer, self.anonymous),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A command to run, with what the caller asked for around it.
pub struct Request<'a> {
    pub actor: Actor,
    pub command: &'a Command,
    pub idempotency_key: Option<&'a str>,
    /// For joins: the new participant's token hash, stored with the join event.
    pub new_token_hash: Option<&'a str>,
}

pub struct Hub {
    store: Store,
    sessions: Mutex<HashMap<SessionId, Arc<LiveSession>>>,
    /// Serializes first loads so two requests do not fold the same log twice.
    loading: AsyncMutex<()>,
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Hub {
    pub fn new(store: Store) -> Hub {
        Hub {
            store,
            sessions: Mutex::new(HashMap::new()),
            loading: AsyncMutex::new(()),
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
        let _guard = self.loading.lock().await;
        if let Some(live) = self.cached(id)? {
            return Ok(live);
        }
        let record = self
            .store
            .load_session(id)
            .await?
            .ok_or_else(ApiError::session_not_found)?;
        let state = SessionState::replay(&record.events);
        let (tx, _) = broadcast::channel(BROADCAST_CAPACITY);
        let live = Arc::new(LiveSession {
            id: id.clone(),
            join_code: record.join_code,
            facilitator_token_hash: record.facilitator_token_hash,
            anonymous: state.settings.anonymous,
            participants: Mutex::new(record.participants.into_iter().collect()),
            inner: AsyncMutex::new(Folded {
                seq: record.events.len() as Seq,
                state,
            }),
            tx,
            streams: Mutex::new(HashMap::new()),
        });
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
        live: &LiveSession,
        request: Request<'_>,
    ) -> ApiResult<CommandAccepted> {
        let actor_key = actor_key(request.actor);
        let viewer = match request.actor {
            Actor::Participant(p) => Viewer::Participant(p),
            Actor::Facilitator | Actor::Guest => Viewer::Facilitator,
        };
        // Another server may append between our catch-up and our insert; the insert
        // then conflicts on (session, seq) and we decide again on the newer state.
        for _ in 0..MAX_APPEND_ATTEMPTS {
            let mut folded = live.inner.lock().await;
            if self.store.is_shared() {
                self.catch_up(live, &mut folded).await?;
            }
            if let Some(key) = request.idempotency_key {
                if let Some((first, last)) =
                    self.store.idempotent(&live.id, &actor_key, key).await?
                {
                    drop(folded);
                    return self
                        .replay_answer(live, request.actor, viewer, first, last)
                        .await;
                }
            }

            let now = now_ms();
            let events = decide(&folded.state, request.actor, request.command, now)?;
            let first = folded.seq + 1;
            let new_participant = match (request.new_token_hash, events.first()) {
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

            if let (Some(hash), Some(Event::ParticipantJoined { participant })) =
                (request.new_token_hash, events.first())
            {
                if let Ok(mut map) = live.participants.lock() {
                    map.insert(hash.to_owned(), participant.id);
                }
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
            publish(live, &mut folded, &published);
            let seq = folded.seq;
            drop(folded);

            let events = published
                .iter()
                .map(|e| live.project(e, viewer_of(request.actor, e, viewer)))
                .collect();
            return Ok(CommandAccepted { seq, events });
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
        let events = self.store.events_after(&live.id, first - 1).await?;
        let events = events
            .iter()
            .filter(|e| (e.seq as i64) <= last)
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
        publish(live, folded, &missed);
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
        let hash = crate::auth::hash_token(token);
        let Some(id) = self.store.participant_by_token(&live.id, &hash).await? else {
            return Ok(None);
        };
        if let Ok(mut map) = live.participants.lock() {
            map.insert(hash, id);
        }
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
            let ring = tokio::select! {
                ring = tokio::time::timeout(SWEEP_INTERVAL, doorbell.next()) => ring,
                _ = shutdown.wait_for(|down| *down) => return,
            };
            let result = match ring {
                Ok(Ok(Ring::Appended { session, seq })) => self.refresh(&session, Some(seq)).await,
                Ok(Ok(Ring::Reconnected)) | Err(_) => self.refresh_all().await,
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

/// Applies events in order and sends them to live streams. Caller holds the lock.
fn publish(live: &LiveSession, folded: &mut Folded, events: &[Arc<SeqEvent>]) {
    for event in events {
        if event.seq != folded.seq + 1 {
            continue; // Already applied (a stale read); never apply twice.
        }
        folded.state.apply(&event.event);
        folded.seq = event.seq;
        // No receivers is fine: nobody is watching this session right now.
        let _ = live.tx.send(event.clone());
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
    match actor {
        Actor::Facilitator => "f".into(),
        Actor::Participant(p) => format!("p{}", p.0),
        Actor::Guest => "g".into(),
    }
}
