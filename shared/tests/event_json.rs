//! `Event`'s hand-written `Deserialize` (shared/src/event/de.rs) against the derive it
//! replaced: every variant round-trips, the fast path (`"type"` first, what Summit
//! writes) and the reordering path (any other key order) read the same events, and
//! both accept and refuse what `#[derive(Deserialize)] #[serde(tag = "type")]` did.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use summit_shared::*;

/// A copy of `Event` with serde's derived, buffering `Deserialize`: the reference.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Derived {
    SessionCreated {
        title: String,
        departments: Vec<Department>,
        settings: Settings,
        at: i64,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        carried: Vec<ActionItem>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        carried_from: Option<CarriedFrom>,
    },
    ParticipantJoined {
        participant: Participant,
    },
    DepartmentRenamed {
        department: DepartmentId,
        name: String,
    },
    SettingsChanged {
        settings: Settings,
    },
    PhaseChanged {
        phase: Phase,
    },
    TimerStarted {
        ends_at: i64,
        seconds: u32,
    },
    TimerCleared,
    ProblemSubmitted {
        problem: Problem,
    },
    ProblemWithdrawn {
        problem: ProblemId,
    },
    PickSupportChanged {
        problem: ProblemId,
        participant: ParticipantId,
        support: bool,
    },
    ProblemPicked {
        problem: ProblemId,
        picked: bool,
    },
    IdeaSubmitted {
        idea: Idea,
    },
    IdeaWithdrawn {
        idea: IdeaId,
    },
    VoteCast {
        participant: ParticipantId,
        idea: IdeaId,
    },
    VoteRetracted {
        participant: ParticipantId,
        idea: IdeaId,
    },
    HiddenVote {
        delta: i32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<ParticipantId>,
    },
    VotesRevealed {
        #[serde(deserialize_with = "tallies_with_string_keys")]
        tallies: BTreeMap<IdeaId, u32>,
    },
    ActionCreated {
        action: ActionItem,
    },
    ActionUpdated {
        action: ActionItem,
    },
    ActionDeleted {
        action: ActionId,
    },
    ParticipantMoved {
        participant: ParticipantId,
        department: DepartmentId,
    },
    TimerPaused {
        left: i64,
    },
    TimerResumed {
        ends_at: i64,
    },
    TimerExtended {
        seconds: u32,
        ends_at: i64,
    },
    TimerKept {
        keep: bool,
    },
    ReadinessChanged {
        participant: ParticipantId,
        done: bool,
    },
    PresenceChanged {
        participant: ParticipantId,
        online: bool,
    },
    HiddenSupport {
        problem: ProblemId,
        delta: i32,
    },
    ProblemHidden {
        problem: ProblemId,
        author: Option<ParticipantId>,
    },
    ProblemRestored {
        problem: Problem,
    },
    IdeaHidden {
        idea: IdeaId,
        author: Option<ParticipantId>,
    },
    IdeaRestored {
        idea: Idea,
    },
    ProblemGone {
        problem: ProblemId,
    },
    IdeaGone {
        idea: IdeaId,
    },
    ProblemMerged {
        problem: ProblemId,
        into: Problem,
    },
    IdeaMerged {
        idea: IdeaId,
        into: IdeaId,
    },
    MergeSuggested {
        suggestion: Suggestion,
    },
    SuggestionDismissed {
        card: Card,
        into: Card,
    },
    CommentAdded {
        comment: Comment,
    },
    ReactionChanged {
        card: Card,
        reaction: Reaction,
        participant: ParticipantId,
        on: bool,
    },
    ReactionCounted {
        card: Card,
        reaction: Reaction,
        delta: i32,
    },
    CommentHidden {
        comment: CommentId,
        author: Option<ParticipantId>,
    },
    CommentRestored {
        comment: Comment,
    },
    CommentGone {
        comment: CommentId,
    },
    NamesRevealed {
        problems: Vec<Problem>,
        ideas: Vec<Idea>,
        comments: Vec<Comment>,
        voters: Vec<(ParticipantId, u32)>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        proposers: Vec<(ActionId, ParticipantId, bool)>,
    },
    NamesHidden,
    NamesWithdrawn {
        keep: Option<ParticipantId>,
    },
    ActionProposed {
        action: ActionItem,
    },
    ActionDeclined {
        action: ActionId,
        by: Option<ParticipantId>,
        reason: String,
    },
    LinkIssued {
        link: LinkKind,
        generation: u32,
    },
    LinkRevoked {
        link: LinkKind,
    },
    ProgressNoted {
        action: ActionId,
        note: ProgressNote,
    },
    CarriedReviewed {
        action: ActionId,
        verdict: Verdict,
        department: DepartmentId,
    },
    Spotlighted {
        #[serde(default)]
        problem: Option<ProblemId>,
    },
}

/// The reference's copy of the tallies reader (the same as in shared/src/event.rs).
fn tallies_with_string_keys<'de, D>(d: D) -> Result<BTreeMap<IdeaId, u32>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    BTreeMap::<String, u32>::deserialize(d)?
        .into_iter()
        .map(|(key, n)| match key.parse() {
            Ok(id) => Ok((IdeaId(id), n)),
            Err(_) => Err(serde::de::Error::custom(format!(
                "`{key}` is not an idea id"
            ))),
        })
        .collect()
}

fn action() -> ActionItem {
    ActionItem {
        id: ActionId(4),
        title: "Pilot a shared FAQ \"now\" \u{2014} ünïcödé".into(),
        problem: Some(ProblemId(2)),
        idea: Some(IdeaId(7)),
        owner: "Dana".into(),
        department: DepartmentId(1),
        due: Date::new(2027, 2, 28).unwrap(),
        status: ActionStatus::InProgress,
        proposal: None,
        notes: vec![ProgressNote {
            text: "Pilot running in two teams".into(),
            at: 1_767_225_600_000,
            by: NoteAuthor::Lead,
        }],
        carried: None,
    }
}

/// An item carried over from an earlier summit, decided to continue.
fn carried() -> ActionItem {
    ActionItem {
        id: ActionId(1),
        problem: None,
        idea: None,
        carried: Some(Carried {
            origin: Some(ActionId(4)),
            from: "Summit 2026".into(),
            problem: "Promotions nobody told support about".into(),
            idea: Some("A shared launch calendar".into()),
            department: "Customer Service".into(),
            verdict: Some(Verdict::Continue),
        }),
        ..action()
    }
}

/// One event of every variant (the `match` fails to compile when a variant is added
/// to `Event` and not here).
fn every_variant() -> Vec<Event> {
    let settings = Settings {
        vote_budget: 7,
        vote_cap_per_idea: 2,
        allow_own_department_ideas: true,
        anonymous: true,
        names_at_plan: true,
        language: Default::default(),
    };
    let events = vec![
        Event::SessionCreated {
            title: "Q3 summit".into(),
            departments: vec![
                Department {
                    id: DepartmentId(0),
                    name: "Marketing".into(),
                },
                Department {
                    id: DepartmentId(1),
                    name: "Customer Service".into(),
                },
            ],
            settings: settings.clone(),
            at: 1_767_225_600_000,
            carried: vec![carried()],
            carried_from: Some(CarriedFrom {
                session: SessionId("xTb-earlier-summit".into()),
                link: Some(2),
            }),
        },
        Event::ParticipantJoined {
            participant: Participant {
                id: ParticipantId(3),
                name: "<b>Ann</b>".into(),
                department: DepartmentId(1),
                joined_at: 1_767_225_601_000,
            },
        },
        Event::DepartmentRenamed {
            department: DepartmentId(0),
            name: "Sales".into(),
        },
        Event::SettingsChanged { settings },
        Event::PhaseChanged { phase: Phase::Vote },
        Event::TimerStarted {
            ends_at: 1_767_225_900_000,
            seconds: 300,
        },
        Event::TimerCleared,
        Event::ProblemSubmitted {
            problem: Problem {
                id: ProblemId(2),
                department: DepartmentId(1),
                author: None,
                text: "Tickets bounce\nbetween teams".into(),
                withdrawn: false,
                picked: true,
                support: vec![ParticipantId(3), ParticipantId(5)],
                hidden_support: 0,
                hidden: false,
                merged_into: Some(ProblemId(1)),
            },
        },
        Event::ProblemWithdrawn {
            problem: ProblemId(2),
        },
        Event::PickSupportChanged {
            problem: ProblemId(2),
            participant: ParticipantId(3),
            support: true,
        },
        Event::ProblemPicked {
            problem: ProblemId(2),
            picked: false,
        },
        Event::IdeaSubmitted {
            idea: Idea {
                id: IdeaId(7),
                problem: ProblemId(2),
                department: DepartmentId(0),
                author: Some(ParticipantId(3)),
                text: "One shared inbox".into(),
                withdrawn: false,
                hidden: false,
                merged_into: None,
            },
        },
        Event::IdeaWithdrawn { idea: IdeaId(7) },
        Event::VoteCast {
            participant: ParticipantId(3),
            idea: IdeaId(7),
        },
        Event::VoteRetracted {
            participant: ParticipantId(3),
            idea: IdeaId(7),
        },
        Event::HiddenVote {
            delta: -1,
            by: Some(ParticipantId(3)),
        },
        Event::VotesRevealed {
            tallies: BTreeMap::from([(IdeaId(7), 3), (IdeaId(12), 0)]),
        },
        Event::ActionCreated { action: action() },
        Event::ActionUpdated { action: action() },
        Event::ActionDeleted {
            action: ActionId(4),
        },
        Event::ParticipantMoved {
            participant: ParticipantId(3),
            department: DepartmentId(2),
        },
        Event::TimerPaused { left: 61_000 },
        Event::TimerResumed {
            ends_at: 1_700_000_061_000,
        },
        Event::TimerExtended {
            seconds: 60,
            ends_at: 1_700_000_121_000,
        },
        Event::TimerKept { keep: true },
        Event::ReadinessChanged {
            participant: ParticipantId(3),
            done: true,
        },
        Event::PresenceChanged {
            participant: ParticipantId(3),
            online: false,
        },
        Event::HiddenSupport {
            problem: ProblemId(2),
            delta: -1,
        },
        Event::ProblemHidden {
            problem: ProblemId(2),
            author: Some(ParticipantId(3)),
        },
        Event::ProblemRestored {
            problem: Problem {
                id: ProblemId(2),
                department: DepartmentId(1),
                author: Some(ParticipantId(3)),
                text: "Tickets bounce".into(),
                withdrawn: false,
                picked: false,
                support: vec![ParticipantId(3)],
                hidden_support: 2,
                hidden: true,
                merged_into: None,
            },
        },
        Event::IdeaHidden {
            idea: IdeaId(7),
            author: None,
        },
        Event::IdeaRestored {
            idea: Idea {
                id: IdeaId(7),
                problem: ProblemId(2),
                department: DepartmentId(0),
                author: None,
                text: "One shared inbox".into(),
                withdrawn: false,
                hidden: false,
                merged_into: None,
            },
        },
        Event::ProblemGone {
            problem: ProblemId(2),
        },
        Event::IdeaGone { idea: IdeaId(7) },
        Event::ProblemMerged {
            problem: ProblemId(3),
            into: Problem {
                id: ProblemId(2),
                department: DepartmentId(1),
                author: None,
                text: "Tickets bounce".into(),
                withdrawn: false,
                picked: true,
                support: vec![ParticipantId(3), ParticipantId(4)],
                hidden_support: 0,
                hidden: false,
                merged_into: None,
            },
        },
        Event::IdeaMerged {
            idea: IdeaId(8),
            into: IdeaId(7),
        },
        Event::MergeSuggested {
            suggestion: Suggestion {
                card: Card::Idea(IdeaId(8)),
                into: Card::Idea(IdeaId(7)),
                by: Some(ParticipantId(2)),
            },
        },
        Event::SuggestionDismissed {
            card: Card::Problem(ProblemId(3)),
            into: Card::Problem(ProblemId(2)),
        },
        Event::CommentAdded {
            comment: Comment {
                id: CommentId(1),
                card: Card::Idea(IdeaId(7)),
                author: Some(ParticipantId(2)),
                text: "And the chat widget?".into(),
                hidden: false,
            },
        },
        Event::ReactionChanged {
            card: Card::Problem(ProblemId(2)),
            reaction: Reaction::Heart,
            participant: ParticipantId(3),
            on: true,
        },
        Event::ReactionCounted {
            card: Card::Idea(IdeaId(7)),
            reaction: Reaction::PlusOne,
            delta: -1,
        },
        Event::CommentHidden {
            comment: CommentId(1),
            author: None,
        },
        Event::CommentRestored {
            comment: Comment {
                id: CommentId(1),
                card: Card::Problem(ProblemId(2)),
                author: None,
                text: "Same here".into(),
                hidden: false,
            },
        },
        Event::CommentGone {
            comment: CommentId(1),
        },
        Event::NamesRevealed {
            problems: vec![],
            ideas: vec![Idea {
                id: IdeaId(7),
                problem: ProblemId(2),
                department: DepartmentId(1),
                author: Some(ParticipantId(3)),
                text: "One shared inbox".into(),
                withdrawn: false,
                hidden: false,
                merged_into: None,
            }],
            comments: vec![],
            voters: vec![(ParticipantId(3), 2)],
            proposers: vec![(ActionId(4), ParticipantId(3), false)],
        },
        Event::NamesHidden,
        Event::NamesWithdrawn {
            keep: Some(ParticipantId(2)),
        },
        Event::ActionProposed {
            action: ActionItem {
                proposal: Some(Proposal {
                    by: Some(ParticipantId(3)),
                    declined: None,
                }),
                ..action()
            },
        },
        Event::ActionDeclined {
            action: ActionId(4),
            by: None,
            reason: "Already covered by the FAQ pilot".into(),
        },
        Event::LinkIssued {
            link: LinkKind::FollowUp,
            generation: 2,
        },
        Event::LinkRevoked {
            link: LinkKind::Calendar,
        },
        Event::ProgressNoted {
            action: ActionId(4),
            note: ProgressNote {
                text: "Done in Q1 ✓".into(),
                at: 1_767_225_600_001,
                by: NoteAuthor::Facilitator,
            },
        },
        Event::CarriedReviewed {
            action: ActionId(1),
            verdict: Verdict::Drop,
            department: DepartmentId(2),
        },
        Event::Spotlighted {
            problem: Some(ProblemId(3)),
        },
    ];
    let mut seen = Vec::new();
    for e in &events {
        let index = match e {
            Event::SessionCreated { .. } => 0,
            Event::ParticipantJoined { .. } => 1,
            Event::DepartmentRenamed { .. } => 2,
            Event::SettingsChanged { .. } => 3,
            Event::PhaseChanged { .. } => 4,
            Event::TimerStarted { .. } => 5,
            Event::TimerCleared => 6,
            Event::ProblemSubmitted { .. } => 7,
            Event::ProblemWithdrawn { .. } => 8,
            Event::PickSupportChanged { .. } => 9,
            Event::ProblemPicked { .. } => 10,
            Event::IdeaSubmitted { .. } => 11,
            Event::IdeaWithdrawn { .. } => 12,
            Event::VoteCast { .. } => 13,
            Event::VoteRetracted { .. } => 14,
            Event::HiddenVote { .. } => 15,
            Event::VotesRevealed { .. } => 16,
            Event::ActionCreated { .. } => 17,
            Event::ActionUpdated { .. } => 18,
            Event::ActionDeleted { .. } => 19,
            Event::ParticipantMoved { .. } => 20,
            Event::TimerPaused { .. } => 21,
            Event::TimerResumed { .. } => 22,
            Event::TimerExtended { .. } => 23,
            Event::TimerKept { .. } => 24,
            Event::ReadinessChanged { .. } => 25,
            Event::PresenceChanged { .. } => 26,
            Event::HiddenSupport { .. } => 27,
            Event::ProblemHidden { .. } => 28,
            Event::ProblemRestored { .. } => 29,
            Event::IdeaHidden { .. } => 30,
            Event::IdeaRestored { .. } => 31,
            Event::ProblemGone { .. } => 32,
            Event::IdeaGone { .. } => 33,
            Event::ProblemMerged { .. } => 34,
            Event::IdeaMerged { .. } => 35,
            Event::MergeSuggested { .. } => 36,
            Event::SuggestionDismissed { .. } => 37,
            Event::CommentAdded { .. } => 38,
            Event::ReactionChanged { .. } => 39,
            Event::ReactionCounted { .. } => 40,
            Event::CommentHidden { .. } => 41,
            Event::CommentRestored { .. } => 42,
            Event::CommentGone { .. } => 43,
            Event::NamesRevealed { .. } => 44,
            Event::NamesHidden => 45,
            Event::NamesWithdrawn { .. } => 46,
            Event::ActionProposed { .. } => 47,
            Event::ActionDeclined { .. } => 48,
            Event::LinkIssued { .. } => 49,
            Event::LinkRevoked { .. } => 50,
            Event::ProgressNoted { .. } => 51,
            Event::CarriedReviewed { .. } => 52,
            Event::Spotlighted { .. } => 53,
        };
        seen.push(index);
    }
    assert_eq!(
        seen,
        (0..54).collect::<Vec<_>>(),
        "one event per variant, in order"
    );
    events
}

/// What the reference derive makes of `json`, written back as JSON (or its error).
fn derived(json: &str) -> Result<Value, String> {
    serde_json::from_str::<Derived>(json)
        .map(|d| serde_json::to_value(d).unwrap())
        .map_err(|e| e.to_string())
}

/// What `Event` makes of `json`, written back as JSON (or its error).
fn ours(json: &str) -> Result<Value, String> {
    serde_json::from_str::<Event>(json)
        .map(|e| serde_json::to_value(e).unwrap())
        .map_err(|e| e.to_string())
}

/// Every order of an object's keys this test tries: as written, the tag last, the
/// tag in the middle, and reversed.
fn orders(json: &str) -> Vec<String> {
    let Value::Object(map) = serde_json::from_str::<Value>(json).unwrap() else {
        panic!("not an object: {json}");
    };
    let entries: Vec<(String, Value)> = map.into_iter().collect();
    let tag = entries.iter().find(|(k, _)| k == "type").cloned().unwrap();
    let others: Vec<_> = entries.into_iter().filter(|(k, _)| k != "type").collect();
    let write = |entries: &[(String, Value)]| {
        let fields: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), v))
            .collect();
        format!("{{{}}}", fields.join(","))
    };
    let mut result = vec![json.to_owned()];
    let mut last = others.clone();
    last.push(tag.clone());
    result.push(write(&last));
    let mut middle = others.clone();
    middle.insert(others.len() / 2, tag.clone());
    result.push(write(&middle));
    let mut reversed = last.clone();
    reversed.reverse();
    result.push(write(&reversed));
    result
}

#[test]
fn every_variant_round_trips_with_the_tag_first() {
    for event in every_variant() {
        let json = serde_json::to_string(&event).unwrap();
        assert!(json.starts_with(r#"{"type":""#), "tag not first: {json}");
        let back: Event = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(back, event);
        // Inside other bodies too.
        let seq = SeqEvent { seq: 9, event };
        let text = serde_json::to_string(&seq).unwrap();
        assert_eq!(serde_json::from_str::<SeqEvent>(&text).unwrap(), seq);
        // From a `Value` (another deserializer; its map sorts the keys, so the tag is
        // not always first).
        #[cfg(feature = "any-key-order")]
        {
            let value = serde_json::to_value(&seq).unwrap();
            assert_eq!(serde_json::from_value::<SeqEvent>(value).unwrap(), seq);
        }
    }
}

#[test]
fn the_wire_format_is_unchanged() {
    for event in every_variant() {
        let json = serde_json::to_string(&event).unwrap();
        let reference: Derived = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&reference).unwrap(), json);
    }
}

#[test]
fn the_tag_first_reads_what_the_derive_read() {
    for event in every_variant() {
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(ours(&json), derived(&json), "{json}");
    }
}

#[cfg(feature = "any-key-order")]
#[test]
fn any_key_order_reads_the_same_event() {
    for event in every_variant() {
        let json = serde_json::to_string(&event).unwrap();
        for reordered in orders(&json) {
            let back: Event =
                serde_json::from_str(&reordered).unwrap_or_else(|e| panic!("{reordered}: {e}"));
            assert_eq!(back, event, "{reordered}");
            assert_eq!(ours(&reordered), derived(&reordered), "{reordered}");
        }
    }
}

#[cfg(not(feature = "any-key-order"))]
#[test]
fn without_any_key_order_only_the_tag_first_is_read() {
    for event in every_variant() {
        let json = serde_json::to_string(&event).unwrap();
        for reordered in orders(&json).into_iter().skip(1) {
            if reordered.starts_with(r#"{"type":"#) {
                continue; // a variant without fields: the tag is still first
            }
            let err = serde_json::from_str::<Event>(&reordered).unwrap_err();
            assert!(err.to_string().contains("must come first"), "{err}");
        }
    }
}

/// Accepted or refused alike; when accepted, the same event.
fn assert_agrees(json: &str) {
    match (ours(json), derived(json)) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{json}"),
        (Err(_), Err(_)) => {}
        (a, b) => panic!("{json}: ours {a:?}, derived {b:?}"),
    }
}

#[test]
fn odd_input_is_accepted_or_refused_as_before() {
    let cases = [
        // Unknown fields are ignored; a unit variant ignores any other keys.
        r#"{"type":"phase_changed","phase":"plan","extra":[1,{"a":null}]}"#,
        r#"{"type":"timer_cleared"}"#,
        r#"{"type":"timer_cleared","seconds":5,"x":{}}"#,
        // The tag may be the variant's index.
        r#"{"type":4,"phase":"pick"}"#,
        r#"{"type":6}"#,
        r#"{"type":20}"#,
        // Refused: no tag, an unknown tag, a tag of the wrong type, a missing or
        // mistyped field, a bad tally key, not an object.
        r#"{}"#,
        r#"{"phase":"plan"}"#,
        r#"{"type":"phase_change","phase":"plan"}"#,
        r#"{"type":null}"#,
        r#"{"type":true,"phase":"plan"}"#,
        r#"{"type":"phase_changed"}"#,
        r#"{"type":"phase_changed","phase":"later"}"#,
        r#"{"type":"vote_cast","participant":1,"idea":-2}"#,
        r#"{"type":"vote_cast","participant":1,"idea":2.5}"#,
        r#"{"type":"timer_started","ends_at":1,"seconds":4294967296}"#,
        r#"{"type":"hidden_vote","delta":"1"}"#,
        r#"{"type":"votes_revealed","tallies":{"x":1}}"#,
        r#"{"type":"votes_revealed","tallies":{"1":3,"02":1}}"#,
        r#"{"type":"votes_revealed","tallies":{"1":3,"01":1,"+1":2}}"#,
        r#"{"type":"votes_revealed","tallies":[]}"#,
        r#"{"type":"phase_changed","phase":"plan","phase":"vote"}"#,
        r#"{"type":"idea_submitted","idea":{"id":1,"problem":2,"department":0,"text":"t","withdrawn":false}}"#,
        r#"{"type":"idea_submitted","idea":{"id":1,"problem":2,"department":0,"author":null,"text":"t","withdrawn":false}}"#,
        r#"{"type":"action_created","action":{"id":1,"title":"t","problem":2,"idea":null,"owner":"o","department":0,"due":"2027-02-30","status":"open"}}"#,
        r#""phase_changed""#,
        r#"null"#,
        r#"7"#,
    ];
    for json in cases {
        assert_agrees(json);
        #[cfg(feature = "any-key-order")]
        if json.starts_with('{') && json.contains(r#""type""#) {
            for reordered in orders(json) {
                assert_agrees(&reordered);
            }
        }
    }
}

#[test]
fn error_messages_name_the_problem() {
    let err = |json: &str| serde_json::from_str::<Event>(json).unwrap_err().to_string();
    #[cfg(feature = "any-key-order")]
    assert!(err(r#"{"phase":"plan","x":1}"#).contains("missing field `type`"));
    #[cfg(not(feature = "any-key-order"))]
    assert!(err(r#"{"phase":"plan","x":1}"#).contains("must come first"));
    assert!(err(r#"{}"#).contains("missing field `type`"));
    assert!(err(r#"{"type":"nope"}"#).contains("unknown variant `nope`"));
    assert!(err(r#"{"type":"phase_changed"}"#).contains("missing field `phase`"));
    assert!(err(r#"[]"#).contains("expected internally tagged enum Event"));
}

/// The one deliberate difference (see shared/src/event/de.rs): the derive also read
/// an array with the tag first, which no Summit writer ever produced.
#[test]
fn an_event_is_an_object() {
    let array = r#"["phase_changed","plan"]"#;
    assert!(derived(array).is_ok());
    assert!(ours(array).is_err());
}
