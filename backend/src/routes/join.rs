//! Joining: `GET /api/join/{code}` previews a session for the join form, and
//! `POST /api/sessions/{id}/participants` makes the caller a participant.

use crate::client::Client;
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::hub::Request;
use crate::openapi::Documented;
use crate::state::AppState;
use aide::transform::TransformOperation;
use axum::extract::State;
use axum::http::StatusCode;
use std::net::IpAddr;
use summit_shared::api::{JoinRequest, Joined, SessionPreview};
use summit_shared::ErrorCode;
use summit_shared::{Actor, Command};

fn too_many(client: IpAddr, retry_after: u64) -> ApiError {
    tracing::info!(%client, "too many join attempts");
    ApiError::TooManyRequests {
        code: ErrorCode::TooManyJoinAttempts,
        message: format!(
            "Too many join attempts from your network. Try again in {retry_after} seconds."
        ),
        retry_after,
    }
}

pub async fn preview(
    State(state): State<AppState>,
    Client(client): Client,
    Path(code): Path<String>,
) -> ApiResult<Json<SessionPreview>> {
    find(&state, client, &code).await.map(Json)
}

/// The session a join code names. Wrong codes count against the caller's address
/// (`too_many_join_attempts` after a few), so codes cannot be guessed by trying.
pub async fn find(state: &AppState, client: IpAddr, code: &str) -> ApiResult<SessionPreview> {
    let misses = &state.limits.code_misses;
    misses.peek(&client).map_err(|s| too_many(client, s))?;
    let unknown = || {
        // Only wrong codes count against the caller.
        let _ = misses.check(&client);
        ApiError::refused(
            ErrorCode::UnknownJoinCode,
            "No session has that code. Check the 6 characters and try again.",
        )
    };
    let code = summit_shared::limits::normalize_join_code(code).ok_or_else(unknown)?;
    let id = state
        .hub
        .store()
        .session_by_code(&code)
        .await?
        .ok_or_else(unknown)?;
    let live = state.hub.session(&id).await?;
    let snap = live.snapshot().await?;
    Ok(SessionPreview {
        session_id: id,
        full: !snap.state.has_room(),
        title: snap.state.title,
        phase: snap.state.phase,
        departments: snap.state.departments,
        join_code: code,
    })
}

pub async fn join(
    State(state): State<AppState>,
    Client(client): Client,
    Path(id): Path<String>,
    Json(body): Json<JoinRequest>,
) -> ApiResult<(StatusCode, Json<Joined>)> {
    state
        .limits
        .joins
        .check(&client)
        .map_err(|s| too_many(client, s))?;
    let live = super::live_session(&state, &id).await?;
    let token = crate::auth::new_token();
    let hash = crate::auth::TokenHash::of(&token);
    let command = Command::Join {
        name: body.name,
        department: body.department,
    };
    let participant_id = state
        .hub
        .execute(
            &live,
            Request {
                actor: Actor::Guest,
                command: &command,
                idempotency_key: None,
                new_token_hash: Some(hash),
            },
        )
        .await?
        .joined
        .ok_or_else(|| ApiError::Internal("join produced no participant".into()))?;
    Ok((
        StatusCode::CREATED,
        Json(Joined {
            participant_id,
            token,
        }),
    ))
}

pub fn preview_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "previewJoin",
        "join",
        "Look up a session by its join code",
        "Enough to show the join form. Wrong codes count against the caller's address: \
         after 20 misses it is refused with 429 for a while.",
    )
    .path_params(&["code"])
    .answers::<SessionPreview>(200)
    .errors(&[404, 429, 500, 503])
}

pub fn join_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "join",
        "join",
        "Join a session as a participant",
        "Makes the caller a participant of one department. The answer's token is the \
         participant's secret: send it as `Authorization: Bearer <token>`.",
    )
    .path_params(&["id"])
    .answers::<Joined>(201)
    .errors(&[400, 403, 404, 409, 413, 415, 422, 429, 500, 503])
}
