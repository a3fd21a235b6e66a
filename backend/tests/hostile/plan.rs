//! The Plan phase: action items refused, hostile but valid ones stored, and exports that neutralize formulas.

use crate::fixture::{
    Stage, FORMULA_DEPARTMENT, FORMULA_IDEA, FORMULA_OWNER, FORMULA_PROBLEM, FORMULA_TITLE,
};
use crate::harness::*;
use serde_json::{json, Value};

pub(crate) fn plan_cases(cx: &Ctx, problem: u64, idea: u64, other_idea: u64) -> Vec<Case> {
    let draft = |title: Value, owner: Value, department: Value, due: Value| {
        json!({"title": title, "problem": problem, "idea": idea, "owner": owner,
               "department": department, "due": due})
    };
    let ok = || {
        draft(
            json!("Fix it"),
            json!("Ann"),
            json!(MARKETING),
            json!("2030-01-31"),
        )
    };
    let create = |what: &str, action: Value| {
        cx.cmd(
            format!("action: {what}"),
            &cx.fac,
            json!({"type": "create_action", "action": action}),
        )
    };
    let due = |what: &str, due: Value| {
        create(
            &format!("due {what}"),
            draft(json!("Fix it"), json!("Ann"), json!(MARKETING), due),
        )
        .expect(400, "invalid_body")
    };
    let mut with_problem = ok();
    with_problem["problem"] = json!(999);
    let mut foreign_idea = ok();
    foreign_idea["idea"] = json!(other_idea);
    let mut bad_status = ok();
    bad_status["status"] = json!("archived");
    vec![
        create(
            "title one past the limit in 4-byte characters",
            draft(
                json!(four_byte(TITLE_MAX + 1)),
                json!("Ann"),
                json!(MARKETING),
                json!("2030-01-31"),
            ),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", TITLE_MAX + 1)),
        create(
            "owner one past the limit in 4-byte characters",
            draft(
                json!("Fix it"),
                json!(four_byte(OWNER_MAX + 1)),
                json!(MARKETING),
                json!("2030-01-31"),
            ),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", OWNER_MAX + 1)),
        create(
            "empty title",
            draft(
                json!("   "),
                json!("Ann"),
                json!(MARKETING),
                json!("2030-01-31"),
            ),
        )
        .expect(422, "empty"),
        create(
            "invisible owner",
            draft(
                json!("Fix it"),
                json!("\u{200B}\u{2062}"),
                json!(MARKETING),
                json!("2030-01-31"),
            ),
        )
        .expect(422, "empty"),
        create("unknown problem", with_problem).expect(404, "unknown_problem"),
        create("idea of another problem", foreign_idea).expect(404, "unknown_idea"),
        create(
            "unknown department",
            draft(json!("Fix it"), json!("Ann"), json!(9), json!("2030-01-31")),
        )
        .expect(404, "unknown_department"),
        create(
            "negative department",
            draft(
                json!("Fix it"),
                json!("Ann"),
                json!(-2),
                json!("2030-01-31"),
            ),
        )
        .expect(400, "invalid_body"),
        create("unknown status", bad_status).expect(400, "invalid_body"),
        due("30 February", json!("2030-02-30")),
        due("before 2000", json!("1999-12-31")),
        due("in the year 3000", json!("3000-01-01")),
        due("without zero padding", json!("2030-1-1")),
        due("as a number", json!(20_300_101)),
        due("with 4-byte characters", json!("😀-01-01")),
        due("with a time", json!("2030-01-01T00:00:00Z")),
        due("as SQL", json!("2030'; --")),
        cx.cmd(
            "action: update unknown",
            &cx.fac,
            json!({"type": "update_action", "id": 999, "action": ok()}),
        )
        .expect(404, "unknown_action"),
        cx.cmd(
            "action: status of unknown",
            &cx.fac,
            json!({"type": "set_action_status", "id": 999, "status": "done"}),
        )
        .expect(404, "unknown_action"),
        cx.cmd(
            "action: delete unknown",
            &cx.fac,
            json!({"type": "delete_action", "id": 999}),
        )
        .expect(404, "unknown_action"),
        cx.cmd(
            "action: delete id past u32",
            &cx.fac,
            json!({"type": "delete_action", "id": 4_294_967_296_u64}),
        )
        .expect(400, "invalid_body"),
        cx.cmd(
            "action: by a participant",
            &cx.bob,
            json!({"type": "create_action", "action": ok()}),
        )
        .expect(403, "facilitator_only"),
        cx.cmd(
            "action: the facilitator withdraws an idea (it hides instead)",
            &cx.fac,
            json!({"type": "withdraw_idea", "idea": idea}),
        )
        .expect(403, "not_author"),
    ]
}

#[tokio::test]
async fn plan_and_exports() {
    let mut h = Harness::new().await;
    let ids = h.advance_to(Stage::Plan).await;
    let cases = plan_cases(&h.cx, ids.ann_problem, ids.idea_a, ids.idea_b);
    h.refuse_all(cases).await;
    h.advance_to(Stage::Planned).await;

    // The CSV export neutralizes every formula-looking cell with a leading apostrophe.
    let csv = h.download("actions.csv").await;
    let rows = parse_csv(csv.trim_start_matches('\u{feff}'));
    let formula_row = rows
        .iter()
        .find(|r| r.get(1).map(String::as_str) == Some(&format!("'{FORMULA_TITLE}")))
        .unwrap_or_else(|| panic!("formula action in the CSV:\n{csv}"));
    assert_eq!(
        formula_row,
        &vec![
            "1".to_owned(),
            format!("'{FORMULA_TITLE}"),
            "Open".to_owned(),
            format!("'{FORMULA_OWNER}"),
            format!("'{FORMULA_DEPARTMENT}"),
            "2999-12-31".to_owned(),
            format!("'{FORMULA_PROBLEM}"),
            format!("'{FORMULA_IDEA}"),
        ],
        "{csv}"
    );
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "CSV cell {cell:?} would run as a formula:\n{csv}"
            );
        }
    }
    // The JSON export carries the same text exactly.
    let exported: Value = serde_json::from_str(&h.download("actions.json").await).expect("json");
    assert_eq!(exported["actions"][0]["title"], FORMULA_TITLE);
    assert_eq!(exported["actions"][0]["problem"], FORMULA_PROBLEM);
    assert_eq!(exported["actions"][0]["idea"], FORMULA_IDEA);
    for file in ["actions.md", "actions.ics", "summary.md"] {
        let text = h.download(file).await;
        assert!(!text.is_empty(), "{file}");
    }
    h.finish();
}
