//! Group commit for the embedded store: one writer task commits the decisions of
//! many concurrent commands (any sessions) in one transaction, so one fsync covers a
//! whole batch instead of one vote.
//!
//! Commands are decided under their session's lock against the in-memory state and
//! queued here in log order; the caller's answer waits until its batch is on disk.
//! Only then are events published to live streams. If a commit fails, every session
//! in the batch is marked failed (waiters get an error, nothing was acknowledged) and
//! dropped from memory so the next request reloads it from the log.

use super::live::LiveSession;
use crate::store::{BatchItem, SqliteStore};
use std::sync::Arc;
use summit_shared::SeqEvent;
use tokio::sync::{mpsc, oneshot};

/// Most commands in one transaction; bounds latency of a batch under heavy load.
const MAX_BATCH: usize = 1024;

/// One command's decision, waiting to be committed.
pub struct Pending {
    pub live: Arc<LiveSession>,
    pub events: Vec<Arc<SeqEvent>>,
    /// The events' JSON for the log, encoded with the caller's answer.
    pub encoded: super::answer::Encoded,
    /// The command's idempotency key, and whose it is.
    pub idempotency: Option<(super::live::CommandKey, summit_shared::Actor)>,
    pub participant: Option<(summit_shared::ParticipantId, String)>,
    pub now: i64,
    /// The room's counts after this command, shown once its events are sent.
    pub counts: Option<Arc<summit_shared::RoomCounts>>,
    pub done: oneshot::Sender<bool>,
}

pub type Queue = mpsc::UnboundedSender<Pending>;

/// Starts the writer; `evict` drops a failed session from the hub's memory.
pub fn start(store: SqliteStore, evict: Arc<dyn Fn(&LiveSession) + Send + Sync>) -> Queue {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(run(store, rx, evict));
    tx
}

async fn run(
    store: SqliteStore,
    mut rx: mpsc::UnboundedReceiver<Pending>,
    evict: Arc<dyn Fn(&LiveSession) + Send + Sync>,
) {
    let mut batch: Vec<Pending> = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        gather(&mut rx, &mut batch).await;
        // Decisions queued after a failed commit were built on lost events: refuse them.
        let (ok, stale): (Vec<Pending>, Vec<Pending>) =
            batch.drain(..).partition(|p| !p.live.is_failed());
        for p in stale {
            let _ = p.done.send(false);
        }
        if ok.is_empty() {
            continue;
        }
        let items: Vec<BatchItem<'_>> = ok
            .iter()
            .map(|p| BatchItem {
                session: &p.live.id,
                events: &p.events,
                bodies: p.encoded.bodies(),
                idempotency: p.idempotency.map(|(key, actor)| (key.digest(), actor)),
                participant: p
                    .participant
                    .as_ref()
                    .map(|(id, hash)| (*id, hash.as_str())),
                now: p.now,
            })
            .collect();
        let result = store.append_batch(&items).await;
        drop(items);
        match result {
            Ok(()) => {
                for (i, p) in ok.iter().enumerate() {
                    p.live.broadcast(&p.events);
                    p.live.show_counts(p.counts.clone());
                    // Marked durable once per run of one session's commands (a batch
                    // is usually one session): each mark wakes every waiter of the
                    // session's durability watch.
                    let run_ends = ok
                        .get(i + 1)
                        .is_none_or(|next| !Arc::ptr_eq(&next.live, &p.live));
                    if run_ends {
                        if let Some(last) = p.events.last() {
                            p.live.mark_durable(last.seq);
                        }
                    }
                }
                for p in ok {
                    let _ = p.done.send(true);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "group commit failed; affected sessions reload from the log");
                for p in ok {
                    p.live.fail();
                    evict(&p.live);
                    let _ = p.done.send(false);
                }
            }
        }
    }
}

/// Lets requests that are already runnable (read, waiting for their turn on this
/// thread) decide and join the batch before it commits: one fsync and one round trip
/// to SQLite then cover them too. Stops as soon as a turn adds nothing, so an idle
/// server commits at once.
async fn gather(rx: &mut mpsc::UnboundedReceiver<Pending>, batch: &mut Vec<Pending>) {
    while batch.len() < MAX_BATCH {
        tokio::task::yield_now().await;
        let before = batch.len();
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(pending) => batch.push(pending),
                Err(_) => break,
            }
        }
        if batch.len() == before {
            return;
        }
    }
}

/// Keeps the evict callback independent of the hub's type.
pub fn evictor(sessions: super::Sessions) -> Arc<dyn Fn(&LiveSession) + Send + Sync> {
    Arc::new(move |live: &LiveSession| {
        if let Ok(mut map) = sessions.lock() {
            if map
                .get(&live.id)
                .is_some_and(|cur| std::ptr::eq(cur.as_ref(), live))
            {
                map.remove(&live.id);
            }
        }
    })
}
