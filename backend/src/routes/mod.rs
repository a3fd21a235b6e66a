//! The HTTP API, one module per resource. [`api`] assembles them under `/api`.

mod carryover;
mod commands;
mod events;
mod export;
mod join;
mod links;
mod qr;
mod screen;
mod sessions;
mod tickets;

use crate::error::{ApiError, ApiResult};
use crate::hub::LiveSession;
use crate::openapi::{self, Documented};
use crate::state::AppState;
use crate::util::now_ms;
use aide::axum::routing::{delete_with, get_with, post_with};
use aide::axum::ApiRouter;
use axum::http::header;
use serde_json::Value;
use std::sync::{Arc, LazyLock};
use summit_shared::ErrorCode;
use summit_shared::{LinkKind, SessionId, Viewer};

/// Every endpoint, each with its document (see [`crate::openapi`]).
pub fn api() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/api/health", get_with(health, health_docs))
        .api_route(
            openapi::PATH,
            get_with(serve_document, |op| {
                op.about(
                    "openapi",
                    "server",
                    "This OpenAPI document",
                    "The API description, generated from the server's code.",
                )
                .answers_document()
            })
            .layer(crate::compression::layer()),
        )
        .api_route(
            "/api/sessions",
            post_with(sessions::create, sessions::create_docs),
        )
        .api_route(
            "/api/sessions/{id}",
            get_with(sessions::snapshot, sessions::snapshot_docs)
                .layer(crate::compression::layer())
                .merge(delete_with(sessions::delete, sessions::delete_docs)),
        )
        .api_route(
            "/api/sessions/{id}/links",
            get_with(links::keys, links::keys_docs),
        )
        .api_route(
            "/api/sessions/{id}/calendar.ics",
            get_with(links::calendar, links::calendar_docs),
        )
        .api_route(
            "/api/join/{code}",
            get_with(join::preview, join::preview_docs),
        )
        .api_route("/api/join/{code}/qr.svg", get_with(qr::svg, qr::docs))
        .api_route(
            "/api/sessions/{id}/screen",
            get_with(screen::key, screen::docs),
        )
        .api_route(
            "/api/sessions/{id}/participants",
            post_with(join::join, join::join_docs),
        )
        .api_route(
            "/api/sessions/{id}/commands",
            post_with(commands::execute, commands::docs),
        )
        .api_route(
            "/api/sessions/{id}/tickets",
            post_with(tickets::issue, tickets::docs),
        )
        .api_route(
            "/api/sessions/{id}/events",
            get_with(events::stream, events::docs),
        )
        .api_route(
            "/api/sessions/{id}/export/{file}",
            get_with(export::download, export::docs).layer(crate::compression::layer()),
        )
}

/// The OpenAPI document of [`api`] (see [`crate::openapi`]).
pub fn document() -> Value {
    openapi::prepare();
    let mut doc = openapi::base();
    let _router = api().finish_api_with(&mut doc, openapi::finish);
    serde_json::to_value(&doc).unwrap_or(Value::Null)
}

/// The document, built once.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| document().to_string());

/// `GET /api/openapi.json`.
async fn serve_document() -> ([(header::HeaderName, &'static str); 1], &'static str) {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

/// `GET /api/health`.
async fn health() -> &'static str {
    "ok"
}

fn health_docs(
    op: aide::transform::TransformOperation<'_>,
) -> aide::transform::TransformOperation<'_> {
    op.about(
        "health",
        "server",
        "Liveness probe",
        "Answers `ok` while the server is up.",
    )
    .answers_text("`ok`")
}

/// Loads the session named in the path; a malformed id is as unknown as a missing one.
pub async fn live_session(state: &AppState, raw_id: &str) -> ApiResult<Arc<LiveSession>> {
    let id = SessionId::parse(raw_id).ok_or_else(ApiError::session_not_found)?;
    Ok(state.hub.session(&id).await?)
}

/// Who is calling: a bearer token (facilitator or participant of *this* session, its
/// screen key or its follow-up link's live key) or, for URLs that cannot carry
/// headers, a signed ticket.
pub async fn authenticate(
    state: &AppState,
    raw_id: &str,
    bearer: Option<&str>,
    ticket: Option<&str>,
) -> ApiResult<(Arc<LiveSession>, Viewer)> {
    // No credentials at all: 401, whether or not the session exists.
    if bearer.is_none() && ticket.is_none() {
        return Err(missing_token());
    }
    let live = live_session(state, raw_id).await?;
    if let Some(token) = bearer {
        if crate::auth::is_screen_key(&state.secret, &live.id, token) {
            return Ok((live, Viewer::Screen));
        }
        let follow_up = live.link_generation(LinkKind::FollowUp);
        if crate::auth::is_link_key(
            &state.secret,
            &live.id,
            LinkKind::FollowUp,
            follow_up,
            token,
        ) {
            return Ok((live, Viewer::Lead));
        }
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
        let generation = live.link_generation(LinkKind::FollowUp);
        let viewer =
            crate::auth::check_ticket(&state.secret, &live.id, ticket, generation, now_ms())
                .ok_or_else(|| {
                    ApiError::refused(
                        ErrorCode::InvalidTicket,
                        "This download or stream link has expired. \
                     Reload the page to get a fresh one.",
                    )
                })?;
        return Ok((live, viewer));
    }
    Err(missing_token())
}

fn missing_token() -> ApiError {
    ApiError::refused(
        ErrorCode::MissingToken,
        "Join the session first (send `Authorization: Bearer <token>`).",
    )
}
