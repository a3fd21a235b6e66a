//! `Command`'s hand-written `Deserialize` (shared/src/command/de.rs) against the
//! derive it replaced: every variant round-trips, the fast path (`"type"` first, what
//! the browser and serde write) and the reordering path (any other key order) read
//! the same commands, and both accept and refuse what `#[derive(Deserialize)]
//! #[serde(tag = "type", deny_unknown_fields)]` did.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use summit_shared::*;

/// A copy of `Command` with serde's derived, buffering `Deserialize`: the reference.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum Derived {
    Join {
        name: String,
        department: DepartmentId,
    },
    SetPhase {
        phase: Phase,
    },
    RenameDepartment {
        department: DepartmentId,
        name: String,
    },
    UpdateSettings {
        settings: Settings,
    },
    StartTimer {
        seconds: u32,
    },
    ClearTimer {},
    SubmitProblem {
        text: String,
    },
    WithdrawProblem {
        problem: ProblemId,
    },
    SupportProblem {
        problem: ProblemId,
        support: bool,
    },
    ConfirmPick {
        problem: ProblemId,
        picked: bool,
    },
    SubmitIdea {
        problem: ProblemId,
        text: String,
    },
    WithdrawIdea {
        idea: IdeaId,
    },
    CastVote {
        idea: IdeaId,
    },
    RetractVote {
        idea: IdeaId,
    },
    MoveVote {
        from: IdeaId,
        to: IdeaId,
    },
    CreateAction {
        action: ActionDraft,
    },
    UpdateAction {
        id: ActionId,
        action: ActionDraft,
    },
    SetActionStatus {
        id: ActionId,
        status: ActionStatus,
    },
    DeleteAction {
        id: ActionId,
    },
    MoveParticipant {
        participant: ParticipantId,
        department: DepartmentId,
    },
    PauseTimer {},
    ResumeTimer {},
    ExtendTimer {
        seconds: u32,
    },
    KeepTimer {
        keep: bool,
    },
    SetDone {
        done: bool,
    },
    SetPresence {
        participant: ParticipantId,
        online: bool,
    },
}

fn draft() -> ActionDraft {
    ActionDraft {
        title: "Tell support before a promo".into(),
        problem: Some(ProblemId(2)),
        idea: Some(IdeaId(5)),
        owner: "Dana".into(),
        department: DepartmentId(1),
        due: Date::new(2027, 1, 15).unwrap(),
        status: ActionStatus::Open,
    }
}

fn every_variant() -> Vec<Command> {
    vec![
        Command::Join {
            name: "Ana \"the\" lead".into(),
            department: DepartmentId(1),
        },
        Command::SetPhase { phase: Phase::Vote },
        Command::RenameDepartment {
            department: DepartmentId(0),
            name: "Support".into(),
        },
        Command::UpdateSettings {
            settings: Settings::default(),
        },
        Command::StartTimer { seconds: 300 },
        Command::ClearTimer {},
        Command::SubmitProblem {
            text: "Promos nobody told us about".into(),
        },
        Command::WithdrawProblem {
            problem: ProblemId(3),
        },
        Command::SupportProblem {
            problem: ProblemId(3),
            support: true,
        },
        Command::ConfirmPick {
            problem: ProblemId(3),
            picked: false,
        },
        Command::SubmitIdea {
            problem: ProblemId(3),
            text: "A shared promo calendar".into(),
        },
        Command::WithdrawIdea { idea: IdeaId(4) },
        Command::CastVote { idea: IdeaId(4) },
        Command::RetractVote { idea: IdeaId(4) },
        Command::MoveVote {
            from: IdeaId(4),
            to: IdeaId(6),
        },
        Command::CreateAction { action: draft() },
        Command::UpdateAction {
            id: ActionId(1),
            action: draft(),
        },
        Command::SetActionStatus {
            id: ActionId(1),
            status: ActionStatus::Done,
        },
        Command::DeleteAction { id: ActionId(1) },
        Command::MoveParticipant {
            participant: ParticipantId(2),
            department: DepartmentId(1),
        },
        Command::PauseTimer {},
        Command::ResumeTimer {},
        Command::ExtendTimer { seconds: 60 },
        Command::KeepTimer { keep: true },
        Command::SetDone { done: true },
        Command::SetPresence {
            participant: ParticipantId(2),
            online: true,
        },
    ]
}

/// What the derive makes of `json`, written back as JSON (or its error).
fn derived(json: &str) -> Result<Value, String> {
    serde_json::from_str::<Derived>(json)
        .map(|d| serde_json::to_value(d).unwrap())
        .map_err(|e| e.to_string())
}

/// What `Command` makes of `json`, written back as JSON (or its error).
fn ours(json: &str) -> Result<Value, String> {
    serde_json::from_str::<Command>(json)
        .map(|c| serde_json::to_value(c).unwrap())
        .map_err(|e| e.to_string())
}

/// The object with its keys in other orders: the tag last, and reversed.
#[cfg(feature = "any-key-order")]
fn orders(json: &str) -> Vec<String> {
    let Value::Object(map) = serde_json::from_str::<Value>(json).unwrap() else {
        panic!("not an object: {json}");
    };
    let mut entries: Vec<(String, Value)> = map.into_iter().collect();
    let write = |entries: &[(String, Value)]| {
        let fields: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), v))
            .collect();
        format!("{{{}}}", fields.join(","))
    };
    let mut result = vec![json.to_owned()];
    if let Some(at) = entries.iter().position(|(k, _)| k == "type") {
        let tag = entries.remove(at);
        entries.push(tag);
        result.push(write(&entries));
        entries.reverse();
        result.push(write(&entries));
    }
    result
}

/// Accepted or refused alike; when accepted, the same command.
fn assert_agrees(json: &str) {
    match (ours(json), derived(json)) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{json}"),
        (Err(_), Err(_)) => {}
        (a, b) => panic!("{json}: ours {a:?}, derived {b:?}"),
    }
}

#[test]
fn every_variant_round_trips_in_any_key_order() {
    for command in every_variant() {
        let json = serde_json::to_string(&command).unwrap();
        assert!(json.starts_with(r#"{"type":""#), "tag not first: {json}");
        let back: Command = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(back, command);
        assert_agrees(&json);
        // Inside a request body, as the browser sends it.
        let request = api::CommandRequest {
            command: command.clone(),
            idempotency_key: Some("k-1".into()),
        };
        let text = serde_json::to_string(&request).unwrap();
        let read: api::CommandRequest = serde_json::from_str(&text).unwrap();
        assert_eq!(read.command, command);
        #[cfg(feature = "any-key-order")]
        {
            // From a `Value` (another deserializer; its map sorts the keys).
            let value = serde_json::to_value(&command).unwrap();
            assert_eq!(serde_json::from_value::<Command>(value).unwrap(), command);
        }
        #[cfg(feature = "any-key-order")]
        for reordered in orders(&json) {
            assert_eq!(
                serde_json::from_str::<Command>(&reordered).unwrap(),
                command,
                "{reordered}"
            );
        }
    }
}

#[test]
fn odd_input_is_accepted_or_refused_as_before() {
    let cases = [
        // The tag may be the variant's index.
        r#"{"type":12,"idea":1}"#,
        r#"{"type":5}"#,
        // Refused: unknown fields (also on a command without fields, and a second
        // tag), no tag, an unknown or mistyped tag, missing or mistyped fields.
        r#"{"type":"cast_vote","idea":1,"extra":true}"#,
        r#"{"type":"clear_timer","seconds":5}"#,
        r#"{}"#,
        r#"{"idea":1}"#,
        r#"{"type":"cast_votes","idea":1}"#,
        r#"{"type":null,"idea":1}"#,
        r#"{"type":"cast_vote"}"#,
        r#"{"type":"cast_vote","idea":-1}"#,
        r#"{"type":"cast_vote","idea":"1"}"#,
        r#"{"type":"start_timer","seconds":4294967296}"#,
        r#"{"type":"set_phase","phase":"later"}"#,
        r#"{"type":"create_action","action":{"title":"t","problem":1,"owner":"o","department":0,"due":"2027-02-30"}}"#,
        r#"{"type":"create_action","action":{"title":"t","problem":1,"owner":"o","department":0,"due":"2027-02-03"}}"#,
        r#"{"type":"update_settings","settings":{}}"#,
        r#""cast_vote""#,
        r#"null"#,
        r#"[]"#,
    ];
    for json in cases {
        assert_agrees(json);
        #[cfg(feature = "any-key-order")]
        if json.starts_with('{')
            && json.contains(r#""type""#)
            && !json.contains(r#""type":"cast_vote","idea":1,"type""#)
        {
            for reordered in orders(json) {
                assert_agrees(&reordered);
            }
        }
    }
}

#[test]
fn error_messages_name_the_problem() {
    let err = |json: &str| {
        serde_json::from_str::<Command>(json)
            .unwrap_err()
            .to_string()
    };
    assert!(err(r#"{}"#).contains("missing field `type`"));
    assert!(err(r#"{"type":"nope"}"#).contains("unknown variant `nope`"));
    assert!(err(r#"{"type":"cast_vote"}"#).contains("missing field `idea`"));
    assert!(err(r#"{"type":"cast_vote","idea":1,"x":0}"#).contains("unknown field `x`"));
    assert!(err(r#"[]"#).contains("expected internally tagged enum Command"));
    #[cfg(not(feature = "any-key-order"))]
    assert!(err(r#"{"idea":1,"type":"cast_vote"}"#).contains("must come first in a command"));
}
