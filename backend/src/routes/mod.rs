//! The HTTP API, one module per resource. [`api`] assembles them under `/api`.

mod commands;
mod events;
mod export;
mod join;
mod sessions;
mod tickets;

use crate::error::{ApiError, ApiResult};
use crate::hub::LiveSession;
use crate::util::now_ms;
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;
use summit_shared::ErrorCode;
use summit_shared::{SessionId, Viewer};

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/health", get(|| async { "ok" }))
        .route(
            "/api/openapi.json",
            get(crate::openapi::serve).layer(crate::compression()),
        )
        .route("/api/sessions", post(sessions::create))
        .route(
            "/api/sessions/{id}",
            get(sessions::snapshot).layer(crate::compression()),
        )
        .route("/api/join/{code}", get(join::preview))
        .route("/api/sessions/{id}/participants", post(join::join))
        .route("/api/sessions/{id}/commands", post(commands::execute))
        .route("/api/sessions/{id}/tickets", post(tickets::issue))
        .route("/api/sessions/{id}/events", get(events::stream))
        .route(
            "/api/sessions/{id}/export/{file}",
            get(export::download).layer(crate::compression()),
        )
}

/// Loads the session named in the path; a malformed id is as unknown as a missing one.
pub async fn live_session(state: &AppState, raw_id: &str) -> ApiResult<Arc<LiveSession>> {
    let id = SessionId::parse(raw_id).ok_or_else(ApiError::session_not_found)?;
    Ok(state.hub.session(&id).await?)
}

/// Who is calling: a bearer token (facilitator or participant of *this* session) or,
/// for URLs that cannot carry headers, a signed ticket.
pub async fn authenticate(
    state: &AppState,
    raw_id: &str,
    bearer: Option<&str>,
    ticket: Option<&str>,
) -> ApiResult<(Arc<LiveSession>, Viewer)> {
    let live = live_session(state, raw_id).await?;
    if let Some(token) = bearer {
        let viewer = state
            .hub
            .viewer_for_token(&live, token)
            .await?
            .ok_or_else(|| {
                ApiError::refused(
                    ErrorCode::InvalidToken,
                    "This link or token does not belong to this session. \
                     Join again with the session's link or code.",
                )
            })?;
        return Ok((live, viewer));
    }
    if let Some(ticket) = ticket {
        let viewer = crate::auth::check_ticket(&state.secret, &live.id, ticket, now_ms())
            .ok_or_else(|| {
                ApiError::refused(
                    ErrorCode::InvalidTicket,
                    "This download or stream link has expired. \
                     Reload the page to get a fresh one.",
                )
            })?;
        return Ok((live, viewer));
    }
    Err(ApiError::refused(
        ErrorCode::MissingToken,
        "Join the session first (send `Authorization: Bearer <token>`).",
    ))
}
