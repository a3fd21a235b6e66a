//! `POST /api/sessions` creates a session; `GET /api/sessions/{id}` answers with the
//! caller's view of it; `DELETE /api/sessions/{id}` deletes it for good.

use crate::auth::Bearer;
use crate::client::Client;
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::openapi::{Auth, Documented};
use crate::state::AppState;
use crate::store::StoreError;
use crate::util::now_ms;
use aide::transform::TransformOperation;
use axum::extract::State;
use axum::http::StatusCode;
use summit_shared::api::{DeleteSession, SessionCreated, Snapshot};
use summit_shared::{
    CarriedFrom, CarryFrom, DomainError, Earlier, ErrorCode, LinkKind, SessionSetup, SessionState,
    Viewer,
};

/// Join codes are short, so they can collide; a few retries make that vanishingly rare.
const JOIN_CODE_ATTEMPTS: usize = 8;

pub async fn create(
    State(state): State<AppState>,
    Client(client): Client,
    Json(setup): Json<SessionSetup>,
) -> ApiResult<(StatusCode, Json<SessionCreated>)> {
    state.limits.creates.check(&client).map_err(|retry_after| {
        tracing::info!(%client, "too many new sessions");
        ApiError::TooManyRequests {
            code: ErrorCode::TooManySessions,
            message: format!(
                "Too many new sessions from your network. Try again in {retry_after} seconds."
            ),
            retry_after,
        }
    })?;
    let now = now_ms();
    let earlier = match &setup.carry_from {
        Some(from) => Some(earlier_summit(&state, from).await?),
        None => None,
    };
    let earlier = earlier.as_ref().map(|(state, from)| Earlier {
        state,
        from: from.clone(),
    });
    let first = summit_shared::create_session(&setup, earlier, now)?;
    let token = crate::auth::new_token();
    let hash = crate::auth::hash_token(&token);
    for _ in 0..JOIN_CODE_ATTEMPTS {
        let id = crate::auth::new_session_id();
        let code = crate::auth::new_join_code();
        match state
            .hub
            .store()
            .create_session(&id, &code, &hash, &first, now)
            .await
        {
            Ok(()) => {
                tracing::info!(session = %id, %client, "session created");
                return Ok((
                    StatusCode::CREATED,
                    Json(SessionCreated {
                        session_id: id,
                        join_code: code,
                        facilitator_token: token,
                    }),
                ));
            }
            Err(StoreError::Conflict) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Internal("no free join code after retries".into()))
}

/// The summit a new one carries its open action items over from, as the caller may
/// see it now, and the right the caller proved to read its action items: its
/// facilitator token or its follow-up link's key (of the link's current generation).
async fn earlier_summit(
    state: &AppState,
    from: &CarryFrom,
) -> ApiResult<(SessionState, CarriedFrom)> {
    // Another server may have renewed or revoked the follow-up link: catch up first.
    let live = super::live_session(state, &from.session).await?;
    state.hub.catch_up(&live.id, None).await?;
    let (live, viewer) = super::authenticate(state, &from.session, Some(&from.key), None).await?;
    match viewer {
        Viewer::Facilitator | Viewer::Lead => {}
        Viewer::Participant(_) => return Err(DomainError::FacilitatorOnly.into()),
        Viewer::Screen => {
            return Err(ApiError::refused(
                ErrorCode::InvalidToken,
                "Only the facilitator link or the follow-up link carries action items over.",
            ))
        }
    }
    let full = live.snapshot().await?.state;
    let right = CarriedFrom {
        session: live.id.clone(),
        link: match viewer {
            Viewer::Lead => full.links.generation(LinkKind::FollowUp),
            _ => None,
        },
    };
    Ok((full.view_for(viewer), right))
}

pub async fn snapshot(
    State(state): State<AppState>,
    Path(id): Path<String>,
    bearer: Bearer,
) -> ApiResult<Json<Snapshot>> {
    let (live, viewer) = super::authenticate(&state, &id, bearer.token(), None).await?;
    // Another server may have appended since this one last looked.
    state.hub.catch_up(&live.id, None).await?;
    let snap = live.snapshot().await?;
    Ok(Json(Snapshot {
        seq: snap.seq,
        viewer,
        // A lead follows action items up; the room is not theirs to join.
        join_code: if viewer == Viewer::Lead {
            String::new()
        } else {
            live.join_code.clone()
        },
        server_time: now_ms(),
        state: snap.state.view_for(viewer),
    }))
}

/// The facilitator deletes the session, having typed its title
/// ([`summit_shared::SessionState::may_delete`]): its log, its participants' tokens
/// and its row go; live streams end; its links and tickets stop working.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    bearer: Bearer,
    Json(body): Json<DeleteSession>,
) -> ApiResult<StatusCode> {
    let (live, viewer) = super::authenticate(&state, &id, bearer.token(), None).await?;
    let actor = viewer.actor().ok_or_else(|| {
        ApiError::refused(
            ErrorCode::ScreenReadOnly,
            "A screen link can show the session but not change it.",
        )
    })?;
    live.snapshot()
        .await?
        .state
        .may_delete(actor, &body.title)?;
    state.hub.delete(&live).await?;
    tracing::info!(session = %live.id, "session deleted");
    Ok(StatusCode::NO_CONTENT)
}

pub fn delete_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "deleteSession",
        "sessions",
        "Delete a session for good",
        "The facilitator deletes the session after typing its title (422 \
         `title_mismatch` otherwise): every event, participant token and idempotency \
         record goes, live streams end, and every link of it (join code, screen, \
         follow-up, calendar, tickets) stops working. Export first: nothing can bring \
         it back.",
    )
    .auth(Auth::Bearer)
    .path_params(&["id"])
    .answers_empty(204)
    .errors(&[400, 401, 403, 404, 413, 415, 422, 500, 503])
}

pub fn create_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "createSession",
        "sessions",
        "Create a session",
        "Creates a session in the Lobby phase. The answer holds the session id, the join \
         code for participants and the facilitator's secret token. With `carry_from` (an \
         earlier session and its facilitator token or follow-up key), that session's open \
         action items are carried over into a Review phase before Problems (401 for a key \
         that does not belong to it, 403 for a participant's, 404 for an unknown session). \
         New sessions per client address are rate limited (429).",
    )
    .answers::<SessionCreated>(201)
    .errors(&[400, 401, 403, 404, 413, 415, 422, 429, 500, 503])
}

pub fn snapshot_docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "getSession",
        "sessions",
        "The session as the caller may see it",
        "The state projected for the caller (hidden vote tallies, anonymity) and the log \
         position it reflects; the live stream continues from there.",
    )
    .auth(Auth::Bearer)
    .path_params(&["id"])
    .answers::<Snapshot>(200)
    .errors(&[401, 404, 500, 503])
}
