//! One session in memory: its folded state, who holds which token, its live streams,
//! and how far its log is known to be on disk.

use super::{HubError, HubResult};
use crate::auth::TokenHash;
use crate::rate_limit::RateLimiter;
use crate::store::ActorTag;
use crate::util::FastMap;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use summit_shared::view::project;
use summit_shared::{
    Actor, Event, LinkKind, ParticipantId, RoomCounts, Seq, SeqEvent, SessionId, SessionState,
    Viewer,
};
use tokio::sync::{broadcast, watch, Mutex as AsyncMutex};

pub struct LiveSession {
    pub id: SessionId,
    pub join_code: String,
    pub(super) facilitator_token_hash: TokenHash,
    /// Whether names are hidden now ([`SessionState::names_hidden`]): set after each
    /// batch is applied, so projecting an event never needs the lock. A batch that
    /// makes the session anonymous is itself sent unnamed.
    names_hidden: AtomicBool,
    /// Retired because the session was deleted ([`LiveSession::retire_deleted`]).
    deleted: AtomicBool,
    /// The live generation of each link's key ([`SessionState::links`]; 0: revoked),
    /// set like `names_hidden`, so authenticating a lead or a calendar needs no lock.
    follow_up: AtomicU32,
    calendar: AtomicU32,
    /// How far each department is with the phase, while names are hidden (else
    /// `None`): the facilitator's and the projector's streams send it when it changes.
    counts: watch::Sender<Option<Arc<RoomCounts>>>,
    pub(super) inner: AsyncMutex<Folded>,
    /// Token hash → participant, for authentication without a database round trip.
    pub(super) participants: Mutex<FastMap<TokenHash, ParticipantId>>,
    pub(super) tx: broadcast::Sender<Arc<SeqEvent>>,
    /// Commands per viewer, to cap their rate.
    pub commands: RateLimiter<Viewer>,
    /// Live streams open per viewer, to cap them (and to know who is online).
    streams: Mutex<HashMap<Viewer, usize>>,
    /// Whether this server has checked who the log says is online (see `presence`).
    pub(super) presence_swept: AtomicBool,
    /// How far the log is on disk. Decisions run ahead of it (group commit); answers,
    /// snapshots and live events wait for it.
    pub(super) durable: watch::Sender<Durable>,
}

#[derive(Clone, Copy, Debug)]
pub struct Durable {
    pub seq: Seq,
    /// A commit failed: this in-memory copy may hold events that never reached the
    /// log. It is dropped and the session reloaded from the log on next use.
    pub failed: bool,
}

/// The state as decided so far (possibly ahead of the disk by one commit batch).
pub(super) struct Folded {
    pub state: SessionState,
    pub seq: Seq,
    /// An actor's idempotency key → the log range it produced (first, last).
    pub keys: CommandKeys,
}

impl Folded {
    /// A session's log from its start, folded.
    pub(super) fn replay(events: &[Event], keys: CommandKeys) -> Folded {
        Folded {
            seq: events.len() as Seq,
            state: SessionState::replay(events),
            keys,
        }
    }
}

/// The idempotency keys a session remembers: at least each actor's newest
/// [`KEYS_PER_ACTOR`], and at most twice as many.
///
/// Why a bound: keeping every key a session ever saw made the map grow with the log
/// (a million keys after the write benchmark), and every command then paid a cache
/// and TLB miss to probe it, plus its share of the map's growth into fresh memory
/// (BENCHMARKS.md, F15). A retry comes seconds after its command (the browser gives
/// up after three attempts within 3 s), so an actor's newest keys are what retries
/// need; bounded per actor, one actor's flood cannot push out another's keys, and
/// the maps stay small and in cache.
///
/// Why two generations per actor instead of a queue of keys to forget one by one:
/// when the newer map is full it becomes the older one and the oldest generation
/// is dropped at once, so a command costs one or two probes and one insert in small
/// maps, and nothing else.
#[derive(Default)]
pub(super) struct CommandKeys {
    by_actor: FastMap<Actor, Generations>,
    /// Keys of log rows that do not record their actor (written before the bound):
    /// all kept, and never more than were loaded.
    unattributed: FastMap<CommandKey, (Seq, i64)>,
}

#[derive(Default)]
struct Generations {
    newer: FastMap<CommandKey, (Seq, i64)>,
    older: FastMap<CommandKey, (Seq, i64)>,
}

/// Keys remembered per actor, at least: at the default command rate (20 a second)
/// the last 51 seconds of an actor sending as fast as allowed, and far longer at any
/// human pace. Documented on `CommandRequest::idempotency_key`.
pub(super) const KEYS_PER_ACTOR: usize = summit_shared::api::IDEMPOTENCY_KEYS_PER_ACTOR;

impl CommandKeys {
    pub(super) fn get(&self, actor: Actor, key: &CommandKey) -> Option<(Seq, i64)> {
        let remembered = self
            .by_actor
            .get(&actor)
            .and_then(|g| g.newer.get(key).or_else(|| g.older.get(key)));
        match remembered {
            Some(range) => Some(*range),
            None if self.unattributed.is_empty() => None,
            None => self.unattributed.get(key).copied(),
        }
    }

    /// Remembers a key new to this session and the log range its command caused.
    /// `None` for a key whose actor the log does not record.
    pub(super) fn insert(&mut self, actor: Option<Actor>, key: CommandKey, range: (Seq, i64)) {
        let Some(actor) = actor else {
            self.unattributed.insert(key, range);
            return;
        };
        let generations = self.by_actor.entry(actor).or_default();
        if generations.newer.len() >= KEYS_PER_ACTOR {
            std::mem::swap(&mut generations.newer, &mut generations.older);
            // Keeps its allocation: the next generation fills the same table.
            generations.newer.clear();
        }
        generations.newer.insert(key, range);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        let remembered: usize = self
            .by_actor
            .values()
            .map(|g| g.newer.len() + g.older.len())
            .sum();
        remembered + self.unattributed.len()
    }
}

/// An actor's idempotency key, as the first 128 bits of SHA-256 over `actor|key`.
///
/// Why not the string: the map holds every key of a session (a million after the
/// write benchmark), and a string key is a heap allocation per command plus a
/// pointer to chase per entry whenever the map grows and rehashes, which stalled
/// commands for up to 190–280 ms at that size (BENCHMARKS.md, F8). A digest is 16 bytes
/// inline; being cryptographic, no client can pick a key that collides with
/// another actor's. (`|` never occurs in an actor's part, so the input is unambiguous.)
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct CommandKey([u8; 16]);

impl CommandKey {
    /// From an actor's part as [`ActorTag`] spells it (`f`, `g`, `p<id>`).
    pub(super) fn new(actor: &str, key: &str) -> CommandKey {
        Self::of_bytes(actor.as_bytes(), key)
    }

    /// The same digest as [`CommandKey::new`] with the actor's part spelled on the
    /// stack: this runs for every command.
    pub(super) fn of(actor: Actor, key: &str) -> CommandKey {
        Self::of_bytes(ActorTag::of(actor).as_bytes(), key)
    }

    fn of_bytes(actor: &[u8], key: &str) -> CommandKey {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(actor)
            .chain_update(b"|")
            .chain_update(key.as_bytes())
            .finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(&digest[..16]);
        CommandKey(first)
    }

    /// As the SQLite log records it (migration 0003).
    pub(super) fn from_digest(digest: [u8; 16]) -> CommandKey {
        CommandKey(digest)
    }

    pub(super) fn digest(&self) -> [u8; 16] {
        self.0
    }
}

/// A consistent, durable view of a session: its state and the log position it reflects.
pub struct Snapshot {
    pub state: SessionState,
    pub seq: Seq,
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

impl LiveSession {
    pub(super) fn new(
        id: SessionId,
        join_code: String,
        facilitator_token_hash: TokenHash,
        participants: FastMap<TokenHash, ParticipantId>,
        folded: Folded,
        commands: RateLimiter<Viewer>,
    ) -> LiveSession {
        let (tx, _) = broadcast::channel(super::BROADCAST_CAPACITY);
        let (durable, _) = watch::channel(Durable {
            seq: folded.seq,
            failed: false,
        });
        LiveSession {
            id,
            join_code,
            facilitator_token_hash,
            names_hidden: AtomicBool::new(folded.state.names_hidden()),
            deleted: AtomicBool::new(false),
            follow_up: AtomicU32::new(folded.state.links.follow_up.unwrap_or(0)),
            calendar: AtomicU32::new(folded.state.links.calendar.unwrap_or(0)),
            counts: watch::channel(room_counts(&folded.state)).0,
            inner: AsyncMutex::new(folded),
            participants: Mutex::new(participants),
            tx,
            commands,
            streams: Mutex::new(HashMap::new()),
            presence_swept: AtomicBool::new(false),
            durable,
        }
    }

    /// Who holds this token in this session, as far as this server knows.
    pub fn viewer_for_token(&self, token: &str) -> Option<Viewer> {
        let hash = TokenHash::of(token);
        if hash.matches(&self.facilitator_token_hash) {
            return Some(Viewer::Facilitator);
        }
        let participants = self.participants.lock().ok()?;
        participants.get(&hash).map(|p| Viewer::Participant(*p))
    }

    /// Lets a participant's token authenticate without a database round trip.
    pub(super) fn remember_participant(&self, hash: TokenHash, id: ParticipantId) {
        if let Ok(mut map) = self.participants.lock() {
            map.insert(hash, id);
        }
    }

    /// The current state, once everything it reflects is on disk.
    pub async fn snapshot(&self) -> HubResult<Snapshot> {
        let snapshot = {
            let folded = self.inner.lock().await;
            Snapshot {
                state: folded.state.clone(),
                seq: folded.seq,
            }
        };
        self.wait_durable(snapshot.seq).await?;
        Ok(snapshot)
    }

    /// Waits until the log is on disk up to `seq`.
    pub async fn wait_durable(&self, seq: Seq) -> HubResult<()> {
        let mut rx = self.durable.subscribe();
        let durable = rx
            .wait_for(|d| d.failed || d.seq >= seq)
            .await
            .map(|d| *d)
            .map_err(|_| HubError::ShuttingDown)?;
        if durable.failed {
            return Err(self.retired());
        }
        Ok(())
    }

    /// Watches for the commit failure that retires this copy of the session.
    pub fn durability(&self) -> watch::Receiver<Durable> {
        self.durable.subscribe()
    }

    pub(super) fn fail(&self) {
        self.durable.send_modify(|d| d.failed = true);
    }

    pub(super) fn is_failed(&self) -> bool {
        self.durable.borrow().failed
    }

    /// Retires this copy because the session was deleted: what waits on it is told
    /// the session is gone.
    pub(super) fn retire_deleted(&self) {
        self.deleted.store(true, Ordering::Release);
        self.fail();
    }

    /// Why this retired copy cannot go on: the session was deleted, or a commit failed.
    pub(super) fn retired(&self) -> HubError {
        if self.deleted.load(Ordering::Acquire) {
            HubError::SessionNotFound
        } else {
            HubError::CommitFailed(self.id.to_string())
        }
    }

    /// Sends committed events to live streams and marks them durable. Events must
    /// come in log order.
    pub(super) fn publish(&self, events: &[Arc<SeqEvent>]) {
        let Some(last) = events.last() else { return };
        self.broadcast(events);
        self.mark_durable(last.seq);
    }

    /// Sends committed events to live streams, in log order.
    pub(super) fn broadcast(&self, events: &[Arc<SeqEvent>]) {
        for event in events {
            // No receivers is fine: nobody is watching this session right now.
            let _ = self.tx.send(event.clone());
        }
    }

    /// Records that the log is on disk up to `seq`.
    pub(super) fn mark_durable(&self, seq: Seq) {
        self.durable.send_modify(|d| d.seq = d.seq.max(seq));
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

    /// How many live streams `viewer` has open on this server.
    pub fn streams_open(&self, viewer: Viewer) -> usize {
        self.streams
            .lock()
            .map_or(0, |streams| streams.get(&viewer).copied().unwrap_or(0))
    }

    pub fn project(&self, event: &SeqEvent, viewer: Viewer) -> SeqEvent {
        SeqEvent {
            seq: event.seq,
            event: project(&event.event, viewer, self.names_hidden()),
        }
    }

    pub fn names_hidden(&self) -> bool {
        self.names_hidden.load(Ordering::Acquire)
    }

    /// After a batch is applied to `state` (the caller holds the session's lock):
    /// the anonymity and the links as they stand now.
    pub(super) fn follow_state(&self, state: &SessionState) {
        self.names_hidden
            .store(state.names_hidden(), Ordering::Release);
        self.follow_up
            .store(state.links.follow_up.unwrap_or(0), Ordering::Release);
        self.calendar
            .store(state.links.calendar.unwrap_or(0), Ordering::Release);
    }

    /// The generation of `link`'s key that works now, if any.
    pub fn link_generation(&self, link: LinkKind) -> Option<u32> {
        let generation = match link {
            LinkKind::FollowUp => &self.follow_up,
            LinkKind::Calendar => &self.calendar,
        };
        Some(generation.load(Ordering::Acquire)).filter(|g| *g != 0)
    }

    /// The room's counts after a batch, sent once its events are (never ahead of
    /// them, nor for a batch that was not committed).
    pub(super) fn show_counts(&self, counts: Option<Arc<RoomCounts>>) {
        self.counts.send_if_modified(|old| {
            let changed = *old != counts;
            if changed {
                *old = counts;
            }
            changed
        });
    }

    /// The room's counts for a viewer who may not work them out (see
    /// [`LiveSession::show_counts`]), now and whenever they change.
    pub fn counts(&self) -> watch::Receiver<Option<Arc<RoomCounts>>> {
        self.counts.subscribe()
    }
}

/// The counts the facilitator and the projector are told: only where names are
/// hidden from them and participants have work in this phase.
pub(super) fn room_counts(state: &SessionState) -> Option<Arc<RoomCounts>> {
    (state.names_hidden() && state.phase.has_participant_work())
        .then(|| Arc::new(state.room_counts()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_per_actor() {
        let mut keys = CommandKeys::default();
        let (p1, p2) = (
            Actor::Participant(ParticipantId(1)),
            Actor::Participant(ParticipantId(2)),
        );
        assert_eq!(keys.get(p1, &CommandKey::new("p1", "k")), None);
        for i in 0..1000u64 {
            keys.insert(
                Some(p1),
                CommandKey::new("p1", &format!("k{i}")),
                (i, i as i64),
            );
        }
        for i in 0..1000u64 {
            assert_eq!(
                keys.get(p1, &CommandKey::new("p1", &format!("k{i}"))),
                Some((i, i as i64))
            );
            assert_eq!(keys.get(p2, &CommandKey::new("p2", &format!("k{i}"))), None);
        }
        // The separator keeps `p1` + `2|x` apart from `p12` + `x`.
        assert_ne!(
            CommandKey::new("p1", "2|x").0,
            CommandKey::new("p12", "x").0
        );
    }

    #[test]
    fn each_actor_keeps_at_least_its_newest_keys() {
        let mut keys = CommandKeys::default();
        let (p1, p2) = (
            Actor::Participant(ParticipantId(1)),
            Actor::Participant(ParticipantId(2)),
        );
        let key = |actor: &str, i: usize| CommandKey::new(actor, &format!("k{i}"));
        // A quiet actor's key outlives a busy actor's flood.
        keys.insert(Some(p2), key("p2", 0), (1, 1));
        let sent = 3 * KEYS_PER_ACTOR + 10;
        for i in 0..sent {
            keys.insert(Some(p1), key("p1", i), (i as Seq + 2, i as i64 + 2));
            assert!(keys.len() <= 1 + 2 * KEYS_PER_ACTOR, "bounded at {i}");
        }
        for i in sent - KEYS_PER_ACTOR..sent {
            assert_eq!(
                keys.get(p1, &key("p1", i)),
                Some((i as Seq + 2, i as i64 + 2)),
                "p1's key {i} is kept"
            );
        }
        for i in 0..KEYS_PER_ACTOR {
            assert_eq!(
                keys.get(p1, &key("p1", i)),
                None,
                "p1's key {i} is forgotten"
            );
        }
        assert_eq!(keys.get(p2, &key("p2", 0)), Some((1, 1)));
        // Keys of unknown actors (log rows written before the bound) are all kept,
        // and found for whichever actor they belong to.
        for i in 0..3 * KEYS_PER_ACTOR {
            keys.insert(None, key("p3", i), (0, 0));
        }
        let p3 = Actor::Participant(ParticipantId(3));
        assert_eq!(keys.get(p3, &key("p3", 0)), Some((0, 0)));
    }

    #[test]
    fn actor_tags_read_back_what_they_write() {
        for actor in [
            Actor::Facilitator,
            Actor::Guest,
            Actor::Server,
            Actor::Lead,
            Actor::Participant(ParticipantId(0)),
            Actor::Participant(ParticipantId(42)),
            Actor::Participant(ParticipantId(u32::MAX)),
        ] {
            assert_eq!(ActorTag::parse(ActorTag::of(actor).as_str()), Some(actor));
        }
        for odd in ["", "p", "p01", "p-1", "p4294967296", "x", "ff", "p1 "] {
            assert_eq!(ActorTag::parse(odd), None, "{odd:?}");
        }
    }

    #[test]
    fn a_key_spelled_on_the_stack_matches_the_recorded_spelling() {
        // Records written before migration 0003 are hashed from their text on load;
        // new commands must land on the same digest.
        let cases = [
            (Actor::Facilitator, "f"),
            (Actor::Guest, "g"),
            (Actor::Server, "s"),
            (Actor::Participant(ParticipantId(0)), "p0"),
            (Actor::Participant(ParticipantId(7)), "p7"),
            (Actor::Participant(ParticipantId(10)), "p10"),
            (
                Actor::Participant(ParticipantId(4_294_967_295)),
                "p4294967295",
            ),
        ];
        for (actor, spelled) in cases {
            assert_eq!(ActorTag::of(actor).as_str(), spelled);
            assert_eq!(
                CommandKey::of(actor, "k-1").0,
                CommandKey::new(spelled, "k-1").0,
                "{spelled}"
            );
        }
        let key = CommandKey::of(Actor::Facilitator, "x");
        assert_eq!(CommandKey::from_digest(key.digest()).0, key.0);
    }
}
