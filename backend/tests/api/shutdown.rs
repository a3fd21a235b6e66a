//! Graceful shutdown of the real binary on SIGTERM: live streams end with a final
//! `bye` event, the process exits cleanly, and everything acknowledged is there on
//! the next start.

use crate::common;

use common::Sse;
use std::io::{BufRead, BufReader};
use std::process::{Command as Process, Stdio};
use std::time::Duration;
use summit_shared::api::{CommandRequest, SessionCreated, Snapshot, Ticket, SSE_BYE};
use summit_shared::{Command, Phase, SessionSetup, Settings};

fn start(db: &str) -> (std::process::Child, String) {
    let mut child = Process::new(env!("CARGO_BIN_EXE_summit"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            db,
            "--assets",
            "/nonexistent",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn summit");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("URL line");
    let base = line
        .trim()
        .strip_prefix("Summit is running at ")
        .expect("URL line")
        .trim_end_matches('/')
        .to_owned();
    (child, base)
}

#[tokio::test]
async fn sigterm_ends_streams_with_bye_and_exits_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("summit.db").display());
    let (mut child, base) = start(&db);
    let http = reqwest::Client::new();
    let created: SessionCreated = http
        .post(format!("{base}/api/sessions"))
        .json(&SessionSetup {
            title: "Shutdown".into(),
            departments: vec!["A".into(), "B".into()],
            settings: Settings::default(),
            carry_from: None,
        })
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("created");
    let sid = &created.session_id;
    let token = &created.facilitator_token;
    let ticket: Ticket = http
        .post(format!("{base}/api/sessions/{sid}/tickets"))
        .bearer_auth(token)
        .send()
        .await
        .expect("ticket")
        .json()
        .await
        .expect("ticket json");
    let res = http
        .get(format!(
            "{base}/api/sessions/{sid}/events?ticket={}",
            ticket.ticket
        ))
        .send()
        .await
        .expect("stream");
    let mut stream = Sse::from_response(res);
    let res = http
        .post(format!("{base}/api/sessions/{sid}/commands"))
        .bearer_auth(token)
        .json(&CommandRequest {
            command: Command::SetPhase {
                phase: Phase::Problems,
            },
            idempotency_key: Some("k1".into()),
        })
        .send()
        .await
        .expect("command");
    assert_eq!(res.status(), 200);
    assert_eq!(
        stream
            .next_event(Duration::from_secs(5))
            .await
            .map(|e| e.seq),
        Some(1)
    );
    assert_eq!(
        stream
            .next_event(Duration::from_secs(5))
            .await
            .map(|e| e.seq),
        Some(2)
    );

    let pid = child.id().to_string();
    let killed = Process::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill -TERM");
    assert!(killed.success());
    let mut bye = None;
    while let Some(message) = stream.next_message(Duration::from_secs(10)).await {
        if message.event == SSE_BYE {
            bye = Some(message);
            break;
        }
    }
    assert!(
        bye.is_some(),
        "the live stream ended without a final bye event"
    );
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("join")
        .expect("wait");
    assert!(status.success(), "summit exited with {status}");

    let (mut child, base) = start(&db);
    let snap: Snapshot = http
        .get(format!("{base}/api/sessions/{sid}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("snapshot")
        .json()
        .await
        .expect("snapshot json");
    assert_eq!(snap.seq, 2);
    assert_eq!(snap.state.phase, Phase::Problems);
    let _ = child.kill();
    let _ = child.wait();
}
