//! Serves the Trunk-built front end: hashed files with long-lived cache headers,
//! the app's page for every other path (the app routes in the browser), a 404 for a
//! built file that is not there.
//!
//! The app comes in two downloads (frontend/src/lib.rs): `console.html` loads the
//! console, for the start page (its create form), the path its form submits to and
//! the facilitator's page;
//! `index.html` loads the participant's, for every other page. A build without
//! `console.html` is served `index.html` everywhere.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(dir: &Path) -> Router {
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let pages = files
        .clone()
        .fallback(ServeFile::new(dir.join("index.html")));
    let console_html = dir.join("console.html");
    let console = console_html.is_file().then(|| ServeFile::new(console_html));
    Router::new()
        .fallback(move |request: Request| {
            let (files, pages, console) = (files.clone(), pages.clone(), console.clone());
            async move {
                let path = request.uri().path();
                // A built file that is not there (an old release's, say) is a 404: the
                // page fallback would send index.html under its name, to be cached for
                // a year.
                if is_hashed(path) {
                    files.oneshot(request).await.into_response()
                } else if let Some(console) = console.filter(|_| is_console_page(path)) {
                    console.oneshot(request).await.into_response()
                } else {
                    pages.oneshot(request).await.into_response()
                }
            }
        })
        .layer(middleware::from_fn(cache_headers))
}

/// Trunk names built files `name-<hash>.ext`, the hash a 64-bit number in hex without
/// leading zeros (so 16 digits or fewer: one name in 16 has 15): their content never
/// changes, so they may be cached for a year. Anything else (the HTML shell) must be
/// revalidated so a new release is picked up at once.
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

/// The pages of the console's download: `/`, `/s/:id/facilitate`, the projector's
/// `/s/:id/screen`, the leads' `/s/:id/actions`, and `/join`, where
/// the start page's form submits a code before the app has loaded (the app the start
/// page was already loading finishes the join; `/join/:code` links are the
/// participant's).
fn is_console_page(path: &str) -> bool {
    let path = path.strip_suffix('/').unwrap_or(path);
    if path.is_empty() || path == "/join" {
        return true;
    }
    let segments: Vec<&str> = path.split('/').collect();
    matches!(segments.as_slice(), ["", "s", id, "facilitate" | "screen" | "actions"] if !id.is_empty())
}

fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    // Built files have an extension; page paths (session ids, join codes) never do.
    let Some((stem, _extension)) = name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        // At least 8 digits: shorter hashes are rare enough (2^-32) to be revalidated.
        (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_console_serves_the_start_page_and_the_facilitators() {
        for path in [
            "/",
            "/join",
            "/s/abc/facilitate",
            "/s/abc/facilitate/",
            "/s/abc/screen",
            "/s/abc/actions",
        ] {
            assert!(super::is_console_page(path), "{path}");
        }
        for path in [
            "/join/ABC",
            "/s/abc",
            "/s/abc/summary",
            "/s//facilitate",
            "/x",
        ] {
            assert!(!super::is_console_page(path), "{path}");
        }
    }

    #[test]
    fn recognises_trunk_hashes() {
        assert!(super::is_hashed(
            "/summit-frontend-a1b2c3d4e5f60718_bg.wasm"
        ));
        assert!(super::is_hashed("/style-0123456789abcdef.css"));
        // Trunk writes the hash without leading zeros.
        assert!(super::is_hashed("/summit-frontend-4869f1104c73aca.js"));
        assert!(super::is_hashed("/style-375c2fed889b13e.css"));
        assert!(!super::is_hashed("/summit-frontend.js"));
        assert!(!super::is_hashed("/summit-frontend-xyz.js"));
        // A session id may end in a dash and hex digits; it names a page, not a file.
        assert!(!super::is_hashed("/s/Xy3kP-a1b2c3d4e5f60718"));
        assert!(!super::is_hashed("/index.html"));
        assert!(!super::is_hashed("/s/abc/facilitate"));
    }
}
