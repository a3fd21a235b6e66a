//! Inputs that once got an untyped or too-lenient answer.

use crate::harness::*;
use reqwest::Method;
use serde_json::json;

/// Inputs that once got an untyped or too-lenient answer (untyped 400/405, unknown
/// fields on field-less commands, invisible names, look-alike departments, raw
/// Markdown in exports); each case asserts the behaviour the server now has.
#[tokio::test]
async fn closed_gaps() {
    let mut h = Harness::new().await;
    let join = |what: &str, name: &str, cx: &Ctx| {
        Case::post(format!("join: name of only {what}"), cx.participants())
            .json(json!({"name": name, "department": MARKETING}))
            .expect(422, "empty")
    };
    let create = |what: &str, departments: [&str; 2]| {
        Case::post(format!("create: departments {what}"), "/api/sessions")
            .json(json!({"title": "t", "departments": departments}))
            .expect(422, "duplicate_department")
    };
    let cx = &h.cx;
    let cases = vec![
        // Handlers use axum's own `Path`, whose rejection is a plain-text 400, not the
        // typed body `From<PathRejection> for ApiError` would give.
        Case::get(
            "preview: invalid UTF-8 in the code",
            "/api/join/%FF%FE%FD%FC%FB%FA",
        )
        .expect(404, "not_found"),
        Case::get("snapshot: invalid UTF-8 in the id", "/api/sessions/%FF%FE")
            .bearer(&cx.fac)
            .expect(404, "not_found"),
        Case::post(
            "command: invalid UTF-8 in the id",
            "/api/sessions/%C3%28/commands",
        )
        .bearer(&cx.fac)
        .json(json!({"command": {"type": "clear_timer"}}))
        .expect(404, "not_found"),
        Case::get(
            "export: invalid UTF-8 in the file name",
            cx.export("%FF.csv"),
        )
        .bearer(&cx.fac)
        .expect(404, "not_found"),
        // A wrong method on a known path is axum's bare 405 with an empty body.
        Case::new("PATCH a session", Method::PATCH, cx.session())
            .bearer(&cx.fac)
            .expect(405, "method_not_allowed"),
        // Deleting a session needs its title typed, as JSON, from the facilitator.
        Case::new(
            "DELETE a session without a body",
            Method::DELETE,
            cx.session(),
        )
        .bearer(&cx.fac)
        .expect(415, "unsupported_media_type"),
        Case::new(
            "DELETE a session: wrong title",
            Method::DELETE,
            cx.session(),
        )
        .bearer(&cx.fac)
        .json(json!({"title": "Not this one"}))
        .expect(422, "title_mismatch"),
        Case::new(
            "DELETE a session: unknown field",
            Method::DELETE,
            cx.session(),
        )
        .bearer(&cx.fac)
        .json(json!({"title": "x", "force": true}))
        .expect(400, "invalid_body"),
        Case::new("DELETE a session: no token", Method::DELETE, cx.session())
            .json(json!({"title": "x"}))
            .expect(401, "missing_token"),
        Case::get(
            "calendar feed: no key",
            format!("{}/calendar.ics", cx.session()),
        )
        .expect(401, "invalid_token"),
        Case::get(
            "calendar feed: a key never issued",
            format!("{}/calendar.ics?key=AAAA", cx.session()),
        )
        .expect(401, "invalid_token"),
        Case::get("GET the create endpoint", "/api/sessions").expect(405, "method_not_allowed"),
        Case::new("PUT a command", Method::PUT, cx.commands())
            .bearer(&cx.fac)
            .json(json!({"command": {"type": "clear_timer"}}))
            .expect(405, "method_not_allowed"),
        // `deny_unknown_fields` does not reach unit variants of the tagged command enum.
        cx.cmd(
            "command: unknown field on a unit command",
            &cx.fac,
            json!({"type": "clear_timer", "as": "facilitator"}),
        )
        .expect(400, "invalid_body"),
        // Names that render as nothing: `clean` keeps these invisible characters.
        join("a zero-width joiner", "\u{200D}", cx),
        join("a zero-width non-joiner", "\u{200C}", cx),
        join("direction marks", "\u{200E}\u{200F}\u{061C}", cx),
        join("soft hyphens", "\u{AD}\u{AD}", cx),
        join("a combining grapheme joiner", "\u{34F}", cx),
        join("Hangul fillers", "\u{3164}\u{115F}\u{FFA0}", cx),
        join("a braille blank", "\u{2800}", cx),
        join("a Mongolian vowel separator", "\u{180E}", cx),
        join("tag characters", "\u{E0041}\u{E0042}", cx),
        // Department names that look the same but compare different.
        create("in NFC and NFD", ["Caf\u{e9}", "Cafe\u{301}"]),
        create(
            "differing by a zero-width joiner",
            ["Sales", "Sales\u{200D}"],
        ),
        create("differing by a soft hyphen", ["Sales", "Sa\u{AD}les"]),
        create("differing by a direction mark", ["Sales", "Sales\u{200E}"]),
    ];
    h.refuse_all(cases).await;

    // Markdown exports carry problem text as is: raw HTML and remote images run in
    // Markdown viewers that render HTML.
    let ann = h.cx.ann.clone();
    h.phase("problems").await;
    h.setup(
        &ann,
        json!({"type": "submit_problem", "text": "<script>alert(1)</script>"}),
    )
    .await;
    h.setup(
        &ann,
        json!({"type": "submit_problem", "text": "![](http://evil.example/pixel.png)"}),
    )
    .await;
    let summary = h.download("summary.md").await;
    if summary.contains("<script>") || summary.contains("![](http") {
        h.failures.push(format!(
            "summary.md renders problem text as Markdown/HTML:\n{summary}"
        ));
    }

    h.finish();
}
