//! `Viewer`'s hand-written `Deserialize` (shared/src/view.rs) against the derive it
//! replaced: the same JSON is written, and the same JSON is accepted (as the same
//! viewer) or refused.

use serde::{Deserialize, Serialize};
use summit_shared::{ParticipantId, Viewer};

/// A copy of `Viewer` with serde's derived `Deserialize`: the reference.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "role", content = "participant", rename_all = "snake_case")]
enum Derived {
    Facilitator,
    Participant(ParticipantId),
    Screen,
    Lead,
}

fn derived(json: &str) -> Result<String, String> {
    serde_json::from_str::<Derived>(json)
        .map(|d| serde_json::to_string(&d).unwrap())
        .map_err(|e| e.to_string())
}

fn ours(json: &str) -> Result<String, String> {
    serde_json::from_str::<Viewer>(json)
        .map(|v| serde_json::to_string(&v).unwrap())
        .map_err(|e| e.to_string())
}

#[test]
fn viewers_round_trip_in_the_same_json() {
    for viewer in [
        Viewer::Facilitator,
        Viewer::Participant(ParticipantId(7)),
        Viewer::Screen,
        Viewer::Lead,
    ] {
        let json = serde_json::to_string(&viewer).unwrap();
        let reference = match viewer {
            Viewer::Facilitator => Derived::Facilitator,
            Viewer::Participant(p) => Derived::Participant(p),
            Viewer::Screen => Derived::Screen,
            Viewer::Lead => Derived::Lead,
        };
        assert_eq!(json, serde_json::to_string(&reference).unwrap());
        assert_eq!(serde_json::from_str::<Viewer>(&json).unwrap(), viewer);
        let value = serde_json::to_value(viewer).unwrap();
        assert_eq!(serde_json::from_value::<Viewer>(value).unwrap(), viewer);
    }
}

#[test]
fn the_same_json_is_accepted_or_refused() {
    let cases = [
        r#"{"role":"facilitator"}"#,
        r#"{"role":"facilitator","participant":null}"#,
        r#"{"participant":null,"role":"facilitator"}"#,
        r#"{"role":"facilitator","participant":3}"#,
        r#"{"participant":3,"role":"facilitator"}"#,
        r#"{"role":"facilitator","participant":{}}"#,
        r#"{"role":"participant","participant":3}"#,
        r#"{"participant":3,"role":"participant"}"#,
        r#"{"x":[1],"participant":3,"y":null,"role":"participant","z":{}}"#,
        r#"{"role":"participant"}"#,
        r#"{"role":"participant","participant":null}"#,
        r#"{"participant":null,"role":"participant"}"#,
        r#"{"role":"participant","participant":-1}"#,
        r#"{"role":"participant","participant":1.5}"#,
        r#"{"role":"participant","participant":"3"}"#,
        r#"{"role":"participant","participant":4294967296}"#,
        r#"{"role":"participant","participant":3,"role":"participant"}"#,
        r#"{"role":"participant","participant":3,"participant":3}"#,
        r#"{"participant":3,"participant":3,"role":"participant"}"#,
        r#"{"role":"screen"}"#,
        r#"{"role":"screen","participant":null}"#,
        r#"{"role":"screen","participant":3}"#,
        r#"["screen",null]"#,
        r#"{"role":"lead"}"#,
        r#"{"role":"lead","participant":2}"#,
        r#"{"role":"guest"}"#,
        r#"{"role":1,"participant":3}"#,
        r#"{"role":null}"#,
        r#"{"participant":3}"#,
        r#"{}"#,
        r#"["participant",3]"#,
        r#"["facilitator",null]"#,
        r#"["facilitator"]"#,
        r#"["participant"]"#,
        r#"[]"#,
        r#""facilitator""#,
        r#"null"#,
    ];
    for json in cases {
        match (ours(json), derived(json)) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{json}"),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("{json}: ours {a:?}, derived {b:?}"),
        }
    }
}
