//! The reference for the fan-out benchmark: a bare `tokio::sync::broadcast` feeding
//! N HTTP Server-Sent-Event streams, behind the same paths as Summit so the same load
//! generator drives both. A command is deserialized, given the next sequence number,
//! formatted once as an SSE message shaped like Summit's (`event: summit`, `id: seq`,
//! the JSON a watcher sees for a hidden vote) and broadcast; every stream writes the
//! shared bytes. No authentication, no storage, no per-viewer projection.
//!
//!     bench-sse-ref [--addr 127.0.0.1:0]

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::StreamExt;
use serde_json::json;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use summit_shared::api::CommandRequest;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;

/// Same as Summit's per-session broadcast buffer.
const CAPACITY: usize = 1024;

struct Hub {
    tx: broadcast::Sender<Bytes>,
    /// Held while sending, so broadcast order is sequence order.
    seq: Mutex<u64>,
}

type Shared = Arc<Hub>;

async fn command(
    State(hub): State<Shared>,
    Path(_id): Path<String>,
    Json(body): Json<CommandRequest>,
) -> Json<serde_json::Value> {
    std::hint::black_box(body);
    let seq = {
        let mut seq = hub.seq.lock().expect("seq lock");
        *seq += 1;
        let message = format!(
            "event: summit\nid: {0}\ndata: {{\"seq\":{0},\"event\":{{\"type\":\"hidden_vote\",\"delta\":1}}}}\n\n",
            *seq
        );
        let _ = hub.tx.send(Bytes::from(message));
        *seq
    };
    Json(json!({ "seq": seq, "events": [] }))
}

async fn snapshot(State(hub): State<Shared>) -> Json<serde_json::Value> {
    let seq = *hub.seq.lock().expect("seq lock");
    Json(json!({ "seq": seq }))
}

async fn ticket() -> Json<serde_json::Value> {
    Json(json!({ "ticket": "reference", "expires_in_seconds": 60 }))
}

async fn events(State(hub): State<Shared>) -> Response {
    let stream = BroadcastStream::new(hub.tx.subscribe())
        // A lagging stream skips what it missed; the load generator counts the gap.
        .filter_map(|m| async move { m.ok().map(Ok::<Bytes, Infallible>) });
    (
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut addr = "127.0.0.1:0".to_owned();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => addr = args.next().unwrap_or(addr),
            other => {
                eprintln!("usage: bench-sse-ref [--addr HOST:PORT] (unknown argument {other})");
                std::process::exit(2);
            }
        }
    }
    let (tx, _) = broadcast::channel(CAPACITY);
    let hub: Shared = Arc::new(Hub {
        tx,
        seq: Mutex::new(0),
    });
    let app = Router::new()
        .route("/api/sessions/{id}", get(snapshot))
        .route("/api/sessions/{id}/commands", post(command))
        .route("/api/sessions/{id}/tickets", post(ticket))
        .route("/api/sessions/{id}/events", get(events))
        .with_state(hub);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!(
        "bench-sse-ref running at http://{}/",
        listener.local_addr()?
    );
    axum::serve(listener, app).await
}
