//! `POST /api/sessions/{id}/tickets`: a short-lived signed credential for URLs that
//! cannot carry an `Authorization` header (EventSource, download links).

use crate::auth::Bearer;
use crate::auth::TICKET_TTL_SECONDS;
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::openapi::{Auth, Documented};
use crate::state::AppState;
use aide::transform::TransformOperation;
use axum::extract::State;
use summit_shared::api::Ticket;
use summit_shared::LinkKind;

pub async fn issue(
    State(state): State<AppState>,
    Path(id): Path<String>,
    bearer: Bearer,
) -> ApiResult<Json<Ticket>> {
    let (live, viewer) = super::authenticate(&state, &id, bearer.token(), None).await?;
    let generation = live.link_generation(LinkKind::FollowUp);
    let now = crate::util::now_ms();
    let ticket = crate::auth::issue_ticket(&state.secret, &live.id, viewer, generation, now)
        .ok_or_else(|| ApiError::Internal("ticket signing failed".into()))?;
    Ok(Json(Ticket {
        ticket,
        expires_in_seconds: TICKET_TTL_SECONDS as u32,
    }))
}

pub fn docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "issueTicket",
        "sessions",
        "Get a short-lived ticket",
        "A signed credential valid for two minutes, for URLs that cannot carry an \
         `Authorization` header: the live stream and download links (`?ticket=`).",
    )
    .auth(Auth::Bearer)
    .path_params(&["id"])
    .answers::<Ticket>(200)
    .errors(&[401, 403, 404, 500, 503])
}
