//! The links a facilitator hands out beyond the room: `GET /api/sessions/{id}/links`
//! tells the facilitator their keys, and `GET /api/sessions/{id}/calendar.ics?key=…`
//! is the live calendar feed a calendar app subscribes to.
//!
//! A link's key is the server's signature of the session, the link's kind and the
//! generation the log says works ([`crate::auth::link_key`]): the facilitator issues,
//! renews and revokes links with commands (`issue_link`, `revoke_link`), and a
//! renewed or revoked key is refused at once, on every server.

use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::openapi::{Auth, Documented};
use crate::state::AppState;
use aide::transform::TransformOperation;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use summit_shared::api::SessionLinks;
use summit_shared::{ErrorCode, LinkKind, Viewer};

pub async fn keys(
    State(state): State<AppState>,
    Path(id): Path<String>,
    bearer: Bearer,
) -> ApiResult<Json<SessionLinks>> {
    let (live, viewer) = super::authenticate(&state, &id, bearer.token(), None).await?;
    if viewer != Viewer::Facilitator {
        return Err(ApiError::refused(
            ErrorCode::FacilitatorOnly,
            "Only the facilitator can see the session's links.",
        ));
    }
    // Another server may have issued or revoked a link since this one last looked.
    state.hub.catch_up(&live.id, None).await?;
    let key = |link| {
        live.link_generation(link)
            .and_then(|g| crate::auth::link_key(&state.secret, &live.id, link, g))
    };
    Ok(Json(SessionLinks {
        follow_up: key(LinkKind::FollowUp),
        calendar: key(LinkKind::Calendar),
    }))
}

pub fn keys_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "sessionLinks",
        "sessions",
        "Get the keys of the session's links",
        "For the facilitator: the key of the follow-up link (leads open \
         `/s/{id}/actions#key=…`, set action items' status and write progress notes, \
         and nothing else; the key is their bearer token) and of the calendar feed \
         (`/api/sessions/{id}/calendar.ics?key=…`). `null` for a link not issued or \
         revoked; the `issue_link` and `revoke_link` commands change them.",
    )
    .auth(Auth::Bearer)
    .path_params(&["id"])
    .answers::<SessionLinks>(200)
    .errors(&[401, 403, 404, 500, 503])
}

#[derive(Deserialize)]
pub struct FeedQuery {
    key: Option<String>,
}

pub async fn calendar(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<FeedQuery>,
) -> ApiResult<Response> {
    let refused = || {
        ApiError::refused(
            ErrorCode::InvalidToken,
            "This calendar link does not work any more. Ask the facilitator for the new one.",
        )
    };
    // No key at all: 401, whether or not the session exists.
    let key = query
        .key
        .as_deref()
        .filter(|k| !k.is_empty())
        .ok_or_else(refused)?;
    let live = super::live_session(&state, &id).await?;
    // Another server may have renewed or revoked the feed since this one looked.
    state.hub.catch_up(&live.id, None).await?;
    let generation = live.link_generation(LinkKind::Calendar);
    if !crate::auth::is_link_key(&state.secret, &live.id, LinkKind::Calendar, generation, key) {
        return Err(refused());
    }
    let view = live.snapshot().await?.state.view_for(Viewer::Lead);
    let body = crate::export::actions_calendar(&live.id, &view, crate::util::now_ms());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(crate::export::CALENDAR_TYPE),
            ),
            // The key is in the URL: no cache on the way may keep the answer.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}

pub fn calendar_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "calendarFeed",
        "sessions",
        "The action items as a live calendar",
        "An iCalendar feed to subscribe to (`webcal://…`): each agreed action item as an \
         all-day event on its due date and as a task (VTODO) with its STATUS, updated as \
         items change, in the session's language. A renewed or revoked key answers 401 \
         `invalid_token`.",
    )
    .auth(Auth::CalendarKey)
    .path_params(&["id"])
    .answers_calendar("The action items (RFC 5545).")
    .errors(&[400, 401, 404, 500, 503])
}
