//! One session in memory: its folded state, who holds which token, its live streams,
//! and how far its log is known to be on disk.

use crate::auth::TokenHash;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::RateLimiter;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use summit_shared::view::project;
use summit_shared::{Actor, ParticipantId, Seq, SeqEvent, SessionId, SessionState, Viewer};
use tokio::sync::{broadcast, watch, Mutex as AsyncMutex};

pub struct LiveSession {
    pub id: SessionId,
    pub join_code: String,
    pub(super) facilitator_token_hash: TokenHash,
    /// Fixed at creation, so projecting an event never needs the lock.
    pub anonymous: bool,
    pub(super) inner: AsyncMutex<Folded>,
    /// Token hash → participant, for authentication without a database round trip.
    pub(super) participants: Mutex<FastMap<TokenHash, ParticipantId>>,
    pub(super) tx: broadcast::Sender<Arc<SeqEvent>>,
    /// Commands per viewer, to cap their rate.
    pub commands: RateLimiter<Viewer>,
    /// Live streams open per viewer, to cap them.
    streams: Mutex<HashMap<Viewer, usize>>,
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

/// Every idempotency key of a session, in 64 maps chosen by the key's first byte.
///
/// Why shards: the keys of a long session (a million after the write benchmark) in
/// one map made each doubling rehash the whole map at once, a stall of tens of
/// milliseconds for every command waiting behind the session's lock. A shard holds
/// 1/64 of the keys, so it rehashes 64 times less at a time.
#[derive(Default)]
pub(super) struct CommandKeys {
    shards: Vec<FastMap<CommandKey, (Seq, i64)>>,
}

const KEY_SHARDS: usize = 64;

impl CommandKeys {
    #[cfg(test)]
    pub(super) fn get(&self, key: &CommandKey) -> Option<(Seq, i64)> {
        self.shards.get(key.shard())?.get(key).copied()
    }

    pub(super) fn insert(&mut self, key: CommandKey, range: (Seq, i64)) {
        self.entry(key).insert_entry(range);
    }

    /// The key's slot, for a lookup that may be followed by an insert: one probe of
    /// the (large, rarely cached) map instead of two.
    pub(super) fn entry(&mut self, key: CommandKey) -> Entry<'_, CommandKey, (Seq, i64)> {
        if self.shards.is_empty() {
            self.shards.resize_with(KEY_SHARDS, FastMap::default);
        }
        let shard = key.shard() % self.shards.len();
        self.shards[shard].entry(key)
    }
}

impl FromIterator<(CommandKey, (Seq, i64))> for CommandKeys {
    fn from_iter<I: IntoIterator<Item = (CommandKey, (Seq, i64))>>(iter: I) -> Self {
        let mut keys = CommandKeys::default();
        for (key, range) in iter {
            keys.insert(key, range);
        }
        keys
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
    /// From an actor's part as [`super::actor_key`] spells it (`f`, `g`, `p<id>`).
    pub(super) fn new(actor: &str, key: &str) -> CommandKey {
        Self::of_bytes(actor.as_bytes(), key)
    }

    /// The same digest as [`CommandKey::new`] with the actor's part spelled on the
    /// stack: this runs for every command.
    pub(super) fn of(actor: Actor, key: &str) -> CommandKey {
        let mut spelled = [0u8; 11]; // "p" and up to 10 digits of a u32
        let len = match actor {
            Actor::Facilitator => {
                spelled[0] = b'f';
                1
            }
            Actor::Guest => {
                spelled[0] = b'g';
                1
            }
            Actor::Participant(p) => {
                spelled[0] = b'p';
                let digits = p.0.checked_ilog10().unwrap_or(0) as usize + 1;
                let mut n = p.0;
                for i in (1..=digits).rev() {
                    spelled[i] = b'0' + (n % 10) as u8;
                    n /= 10;
                }
                digits + 1
            }
        };
        Self::of_bytes(&spelled[..len], key)
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

    /// Digest bytes are uniform, so the first one spreads keys evenly.
    fn shard(&self) -> usize {
        usize::from(self.0[0]) % KEY_SHARDS
    }
}

/// The maps every command touches (token lookup, idempotency keys, the command rate
/// limiter). foldhash is several times faster than std's SipHash and still randomly
/// seeded, so colliding keys cannot be prepared in advance (and commands are rate
/// limited). The keys map
/// also rehashes as it grows with a session's commands, which SipHash made a
/// visible cost in the write benchmark's profile.
pub(crate) type FastMap<K, V> = foldhash::HashMap<K, V>;

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
            anonymous: folded.state.settings.anonymous,
            inner: AsyncMutex::new(folded),
            participants: Mutex::new(participants),
            tx,
            commands,
            streams: Mutex::new(HashMap::new()),
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

    /// The current state, once everything it reflects is on disk.
    pub async fn snapshot(&self) -> ApiResult<Snapshot> {
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
    pub async fn wait_durable(&self, seq: Seq) -> ApiResult<()> {
        let mut rx = self.durable.subscribe();
        let durable = rx
            .wait_for(|d| d.failed || d.seq >= seq)
            .await
            .map(|d| *d)
            .map_err(|_| ApiError::ShuttingDown)?;
        if durable.failed {
            return Err(ApiError::Internal(format!(
                "commit failed in session {}",
                self.id
            )));
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

    pub fn project(&self, event: &SeqEvent, viewer: Viewer) -> SeqEvent {
        SeqEvent {
            seq: event.seq,
            event: project(&event.event, viewer, self.anonymous),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_per_actor_and_found_in_any_shard() {
        let mut keys = CommandKeys::default();
        assert_eq!(keys.get(&CommandKey::new("p1", "k")), None);
        for i in 0..1000u64 {
            keys.insert(CommandKey::new("p1", &format!("k{i}")), (i, i as i64));
        }
        for i in 0..1000u64 {
            assert_eq!(
                keys.get(&CommandKey::new("p1", &format!("k{i}"))),
                Some((i, i as i64))
            );
            assert_eq!(keys.get(&CommandKey::new("p2", &format!("k{i}"))), None);
        }
        // The separator keeps `p1` + `2|x` apart from `p12` + `x`.
        assert_ne!(
            CommandKey::new("p1", "2|x").0,
            CommandKey::new("p12", "x").0
        );
        let used = keys.shards.iter().filter(|s| !s.is_empty()).count();
        assert!(used > KEY_SHARDS / 2, "keys spread over the shards: {used}");
    }

    #[test]
    fn a_key_spelled_on_the_stack_matches_the_recorded_spelling() {
        // Records written before migration 0003 are hashed from their text on load;
        // new commands must land on the same digest.
        let cases = [
            (Actor::Facilitator, "f"),
            (Actor::Guest, "g"),
            (Actor::Participant(ParticipantId(0)), "p0"),
            (Actor::Participant(ParticipantId(7)), "p7"),
            (Actor::Participant(ParticipantId(10)), "p10"),
            (
                Actor::Participant(ParticipantId(4_294_967_295)),
                "p4294967295",
            ),
        ];
        for (actor, spelled) in cases {
            assert_eq!(super::super::actor_key(actor), spelled);
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
