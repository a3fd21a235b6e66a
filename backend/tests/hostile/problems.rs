//! The Problems phase: problem texts at and past the limit, withdrawals that are not one's own.

use crate::fixture::Stage;
use crate::harness::*;
use serde_json::{json, Value};

pub(crate) fn problem_cases(cx: &Ctx, ann_problem: u64) -> Vec<Case> {
    let submit = |what: &str, token: &str, text: Value| {
        cx.cmd(
            format!("problem: {what}"),
            token,
            json!({"type": "submit_problem", "text": text}),
        )
    };
    let withdraw = |what: &str, token: &str, problem: Value| {
        cx.cmd(
            format!("withdraw problem: {what}"),
            token,
            json!({"type": "withdraw_problem", "problem": problem}),
        )
    };
    vec![
        submit(
            "one past the limit in 4-byte characters",
            &cx.ann,
            json!(four_byte(TEXT_MAX + 1)),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", TEXT_MAX + 1))
        .mentions(format!("{TEXT_MAX}")),
        submit(
            "one past the limit after cleaning",
            &cx.ann,
            json!(format!("\u{200B}{}x\u{7}", music(TEXT_MAX))),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", TEXT_MAX + 1)),
        submit("empty", &cx.ann, json!("")).expect(422, "empty"),
        submit(
            "only whitespace and controls",
            &cx.ann,
            json!(" \t\u{0}\u{7}\r\n\u{85} "),
        )
        .expect(422, "empty"),
        submit(
            "only disguising invisibles",
            &cx.ann,
            json!("\u{200B}\u{FEFF}\u{202E}\u{2060}\u{2069}"),
        )
        .expect(422, "empty"),
        submit("text null", &cx.ann, json!(null)).expect(400, "invalid_body"),
        submit("text as a number", &cx.ann, json!(1)).expect(400, "invalid_body"),
        submit("text as an object", &cx.ann, json!({"$gt": ""})).expect(400, "invalid_body"),
        cx.cmd(
            "problem: department smuggled in",
            &cx.ann,
            json!({"type": "submit_problem", "text": "x", "department": 2}),
        )
        .expect(400, "invalid_body"),
        Case::post("problem: 70 KB of text", cx.commands())
            .bearer(&cx.ann)
            .json(json!({"command": {"type": "submit_problem", "text": "a".repeat(70_000)}}))
            .expect(413, "body_too_large"),
        withdraw("unknown", &cx.ann, json!(999)).expect(404, "unknown_problem"),
        withdraw("someone else's", &cx.bob, json!(ann_problem)).expect(403, "not_author"),
        withdraw("negative id", &cx.ann, json!(-1)).expect(400, "invalid_body"),
        withdraw("fractional id", &cx.ann, json!(1.5)).expect(400, "invalid_body"),
        withdraw("id past u32", &cx.ann, json!(4_294_967_296_u64)).expect(400, "invalid_body"),
        withdraw("id as a string", &cx.ann, json!("1")).expect(400, "invalid_body"),
        withdraw("id as SQL", &cx.ann, json!("1 OR 1=1")).expect(400, "invalid_body"),
        cx.cmd(
            "idea in the Problems phase",
            &cx.bob,
            json!({"type": "submit_idea", "problem": 1, "text": "x"}),
        )
        .expect(409, "wrong_phase"),
        cx.cmd(
            "support in the Problems phase",
            &cx.ann,
            json!({"type": "support_problem", "problem": 1, "support": true}),
        )
        .expect(409, "wrong_phase"),
    ]
}

#[tokio::test]
async fn problems() {
    let mut h = Harness::new().await;
    let ids = h.advance_to(Stage::Problems).await;
    let cases = problem_cases(&h.cx, ids.ann_problem);
    h.refuse_all(cases).await;
    h.finish();
}
