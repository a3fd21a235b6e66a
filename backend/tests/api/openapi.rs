//! The OpenAPI document at `/api/openapi.json`: generated from the router (each route
//! is declared with its document), served, complete, and every operation it lists
//! answers from its own handler with a status it documents.

use crate::common;

use common::TestApp;
use serde_json::Value;
use summit_backend::routes::document;
use summit_shared::api::{paths, ExportFile};
use summit_shared::Settings;

/// Every `(method, path)` the document lists.
fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            ops.push((method.clone(), path.clone()));
        }
    }
    ops
}

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
    assert_eq!(doc, document());
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(operations(&doc).len(), 15, "{:?}", operations(&doc));
}

#[test]
fn the_document_is_complete() {
    let doc = document();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "ErrorBody",
        "ErrorCode",
        "Command",
        "Event",
        "SeqEvent",
        "SessionState",
        "Snapshot",
        "SessionSetup",
    ] {
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
    // Every reference resolves.
    let text = doc.to_string();
    for piece in text.split("\"$ref\":\"#/").skip(1) {
        let pointer = &piece[..piece.find('"').unwrap()];
        assert!(
            doc.pointer(&format!("/{pointer}")).is_some(),
            "dangling $ref #/{pointer}"
        );
    }
    // Every operation has an id, a success answer and its errors with the error
    // body; 429 and 503 come with Retry-After.
    for (method, path) in operations(&doc) {
        let op = &doc["paths"][&path][&method];
        assert!(op["operationId"].is_string(), "{method} {path}");
        let responses = op["responses"].as_object().unwrap();
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{method} {path} documents no success"
        );
    }
    let too_many = &doc["components"]["responses"]["TooManyRequests"];
    assert_eq!(too_many["headers"]["Retry-After"]["required"], true);
    assert_eq!(
        too_many["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
    // Every command refuses unknown fields (serde's `deny_unknown_fields`; a unit
    // variant would escape it, hence `ClearTimer {}`), and the schema says so.
    for variant in schemas["Command"]["oneOf"].as_array().unwrap() {
        assert_eq!(variant["additionalProperties"], false, "{variant}");
    }
    // The error codes are the shared enum's, on the wire as ever.
    let codes = schemas["ErrorCode"]["enum"].as_array().unwrap();
    assert!(codes.iter().any(|c| c == "vote_budget_exceeded"));
    assert_eq!(codes.len(), summit_shared::ErrorCode::ALL.len());
    let files =
        &doc["paths"]["/api/sessions/{id}/export/{file}"]["get"]["parameters"][1]["schema"]["enum"];
    assert_eq!(files.as_array().unwrap().len(), ExportFile::ALL.len());
}

/// Each documented operation answers from its own handler: not 405 (wrong method),
/// not the `/api/*` fallback's `not_found`, and with a status it documents.
#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = TestApp::start().await;
    let created = app.create_session("OpenAPI", Settings::default()).await;
    let doc = document();
    let export = paths::export(&created.session_id, ExportFile::ActionsCsv);
    for (method, path) in operations(&doc) {
        let mut url = path
            .replace("{id}", &created.session_id.0)
            .replace("{code}", &created.join_code)
            .replace("{file}", export.rsplit('/').next().unwrap_or_default());
        assert!(
            !url.contains('{'),
            "no test value for a parameter of {path}"
        );
        if path.ends_with("/events") {
            // The live stream stays open: a bad position answers at once instead.
            url.push_str("?after=x");
        }
        let res = app
            .client
            .request(method.to_uppercase().parse().unwrap(), app.url(&url))
            .bearer_auth(&created.facilitator_token)
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        assert_ne!(status, 405, "{method} {path} is not routed");
        let body = res.text().await.unwrap();
        assert!(
            !body.contains("\"code\":\"not_found\""),
            "{method} {path} fell through to the fallback: {status} {body}"
        );
        let documented = doc["paths"][&path][&method]["responses"]
            .get(status.to_string())
            .is_some();
        assert!(
            documented,
            "{method} {path} answered {status}, which it does not document: {body}"
        );
    }
}
