//! The embedded engine: one server owns a SQLite file.
//!
//! Nobody else appends to the log, so the session in memory is always the newest
//! state: a command is decided and applied under the session's lock, queued for the
//! [`group_commit`](super::group_commit) writer in log order, and the lock released
//! at once; the caller's answer waits until the batch holding its events is on disk.
//! Idempotency keys are checked in memory (each actor's newest), and loaded from the
//! log with the session.

use super::answer::Encoded;
use super::group_commit::{self, Pending};
use super::live::{CommandKey, CommandKeys, Folded, LiveSession};
use super::{
    joined, number, replay_answer, typed, viewer_of, viewer_of_actor, Executed, HubError,
    HubResult, Request, Sessions,
};
use crate::store::{ActorTag, RecordedKey, SqliteStore, Store, SQLITE_MAX_SEQ};
use crate::util::now_ms;
use std::sync::Arc;
use summit_shared::api::CommandAccepted;
use summit_shared::{decide, Seq, SessionId};
use tokio::sync::oneshot;

pub(super) struct Embedded {
    store: SqliteStore,
    queue: group_commit::Queue,
}

impl Embedded {
    /// Starts the group-commit writer (inside the runtime). `sessions` is the hub's
    /// cache, from which a session whose commit failed is dropped.
    pub(super) fn start(store: SqliteStore, sessions: Sessions) -> Embedded {
        let queue = group_commit::start(store.clone(), group_commit::evictor(sessions));
        Embedded { store, queue }
    }

    /// The idempotency keys a session's log records, as the session remembers them.
    pub(super) async fn recorded_keys(&self, id: &SessionId) -> HubResult<CommandKeys> {
        let recorded = self.store.idempotency_keys(id).await?;
        // In log order, so each actor's newest keys are the ones kept.
        Ok(recorded
            .into_iter()
            .fold(CommandKeys::default(), |mut keys, (key, first, last)| {
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
            }))
    }

    /// Decides now; answers when the batch holding the command is on disk.
    pub(super) async fn execute(
        &self,
        store: &Store,
        live: &Arc<LiveSession>,
        request: Request<'_>,
    ) -> HubResult<Executed> {
        let viewer = viewer_of_actor(request.actor);
        let key = request
            .idempotency_key
            .map(|k| CommandKey::of(request.actor, k));
        let mut folded = live.inner.lock().await;
        if live.is_failed() {
            return Err(match live.retired() {
                HubError::SessionNotFound => HubError::SessionNotFound,
                _ => HubError::ShuttingDown,
            });
        }
        let Folded { state, seq, keys } = &mut *folded;
        // A key seen before answers as the first attempt did; a new one is
        // remembered below if the command changes anything.
        if let Some((first, last)) = key.and_then(|k| keys.get(request.actor, &k)) {
            drop(folded);
            live.wait_durable(last.max(0) as Seq).await?;
            return Box::pin(replay_answer(store, live, request.actor, first, last)).await;
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
        if *seq + events.len() as Seq > SQLITE_MAX_SEQ {
            return Err(HubError::SessionFull);
        }
        let first = *seq + 1;
        let published = number(first, events);
        for event in &published {
            state.apply(&event.event);
        }
        live.follow_state(state);
        let counts = super::live::room_counts(state);
        *seq += published.len() as u64;
        let seq = *seq;
        if let Some(key) = key {
            keys.insert(Some(request.actor), key, (first, seq as i64));
        }
        let participant = joined(request.new_token_hash, &published);
        if let Some((id, hash)) = participant {
            live.remember_participant(hash, id);
        }
        // The log's bodies and the caller's answer in one pass (see `answer`).
        let encoded = Encoded::new(seq, &published, live.names_hidden(), |e| {
            viewer_of(request.actor, e, viewer)
        })?;
        let answer = encoded.answer();
        let (done, committed) = oneshot::channel();
        // Queued while holding the lock, so each session's decisions reach the
        // writer in log order.
        self.queue
            .send(Pending {
                live: live.clone(),
                events: published,
                encoded,
                idempotency: key.map(|k| (k, request.actor)),
                participant: participant.map(|(id, hash)| (id, hash.to_hex())),
                now,
                counts,
                done,
            })
            .map_err(|_| HubError::ShuttingDown)?;
        drop(folded);
        if !committed.await.unwrap_or(false) {
            return Err(HubError::CommitFailed(live.id.to_string()));
        }
        Ok(Executed {
            answer,
            joined: participant.map(|(id, _)| id),
        })
    }
}
