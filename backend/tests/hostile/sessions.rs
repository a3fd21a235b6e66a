//! Creating sessions: malformed setups refused, hostile but valid titles and departments stored as text.

use crate::harness::*;
use serde_json::{json, Value};

pub(crate) fn session_creation_cases() -> Vec<Case> {
    let create =
        |what: &str, body: Value| Case::post(format!("create: {what}"), "/api/sessions").json(body);
    let ok_depts = json!(["Marketing", "Customer Service"]);
    let mut cases = vec![
        create(
            "title one past the limit in 4-byte characters",
            json!({"title": four_byte(TITLE_MAX + 1), "departments": ok_depts}),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", TITLE_MAX + 1))
        .mentions(TITLE_MAX.to_string()),
        create("empty title", json!({"title": "", "departments": ok_depts}))
            .expect(422, "empty"),
        create(
            "title of Unicode spaces and controls",
            json!({"title": "\u{3000}\u{00A0}\t\u{0}\u{7}\u{85}", "departments": ok_depts}),
        )
        .expect(422, "empty"),
        create(
            "title of only disguising invisibles",
            json!({"title": "\u{202E}\u{200B}\u{FEFF}\u{2066}", "departments": ok_depts}),
        )
        .expect(422, "empty"),
        create("one department", json!({"title": "t", "departments": ["Solo"]}))
            .expect(422, "department_count"),
        create(
            "nine departments",
            json!({"title": "t", "departments": (1..=9).map(|i| format!("D{i}")).collect::<Vec<_>>()}),
        )
        .expect(422, "department_count"),
        create(
            "5000 departments",
            json!({"title": "t", "departments": vec!["d"; 5000]}),
        )
        .expect(422, "department_count"),
        create(
            "department name one past the limit",
            json!({"title": "t", "departments": ["Sales", four_byte(DEPARTMENT_NAME_MAX + 1)]}),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", DEPARTMENT_NAME_MAX + 1)),
        create(
            "empty department name",
            json!({"title": "t", "departments": ["Sales", "  "]}),
        )
        .expect(422, "empty"),
        create(
            "departments differing only in case",
            json!({"title": "t", "departments": ["Sales", "SALES"]}),
        )
        .expect(422, "duplicate_department"),
        create(
            "departments differing only by a zero-width space",
            json!({"title": "t", "departments": ["Sales", "Sa\u{200B}les"]}),
        )
        .expect(422, "duplicate_department"),
        create(
            "vote budget 0",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 0, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(422, "invalid_settings"),
        create(
            "vote budget 51",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 51, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(422, "invalid_settings"),
        create(
            "cap above budget",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 5, "vote_cap_per_idea": 6,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(422, "invalid_settings"),
        create(
            "negative vote budget",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": -1, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(400, "invalid_body"),
        create(
            "fractional vote budget",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 2.5, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(400, "invalid_body"),
        create(
            "vote budget past u32",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 4_294_967_296_u64, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(400, "invalid_body"),
        create(
            "anonymous as a string",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 5, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": "yes"}}),
        )
        .expect(400, "invalid_body"),
        create(
            "departments as a string",
            json!({"title": "t", "departments": "Marketing,Service"}),
        )
        .expect(400, "invalid_body"),
        create("missing title", json!({"departments": ok_depts})).expect(400, "invalid_body"),
        create(
            "title as an object",
            json!({"title": {"$ne": null}, "departments": ok_depts}),
        )
        .expect(400, "invalid_body"),
        create(
            "carry over from a link as a string",
            json!({"title": "t", "departments": ok_depts, "carry_from": "https://x/s/a/facilitate#key=b"}),
        )
        .expect(400, "invalid_body"),
        create(
            "carry over from a session that does not exist",
            json!({"title": "t", "departments": ok_depts, "carry_from": {"session": "../../etc/passwd", "key": "k"}}),
        )
        .expect(404, "session_not_found"),
        create(
            "carry over with an empty key",
            json!({"title": "t", "departments": ok_depts, "carry_from": {"session": "", "key": ""}}),
        )
        .expect(404, "session_not_found"),
    ];
    cases.extend(malformed_bodies(
        "create",
        "/api/sessions",
        None,
        &json!({"title": "Valid", "departments": ["A", "B"]}),
    ));
    cases
}

pub(crate) fn accepted_sessions() -> Vec<Accepted> {
    let create =
        |what: &str, body: Value| Case::post(format!("create: {what}"), "/api/sessions").json(body);
    let hostile = json!({
        "title": "<script>alert(1)</script>",
        "departments": ["'; DROP TABLE sessions; --", "=HYPERLINK(\"http://evil.example\")"],
    });
    vec![
        Accepted::new(
            create("script tag as title", hostile.clone()),
            201,
            Stored::NewSessionTitle,
            "<script>alert(1)</script>",
        ),
        Accepted::new(
            create("SQL as a department name", hostile.clone()),
            201,
            Stored::NewSessionDepartment(0),
            "'; DROP TABLE sessions; --",
        ),
        Accepted::new(
            create("formula as a department name", hostile),
            201,
            Stored::NewSessionDepartment(1),
            "=HYPERLINK(\"http://evil.example\")",
        ),
        Accepted::new(
            create(
                "title exactly at the limit in 4-byte characters",
                json!({"title": music(TITLE_MAX), "departments": ["A", "B"]}),
            ),
            201,
            Stored::NewSessionTitle,
            music(TITLE_MAX),
        ),
        Accepted::new(
            create(
                "department name at the limit, padded with spaces",
                json!({"title": "t", "departments": [format!("  {}  ", four_byte(DEPARTMENT_NAME_MAX)), "B"]}),
            ),
            201,
            Stored::NewSessionDepartment(0),
            four_byte(DEPARTMENT_NAME_MAX),
        ),
        Accepted::new(
            create(
                "title with controls and an RTL override",
                json!({"title": "  Q1\u{7} review\u{0} \u{202E}cod.exe ", "departments": ["A", "B"]}),
            ),
            201,
            Stored::NewSessionTitle,
            "Q1 review cod.exe",
        ),
    ]
}

#[tokio::test]
async fn session_creation() {
    let mut h = Harness::new().await;
    h.refuse_all(session_creation_cases()).await;
    h.accept_all(accepted_sessions()).await;
    h.finish();
}
