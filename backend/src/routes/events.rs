//! `GET /api/sessions/{id}/events`: the live stream (Server-Sent Events).
//!
//! Each message carries one [`SeqEvent`] projected for the viewer, with the sequence
//! number as the SSE id. A client resumes with `Last-Event-ID` (or `?after=`): it gets
//! the backlog from the log, then live events, each exactly once and in order.

use crate::error::{ApiError, ApiResult, Path, Query};
use crate::hub::{Hub, LiveSession};
use crate::openapi::{Auth, Documented};
use crate::state::AppState;
use aide::transform::TransformOperation;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use summit_shared::api::{SSE_BYE, SSE_COUNTS, SSE_EVENT};
use summit_shared::ErrorCode;
use summit_shared::{Event, LinkKind, ParticipantId, RoomCounts, Seq, SeqEvent, Viewer};
use tokio::sync::{broadcast, mpsc, watch};
use tokio_stream::wrappers::ReceiverStream;

#[derive(Deserialize)]
pub struct StreamQuery {
    ticket: Option<String>,
    after: Option<String>,
}

fn parse_position(raw: &str) -> ApiResult<Seq> {
    raw.trim().parse::<Seq>().map_err(|_| {
        ApiError::refused(
            ErrorCode::InvalidLastEventId,
            "Last-Event-ID must be a whole number: the last event sequence the client has.",
        )
    })
}

pub async fn stream(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(query): Query<StreamQuery>,
) -> ApiResult<Response> {
    let (live, viewer) = super::authenticate(
        &state,
        &id,
        crate::auth::bearer(&headers),
        query.ticket.as_deref(),
    )
    .await?;
    // The header wins: it is what a browser's own reconnect sends. A malformed `after`
    // is refused even then, rather than silently ignored.
    let after_query = query.after.as_deref().map(parse_position).transpose()?;
    let after = match headers.get("last-event-id") {
        Some(v) => parse_position(v.to_str().unwrap_or("x"))?,
        None => after_query.unwrap_or(0),
    };
    let slot = live
        .open_stream(viewer, streams_for(&state, viewer))
        .ok_or(ApiError::TooManyRequests {
            code: ErrorCode::TooManyStreams,
            message: "Too many live connections for this participant; close other tabs.".into(),
            retry_after: 5,
        })?;
    let (mut current, mut rx) = live.subscribe().await;
    if after > current {
        // The client may have seen events through another server that this one has
        // not read yet.
        state.hub.catch_up(&live.id, Some(after)).await?;
        (current, rx) = live.subscribe().await;
    }
    if after > current {
        return Err(ApiError::refused(
            ErrorCode::InvalidLastEventId,
            "Last-Event-ID is ahead of this session's log; reload the page.",
        ));
    }
    let grace = state.limits.presence_grace;
    state.hub.sweep_presence(&live, grace).await;
    let presence = viewer.participant().map(|participant| {
        here(&state, &live, participant);
        Presence {
            hub: state.hub.clone(),
            live: live.clone(),
            participant,
            grace,
        }
    });
    let (tx, out) = mpsc::channel(256);
    let pump = Pump {
        state: state.clone(),
        live,
        viewer,
        last: after,
        tx,
        _presence: presence,
        _slot: slot,
    };
    tokio::spawn(pump.run(rx, state.shutdown.clone()));
    // `X-Accel-Buffering: no` tells a proxy that buffers responses (nginx does by
    // default) to pass this one on as it comes, even when it was not configured to.
    Ok((
        [(
            axum::http::HeaderName::from_static("x-accel-buffering"),
            axum::http::HeaderValue::from_static("no"),
        )],
        Sse::new(ReceiverStream::new(out))
            .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))),
    )
        .into_response())
}

/// How many leads the follow-up link is for, at most, each with their tabs: every
/// lead is the same viewer (the link names nobody), unlike a participant.
const LEADS_PER_LINK: usize = 25;

/// How many live connections `viewer` may hold at once.
fn streams_for(state: &AppState, viewer: Viewer) -> usize {
    match viewer {
        Viewer::Lead => state
            .limits
            .streams_per_viewer
            .saturating_mul(LEADS_PER_LINK),
        _ => state.limits.streams_per_viewer,
    }
}

/// Feeds one client: backlog from the log, then the broadcast, never repeating a seq.
struct Pump {
    state: AppState,
    live: Arc<LiveSession>,
    viewer: Viewer,
    last: Seq,
    tx: mpsc::Sender<Result<SseEvent, Infallible>>,
    /// Says the participant left (after the grace period) when the client goes away.
    /// Declared before the slot, so the slot is freed first.
    _presence: Option<Presence>,
    /// Released when the client goes away.
    _slot: crate::hub::StreamSlot,
}

/// A participant's stream: they are online while it lasts.
struct Presence {
    hub: Arc<Hub>,
    live: Arc<LiveSession>,
    participant: ParticipantId,
    grace: Duration,
}

impl Drop for Presence {
    fn drop(&mut self) {
        self.hub
            .left(self.live.clone(), self.participant, self.grace);
    }
}

/// Says `participant` is online, without holding up their stream.
fn here(state: &AppState, live: &Arc<LiveSession>, participant: ParticipantId) {
    let hub = state.hub.clone();
    let live = live.clone();
    tokio::spawn(async move { hub.arrived(&live, participant).await });
}

enum Flow {
    Continue,
    Stop,
}

impl Pump {
    async fn run(
        mut self,
        mut rx: broadcast::Receiver<Arc<SeqEvent>>,
        mut shutdown: watch::Receiver<bool>,
    ) {
        // A failed commit retires this copy of the session; the client reconnects
        // and resumes from the log.
        let mut durability = self.live.durability();
        if let Flow::Stop = self.catch_up().await {
            return;
        }
        // The room's counts are for those who see the room but, in an anonymous
        // session, not who did what: the facilitator and the projector.
        let mut counts = self
            .viewer
            .participant()
            .is_none()
            .then(|| self.live.counts());
        if let Some(counts) = &mut counts {
            let now = counts.borrow_and_update().clone();
            if let Flow::Stop = self.send_counts(now).await {
                return;
            }
        }
        loop {
            tokio::select! {
                Some(now) = changed(&mut counts) => {
                    if let Flow::Stop = self.send_counts(now).await {
                        return;
                    }
                }
                received = rx.recv() => {
                    let flow = match received {
                        Ok(event) if event.seq <= self.last => Flow::Continue,
                        Ok(event) if event.seq == self.last + 1 => self.send(&event).await,
                        // Behind the broadcast (lagged or a gap): the log has everything.
                        Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => self.catch_up().await,
                        Err(broadcast::error::RecvError::Closed) => Flow::Stop,
                    };
                    if let Flow::Stop = flow {
                        return;
                    }
                }
                _ = async { let _ = shutdown.wait_for(|down| *down).await; } => {
                    let bye = SseEvent::default().event(SSE_BYE).data("server shutting down");
                    let _ = self.tx.send(Ok(bye)).await;
                    return;
                }
                _ = async { let _ = durability.wait_for(|d| d.failed).await; } => return,
                _ = self.tx.closed() => return,
            }
        }
    }

    /// Sends the room's counts, if there are any to send.
    async fn send_counts(&self, counts: Option<Arc<RoomCounts>>) -> Flow {
        let Some(counts) = counts else {
            return Flow::Continue;
        };
        let data = match serde_json::to_string(&*counts) {
            Ok(data) => data,
            Err(e) => {
                tracing::error!(error = %e, "room counts did not serialize");
                return Flow::Stop;
            }
        };
        let message = SseEvent::default().event(SSE_COUNTS).data(data);
        match self.tx.send(Ok(message)).await {
            Ok(()) => Flow::Continue,
            Err(_) => Flow::Stop,
        }
    }

    async fn catch_up(&mut self) -> Flow {
        let backlog = match self
            .state
            .hub
            .store()
            .events_after(&self.live.id, self.last)
            .await
        {
            Ok(events) => events,
            Err(e) => {
                tracing::error!(error = %e, "live stream could not read the log");
                return Flow::Stop;
            }
        };
        for event in &backlog {
            if let Flow::Stop = self.send(event).await {
                return Flow::Stop;
            }
        }
        Flow::Continue
    }

    async fn send(&mut self, event: &SeqEvent) -> Flow {
        // Another server (or this one, before a restart) thinks this participant
        // left; their open stream says otherwise.
        if let Event::PresenceChanged {
            participant,
            online: false,
        } = event.event
        {
            if Some(participant) == self.viewer.participant() {
                here(&self.state, &self.live, participant);
            }
        }
        let projected = self.live.project(event, self.viewer);
        let data = match serde_json::to_string(&projected) {
            Ok(data) => data,
            Err(e) => {
                tracing::error!(error = %e, "event did not serialize");
                return Flow::Stop;
            }
        };
        let message = SseEvent::default()
            .event(SSE_EVENT)
            .id(event.seq.to_string())
            .data(data);
        if self.tx.send(Ok(message)).await.is_err() {
            return Flow::Stop;
        }
        self.last = event.seq;
        // A lead's key stops working when the follow-up link is renewed or revoked:
        // so does their open stream (reconnecting with the old key answers 401).
        let relinked = matches!(
            event.event,
            Event::LinkIssued {
                link: LinkKind::FollowUp,
                ..
            } | Event::LinkRevoked {
                link: LinkKind::FollowUp
            }
        );
        if relinked && self.viewer == Viewer::Lead {
            return Flow::Stop;
        }
        Flow::Continue
    }
}

/// The counts once they change; never, without a receiver (or once the session is
/// dropped, which ends the stream through the broadcast).
async fn changed(
    counts: &mut Option<watch::Receiver<Option<Arc<RoomCounts>>>>,
) -> Option<Option<Arc<RoomCounts>>> {
    if let Some(rx) = counts {
        if rx.changed().await.is_ok() {
            return Some(rx.borrow_and_update().clone());
        }
    }
    std::future::pending().await
}

pub fn docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "streamEvents",
        "sessions",
        "Live stream of the session's events",
        "Server-Sent Events. Each `summit` event carries one `SeqEvent` (JSON) projected \
         for the caller, with its sequence number as the event id; a final `bye` event \
         says the server is shutting down. In an anonymous session the facilitator's and \
         the projector's streams also carry `counts` events (`RoomCounts`, no id): how \
         many of everyone who joined have done this phase's work. \
         Resume with `Last-Event-ID` (or `?after=`): the backlog comes from the log, then \
         live events, each once and in order. At most 8 streams per participant are open at once (429).",
    )
    .auth(Auth::BearerOrTicket)
    .path_params(&["id"])
    .answers_events()
    .errors(&[400, 401, 403, 404, 429, 500, 503])
}
