//! The host pages allowed to embed Summit (`--embed-origins`): an intranet page
//! running the widget, or framing the participant's page. Their requests get CORS
//! answers (the API, the live stream and the front end's files), pass the API's
//! same-origin check, and they may frame the pages. Everyone else is refused as
//! before. Credentials travel as `Authorization` headers, never cookies, so CORS
//! never allows credentials.

use axum::http::{header, HeaderName, HeaderValue, Method};
use std::str::FromStr;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The origins allowed to embed, exactly as browsers send them in `Origin`
/// (`https://intranet.example.com`, `http://127.0.0.1:9000`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedOrigins(Vec<String>);

/// A list that does not parse: which entry, and why.
#[derive(Debug, thiserror::Error)]
#[error(
    "`{0}` is not an origin: write the scheme and host (and port), like \
     `https://intranet.example.com`, without a path"
)]
pub struct BadOrigin(String);

impl FromStr for EmbedOrigins {
    type Err = BadOrigin;

    /// A comma-separated list of origins; an empty list allows nobody.
    fn from_str(list: &str) -> Result<EmbedOrigins, BadOrigin> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                let origin = entry.trim_end_matches('/').to_ascii_lowercase();
                let host = origin
                    .strip_prefix("https://")
                    .or_else(|| origin.strip_prefix("http://"))
                    .unwrap_or("");
                let fits = !host.is_empty()
                    && host.bytes().all(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
                    });
                if fits && HeaderValue::from_str(&origin).is_ok() {
                    Ok(origin)
                } else {
                    Err(BadOrigin(entry.to_owned()))
                }
            })
            .collect::<Result<_, _>>()
            .map(EmbedOrigins)
    }
}

impl EmbedOrigins {
    /// Whether a request with this `Origin` header comes from an allowed host page.
    pub fn allows(&self, origin: &str) -> bool {
        self.0.iter().any(|o| o.eq_ignore_ascii_case(origin))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// CORS for the allowed host pages, or nothing when there are none (then no
    /// answer carries an `Access-Control-Allow-Origin`).
    pub fn cors(&self) -> Option<CorsLayer> {
        if self.0.is_empty() {
            return None;
        }
        let origins = self
            .0
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect::<Vec<_>>();
        Some(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST, Method::DELETE])
                .allow_headers([
                    header::AUTHORIZATION,
                    header::CONTENT_TYPE,
                    HeaderName::from_static("last-event-id"),
                ])
                .expose_headers([header::RETRY_AFTER])
                .max_age(Duration::from_secs(600)),
        )
    }

    /// The CSP `frame-ancestors` value: the one configured, unless it is the default
    /// (nobody) and host pages are allowed, which may then frame the pages.
    pub fn frame_ancestors(&self, configured: &str) -> String {
        if self.0.is_empty() || configured.trim() != "'none'" {
            return configured.to_owned();
        }
        format!("'self' {}", self.0.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_list_of_origins() {
        let list: EmbedOrigins = " https://Intranet.example.com/, http://127.0.0.1:9000 ,"
            .parse()
            .unwrap_or_default();
        assert!(list.allows("https://intranet.example.com"));
        assert!(list.allows("http://127.0.0.1:9000"));
        assert!(!list.allows("http://127.0.0.1:9001"));
        assert!(!list.allows("https://intranet.example.com.evil.test"));
        assert!("".parse::<EmbedOrigins>().is_ok_and(|l| l.is_empty()));
        for bad in [
            "intranet.example.com",
            "https://x.test/path",
            "ftp://x.test",
            "https://",
        ] {
            assert!(bad.parse::<EmbedOrigins>().is_err(), "{bad}");
        }
    }

    #[test]
    fn host_pages_may_frame_unless_told_otherwise() {
        let list: EmbedOrigins = "https://a.test,https://b.test".parse().unwrap_or_default();
        assert_eq!(
            list.frame_ancestors("'none'"),
            "'self' https://a.test https://b.test"
        );
        assert_eq!(list.frame_ancestors("'self'"), "'self'");
        assert_eq!(EmbedOrigins::default().frame_ancestors("'none'"), "'none'");
    }
}
