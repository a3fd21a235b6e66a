//! The Ideas phase: ideas for unpicked or unknown problems, hostile but valid ideas.

use crate::fixture::Stage;
use crate::harness::*;
use serde_json::{json, Value};

pub(crate) fn idea_cases(cx: &Ctx, ann_problem: u64, bob_problem: u64, unpicked: u64) -> Vec<Case> {
    let idea = |what: &str, token: &str, problem: Value, text: Value| {
        cx.cmd(
            format!("idea: {what}"),
            token,
            json!({"type": "submit_idea", "problem": problem, "text": text}),
        )
    };
    vec![
        idea(
            "for own department's problem",
            &cx.ann,
            json!(ann_problem),
            json!("x"),
        )
        .expect(403, "own_department_idea"),
        idea(
            "for an unpicked problem",
            &cx.bob,
            json!(unpicked),
            json!("x"),
        )
        .expect(409, "problem_not_picked"),
        idea("for an unknown problem", &cx.bob, json!(999), json!("x"))
            .expect(404, "unknown_problem"),
        idea("problem id negative", &cx.bob, json!(-1), json!("x")).expect(400, "invalid_body"),
        idea(
            "one past the limit in 4-byte characters",
            &cx.bob,
            json!(ann_problem),
            json!(music(TEXT_MAX + 1)),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", TEXT_MAX + 1)),
        idea(
            "empty",
            &cx.bob,
            json!(ann_problem),
            json!("\u{200B}\n\u{FEFF}"),
        )
        .expect(422, "empty"),
        idea(
            "by the facilitator",
            &cx.fac,
            json!(bob_problem),
            json!("x"),
        )
        .expect(403, "participant_only"),
        cx.cmd(
            "idea: withdraw unknown",
            &cx.bob,
            json!({"type": "withdraw_idea", "idea": 999}),
        )
        .expect(404, "unknown_idea"),
        cx.cmd(
            "idea: vote in the Ideas phase",
            &cx.ann,
            json!({"type": "cast_vote", "idea": 1}),
        )
        .expect(409, "wrong_phase"),
    ]
}

#[tokio::test]
async fn ideas() {
    let mut h = Harness::new().await;
    let ids = h.advance_to(Stage::Ideas).await;
    let mut cases = idea_cases(&h.cx, ids.ann_problem, ids.bob_problem, ids.unpicked);
    cases.push(
        h.cx.cmd(
            "idea: withdraw someone else's",
            &h.cx.ann,
            json!({"type": "withdraw_idea", "idea": ids.idea_a}),
        )
        .expect(403, "not_author"),
    );
    cases.push(
        h.cx.cmd(
            "idea: the facilitator withdraws (hides instead)",
            &h.cx.fac,
            json!({"type": "withdraw_idea", "idea": ids.idea_a}),
        )
        .expect(403, "not_author"),
    );
    cases.push(
        h.cx.cmd(
            "idea: a participant hides one",
            &h.cx.ann,
            json!({"type": "hide_idea", "idea": ids.idea_a, "hidden": true}),
        )
        .expect(403, "facilitator_only"),
    );
    cases.push(
        h.cx.cmd(
            "idea: hide unknown",
            &h.cx.fac,
            json!({"type": "hide_idea", "idea": 999, "hidden": true}),
        )
        .expect(404, "unknown_idea"),
    );
    cases.push(
        h.cx.cmd(
            "problem: hide a picked one",
            &h.cx.fac,
            json!({"type": "hide_problem", "problem": ids.ann_problem, "hidden": true}),
        )
        .expect(409, "problem_picked"),
    );
    cases.push(
        h.cx.cmd(
            "problem: hide with a string for hidden",
            &h.cx.fac,
            json!({"type": "hide_problem", "problem": ids.unpicked, "hidden": "yes"}),
        )
        .expect(400, "invalid_body"),
    );
    h.refuse_all(cases).await;
    h.finish();
}
