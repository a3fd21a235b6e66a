//! `POST /api/sessions/{id}/tickets`: a short-lived signed credential for URLs that
//! cannot carry an `Authorization` header (EventSource, download links).

use crate::auth::Bearer;
use crate::auth::TICKET_TTL_SECONDS;
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::AppState;
use axum::extract::State;
use summit_shared::api::Ticket;

pub async fn issue(
    State(state): State<AppState>,
    Path(id): Path<String>,
    bearer: Bearer,
) -> ApiResult<Json<Ticket>> {
    let (live, viewer) = super::authenticate(&state, &id, bearer.token(), None).await?;
    let ticket = crate::auth::issue_ticket(&state.secret, &live.id, viewer, crate::util::now_ms())
        .ok_or_else(|| ApiError::Internal("ticket signing failed".into()))?;
    Ok(Json(Ticket {
        ticket,
        expires_in_seconds: TICKET_TTL_SECONDS as u32,
    }))
}
