//! The Pick phase: support and picks that the rules refuse.

use crate::fixture::Stage;
use crate::harness::*;
use serde_json::{json, Value};

pub(crate) fn pick_cases(cx: &Ctx, ann_problem: u64, bob_problem: u64) -> Vec<Case> {
    let support = |what: &str, token: &str, problem: Value, flag: Value| {
        cx.cmd(
            format!("support: {what}"),
            token,
            json!({"type": "support_problem", "problem": problem, "support": flag}),
        )
    };
    vec![
        support("unknown problem", &cx.ann, json!(999), json!(true)).expect(404, "unknown_problem"),
        support(
            "other department's problem",
            &cx.ann,
            json!(bob_problem),
            json!(true),
        )
        .expect(403, "not_own_department"),
        support(
            "support as a string",
            &cx.ann,
            json!(ann_problem),
            json!("yes"),
        )
        .expect(400, "invalid_body"),
        support("support as 1", &cx.ann, json!(ann_problem), json!(1)).expect(400, "invalid_body"),
        support(
            "by the facilitator",
            &cx.fac,
            json!(ann_problem),
            json!(true),
        )
        .expect(403, "participant_only"),
        cx.cmd(
            "pick: by a participant",
            &cx.ann,
            json!({"type": "confirm_pick", "problem": ann_problem, "picked": true}),
        )
        .expect(403, "facilitator_only"),
        cx.cmd(
            "pick: unknown problem",
            &cx.fac,
            json!({"type": "confirm_pick", "problem": 999, "picked": true}),
        )
        .expect(404, "unknown_problem"),
        cx.cmd(
            "pick: move to Ideas with nothing picked",
            &cx.fac,
            json!({"type": "set_phase", "phase": "ideas"}),
        )
        .expect(409, "nothing_picked"),
        cx.cmd(
            "pick: problem in the Pick phase",
            &cx.ann,
            json!({"type": "submit_problem", "text": "late"}),
        )
        .expect(409, "wrong_phase"),
    ]
}

#[tokio::test]
async fn picks() {
    let mut h = Harness::new().await;
    let ids = h.advance_to(Stage::Pick).await;
    let cases = pick_cases(&h.cx, ids.ann_problem, ids.bob_problem);
    h.refuse_all(cases).await;
    h.finish();
}
