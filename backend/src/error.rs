//! The server's one error type. Every failure a handler can meet becomes an
//! [`ApiError`], answered with the status of its [`ErrorCode`] and the typed body
//! `{"error": {"code": "...", "message": "..."}}` from the shared contract.
//! Internal failures keep their source for the log; it is never sent.

use crate::hub::HubError;
use crate::store::StoreError;
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use summit_shared::api::{ErrorBody, ErrorDetail};
use summit_shared::{DomainError, ErrorCode};

/// What went wrong inside the server: logged with its chain of sources.
pub type Source = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A rule of the summit refused the command.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The request was refused before the rules were asked: its shape, its
    /// credentials, what it names.
    #[error("{message}")]
    Refused {
        code: ErrorCode,
        message: Cow<'static, str>,
    },
    #[error("{message}")]
    TooManyRequests {
        code: ErrorCode,
        message: String,
        retry_after: u64,
    },
    #[error("The server is shutting down; try again in a moment.")]
    ShuttingDown,
    /// Anything that is our fault. The source goes to the log only.
    #[error("internal error")]
    Internal(#[source] Source),
}

impl ApiError {
    pub fn refused(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> ApiError {
        ApiError::Refused {
            code,
            message: message.into(),
        }
    }

    pub fn session_not_found() -> ApiError {
        ApiError::refused(
            ErrorCode::SessionNotFound,
            "There is no such session. Check the link or the code.",
        )
    }

    /// A failure of the server itself, with what it was about.
    pub fn internal(source: impl Into<Source>) -> ApiError {
        ApiError::Internal(source.into())
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Domain(e) => e.code(),
            ApiError::Refused { code, .. } | ApiError::TooManyRequests { code, .. } => *code,
            ApiError::ShuttingDown => ErrorCode::ShuttingDown,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.code();
        let status =
            StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let message = match &self {
            ApiError::Internal(source) => {
                tracing::error!(error = %Chain(source.as_ref()), "internal error");
                "Something went wrong on the server. Nothing was changed; please try again."
                    .to_owned()
            }
            other => other.to_string(),
        };
        let body = ErrorBody {
            error: ErrorDetail { code, message },
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

/// An error and its sources, `outer: inner: innermost`, for the log.
struct Chain<'a>(&'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(e) = source {
            write!(f, ": {e}")?;
            source = e.source();
        }
        Ok(())
    }
}

/// The hub's failures, as answers: the one place they meet HTTP.
impl From<HubError> for ApiError {
    fn from(e: HubError) -> Self {
        match e {
            HubError::Refused(e) => ApiError::Domain(e),
            HubError::SessionNotFound => ApiError::session_not_found(),
            HubError::SessionFull => ApiError::refused(
                ErrorCode::SessionFull,
                "This session has recorded as many changes as it can hold. \
                 Export its action items and start a new session to go on.",
            ),
            HubError::ShuttingDown => ApiError::ShuttingDown,
            HubError::Store(StoreError::Gone) => ApiError::session_not_found(),
            other => ApiError::internal(other),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::internal(e)
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::refused(
                ErrorCode::UnsupportedMediaType,
                "Send the body as JSON with `Content-Type: application/json`.",
            ),
            JsonRejection::BytesRejection(_) => {
                ApiError::refused(ErrorCode::BodyTooLarge, "The request body is too large.")
            }
            JsonRejection::JsonSyntaxError(e) => ApiError::refused(
                ErrorCode::InvalidJson,
                format!("The body is not valid JSON: {}", e.body_text()),
            ),
            JsonRejection::JsonDataError(e) => ApiError::refused(
                ErrorCode::InvalidBody,
                format!(
                    "The body does not have the expected fields: {}",
                    e.body_text()
                ),
            ),
            other => ApiError::refused(ErrorCode::InvalidBody, other.body_text()),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::refused(
            ErrorCode::NotFound,
            format!("No such resource: {}", rejection.body_text()),
        )
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::refused(ErrorCode::InvalidQuery, rejection.body_text())
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

// How the extractors and answers above appear in the OpenAPI document (see
// `crate::openapi`): a JSON body is the operation's request body; the rest is
// described where each route is declared.

impl<T: schemars::JsonSchema> aide::OperationInput for Json<T> {
    fn operation_input(
        ctx: &mut aide::generate::GenContext,
        operation: &mut aide::openapi::Operation,
    ) {
        use aide::openapi::{ReferenceOr, RequestBody};
        let schema = ctx.schema.subschema_for::<T>();
        let mut content = indexmap::IndexMap::new();
        content.insert(
            "application/json".to_owned(),
            crate::openapi::media_type(schema),
        );
        operation.request_body = Some(ReferenceOr::Item(RequestBody {
            content,
            required: true,
            ..Default::default()
        }));
    }
}

impl<T> aide::OperationOutput for Json<T> {
    type Inner = T;
}

impl<T> aide::OperationInput for Path<T> {}

impl<T> aide::OperationInput for Query<T> {}

impl aide::OperationOutput for ApiError {
    type Inner = ErrorBody;
}
