//! The way back from a summit to the earlier one it carried action items over from:
//! what the room decides about a carried item in Review reaches the earlier summit's
//! follow-up (the item done there, or a note where it continues or was dropped).

use crate::error::{ApiError, ApiResult};
use crate::hub::{LiveSession, Request};
use crate::state::AppState;
use std::sync::Arc;
use std::time::Duration;
use summit_shared::{ActionId, Actor, ErrorCode};

/// How long a verdict's answer may wait for the earlier summit: loading it from the
/// log and two commits there take milliseconds, but the verdict must not hang on it.
const PATIENCE: Duration = Duration::from_secs(5);

/// Tells the earlier summit what this one's room decided about `item`, as
/// [`summit_shared::SessionState::report_to_earlier`] says. The verdict here stands
/// whatever happens there: a failure is logged, not answered.
pub async fn report(state: &AppState, live: &Arc<LiveSession>, item: ActionId) {
    let reported = tokio::time::timeout(PATIENCE, async {
        // One report at a time, each from this summit's state as it is then.
        let _turn = state.reports.lock().await;
        try_report(state, live, item).await
    })
    .await;
    match reported {
        Ok(Ok(())) => {}
        // The earlier summit was deleted since: nothing to tell.
        Ok(Err(ApiError::Refused {
            code: ErrorCode::SessionNotFound,
            ..
        })) => tracing::debug!(session = %live.id, "the earlier summit is gone"),
        Ok(Err(error)) => {
            tracing::warn!(session = %live.id, ?error, "the earlier summit did not hear a verdict");
        }
        Err(_) => tracing::warn!(session = %live.id, "the earlier summit did not answer in time"),
    }
}

async fn try_report(state: &AppState, live: &Arc<LiveSession>, item: ActionId) -> ApiResult<()> {
    let here = live.snapshot().await?.state;
    let Some(from) = &here.carried_from else {
        return Ok(());
    };
    let earlier = state.hub.session(&from.session).await?;
    // Another server may have appended to it since this one last looked.
    state.hub.catch_up(&earlier.id, None).await?;
    let there = earlier.snapshot().await?.state;
    let language = there.settings.language;
    let commands = here.report_to_earlier(item, &there, |report, title| {
        crate::export::review_note(language, report, title)
    });
    for command in &commands {
        let request = Request {
            actor: Actor::Lead,
            command,
            idempotency_key: None,
            new_token_hash: None,
        };
        state.hub.execute(&earlier, request).await?;
    }
    Ok(())
}
