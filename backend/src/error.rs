//! The server's one error type. Every failure a handler can meet becomes an
//! [`ApiError`], answered with a status and the typed body
//! `{"error": {"code": "...", "message": "..."}}` from the shared contract.
//! Internal details (database errors, I/O) are logged, never sent.

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use summit_shared::api::{ErrorBody, ErrorDetail};
use summit_shared::DomainError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A rule of the summit refused the command.
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("{message}")]
    NotFound { code: &'static str, message: String },
    #[error("{message}")]
    Unauthorized { code: &'static str, message: String },
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    /// Not possible in the resource's current state (beyond the domain's rules).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("{message}")]
    TooManyRequests {
        code: &'static str,
        message: String,
        retry_after: u64,
    },
    #[error("{message}")]
    Unsupported { message: String },
    #[error("The request body is too large.")]
    TooLarge,
    #[error("This endpoint does not accept that HTTP method.")]
    MethodNotAllowed,
    #[error("The server is shutting down; try again in a moment.")]
    ShuttingDown,
    /// Anything that is our fault. The detail goes to the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn session_not_found() -> ApiError {
        ApiError::NotFound {
            code: "session_not_found",
            message: "There is no such session. Check the link or the code.".into(),
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    fn parts(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Domain(e) => (
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
                e.code(),
            ),
            ApiError::NotFound { code, .. } => (StatusCode::NOT_FOUND, code),
            ApiError::Unauthorized { code, .. } => (StatusCode::UNAUTHORIZED, code),
            ApiError::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            ApiError::Forbidden { code, .. } => (StatusCode::FORBIDDEN, code),
            ApiError::Conflict { code, .. } => (StatusCode::CONFLICT, code),
            ApiError::TooManyRequests { code, .. } => (StatusCode::TOO_MANY_REQUESTS, code),
            ApiError::Unsupported { .. } => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::ShuttingDown => (StatusCode::SERVICE_UNAVAILABLE, "shutting_down"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        let message = match &self {
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                "Something went wrong on the server. Nothing was changed; please try again."
                    .to_owned()
            }
            other => other.to_string(),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: code.to_owned(),
                message,
            },
        };
        let mut response = (status, axum::Json(body)).into_response();
        let retry_after = match &self {
            ApiError::TooManyRequests { retry_after, .. } => Some(*retry_after),
            ApiError::ShuttingDown => Some(1),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert("retry-after", HeaderValue::from(seconds));
        }
        response
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Internal(format!("database: {e}"))
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::Unsupported {
                message: "Send the body as JSON with `Content-Type: application/json`.".into(),
            },
            JsonRejection::BytesRejection(_) => ApiError::TooLarge,
            JsonRejection::JsonSyntaxError(e) => ApiError::bad_request(
                "invalid_json",
                format!("The body is not valid JSON: {}", e.body_text()),
            ),
            JsonRejection::JsonDataError(e) => ApiError::bad_request(
                "invalid_body",
                format!(
                    "The body does not have the expected fields: {}",
                    e.body_text()
                ),
            ),
            other => ApiError::bad_request("invalid_body", other.body_text()),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::NotFound {
            code: "not_found",
            message: format!("No such resource: {}", rejection.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::bad_request("invalid_query", rejection.body_text())
    }
}

/// `axum::Json`, but a malformed body answers with our typed error body.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    /// The common case, a body sent as `application/json`, is parsed straight from
    /// its bytes. Why not always `axum::Json`: it records the path of every field it
    /// visits (serde_path_to_error), which only an error message needs, at a cost on
    /// every command. So axum's parser runs only to word an error, and for any other
    /// content type (parameters, `+json` types, or not JSON at all) axum decides, so
    /// what is accepted and every error stay exactly axum's.
    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let plain_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes() == b"application/json");
        if !plain_json {
            // Boxed: rare, and its future is large.
            let axum::Json(value) = Box::pin(axum::Json::<T>::from_request(request, state)).await?;
            return Ok(Json(value));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| ApiError::from(JsonRejection::from(e)))?;
        match serde_json::from_slice(&bytes) {
            Ok(value) => Ok(Json(value)),
            Err(_) => {
                let axum::Json(value) = axum::Json::<T>::from_bytes(&bytes)?;
                Ok(Json(value))
            }
        }
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Path` with typed errors (e.g. invalid UTF-8 in a segment).
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// `axum::extract::Query` with typed errors.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

pub type ApiResult<T> = Result<T, ApiError>;
