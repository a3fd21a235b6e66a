//! `POST /api/sessions/{id}/commands`: the one way to change a session.

use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::hub::{Answer, Request};
use crate::openapi::{Auth, Documented};
use crate::state::AppState;
use aide::transform::TransformOperation;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use summit_shared::api::{CommandAccepted, CommandRequest};
use summit_shared::Command;
use summit_shared::ErrorCode;

/// Keys are client-generated (UUIDs in practice); bound their size and alphabet.
const IDEMPOTENCY_KEY_MAX: usize = 100;

/// Answers with `CommandAccepted`, encoded together with the events' log bodies
/// (see `hub::answer`).
pub async fn execute(
    State(state): State<AppState>,
    Path(id): Path<String>,
    bearer: Bearer,
    Json(body): Json<CommandRequest>,
) -> ApiResult<Answer> {
    let (live, viewer) = super::authenticate(&state, &id, bearer.token(), None).await?;
    if matches!(body.command, Command::Join { .. }) {
        return Err(ApiError::refused(
            ErrorCode::UseJoinEndpoint,
            "Join through POST /api/sessions/{id}/participants.",
        ));
    }
    if let Some(key) = &body.idempotency_key {
        let ok = !key.is_empty()
            && key.len() <= IDEMPOTENCY_KEY_MAX
            && key.bytes().all(|b| b.is_ascii_graphic());
        if !ok {
            return Err(ApiError::refused(
                ErrorCode::InvalidIdempotencyKey,
                "The idempotency key must be 1 to 100 visible ASCII characters.",
            ));
        }
    }
    let actor = viewer.actor().ok_or_else(|| {
        ApiError::refused(
            ErrorCode::ScreenReadOnly,
            "A screen link can show the session but not change it.",
        )
    })?;
    live.commands
        .check(&viewer)
        .map_err(|retry_after| ApiError::TooManyRequests {
            code: ErrorCode::TooManyCommands,
            message: format!(
                "You are sending commands too fast. Try again in {retry_after} seconds."
            ),
            retry_after,
        })?;
    if *state.shutdown.borrow() {
        return Err(ApiError::ShuttingDown);
    }
    let executed = state
        .hub
        .execute(
            &live,
            Request {
                actor,
                command: &body.command,
                idempotency_key: body.idempotency_key.as_deref(),
                new_token_hash: None,
            },
        )
        .await?;
    if let Some(item) = body.command.reported_to_earlier() {
        super::carryover::report(&state, &live, item).await;
    }
    Ok(executed.answer)
}

impl aide::OperationOutput for Answer {
    type Inner = CommandAccepted;
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            self.json().clone(),
        )
            .into_response()
    }
}

pub fn docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "executeCommand",
        "sessions",
        "Send a command",
        "The one way to change a session. A command the rules refuse answers 403 (not \
         yours to do), 404 (unknown id), 409 (not in this phase / not any more) or 422 \
         (invalid content). Each caller may send 60 commands at once and 20 a second after \
         that (429). A retried request with the same `idempotency_key` is applied once.",
    )
    .auth(Auth::Bearer)
    .path_params(&["id"])
    .answers::<CommandAccepted>(200)
    .errors(&[400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503])
}
