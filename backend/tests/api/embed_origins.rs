//! Host pages allowed to embed Summit (`--embed-origins`): CORS answers for them
//! only (preflights, the API, the front end's files), their commands pass the
//! same-origin check while any other site's are refused, and they may frame the
//! pages. Without the setting nobody gets a CORS answer.

use crate::common;

use common::{Backend, TestApp};
use reqwest::{Method, StatusCode};
use summit_backend::Config;
use summit_shared::api::paths;
use summit_shared::{Phase, Settings};

const HOST: &str = "http://intranet.example.test:9000";
const OTHER: &str = "http://evil.example.test";

fn embedding(config: &mut Config) {
    config.embed_origins = HOST.parse().expect("an origin");
}

async fn preflight(app: &TestApp, origin: &str) -> reqwest::Response {
    app.client
        .request(Method::OPTIONS, app.url(paths::sessions()))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .send()
        .await
        .expect("send")
}

fn allowed_origin(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get("access-control-allow-origin")
        .map(|v| v.to_str().expect("ascii").to_owned())
}

#[tokio::test]
async fn cors_answers_only_the_listed_host_pages() {
    let app = TestApp::start_configured(Backend::Sqlite, embedding).await;
    let res = preflight(&app, HOST).await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(allowed_origin(&res).as_deref(), Some(HOST));
    let allowed = res.headers()["access-control-allow-headers"]
        .to_str()
        .expect("ascii")
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
    assert!(
        !res.headers()
            .contains_key("access-control-allow-credentials"),
        "tokens travel as headers, never cookies"
    );

    assert_eq!(allowed_origin(&preflight(&app, OTHER).await), None);

    // The front end's files, for the widget's loader.
    for path in ["/", "/api/health"] {
        let res = app
            .client
            .get(app.url(path))
            .header("origin", HOST)
            .send()
            .await
            .expect("send");
        assert_eq!(allowed_origin(&res).as_deref(), Some(HOST), "{path}");
    }
}

#[tokio::test]
async fn a_listed_host_page_sends_commands_and_any_other_site_is_refused() {
    let app = TestApp::start_configured(Backend::Sqlite, embedding).await;
    let created = app.create_session("Embedded", Settings::default()).await;
    let sid = &created.session_id;
    let body = serde_json::json!({"command": {"type": "set_phase", "phase": Phase::Problems}});
    let send = |origin: &'static str| {
        app.client
            .post(app.url(&paths::commands(sid)))
            .bearer_auth(&created.facilitator_token)
            .header("origin", origin)
            .header("sec-fetch-site", "cross-site")
            .json(&body)
            .send()
    };
    let refused = send(OTHER).await.expect("send");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let err: serde_json::Value = refused.json().await.expect("json");
    assert_eq!(err["error"]["code"], "cross_origin");

    let accepted = send(HOST).await.expect("send");
    assert_eq!(accepted.status(), StatusCode::OK);
    assert_eq!(allowed_origin(&accepted).as_deref(), Some(HOST));
}

#[tokio::test]
async fn listed_host_pages_may_frame_the_pages() {
    let app = TestApp::start_configured(Backend::Sqlite, embedding).await;
    let res = app.client.get(app.url("/")).send().await.expect("send");
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        csp.contains(&format!("frame-ancestors 'self' {HOST}")),
        "{csp}"
    );
}

#[tokio::test]
async fn without_embed_origins_nobody_gets_a_cors_answer() {
    let app = TestApp::start().await;
    assert_eq!(allowed_origin(&preflight(&app, HOST).await), None);
    let res = app.client.get(app.url("/")).send().await.expect("send");
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .expect("ascii");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
}
