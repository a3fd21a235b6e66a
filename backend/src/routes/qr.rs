//! `GET /api/join/{code}/qr.svg`: the join link as a QR code, for the projector and
//! the console's share panel. Drawn here as SVG, so the browser carries no encoder.

use crate::client::{Client, Https};
use crate::error::{ApiError, ApiResult, Path};
use crate::openapi::Documented;
use crate::state::AppState;
use aide::transform::TransformOperation;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use summit_shared::api::paths;
use summit_shared::ErrorCode;

pub async fn svg(
    State(state): State<AppState>,
    Client(client): Client,
    Https(https): Https,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let preview = super::join::find(&state, client, &code).await?;
    let origin = public_origin(https, &headers).ok_or_else(|| {
        ApiError::refused(
            ErrorCode::InvalidHost,
            "The request's Host header is missing or not a host name.",
        )
    })?;
    let link = format!("{origin}{}", paths::page_join(&preview.join_code));
    // Level M: a quarter of the code can be lost to glare on a projector and it
    // still reads; the link is short enough for a small, coarse code.
    let qr = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M)
        .map_err(|e| ApiError::Internal(format!("QR code for {link}: {e}").into()))?;
    let image = qr
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(8, 8)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            // The link depends on the code and on the address the server was reached at.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
            (
                header::VARY,
                HeaderValue::from_static("Host, X-Forwarded-Proto, Forwarded"),
            ),
        ],
        image,
    )
        .into_response())
}

/// `scheme://host[:port]` as the caller reached this server: the `Host` header, and
/// `https` when a trusted proxy says so ([`Https`]).
fn public_origin(https: bool, headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let authority: axum::http::uri::Authority = host.parse().ok()?;
    if authority.as_str().contains('@') {
        return None;
    }
    let scheme = if https { "https" } else { "http" };
    Some(format!("{scheme}://{authority}"))
}

pub fn docs(op: TransformOperation<'_>) -> TransformOperation<'_> {
    op.about(
        "joinQrCode",
        "join",
        "The join link as a QR code",
        "An SVG QR code of the session's join page (`/join/{code}` on the address the \
         server was reached at), for the projector and the share panel. Cacheable.",
    )
    .path_params(&["code"])
    .answers_svg("An SVG image.")
    .errors(&[400, 404, 429, 500, 503])
}
