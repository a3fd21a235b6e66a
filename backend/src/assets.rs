//! Serves the Trunk-built front end: hashed files with long-lived cache headers,
//! `index.html` for every other page path (the app routes in the browser).

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(dir: &Path) -> Router {
    let index = dir.join("index.html");
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(index));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// Trunk names built files `name-<16 hex>.ext`: their content never changes, so they
/// may be cached for a year. Anything else (the HTML shell) must be revalidated so a
/// new release is picked up at once.
async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let value = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn recognises_trunk_hashes() {
        assert!(super::is_hashed(
            "/summit-frontend-a1b2c3d4e5f60718_bg.wasm"
        ));
        assert!(super::is_hashed("/style-0123456789abcdef.css"));
        assert!(!super::is_hashed("/index.html"));
        assert!(!super::is_hashed("/s/abc/facilitate"));
    }
}
