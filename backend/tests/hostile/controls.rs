//! Control characters (NUL, the rest of C0, DEL and C1) in every text field: each is
//! accepted with the controls removed, the same way in every field; free text keeps
//! its tabs and newlines.

use crate::harness::*;
use serde_json::json;

/// Every kind of control character, around visible text.
const CONTROLS: &str = "Ctl\u{0}\u{1}\u{8}\u{b}\u{c}\u{d}\u{1b}\u{1f}\u{7f}\u{80}\u{85}\u{9f}s";
const CLEAN: &str = "Ctls";
/// Free text: tabs and newlines stay, every other control goes.
const TEXT: &str = "a\u{0}b\tc\nd\u{85}e\u{7f}";
const CLEAN_TEXT: &str = "ab\tc\nde";

#[tokio::test]
async fn controls_are_removed_from_every_text_field() {
    let mut h = Harness::new().await;
    let (fac, ann, bob) = (h.cx.fac.clone(), h.cx.ann.clone(), h.cx.bob.clone());
    let create = |what: &str, title: &str, department: &str| {
        Case::post(
            format!("controls: {what}"),
            summit_shared::api::paths::sessions(),
        )
        .json(json!({"title": title, "departments": [department, "Service"]}))
    };
    h.accept(Accepted::new(
        create("in a session title", CONTROLS, "Sales"),
        201,
        Stored::NewSessionTitle,
        CLEAN,
    ))
    .await;
    h.accept(Accepted::new(
        create("in a department name", "Title", CONTROLS),
        201,
        Stored::NewSessionDepartment(0),
        CLEAN,
    ))
    .await;
    h.accept(Accepted::new(
        Case::post("controls: in a display name", h.cx.participants())
            .json(json!({"name": CONTROLS, "department": MARKETING})),
        201,
        Stored::ParticipantName,
        CLEAN,
    ))
    .await;
    h.accept(Accepted::new(
        h.cx.cmd(
            "controls: in a renamed department",
            &fac,
            json!({"type": "rename_department", "department": MARKETING, "name": CONTROLS}),
        ),
        200,
        Stored::Department(MARKETING),
        CLEAN,
    ))
    .await;

    h.phase("problems").await;
    let body = h
        .accept(Accepted::new(
            h.cx.cmd(
                "controls: in a problem",
                &ann,
                json!({"type": "submit_problem", "text": TEXT}),
            ),
            200,
            Stored::ProblemText,
            CLEAN_TEXT,
        ))
        .await;
    let problem = id_of(&body, "problem_submitted", "problem");
    h.phase("pick").await;
    h.setup(
        &fac,
        json!({"type": "confirm_pick", "problem": problem, "picked": true}),
    )
    .await;
    h.phase("ideas").await;
    let body = h
        .accept(Accepted::new(
            h.cx.cmd(
                "controls: in an idea",
                &bob,
                json!({"type": "submit_idea", "problem": problem, "text": TEXT}),
            ),
            200,
            Stored::IdeaText,
            CLEAN_TEXT,
        ))
        .await;
    let idea = id_of(&body, "idea_submitted", "idea");
    h.phase("vote").await;
    h.phase("plan").await;
    let action = |title: &str, owner: &str| {
        json!({"type": "create_action", "action": {
            "title": title, "problem": problem, "idea": idea, "owner": owner,
            "department": MARKETING, "due": "2030-01-01"}})
    };
    h.accept(Accepted::new(
        h.cx.cmd(
            "controls: in an action title",
            &fac,
            action(CONTROLS, "Owner"),
        ),
        200,
        Stored::ActionTitle,
        CLEAN,
    ))
    .await;
    h.accept(Accepted::new(
        h.cx.cmd(
            "controls: in an action owner",
            &fac,
            action("Title", CONTROLS),
        ),
        200,
        Stored::ActionOwner,
        CLEAN,
    ))
    .await;
    h.finish();
}
