//! The live calendar: `calendar.ics?key=…` read by a real iCalendar parser (Python's
//! `icalendar`, which scripts/setup.sh installs into .tools/venv): each agreed item
//! as an all-day event and a task with its STATUS, changed after a status change,
//! in the session's language; a revoked key answers 401.

use crate::common;

use common::TestApp;
use serde_json::Value;
use std::io::Write;
use std::process::{Command as Process, Stdio};
use summit_shared::api::{paths, SessionLinks};
use summit_shared::{
    ActionDraft, ActionId, ActionStatus, Command, Date, DepartmentId, IdeaId, Language, LinkKind,
    Phase, ProblemId, SessionId, Settings,
};

/// Parses `ics` with Python's icalendar; answers its events and todos as JSON.
fn parsed(ics: &str) -> Value {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join(".tools/venv/bin/python");
    let script = r#"
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(sys.stdin.read())
out = {"name": str(cal.get("X-WR-CALNAME")), "events": [], "todos": []}
for c in cal.walk():
    if c.name == "VEVENT":
        out["events"].append({"uid": str(c["UID"]), "summary": str(c["SUMMARY"]),
                              "start": c.decoded("DTSTART").isoformat()})
    if c.name == "VTODO":
        out["todos"].append({"uid": str(c["UID"]), "summary": str(c["SUMMARY"]),
                             "status": str(c["STATUS"]), "due": c.decoded("DUE").isoformat(),
                             "description": str(c["DESCRIPTION"])})
print(json.dumps(out))
"#;
    let mut child = Process::new(&python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{} ({e}): run scripts/setup.sh, which installs Python's icalendar",
                python.display()
            )
        });
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(ics.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python");
    assert!(out.status.success(), "icalendar refused the feed:\n{ics}");
    serde_json::from_slice(&out.stdout).expect("json")
}

fn draft(title: &str, due_day: u8) -> ActionDraft {
    ActionDraft {
        title: title.into(),
        problem: Some(ProblemId(1)),
        idea: Some(IdeaId(1)),
        owner: "Dana".into(),
        department: DepartmentId(1),
        due: Date::new(2027, 1, due_day).expect("a date"),
        status: ActionStatus::Open,
    }
}

async fn feed(app: &TestApp, sid: &SessionId, key: &str) -> (u16, String) {
    let res = app
        .client
        .get(app.url(&paths::calendar(sid, key)))
        .send()
        .await
        .expect("send");
    let status = res.status().as_u16();
    if status == 200 {
        let kind = res.headers()["content-type"].to_str().unwrap_or_default();
        assert!(kind.starts_with("text/calendar"), "{kind}");
        assert_eq!(res.headers()["cache-control"], "no-store");
    }
    (status, res.text().await.expect("text"))
}

#[tokio::test]
async fn the_feed_follows_the_items_and_stops_when_revoked() {
    let app = TestApp::start().await;
    let settings = Settings {
        language: Language::De,
        ..Settings::default()
    };
    let (sid, fac, _ann, bob) = app.planned(settings).await;
    app.command(
        &sid,
        &fac,
        Command::CreateAction {
            action: draft("Gemeinsamer Aktionskalender; \"jetzt\", bitte", 15),
        },
    )
    .await;
    // A waiting proposal does not leave the room.
    app.command(
        &sid,
        &bob.token,
        Command::ProposeAction {
            action: draft("Only proposed", 20),
        },
    )
    .await;
    let link = LinkKind::Calendar;
    app.command(&sid, &fac, Command::IssueLink { link }).await;
    let links: SessionLinks = app.get_json(&paths::links(&sid), Some(&fac)).await;
    let key = links.calendar.expect("a calendar key");

    let (status, ics) = feed(&app, &sid, &key).await;
    assert_eq!(status, 200);
    let cal = parsed(&ics);
    assert_eq!(cal["events"].as_array().map(Vec::len), Some(1), "{cal}");
    assert_eq!(cal["todos"].as_array().map(Vec::len), Some(1), "{cal}");
    let todo = &cal["todos"][0];
    assert_eq!(
        todo["summary"],
        "Gemeinsamer Aktionskalender; \"jetzt\", bitte"
    );
    assert_eq!(todo["status"], "NEEDS-ACTION");
    assert_eq!(todo["due"], "2027-01-15");
    assert!(
        todo["description"]
            .as_str()
            .is_some_and(|d| d.contains("Verantwortlich: Dana")),
        "{todo}"
    );
    assert_eq!(cal["events"][0]["start"], "2027-01-15");

    // A lead's status change and note show on the next refresh, the summit closed.
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Closed,
        },
    )
    .await;
    let done = Command::SetActionStatus {
        id: ActionId(1),
        status: ActionStatus::Done,
    };
    app.command(&sid, &fac, done).await;
    let note = Command::AddNote {
        id: ActionId(1),
        text: "Live seit Januar".into(),
    };
    app.command(&sid, &fac, note).await;
    let cal = parsed(&feed(&app, &sid, &key).await.1);
    assert_eq!(cal["todos"][0]["status"], "COMPLETED");
    assert!(
        cal["todos"][0]["description"]
            .as_str()
            .is_some_and(|d| d.contains("Live seit Januar")),
        "{cal}"
    );
    assert!(
        cal["events"][0]["summary"]
            .as_str()
            .is_some_and(|s| s.starts_with("[Erledigt]")),
        "{cal}"
    );

    // Revoked: the subscription stops at once; a wrong key never worked.
    app.command(&sid, &fac, Command::RevokeLink { link }).await;
    assert_eq!(feed(&app, &sid, &key).await.0, 401);
    assert_eq!(feed(&app, &sid, "nope").await.0, 401);
    let res = app
        .client
        .get(app.url(&format!("/api/sessions/{sid}/calendar.ics")))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 401);
}
