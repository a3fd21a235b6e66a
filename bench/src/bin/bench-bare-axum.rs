//! The HTTP limit for the durable-write benchmark: an axum endpoint at Summit's
//! command path that deserializes the same JSON body ([`CommandRequest`]) and does
//! nothing else. Built with the same profile and runtime as `summit`.
//!
//!     bench-bare-axum [--addr 127.0.0.1:0]
//!
//! Prints `bench-bare-axum running at http://ADDR/` once listening.

use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use summit_shared::api::CommandRequest;

async fn command(Path(_id): Path<String>, Json(body): Json<CommandRequest>) -> impl IntoResponse {
    std::hint::black_box(body);
    (
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"seq":0,"events":[]}"#,
    )
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut addr = "127.0.0.1:0".to_owned();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => addr = args.next().unwrap_or(addr),
            other => {
                eprintln!("usage: bench-bare-axum [--addr HOST:PORT] (unknown argument {other})");
                std::process::exit(2);
            }
        }
    }
    let app = Router::new().route("/api/sessions/{id}/commands", post(command));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!(
        "bench-bare-axum running at http://{}/",
        listener.local_addr()?
    );
    axum::serve(listener, app).await
}
