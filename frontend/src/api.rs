//! Typed client for Summit's HTTP API: one function per endpoint, each returning
//! `Result<T, ApiError>` where the error carries the server's readable message.

use serde::de::DeserializeOwned;
use serde::Serialize;
use summit_shared::api::{
    paths, CommandAccepted, CommandRequest, DeleteSession, ErrorBody, ExportFile, JoinRequest,
    Joined, ScreenKey, SessionCreated, SessionLinks, SessionPreview, Snapshot, Ticket,
};
use summit_shared::{Command, ErrorCode, Seq, SessionId, SessionSetup};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

thread_local! {
    /// The Summit server's origin, before every path: empty on Summit's own pages
    /// (same origin), `https://summit.example` in a widget on another site's page.
    static SERVER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Sends every later request to `origin` (a widget's; see [`crate::embed`]).
pub fn set_server(origin: &str) {
    SERVER.with(|server| *server.borrow_mut() = origin.trim_end_matches('/').to_owned());
}

/// The Summit server's origin when it is not this page's (a widget's).
pub fn server() -> Option<String> {
    SERVER.with(|server| Some(server.borrow().clone()).filter(|s| !s.is_empty()))
}

/// `path` on the Summit server.
pub fn on_server(path: &str) -> String {
    SERVER.with(|server| format!("{}{path}", server.borrow()))
}

/// Why a request failed, in words a person can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status, or `None` when the server could not be reached at all.
    pub status: Option<u16>,
    /// The server's stable error code (`vote_budget_exceeded`, …) when it sent one.
    pub code: Option<ErrorCode>,
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
        match self.code {
            Some(code) => code.is_credentials(),
            // Not the server's typed answer (a proxy's, say): judged by its status.
            None => matches!(self.status, Some(401 | 403)),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The text of a rejected promise or a failed call: `error.toString()` for a JS
/// `Error` (e.g. "TypeError: Failed to fetch").
fn js_text(err: wasm_bindgen::JsValue) -> String {
    match err.dyn_into::<js_sys::Error>() {
        Ok(error) => error.to_string().into(),
        Err(other) => other
            .as_string()
            .unwrap_or_else(|| "unknown error".to_owned()),
    }
}

/// Sends a request with `fetch` and reads the answer's text: the status and body of
/// a 2xx answer, or the server's error message. `body` is JSON. Not generic, so
/// every endpoint shares one copy of the fetch machinery (the wasm size budget);
/// only [`decode`] is instantiated per answer type.
async fn send(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<(u16, String), ApiError> {
    let network = |err| ApiError::network(js_text(err));
    let init = RequestInit::new();
    init.set_method(method);
    let headers = Headers::new().map_err(network)?;
    if let Some(token) = token {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(network)?;
    }
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(network)?;
        init.set_body(&JsValue::from(body));
    }
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(&on_server(url), &init).map_err(network)?;
    let window = web_sys::window().ok_or_else(|| ApiError::network("no window"))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .and_then(JsValue::dyn_into)
        .map_err(network)?;
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.map(|t| t.as_string()),
        Err(err) => Err(err),
    };
    if response.ok() {
        return match text {
            Ok(text) => Ok((status, text.unwrap_or_default())),
            Err(e) => Err(unreadable(status, js_text(e))),
        };
    }
    let text = text.ok().flatten().unwrap_or_default();
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

/// `POST`s `body` as JSON.
async fn post_json<B: Serialize, T: DeserializeOwned>(
    url: &str,
    token: Option<&str>,
    body: &B,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(ApiError::network)?;
    decode(send("POST", url, token, Some(body)).await?)
}

/// `POST /api/sessions`.
pub async fn create_session(setup: &SessionSetup) -> Result<SessionCreated, ApiError> {
    post_json(paths::sessions(), None, setup).await
}

/// `GET /api/join/{code}`; `code` must already be normalised.
pub async fn join_preview(code: &str) -> Result<SessionPreview, ApiError> {
    decode(send("GET", &paths::join_preview(code), None, None).await?)
}

/// `POST /api/sessions/{id}/participants`.
pub async fn join(id: &SessionId, request: &JoinRequest) -> Result<Joined, ApiError> {
    post_json(&paths::participants(id), None, request).await
}

/// `GET /api/sessions/{id}`.
pub async fn snapshot(id: &SessionId, token: &str) -> Result<Snapshot, ApiError> {
    decode(send("GET", &paths::session(id), Some(token), None).await?)
}

/// The body of `POST /api/sessions/{id}/commands`, written once per user action:
/// every retry sends the same bytes (one idempotency key).
pub fn command_body(command: Command, idempotency_key: String) -> Result<String, ApiError> {
    let body = CommandRequest {
        command,
        idempotency_key: Some(idempotency_key),
    };
    serde_json::to_string(&body).map_err(ApiError::network)
}

/// `POST /api/sessions/{id}/commands` with a body from [`command_body`].
pub async fn command(id: &SessionId, token: &str, body: &str) -> Result<CommandAccepted, ApiError> {
    decode(
        send(
            "POST",
            &paths::commands(id),
            Some(token),
            Some(body.to_owned()),
        )
        .await?,
    )
}

/// `GET /api/sessions/{id}/screen` (the facilitator's).
pub async fn screen_key(id: &SessionId, token: &str) -> Result<ScreenKey, ApiError> {
    decode(send("GET", &paths::screen_key(id), Some(token), None).await?)
}

/// `GET /api/sessions/{id}/links` (the facilitator's).
pub async fn links(id: &SessionId, token: &str) -> Result<SessionLinks, ApiError> {
    decode(send("GET", &paths::links(id), Some(token), None).await?)
}

/// `DELETE /api/sessions/{id}`, the title typed to confirm.
pub async fn delete_session(id: &SessionId, token: &str, title: String) -> Result<(), ApiError> {
    let body = serde_json::to_string(&DeleteSession { title }).map_err(ApiError::network)?;
    send("DELETE", &paths::session(id), Some(token), Some(body)).await?;
    Ok(())
}

/// `POST /api/sessions/{id}/tickets`.
pub async fn ticket(id: &SessionId, token: &str) -> Result<Ticket, ApiError> {
    decode(send("POST", &paths::tickets(id), Some(token), None).await?)
}

/// URL of the live stream, continuing after `after`.
pub fn events_url(id: &SessionId, ticket: &str, after: Seq) -> String {
    format!(
        "{}?ticket={}&after={after}",
        on_server(&paths::events(id)),
        encode(ticket)
    )
}

/// URL of an export download.
pub fn export_url(id: &SessionId, file: ExportFile, ticket: &str) -> String {
    format!(
        "{}?ticket={}",
        on_server(&paths::export(id, file)),
        encode(ticket)
    )
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
