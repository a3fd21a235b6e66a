//! The command endpoint: malformed commands and bodies, idempotency keys, timers.

use crate::fixture::Stage;
use crate::harness::*;
use serde_json::{json, Value};

/// Command-endpoint cases that do not depend on the phase (run in the Lobby).
pub(crate) fn command_cases(cx: &Ctx) -> Vec<Case> {
    let fac = |what: &str, command: Value| cx.cmd(format!("command: {what}"), &cx.fac, command);
    let ann = |what: &str, command: Value| {
        cx.cmd(format!("command (participant): {what}"), &cx.ann, command)
    };
    let body = |what: &str, body: Value| {
        Case::post(format!("command: {what}"), cx.commands())
            .bearer(&cx.fac)
            .json(body)
    };
    let timer = |what: &str, seconds: Value| {
        fac(
            &format!("timer {what}"),
            json!({"type": "start_timer", "seconds": seconds}),
        )
    };
    let key = |what: &str, key: Value| {
        body(
            &format!("idempotency key {what}"),
            json!({"command": {"type": "clear_timer"}, "idempotency_key": key}),
        )
    };
    let settings = |budget: Value, cap: Value, anonymous: bool| {
        json!({"type": "update_settings", "settings": {
            "vote_budget": budget, "vote_cap_per_idea": cap,
            "allow_own_department_ideas": false, "anonymous": anonymous}})
    };
    let rename = |what: &str, department: Value, name: Value| {
        fac(
            &format!("rename {what}"),
            json!({"type": "rename_department", "department": department, "name": name}),
        )
    };
    let mut over_limit = br#"{"command":{"type":"submit_problem","text":""#.to_vec();
    over_limit.resize(64 * 1024 + 1, b'a');
    over_limit.extend_from_slice(br#""}}"#);
    let mut cases = vec![
        // Who may send commands at all.
        Case::post("command: no credentials", cx.commands())
            .json(json!({"command": {"type": "clear_timer"}}))
            .expect(401, "missing_token"),
        Case::post("command: garbage token", cx.commands())
            .bearer("garbage")
            .json(json!({"command": {"type": "clear_timer"}}))
            .expect(401, "invalid_token"),
        Case::post("command: other session's facilitator token", cx.commands())
            .bearer(&cx.other_fac)
            .json(json!({"command": {"type": "set_phase", "phase": "problems"}}))
            .expect(401, "invalid_token"),
        Case::post(
            "command: own participant token on another session",
            cx.other_commands(),
        )
        .bearer(&cx.ann)
        .json(json!({"command": {"type": "clear_timer"}}))
        .expect(401, "invalid_token"),
        Case::post(
            "command: ticket where a token is wanted",
            format!("{}?ticket=x", cx.commands()),
        )
        .json(json!({"command": {"type": "clear_timer"}}))
        .expect(401, "missing_token"),
        Case::post(
            "command: unknown session",
            format!("/api/sessions/{}/commands", cx.unknown_sid()),
        )
        .bearer(&cx.fac)
        .json(json!({"command": {"type": "clear_timer"}}))
        .expect(404, "session_not_found"),
        // Participant token on facilitator actions.
        ann(
            "set phase",
            json!({"type": "set_phase", "phase": "problems"}),
        )
        .expect(403, "facilitator_only"),
        ann("start timer", json!({"type": "start_timer", "seconds": 60}))
            .expect(403, "facilitator_only"),
        ann("clear timer", json!({"type": "clear_timer"})).expect(403, "facilitator_only"),
        ann(
            "rename department",
            json!({"type": "rename_department", "department": 1, "name": "Mine"}),
        )
        .expect(403, "facilitator_only"),
        ann("update settings", settings(json!(50), json!(50), false))
            .expect(403, "facilitator_only"),
        ann(
            "confirm pick",
            json!({"type": "confirm_pick", "problem": 1, "picked": true}),
        )
        .expect(403, "facilitator_only"),
        ann(
            "create action",
            json!({"type": "create_action", "action": {
            "title": "Mine", "problem": 1, "owner": "Ann", "department": 1, "due": "2030-01-01"}}),
        )
        .expect(403, "facilitator_only"),
        ann(
            "update action",
            json!({"type": "update_action", "id": 1, "action": {
            "title": "Mine", "problem": 1, "owner": "Ann", "department": 1, "due": "2030-01-01"}}),
        )
        .expect(403, "facilitator_only"),
        ann(
            "set action status",
            json!({"type": "set_action_status", "id": 1, "status": "done"}),
        )
        .expect(403, "facilitator_only"),
        ann("delete action", json!({"type": "delete_action", "id": 1}))
            .expect(403, "facilitator_only"),
        // Facilitator token on participant actions.
        fac(
            "facilitator submits a problem",
            json!({"type": "submit_problem", "text": "x"}),
        )
        .expect(403, "participant_only"),
        fac("facilitator votes", json!({"type": "cast_vote", "idea": 1}))
            .expect(403, "participant_only"),
        // Shapes the command type does not have.
        body("empty object", json!({})).expect(400, "invalid_body"),
        body("command null", json!({"command": null})).expect(400, "invalid_body"),
        body(
            "unknown command type",
            json!({"command": {"type": "drop_table", "table": "events"}}),
        )
        .expect(400, "invalid_body"),
        body(
            "type in the wrong case",
            json!({"command": {"type": "Set_Phase", "phase": "problems"}}),
        )
        .expect(400, "invalid_body"),
        body("missing type", json!({"command": {"phase": "problems"}})).expect(400, "invalid_body"),
        body(
            "unknown field in the command",
            json!({"command": {"type": "start_timer", "seconds": 60, "as": "facilitator"}}),
        )
        .expect(400, "invalid_body"),
        body(
            "actor smuggled into the command",
            json!({"command": {"type": "submit_problem", "text": "x",
                               "actor": {"role": "facilitator"}}}),
        )
        .expect(400, "invalid_body"),
        Case::post("command: the command key twice", cx.commands())
            .bearer(&cx.fac)
            .raw(
                Some("application/json"),
                r#"{"command":{"type":"clear_timer"},
                    "command":{"type":"set_phase","phase":"problems"}}"#,
            )
            .expect(400, "invalid_body"),
        body(
            "join through the command endpoint",
            json!({"command": {"type": "join", "name": "Mallory", "department": 1}}),
        )
        .expect(400, "use_join_endpoint"),
        fac(
            "unknown phase",
            json!({"type": "set_phase", "phase": "nirvana"}),
        )
        .expect(400, "invalid_body"),
        fac(
            "phase in upper case",
            json!({"type": "set_phase", "phase": "PROBLEMS"}),
        )
        .expect(400, "invalid_body"),
        fac(
            "skip a phase",
            json!({"type": "set_phase", "phase": "pick"}),
        )
        .expect(409, "phase_step"),
        fac(
            "jump to closed",
            json!({"type": "set_phase", "phase": "closed"}),
        )
        .expect(409, "phase_step"),
        fac(
            "phase to itself",
            json!({"type": "set_phase", "phase": "lobby"}),
        )
        .expect(409, "phase_step"),
        // Numbers.
        timer("0 seconds", json!(0)).expect(422, "timer_range"),
        timer("one past the maximum", json!(TIMER_MAX_SECONDS + 1)).expect(422, "timer_range"),
        timer("u32::MAX", json!(u32::MAX)).expect(422, "timer_range"),
        timer("negative", json!(-1)).expect(400, "invalid_body"),
        timer("fractional", json!(1.5)).expect(400, "invalid_body"),
        timer("60.0", json!(60.0)).expect(400, "invalid_body"),
        timer("past u32", json!(4_294_967_296_u64)).expect(400, "invalid_body"),
        timer("past u64", json!(1e30)).expect(400, "invalid_body"),
        Case::post("command: timer 1e400", cx.commands())
            .bearer(&cx.fac)
            .raw(
                Some("application/json"),
                r#"{"command":{"type":"start_timer","seconds":1e400}}"#,
            )
            .expect(400, "invalid_json"),
        timer("as a string", json!("60")).expect(400, "invalid_body"),
        timer("null", json!(null)).expect(400, "invalid_body"),
        timer("true", json!(true)).expect(400, "invalid_body"),
        fac("settings: budget 0", settings(json!(0), json!(1), false))
            .expect(422, "invalid_settings"),
        fac("settings: budget 51", settings(json!(51), json!(1), false))
            .expect(422, "invalid_settings"),
        fac("settings: cap 0", settings(json!(5), json!(0), false)).expect(422, "invalid_settings"),
        fac(
            "settings: cap above budget",
            settings(json!(5), json!(6), false),
        )
        .expect(422, "invalid_settings"),
        // (Making the session anonymous is allowed, and looser is refused with 422:
        // backend/tests/anonymity_modes.rs.)
        fac(
            "settings: anonymity until Plan as a word",
            json!({"type": "update_settings", "settings": {
                "vote_budget": 5, "vote_cap_per_idea": 3, "allow_own_department_ideas": false,
                "anonymous": true, "names_at_plan": "yes"}}),
        )
        .expect(400, "invalid_body"),
        fac(
            "settings: negative budget",
            settings(json!(-5), json!(1), false),
        )
        .expect(400, "invalid_body"),
        fac(
            "settings: fractional cap",
            settings(json!(5), json!(0.5), false),
        )
        .expect(400, "invalid_body"),
        // Department names.
        rename(
            "one past the limit",
            json!(SERVICE),
            json!(four_byte(DEPARTMENT_NAME_MAX + 1)),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", DEPARTMENT_NAME_MAX + 1)),
        rename("to empty", json!(SERVICE), json!(" \t ")).expect(422, "empty"),
        rename(
            "to zero-width spaces",
            json!(SERVICE),
            json!("\u{200B}\u{200B}"),
        )
        .expect(422, "empty"),
        rename(
            "to another department's name in other case",
            json!(SERVICE),
            json!("MARKETING"),
        )
        .expect(422, "duplicate_department"),
        rename(
            "to another department's name with a BOM",
            json!(SERVICE),
            json!("\u{FEFF}Marketing"),
        )
        .expect(422, "duplicate_department"),
        rename("unknown department", json!(9), json!("Nine")).expect(404, "unknown_department"),
        rename("department 0", json!(0), json!("Zero")).expect(404, "unknown_department"),
        rename("negative department", json!(-1), json!("Minus")).expect(400, "invalid_body"),
        // Ids that do not exist here.
        fac(
            "withdraw unknown problem",
            json!({"type": "withdraw_problem", "problem": 999}),
        )
        .expect(404, "unknown_problem"),
        fac(
            "withdraw problem u32::MAX",
            json!({"type": "withdraw_problem", "problem": u32::MAX}),
        )
        .expect(404, "unknown_problem"),
        fac(
            "withdraw unknown idea",
            json!({"type": "withdraw_idea", "idea": 999}),
        )
        .expect(404, "unknown_idea"),
        // Wrong phase.
        ann(
            "submit a problem in the Lobby",
            json!({"type": "submit_problem", "text": "x"}),
        )
        .expect(409, "wrong_phase"),
        ann("vote in the Lobby", json!({"type": "cast_vote", "idea": 1}))
            .expect(409, "wrong_phase"),
        fac(
            "create an action in the Lobby",
            json!({"type": "create_action", "action": {
            "title": "x", "problem": 1, "owner": "x", "department": 1, "due": "2030-01-01"}}),
        )
        .expect(409, "wrong_phase"),
        // Idempotency keys.
        key("empty", json!("")).expect(400, "invalid_idempotency_key"),
        key("of 101 characters", json!("k".repeat(101))).expect(400, "invalid_idempotency_key"),
        key("with a space", json!("a b")).expect(400, "invalid_idempotency_key"),
        key("with a newline", json!("a\nb")).expect(400, "invalid_idempotency_key"),
        key("non-ASCII", json!("ключ")).expect(400, "invalid_idempotency_key"),
        key("4-byte characters", json!(four_byte(4))).expect(400, "invalid_idempotency_key"),
        key("SQL with spaces", json!("'; DROP TABLE idempotency; --"))
            .expect(400, "invalid_idempotency_key"),
        key("as a number", json!(42)).expect(400, "invalid_body"),
        // Bodies.
        Case::post(
            "command: 30000-deep array inside the command",
            cx.commands(),
        )
        .bearer(&cx.fac)
        .raw(
            Some("application/json"),
            format!(
                r#"{{"command":{{"type":"start_timer","seconds":60,"x":{}{}}}}}"#,
                "[".repeat(30_000),
                "]".repeat(30_000)
            ),
        )
        // With the tag first, the unknown field is refused before its value is read
        // (shared/src/tagged.rs); the case below reaches the nesting limit instead.
        .expect(400, "invalid_body"),
        Case::post(
            "command: 30000-deep objects inside the command",
            cx.commands(),
        )
        .bearer(&cx.fac)
        .raw(
            Some("application/json"),
            format!(
                r#"{{"command":{{"x":{}1{},"type":"start_timer","seconds":60}}}}"#,
                r#"{"a":"#.repeat(10_000),
                "}".repeat(10_000)
            ),
        )
        .expect(400, "invalid_json"),
        Case::post("command: just over the 64 KB body limit", cx.commands())
            .bearer(&cx.fac)
            .raw(Some("application/json"), over_limit)
            .expect(413, "body_too_large"),
    ];
    cases.extend(malformed_bodies(
        "command",
        &cx.commands(),
        Some(&cx.fac),
        &json!({"command": {"type": "start_timer", "seconds": 60}}),
    ));
    cases
}

#[tokio::test]
async fn commands() {
    let mut h = Harness::new().await;
    h.advance_to(Stage::Joined).await;
    let cases = command_cases(&h.cx);
    h.refuse_all(cases).await;
    // Then the valid ones, and a replayed idempotency key.
    h.advance_to(Stage::Commanded).await;
    h.finish();
}
