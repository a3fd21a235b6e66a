//! The client's address behind a proxy: per-address limits count the client a
//! trusted proxy names, and ignore what anyone else claims.

use crate::common;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use summit_shared::api::paths;
use summit_shared::Settings;

/// Unknown-code lookups one client address may make before `429`.
const MISSES_ALLOWED: usize = 20;

/// Looks a code up as `client` says it is; answers the status.
async fn lookup(app: &TestApp, code: &str, header: (&str, &str)) -> StatusCode {
    app.client
        .get(app.url(&paths::join_preview(code)))
        .header(header.0, header.1)
        .send()
        .await
        .expect("send")
        .status()
}

const UNKNOWN: &str = "AAAAAA";

#[tokio::test]
async fn a_forwarded_client_is_limited_and_its_neighbours_are_not() {
    // The test's requests come from 127.0.0.1: here, the trusted proxy.
    let app = TestApp::start_configured(Backend::Sqlite, |c| {
        c.trusted_proxies = "127.0.0.1".parse().expect("a proxy list")
    })
    .await;
    let created = app
        .create_session("Behind a proxy", Settings::default())
        .await;
    let mallory = ("x-forwarded-for", "198.51.100.7");
    let mut statuses = Vec::new();
    for _ in 0..25 {
        statuses.push(lookup(&app, UNKNOWN, mallory).await);
    }
    assert!(
        statuses[..MISSES_ALLOWED]
            .iter()
            .all(|s| *s == StatusCode::NOT_FOUND),
        "{statuses:?}"
    );
    assert!(
        statuses[MISSES_ALLOWED..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // The client who mistyped is limited, even with the right code…
    assert_eq!(
        lookup(&app, &created.join_code, mallory).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // …and the people next to them, behind the same proxy, are not.
    for neighbour in [
        ("x-forwarded-for", "198.51.100.8"),
        ("forwarded", "for=198.51.100.9;proto=https"),
        // A client cannot hide behind an address it writes itself: the proxy's
        // entry (the rightmost) is the one that counts.
        ("x-forwarded-for", "198.51.100.7, 198.51.100.10"),
    ] {
        assert_eq!(
            lookup(&app, &created.join_code, neighbour).await,
            StatusCode::OK,
            "{neighbour:?}"
        );
    }
}

#[tokio::test]
async fn a_forwarding_header_from_an_untrusted_peer_is_ignored() {
    // No trusted proxies: every request counts against its own peer, 127.0.0.1.
    let app = TestApp::start().await;
    let created = app.create_session("No proxy", Settings::default()).await;
    let mut statuses = Vec::new();
    for i in 0..25 {
        let forged = format!("203.0.113.{i}");
        let status = app
            .client
            .get(app.url(&paths::join_preview(UNKNOWN)))
            .header("x-forwarded-for", &forged)
            .header("forwarded", format!("for={forged}"))
            .send()
            .await
            .expect("send")
            .status();
        statuses.push(status);
    }
    assert_eq!(
        statuses[MISSES_ALLOWED],
        StatusCode::TOO_MANY_REQUESTS,
        "{statuses:?}"
    );
    assert_eq!(
        lookup(
            &app,
            &created.join_code,
            ("x-forwarded-for", "203.0.113.99")
        )
        .await,
        StatusCode::TOO_MANY_REQUESTS,
        "a fresh forged address must not get around the limit"
    );
}
