//! `GET /api/sessions/{id}/export/{file}`: action items and the session summary as
//! downloads. Built from the caller's own view, so an export never reveals more
//! than the screen (no tallies before the reveal, no authors in anonymous sessions).

use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, Path, Query};
use crate::openapi::{Auth, Documented};
use crate::state::AppState;
use aide::transform::TransformOperation;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use summit_shared::api::ExportFile;
use summit_shared::ErrorCode;

#[derive(Deserialize)]
pub struct ExportQuery {
    ticket: Option<String>,
}

pub async fn download(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    bearer: Bearer,
    Query(query): Query<ExportQuery>,
) -> ApiResult<Response> {
    let (live, viewer) =
        super::authenticate(&state, &id, bearer.token(), query.ticket.as_deref()).await?;
    let file = ExportFile::from_file_name(&file).ok_or_else(|| {
        ApiError::refused(
            ErrorCode::UnknownExport,
            "Exports are actions.csv, actions-jira.csv (for Jira's CSV importer), actions.md, \
             actions.json, actions.ics and summary.md.",
        )
    })?;
    let view = live.snapshot().await?.state.view_for(viewer);
    let (content_type, body) = crate::export::render(file, &live.id, &view, crate::util::now_ms());
    let disposition = format!(
        "attachment; filename=\"summit-{}-{}\"",
        crate::export::slug(&view.title),
        file.file_name()
    );
    let disposition = HeaderValue::from_str(&disposition)
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}

pub fn docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "export",
        "sessions",
        "Download action items or the summary",
        "Built from the caller's own view, so an export never shows more than the screen.",
    )
    .auth(Auth::BearerOrTicket)
    .path_params(&["id", "file"])
    .answers_export()
    .errors(&[400, 401, 404, 500, 503])
}
