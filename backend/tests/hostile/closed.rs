//! A closed summit refuses every change but stepping back to Plan.

use crate::fixture::Stage;
use crate::harness::*;
use serde_json::json;

pub(crate) fn closed_cases(cx: &Ctx) -> Vec<Case> {
    vec![
        cx.cmd(
            "closed: submit a problem",
            &cx.ann,
            json!({"type": "submit_problem", "text": "x"}),
        )
        .expect(409, "session_closed"),
        cx.cmd(
            "closed: create an action",
            &cx.fac,
            json!({"type": "create_action", "action": {
            "title": "x", "problem": 1, "owner": "x", "department": 1, "due": "2030-01-01"}}),
        )
        .expect(409, "session_closed"),
        cx.cmd(
            "closed: start a timer",
            &cx.fac,
            json!({"type": "start_timer", "seconds": 60}),
        )
        .expect(409, "session_closed"),
        cx.cmd(
            "closed: rename a department",
            &cx.fac,
            json!({"type": "rename_department", "department": 1, "name": "Late"}),
        )
        .expect(409, "session_closed"),
        cx.cmd(
            "closed: jump back to the Lobby",
            &cx.fac,
            json!({"type": "set_phase", "phase": "lobby"}),
        )
        .expect(409, "phase_step"),
        Case::post("closed: join", cx.participants())
            .json(json!({"name": "Late Larry", "department": MARKETING}))
            .expect(409, "session_closed"),
    ]
}

#[tokio::test]
async fn closed() {
    let mut h = Harness::new().await;
    h.advance_to(Stage::Closed).await;
    let cases = closed_cases(&h.cx);
    h.refuse_all(cases).await;
    h.finish();
}
