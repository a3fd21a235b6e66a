//! The OpenAPI document at `/api/openapi.json`: served, well-formed, and every
//! operation it lists is really routed (the unit test in `openapi.rs` checks the
//! converse: every route in `routes::api()` is listed).

mod common;

use common::TestApp;
use serde_json::Value;
use summit_backend::openapi::{path_params, OPERATIONS};
use summit_shared::Settings;

#[tokio::test]
async fn serves_the_generated_document() {
    let app = TestApp::start().await;
    let res = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let doc: Value = res.json().await.unwrap();
    assert_eq!(doc, summit_backend::openapi::document());
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let listed: usize = paths
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(listed, OPERATIONS.len());
}

/// Each documented operation answers from its own handler: not 405 (wrong method) and
/// not the `/api/*` fallback's `not_found`.
#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = TestApp::start().await;
    let created = app.create_session("OpenAPI", Settings::default()).await;
    for op in OPERATIONS {
        let mut path = op.path.to_owned();
        for name in path_params(op.path) {
            let value = match name {
                "id" => created.session_id.0.clone(),
                "code" => created.join_code.clone(),
                "file" => "actions.csv".to_owned(),
                other => panic!("no test value for {{{other}}}"),
            };
            path = path.replace(&format!("{{{name}}}"), &value);
        }
        if op.path.ends_with("/events") {
            // The live stream stays open: a bad position answers at once instead.
            path.push_str("?after=x");
        }
        let method = op.method.to_uppercase().parse().unwrap();
        let res = app
            .client
            .request(method, app.url(&path))
            .bearer_auth(&created.facilitator_token)
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        assert_ne!(status, 405, "{} {} is not routed", op.method, op.path);
        let body = res.text().await.unwrap();
        assert!(
            !body.contains("\"code\":\"not_found\""),
            "{} {} fell through to the fallback: {status} {body}",
            op.method,
            op.path
        );
        let documented = std::iter::once(match op.success {
            summit_backend::openapi::Success::Json(status, _) => status,
            _ => 200,
        })
        .chain(op.errors.iter().copied())
        .any(|s| s == status);
        assert!(
            documented,
            "{} {} answered {status}, which it does not document: {body}",
            op.method, op.path
        );
    }
}
