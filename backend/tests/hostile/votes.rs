//! The Vote phase: votes past the cap and the budget, on unknown ideas, moved and taken back.

use crate::fixture::Stage;
use crate::harness::*;
use serde_json::{json, Value};

/// Ann has 3 dots on A (the cap) and 1 on B.
pub(crate) fn vote_cap_cases(cx: &Ctx, idea_a: u64, idea_b: u64) -> Vec<Case> {
    let vote =
        |what: &str, token: &str, command: Value| cx.cmd(format!("vote: {what}"), token, command);
    vec![
        vote(
            "fourth dot on one idea",
            &cx.ann,
            json!({"type": "cast_vote", "idea": idea_a}),
        )
        .expect(409, "vote_cap_exceeded"),
        vote(
            "move onto a capped idea",
            &cx.ann,
            json!({"type": "move_vote", "from": idea_b, "to": idea_a}),
        )
        .expect(409, "vote_cap_exceeded"),
    ]
}

/// Ann has spent her whole budget: 3 dots on A, 2 on B.
pub(crate) fn vote_cases(cx: &Ctx, idea_a: u64, idea_b: u64, idea_c: u64) -> Vec<Case> {
    let vote =
        |what: &str, token: &str, command: Value| cx.cmd(format!("vote: {what}"), token, command);
    vec![
        vote(
            "sixth dot",
            &cx.ann,
            json!({"type": "cast_vote", "idea": idea_c}),
        )
        .expect(409, "vote_budget_exceeded"),
        vote(
            "retract a dot never cast",
            &cx.bob,
            json!({"type": "retract_vote", "idea": idea_a}),
        )
        .expect(409, "no_vote"),
        vote(
            "move a dot never cast",
            &cx.bob,
            json!({"type": "move_vote", "from": idea_a, "to": idea_b}),
        )
        .expect(409, "no_vote"),
        vote(
            "move onto an unknown idea",
            &cx.ann,
            json!({"type": "move_vote", "from": idea_a, "to": 999}),
        )
        .expect(404, "unknown_idea"),
        vote(
            "unknown idea",
            &cx.bob,
            json!({"type": "cast_vote", "idea": 999}),
        )
        .expect(404, "unknown_idea"),
        vote(
            "negative idea",
            &cx.bob,
            json!({"type": "cast_vote", "idea": -1}),
        )
        .expect(400, "invalid_body"),
        vote(
            "fractional idea",
            &cx.bob,
            json!({"type": "cast_vote", "idea": 0.5}),
        )
        .expect(400, "invalid_body"),
        vote(
            "by the facilitator",
            &cx.fac,
            json!({"type": "cast_vote", "idea": idea_a}),
        )
        .expect(403, "participant_only"),
        vote(
            "budget change during the vote",
            &cx.fac,
            json!({"type": "update_settings", "settings": {
                "vote_budget": 50, "vote_cap_per_idea": 50,
                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(409, "wrong_phase"),
    ]
}

/// Ann reaches the cap on idea a, then spends her whole budget (3 on a, 2 on b).
#[tokio::test]
async fn votes() {
    let mut h = Harness::new().await;
    let ids = h.advance_to(Stage::Vote).await;
    let cases = vote_cap_cases(&h.cx, ids.idea_a, ids.idea_b);
    h.refuse_all(cases).await;
    h.advance_to(Stage::BudgetSpent).await;
    let cases = vote_cases(&h.cx, ids.idea_a, ids.idea_b, ids.idea_c);
    h.refuse_all(cases).await;
    h.finish();
}
