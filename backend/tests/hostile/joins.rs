//! Previewing and joining: unknown and malformed codes, names at and past their limits.

use crate::fixture::Stage;
use crate::harness::*;
use serde_json::{json, Value};

pub(crate) fn preview_cases(cx: &Ctx) -> Vec<Case> {
    let preview =
        |what: &str, code: &str| Case::get(format!("preview: {what}"), format!("/api/join/{code}"));
    vec![
        preview("script tag", "%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            .expect(404, "unknown_join_code"),
        preview("SQL", "'%20OR%20'1'%3D'1").expect(404, "unknown_join_code"),
        preview(
            "4-byte characters",
            "%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80",
        )
        .expect(404, "unknown_join_code"),
        preview("seven characters", &format!("{}A", cx.code)).expect(404, "unknown_join_code"),
        preview("look-alike 0 for O", "ACDEF0").expect(404, "unknown_join_code"),
        preview("well formed but unknown", &cx.unknown_code()).expect(404, "unknown_join_code"),
        preview("NUL byte", "%00%00%00%00%00%00").expect(404, "unknown_join_code"),
    ]
}

pub(crate) fn join_cases(cx: &Ctx) -> Vec<Case> {
    let join =
        |what: &str, body: Value| Case::post(format!("join: {what}"), cx.participants()).json(body);
    let mut cases = vec![
        join(
            "name one past the limit in 4-byte characters",
            json!({"name": four_byte(NAME_MAX + 1), "department": MARKETING}),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", NAME_MAX + 1))
        .mentions(NAME_MAX.to_string()),
        join("empty name", json!({"name": "", "department": MARKETING})).expect(422, "empty"),
        join(
            "name of control characters",
            json!({"name": "\u{0}\u{7}\u{1b}\u{7f}\u{9f}", "department": MARKETING}),
        )
        .expect(422, "empty"),
        join(
            "name of zero-width space, BOM, word joiner, RTL override",
            json!({"name": "\u{200B}\u{FEFF}\u{2060}\u{202E}", "department": MARKETING}),
        )
        .expect(422, "empty"),
        join(
            "name of Unicode spaces",
            json!({"name": "\u{00A0}\u{3000}\u{2003}\u{2028}", "department": MARKETING}),
        )
        .expect(422, "empty"),
        join("department 0", json!({"name": "Eve", "department": 0}))
            .expect(404, "unknown_department"),
        join("department 3", json!({"name": "Eve", "department": 3}))
            .expect(404, "unknown_department"),
        join(
            "department u32::MAX",
            json!({"name": "Eve", "department": u32::MAX}),
        )
        .expect(404, "unknown_department"),
        join(
            "negative department",
            json!({"name": "Eve", "department": -1}),
        )
        .expect(400, "invalid_body"),
        join(
            "fractional department",
            json!({"name": "Eve", "department": 1.5}),
        )
        .expect(400, "invalid_body"),
        join(
            "department past u32",
            json!({"name": "Eve", "department": 4_294_967_296_u64}),
        )
        .expect(400, "invalid_body"),
        join(
            "department as a string",
            json!({"name": "Eve", "department": "1"}),
        )
        .expect(400, "invalid_body"),
        join("missing name", json!({"department": MARKETING})).expect(400, "invalid_body"),
        join(
            "name as an array",
            json!({"name": ["Eve"], "department": MARKETING}),
        )
        .expect(400, "invalid_body"),
        Case::post(
            "join: unknown session",
            format!("/api/sessions/{}/participants", cx.unknown_sid()),
        )
        .json(json!({"name": "Eve", "department": MARKETING}))
        .expect(404, "session_not_found"),
        Case::post(
            "join: SQL as session id",
            "/api/sessions/'%20OR%201%3D1%20--/participants",
        )
        .json(json!({"name": "Eve", "department": MARKETING}))
        .expect(404, "session_not_found"),
    ];
    cases.extend(malformed_bodies(
        "join",
        &cx.participants(),
        None,
        &json!({"name": "Valid", "department": MARKETING}),
    ));
    cases
}

#[tokio::test]
async fn previews() {
    let mut h = Harness::new().await;
    let preview = preview_cases(&h.cx);
    let misses = preview
        .iter()
        .filter(|c| c.code == "unknown_join_code")
        .count();
    assert!(
        misses < JOIN_CODE_MISS_BURST,
        "stay under the join-code limiter"
    );
    h.refuse_all(preview).await;
    h.finish();
}

#[tokio::test]
async fn joins() {
    let mut h = Harness::new().await;
    let cases = join_cases(&h.cx);
    h.refuse_all(cases).await;
    h.advance_to(Stage::Joined).await;
    h.finish();
}
