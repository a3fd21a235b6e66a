//! The replicated engine: several servers share one PostgreSQL log.
//!
//! Any server may have appended since this one last looked, so a command is decided
//! against the log, not the memory: catch up, decide, and append at the next
//! position. `(session, seq)` is the log's primary key, so when another server took
//! that position first the append fails, and the command is decided again on the
//! newer state. Idempotency keys live in a table with a unique index, so a retry
//! sent to any server answers like the first attempt. [`follow`] keeps loaded
//! sessions current with the other servers' appends, for their live streams.

use super::live::{Folded, LiveSession};
use super::{
    joined, number, replay_answer, typed, viewer_of, viewer_of_actor, Executed, Hub, HubError,
    HubResult, Request,
};
use crate::store::{
    ActorTag, Doorbell, IdempotencyRecord, NewParticipant, PgStore, Ring, Store, StoreError,
};
use crate::util::now_ms;
use std::sync::Arc;
use std::time::Duration;
use summit_shared::api::CommandAccepted;
use summit_shared::{decide, Event, SeqEvent};

/// Retries when another server wins the race for the next log position.
const MAX_APPEND_ATTEMPTS: usize = 64;
/// How often a server re-reads the shared log even without a doorbell.
const SWEEP_INTERVAL: Duration = Duration::from_secs(2);

pub(super) struct Replicated {
    store: PgStore,
}

impl Replicated {
    pub(super) fn new(store: PgStore) -> Replicated {
        Replicated { store }
    }

    pub(super) async fn doorbell(&self) -> Result<Doorbell, StoreError> {
        self.store.doorbell().await
    }

    /// Catch up, decide, append at the next position; on a conflict with another
    /// server, catch up and decide again.
    pub(super) async fn execute(
        &self,
        store: &Store,
        live: &Arc<LiveSession>,
        request: Request<'_>,
    ) -> HubResult<Executed> {
        let actor = ActorTag::of(request.actor);
        let viewer = viewer_of_actor(request.actor);
        let new_token_hash = request.new_token_hash.map(|hash| hash.to_hex());
        for _ in 0..MAX_APPEND_ATTEMPTS {
            let mut folded = live.inner.lock().await;
            self.catch_up(live, &mut folded).await?;
            if let Some(key) = request.idempotency_key {
                if let Some((first, last)) =
                    self.store.idempotent(&live.id, actor.as_str(), key).await?
                {
                    drop(folded);
                    return replay_answer(store, live, request.actor, first, last).await;
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
                actor: actor.as_str(),
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

            let published = number(first, events);
            let participant = joined(request.new_token_hash, &published);
            if let Some((id, hash)) = participant {
                live.remember_participant(hash, id);
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
        Err(HubError::Broken("too many append conflicts".into()))
    }

    /// Folds in and publishes whatever other servers appended since we last looked.
    /// The caller holds the session's lock.
    pub(super) async fn catch_up(&self, live: &LiveSession, folded: &mut Folded) -> HubResult<()> {
        let missed = self.store.events_after(&live.id, folded.seq).await?;
        let missed: Vec<Arc<SeqEvent>> = missed.into_iter().map(Arc::new).collect();
        apply_and_publish(live, folded, &missed);
        Ok(())
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
    live.follow_state(&folded.state);
    live.publish(&fresh);
    live.show_counts(super::live::room_counts(&folded.state));
}

/// Follows other servers' appends until the server shuts down.
pub(super) async fn follow(
    hub: Arc<Hub>,
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
            Ok(Ok(Ring::Appended { session, seq })) => hub.catch_up(&session, Some(seq)).await,
            Ok(Ok(Ring::Deleted { session })) => hub.forget(&session),
            Ok(Ok(Ring::Reconnected)) | Err(_) => hub.catch_up_all().await,
            Ok(Err(_)) if *shutdown.borrow() => return,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "doorbell failed; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
                hub.catch_up_all().await
            }
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "catching up from the log failed");
        }
    }
}
