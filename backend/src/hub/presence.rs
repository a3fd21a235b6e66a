//! Presence: who has a live stream open, decided here and written to the log.
//!
//! A participant is online while at least one of their live streams is open on some
//! server. The first stream makes them online (a `SetPresence` command by
//! [`Actor::Server`], so the rule and the event live in the shared crate like every
//! other); when their last stream on this server closes they go offline after a
//! grace period, unless a stream came back meanwhile (a reload, a phone changing
//! networks). Servers do not share their stream counts: a server that wrongly says
//! someone left (after a restart, or while they stream through another server) is
//! corrected by that participant's own stream, which says "online" again as soon as
//! it carries the "offline" event about them.

use super::{Hub, HubError, LiveSession, Request};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use summit_shared::{Actor, Command, DomainError, ParticipantId, Viewer};

impl Hub {
    /// `participant` has a live stream open on this server.
    pub async fn arrived(&self, live: &Arc<LiveSession>, participant: ParticipantId) {
        self.set_presence(live, participant, true).await;
    }

    /// One of `participant`'s streams closed: unless another opens within `grace`,
    /// they are offline.
    pub fn left(
        self: &Arc<Self>,
        live: Arc<LiveSession>,
        participant: ParticipantId,
        grace: Duration,
    ) {
        let hub = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(grace).await;
            if live.streams_open(Viewer::Participant(participant)) == 0 {
                hub.set_presence(&live, participant, false).await;
            }
        });
    }

    /// The first stream this server opens on a session it just loaded: whoever the
    /// log says is online but has no stream here gets the grace period to show up.
    pub async fn sweep_presence(self: &Arc<Self>, live: &Arc<LiveSession>, grace: Duration) {
        if live.presence_swept.swap(true, Ordering::Relaxed) {
            return;
        }
        let online: Vec<ParticipantId> = {
            let folded = live.inner.lock().await;
            folded.state.online.iter().copied().collect()
        };
        for participant in online {
            self.left(live.clone(), participant, grace);
        }
    }

    async fn set_presence(
        &self,
        live: &Arc<LiveSession>,
        participant: ParticipantId,
        online: bool,
    ) {
        let command = Command::SetPresence {
            participant,
            online,
        };
        let request = Request {
            actor: Actor::Server,
            command: &command,
            idempotency_key: None,
            new_token_hash: None,
        };
        match self.execute(live, request).await {
            // A closed summit keeps who was there at the end.
            Ok(_) | Err(HubError::Refused(DomainError::Closed)) => {}
            Err(HubError::ShuttingDown) => {}
            Err(e) => tracing::warn!(error = %e, session = %live.id, "presence not recorded"),
        }
    }
}
