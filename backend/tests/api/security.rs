//! Browser-facing defences and abuse limits, against a real server.

use crate::common;

use common::TestApp;
use reqwest::StatusCode;
use summit_shared::api::paths;
use summit_shared::{Command, Settings};

#[tokio::test]
async fn pages_carry_the_document_security_headers() {
    let app = TestApp::start().await;
    // Any page path (the test server has no front end built, so it is a 404; the
    // headers are the same for the app's pages).
    let res = app.client.get(app.url("/s/abc")).send().await.unwrap();
    let h = res.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("object-src 'none'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["cross-origin-opener-policy"], "same-origin");
    assert!(h.contains_key("permissions-policy"));
}

#[tokio::test]
async fn api_responses_carry_the_data_security_headers() {
    let app = TestApp::start().await;
    let created = app.create_session("Headers", Settings::default()).await;
    let commands = paths::commands(&created.session_id);
    let body = serde_json::json!({"command": {"type": "set_phase", "phase": "problems"}});
    let answers = [
        app.client.get(app.url("/api/health")).send().await.unwrap(),
        app.client.get(app.url("/api/nope")).send().await.unwrap(),
        app.client
            .post(app.url(&commands))
            .bearer_auth(&created.facilitator_token)
            .json(&body)
            .send()
            .await
            .unwrap(),
        // Refused before any handler runs.
        app.client
            .post(app.url(&commands))
            .header("origin", "https://evil.test")
            .bearer_auth(&created.facilitator_token)
            .json(&body)
            .send()
            .await
            .unwrap(),
        // A wrong method, a malformed body and a bad token: errors are data too.
        app.client.delete(app.url(&commands)).send().await.unwrap(),
        app.client
            .post(app.url(&commands))
            .bearer_auth(&created.facilitator_token)
            .header("content-type", "application/json")
            .body("{")
            .send()
            .await
            .unwrap(),
        app.client
            .post(app.url(&commands))
            .bearer_auth("not-a-token")
            .json(&body)
            .send()
            .await
            .unwrap(),
    ];
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses, [200, 404, 200, 403, 405, 400, 401]);
    for res in answers {
        let h = res.headers();
        // Data is never a document: nothing loads from it, nothing frames it.
        assert_eq!(
            h["content-security-policy"],
            "default-src 'none'; frame-ancestors 'none'",
            "{}",
            res.url()
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{}", res.url());
    }
}

#[tokio::test]
async fn large_api_answers_are_compressed_and_small_ones_are_not() {
    let app = TestApp::start().await;
    let created = app.create_session("Compression", Settings::default()).await;
    let gzip = |path: String| {
        app.client
            .get(app.url(&path))
            .header("accept-encoding", "gzip")
            .bearer_auth(&created.facilitator_token)
            .send()
    };
    let spec = gzip("/api/openapi.json".into()).await.unwrap();
    assert_eq!(spec.headers()["content-encoding"], "gzip");
    let health = gzip("/api/health".into()).await.unwrap();
    assert!(!health.headers().contains_key("content-encoding"));
}

#[tokio::test]
async fn cross_site_requests_are_refused() {
    let app = TestApp::start().await;
    let created = app.create_session("CSRF", Settings::default()).await;
    let sid = &created.session_id;
    let body = serde_json::json!({"command": {"type": "set_phase", "phase": "problems"}});
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("origin", "null"),
    ] {
        let res = app
            .client
            .post(app.url(&paths::commands(sid)))
            .bearer_auth(&created.facilitator_token)
            .header(name, value)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name}: {value}");
        let err: serde_json::Value = res.json().await.unwrap();
        assert_eq!(err["error"]["code"], "cross_origin");
    }
    // The same request from the page's own origin goes through.
    let host = app.base.trim_start_matches("http://").to_owned();
    let res = app
        .client
        .post(app.url(&paths::commands(sid)))
        .bearer_auth(&created.facilitator_token)
        .header("origin", format!("http://{host}"))
        .header("sec-fetch-site", "same-origin")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let snap = app.snapshot(sid, &created.facilitator_token).await;
    assert_eq!(snap.seq, 2, "only the same-origin command was applied");
}

#[tokio::test]
async fn join_code_guessing_is_rate_limited() {
    let app = TestApp::start().await;
    // Right codes never count: a whole office behind one address can join.
    let created = app.create_session("Office", Settings::default()).await;
    for _ in 0..50 {
        let res = app
            .client
            .get(app.url(&paths::join_preview(&created.join_code)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    let mut limited = None;
    for i in 0..40 {
        let res = app
            .client
            .get(app.url("/api/join/ACDEFG"))
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some((i, res));
            break;
        }
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let (i, res) = limited.expect("guessing gets throttled");
    assert_eq!(i, 20, "20 wrong codes in a row, then a pause");
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    let err: serde_json::Value = res.json().await.unwrap();
    assert_eq!(err["error"]["code"], "too_many_join_attempts");
    // While throttled, even the right code waits: guessing cannot go on in parallel.
    let res = app
        .client
        .get(app.url(&paths::join_preview(&created.join_code)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn live_connections_per_participant_are_capped() {
    let app = TestApp::start().await;
    let created = app.create_session("Streams", Settings::default()).await;
    let sid = &created.session_id;
    let ann = app.join(sid, "Ann", 1).await;
    let mut open = Vec::new();
    for _ in 0..8 {
        open.push(app.stream(sid, &ann.token, None).await);
    }
    let ticket = app.ticket(sid, &ann.token).await;
    let res = app
        .client
        .get(app.url(&format!("{}?ticket={ticket}", paths::events(sid))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    // Closing one frees its slot.
    drop(open.pop());
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    // The server notices the closed connection on its next write; nudge it.
    app.command(
        sid,
        &created.facilitator_token,
        Command::StartTimer { seconds: 60 },
    )
    .await;
    let mut reopened = false;
    for _ in 0..20 {
        let ticket = app.ticket(sid, &ann.token).await;
        let res = app
            .client
            .get(app.url(&format!("{}?ticket={ticket}", paths::events(sid))))
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::OK {
            reopened = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(reopened, "a closed stream frees its slot");
}
