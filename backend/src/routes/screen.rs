//! `GET /api/sessions/{id}/screen`: the projector's credential, for the facilitator.

use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::openapi::{Auth, Documented};
use crate::state::AppState;
use aide::transform::TransformOperation;
use axum::extract::State;
use summit_shared::api::ScreenKey;
use summit_shared::{ErrorCode, Viewer};

pub async fn key(
    State(state): State<AppState>,
    Path(id): Path<String>,
    bearer: Bearer,
) -> ApiResult<Json<ScreenKey>> {
    let (live, viewer) = super::authenticate(&state, &id, bearer.token(), None).await?;
    if viewer != Viewer::Facilitator {
        return Err(ApiError::refused(
            ErrorCode::FacilitatorOnly,
            "Only the facilitator can open the projector view.",
        ));
    }
    let key = crate::auth::screen_key(&state.secret, &live.id)
        .ok_or_else(|| ApiError::Internal("screen key signing failed".into()))?;
    Ok(Json(ScreenKey { key }))
}

pub fn docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "screenKey",
        "sessions",
        "Get the projector's key",
        "The facilitator's way to the projector view: a key that reads the session as \
         the facilitator sees it (no tally before the reveal, no author of an anonymous \
         card) and whose every command is refused with 403 `screen_read_only`. Use it as \
         a bearer token; the page is `/s/{id}/screen#key=…`.",
    )
    .auth(Auth::Bearer)
    .path_params(&["id"])
    .answers::<ScreenKey>(200)
    .errors(&[401, 403, 404, 500, 503])
}
