//! Live sessions in memory: the one place commands are decided and events published.
//!
//! Each session loaded from the log gets a [`LiveSession`]: its folded state behind a
//! per-session async mutex, and a broadcast channel feeding its live streams. A command
//! takes the lock, is decided against the current state, is committed to the log, and
//! only then is applied and published. Holding the lock across decide-and-commit is what
//! keeps vote budgets exact under any interleaving of concurrent requests.

use crate::error::{ApiError, ApiResult};
use crate::store::{IdempotencyRecord, NewParticipant, Store};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use summit_shared::api::CommandAccepted;
use summit_shared::view::project;
use summit_shared::{
    decide, Actor, Command, Event, ParticipantId, Seq, SeqEvent, SessionId, SessionState, Viewer,
};
use tokio::sync::{broadcast, Mutex as AsyncMutex};

/// Buffered events per session before a slow stream lags (it then catches up from the log).
const BROADCAST_CAPACITY: usize = 1024;

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
        let mut folded = live.inner.lock().await;
        let actor_key = actor_key(request.actor);
        let viewer = match request.actor {
            Actor::Facilitator => Viewer::Facilitator,
            Actor::Participant(p) => Viewer::Participant(p),
            Actor::Guest => Viewer::Facilitator,
        };

        if let Some(key) = request.idempotency_key {
            if let Some((first, last)) = self.store.idempotent(&live.id, &actor_key, key).await? {
                drop(folded);
                let events = self.store.events_after(&live.id, first - 1).await?;
                let events = events
                    .iter()
                    .filter(|e| (e.seq as i64) <= last)
                    .map(|e| live.project(e, viewer_of(request.actor, e, viewer)))
                    .collect();
                return Ok(CommandAccepted {
                    seq: last.max(first as i64 - 1) as Seq,
                    events,
                });
            }
        }

        let now = now_ms();
        let events = decide(&folded.state, request.actor, request.command, now)?;
        let first = folded.seq + 1;
        let new_participant = match (request.new_token_hash, events.first()) {
            (Some(hash), Some(Event::ParticipantJoined { participant })) => Some(NewParticipant {
                id: participant.id,
                token_hash: hash,
            }),
            _ => None,
        };
        let idempotency = request.idempotency_key.map(|key| IdempotencyRecord {
            actor: &actor_key,
            key,
        });
        self.store
            .append(&live.id, first, &events, idempotency, new_participant, now)
            .await?;

        let mut published = Vec::with_capacity(events.len());
        for (i, event) in events.into_iter().enumerate() {
            folded.state.apply(&event);
            if let (Some(hash), Event::ParticipantJoined { participant }) =
                (request.new_token_hash, &event)
            {
                if let Ok(mut map) = live.participants.lock() {
                    map.insert(hash.to_owned(), participant.id);
                }
            }
            published.push(Arc::new(SeqEvent {
                seq: first + i as u64,
                event,
            }));
        }
        folded.seq += published.len() as u64;
        let seq = folded.seq;
        for event in &published {
            // No receivers is fine: nobody is watching this session right now.
            let _ = live.tx.send(event.clone());
        }
        drop(folded);

        let events = published
            .iter()
            .map(|e| live.project(e, viewer_of(request.actor, e, viewer)))
            .collect();
        Ok(CommandAccepted { seq, events })
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
