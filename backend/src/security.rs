//! Browser-facing defences: security headers (with a strict Content-Security-Policy
//! that pins the front end's inline loader script by hash) and a same-origin check on
//! state-changing API requests and the live stream.
//!
//! Commands authenticate with an `Authorization` header, never a cookie, so a
//! cross-site form cannot ride on a victim's credentials; the origin check is a second
//! wall that also covers the join endpoint, which needs no token.

use crate::embed::EmbedOrigins;
use crate::error::ApiError;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use futures_util::future::{Either, Map};
use futures_util::FutureExt;
use sha2::{Digest, Sha256};
use std::convert::Infallible;
use std::future::{ready, Ready};
use std::path::Path;
use std::sync::Arc;
use std::task::{Context, Poll};
use summit_shared::ErrorCode;
use tower::{Layer, Service, ServiceBuilder};
use tower_http::set_header::SetResponseHeaderLayer;

/// Builds the CSP for the front end in `assets`: scripts only from this origin, plus
/// the inline scripts of the app's two pages (`index.html`, `console.html`: the loader
/// Trunk writes, the stand-in's), each allowed by its SHA-256.
pub fn content_security_policy(assets: &Path, frame_ancestors: &str) -> String {
    let mut hashes = String::new();
    for page in ["index.html", "console.html"] {
        let Ok(html) = std::fs::read_to_string(assets.join(page)) else {
            continue;
        };
        for script in inline_scripts(&html) {
            let hash = format!(
                " 'sha256-{}'",
                STANDARD.encode(Sha256::digest(script.as_bytes()))
            );
            if !hashes.contains(&hash) {
                hashes.push_str(&hash);
            }
        }
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors {frame_ancestors}"
    )
}

/// Bodies of `<script>` elements without a `src` attribute.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let attributes = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        if !attributes.contains("src=") {
            found.push(&after[body_start..body_start + close]);
        }
        rest = &after[body_start + close..];
    }
    found
}

/// The CSP of API responses: they are data, never documents, so nothing may load
/// from them and no page may frame them (OWASP's advice for REST responses).
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The pages (the front end's files) with the document security headers: the full
/// CSP, a strict referrer policy, cross-origin isolation of the window and no
/// camera, microphone or location. API answers get a smaller set ([`ApiLayer`]):
/// the five document headers (530 bytes) were written on every command's answer,
/// four times the JSON itself.
///
/// Why tower layers rather than `axum::middleware::from_fn`: that clones and boxes
/// the inner service and boxes a future on every request; these layers allocate
/// nothing.
pub fn pages(pages: Router, csp: HeaderValue) -> Router {
    let header =
        |name: HeaderName, value: HeaderValue| SetResponseHeaderLayer::overriding(name, value);
    pages.layer(
        ServiceBuilder::new()
            .layer(header(header::CONTENT_SECURITY_POLICY, csp))
            .layer(header(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(header(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ))
            .layer(header(
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            ))
            .layer(header(
                HeaderName::from_static("permissions-policy"),
                HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
            )),
    )
}

/// The browser-facing defences of the API, in one layer:
/// - refuses requests that a browser marks as coming from another site: any
///   state-changing request, and the live stream (it carries hidden-vote
///   projections);
/// - marks every answer as data that nothing may load or frame, and whose type
///   must not be sniffed: API answers are JSON or downloads, never documents.
///
/// Why one hand-written layer rather than a same-origin layer and two
/// `SetResponseHeaderLayer`s: every layer is another future wrapped around the
/// handler's and polled on each wake-up, and each `Router::layer` call boxes every
/// route once more. On the command endpoint the stack of them cost more than the
/// handler's own JSON parsing (BENCHMARKS.md, F11).
/// Host pages allowed to embed Summit ([`EmbedOrigins`]) pass the check.
#[derive(Clone)]
pub struct ApiLayer {
    embed: Arc<EmbedOrigins>,
}

impl ApiLayer {
    pub fn new(embed: EmbedOrigins) -> ApiLayer {
        ApiLayer {
            embed: Arc::new(embed),
        }
    }
}

impl<S> Layer<S> for ApiLayer {
    type Service = Api<S>;

    fn layer(&self, inner: S) -> Api<S> {
        Api {
            inner,
            embed: Arc::clone(&self.embed),
        }
    }
}

#[derive(Clone)]
pub struct Api<S> {
    inner: S,
    embed: Arc<EmbedOrigins>,
}

type Answer = Result<Response, Infallible>;

impl<S> Service<Request> for Api<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Answer>, Map<S::Future, fn(Answer) -> Answer>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let guarded = !matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::OPTIONS
        ) || request.uri().path().ends_with("/events");
        if guarded && is_cross_origin(request.headers(), &self.embed) {
            let refused = ApiError::refused(
                ErrorCode::CrossOrigin,
                "Requests from other sites are not allowed.",
            );
            return Either::Left(ready(with_api_headers(Ok(refused.into_response()))));
        }
        Either::Right(self.inner.call(request).map(with_api_headers as fn(_) -> _))
    }
}

fn with_api_headers(answer: Answer) -> Answer {
    answer.map(|mut response| {
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(API_CSP),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        response
    })
}

fn is_cross_origin(headers: &HeaderMap, embed: &EmbedOrigins) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    // A host page allowed to embed Summit: its requests are cross-site by design.
    if origin.is_some_and(|o| embed.allows(o)) {
        return false;
    }
    // Browsers send Sec-Fetch-Site on every request; it cannot be forged by a page.
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site == "cross-site" || site == "same-site" {
            return true;
        }
    }
    let Some(origin) = origin else {
        return false; // Not a browser cross-origin request (curl, tests, same-origin GET).
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    origin == "null" || origin_host != host
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let html = r#"<script src="/a.js"></script><script type="module">import x;</script><script>y</script>"#;
        assert_eq!(inline_scripts(html), vec!["import x;", "y"]);
    }

    #[test]
    fn cross_origin_detection() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("summit.test"));
        assert!(!is_cross_origin(&h, &EmbedOrigins::default()));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://summit.test"),
        );
        assert!(!is_cross_origin(&h, &EmbedOrigins::default()));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.test"),
        );
        assert!(is_cross_origin(&h, &EmbedOrigins::default()));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://summit.test"),
        );
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(is_cross_origin(&h, &EmbedOrigins::default()));
    }
}
