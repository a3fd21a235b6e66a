//! Typed client for Summit's HTTP API: one function per endpoint, each returning
//! `Result<T, ApiError>` where the error carries the server's readable message.

use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use summit_shared::api::{
    paths, CommandAccepted, CommandRequest, ErrorBody, ExportFile, JoinRequest, Joined,
    SessionCreated, SessionPreview, Snapshot, Ticket,
};
use summit_shared::{Command, Seq, SessionId, SessionSetup};

/// Why a request failed, in words a person can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status, or `None` when the server could not be reached at all.
    pub status: Option<u16>,
    /// The server's stable error code (`vote_budget_exceeded`, …) when it sent one.
    pub code: Option<String>,
    pub message: String,
}

impl ApiError {
    fn network(err: impl std::fmt::Display) -> ApiError {
        ApiError {
            status: None,
            code: None,
            message: format!("Network error: {err}"),
        }
    }

    /// True when retrying the same request later may succeed (no answer, or a 5xx).
    pub fn is_transient(&self) -> bool {
        self.status.is_none_or(|s| s >= 500)
    }

    /// True when the token was not accepted (unknown, revoked or for another session).
    pub fn is_auth(&self) -> bool {
        matches!(self.status, Some(401 | 403))
            && self.code.as_deref() != Some("facilitator_only")
            && self.code.as_deref() != Some("not_author")
            && self.code.as_deref() != Some("not_own_department")
            && self.code.as_deref() != Some("participant_only")
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn bearer(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {token}"))
}

/// Sends a request and reads the answer's text: the status and body of a 2xx
/// answer, or the server's error message. Not generic, so every endpoint shares
/// one copy of the fetch machinery (the wasm size budget); only [`decode`] is
/// instantiated per answer type.
async fn send(request: Result<Request, gloo_net::Error>) -> Result<(u16, String), ApiError> {
    let response = request
        .map_err(ApiError::network)?
        .send()
        .await
        .map_err(ApiError::network)?;
    let status = response.status();
    if response.ok() {
        return match response.text().await {
            Ok(text) => Ok((status, text)),
            Err(e) => Err(unreadable(status, e)),
        };
    }
    let text = response.text().await.unwrap_or_default();
    match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => Err(ApiError {
            status: Some(status),
            code: Some(body.error.code),
            message: body.error.message,
        }),
        Err(_) => Err(ApiError {
            status: Some(status),
            code: None,
            message: match status {
                404 => "Not found: this session or page does not exist.".to_owned(),
                s if s >= 500 => format!("The server had a problem (HTTP {s}). Please try again."),
                s => format!("The request was refused (HTTP {s})."),
            },
        }),
    }
}

fn unreadable(status: u16, err: impl std::fmt::Display) -> ApiError {
    ApiError {
        status: Some(status),
        code: None,
        message: format!("The server sent an answer this page cannot read: {err}"),
    }
}

/// Turns a 2xx answer's text into `T`.
fn decode<T: DeserializeOwned>((status, text): (u16, String)) -> Result<T, ApiError> {
    serde_json::from_str::<T>(&text).map_err(|e| unreadable(status, e))
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
) -> Result<T, ApiError> {
    decode(send(builder.json(body)).await?)
}

async fn send_empty<T: DeserializeOwned>(builder: RequestBuilder) -> Result<T, ApiError> {
    decode(send(builder.build()).await?)
}

/// `POST /api/sessions`.
pub async fn create_session(setup: &SessionSetup) -> Result<SessionCreated, ApiError> {
    send_json(Request::post("/api/sessions"), setup).await
}

/// `GET /api/join/{code}`; `code` must already be normalised.
pub async fn join_preview(code: &str) -> Result<SessionPreview, ApiError> {
    send_empty(Request::get(&paths::join_preview(code))).await
}

/// `POST /api/sessions/{id}/participants`.
pub async fn join(id: &SessionId, request: &JoinRequest) -> Result<Joined, ApiError> {
    send_json(Request::post(&paths::participants(id)), request).await
}

/// `GET /api/sessions/{id}`.
pub async fn snapshot(id: &SessionId, token: &str) -> Result<Snapshot, ApiError> {
    send_empty(bearer(Request::get(&paths::session(id)), token)).await
}

/// `POST /api/sessions/{id}/commands`.
pub async fn command(
    id: &SessionId,
    token: &str,
    command: &Command,
    idempotency_key: &str,
) -> Result<CommandAccepted, ApiError> {
    let body = CommandRequest {
        command: command.clone(),
        idempotency_key: Some(idempotency_key.to_owned()),
    };
    send_json(bearer(Request::post(&paths::commands(id)), token), &body).await
}

/// `POST /api/sessions/{id}/tickets`.
pub async fn ticket(id: &SessionId, token: &str) -> Result<Ticket, ApiError> {
    send_empty(bearer(Request::post(&paths::tickets(id)), token)).await
}

/// URL of the live stream, continuing after `after`.
pub fn events_url(id: &SessionId, ticket: &str, after: Seq) -> String {
    format!(
        "{}?ticket={}&after={after}",
        paths::events(id),
        encode(ticket)
    )
}

/// URL of an export download.
pub fn export_url(id: &SessionId, file: ExportFile, ticket: &str) -> String {
    format!("{}?ticket={}", paths::export(id, file), encode(ticket))
}

fn encode(raw: &str) -> String {
    String::from(js_sys::encode_uri_component(raw))
}

/// A fresh random key per user action, so a retried request is applied once.
pub fn idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto (very old browser): Math.random is still unique enough for a
        // retry key, which only has to differ from this client's other keys.
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
