//! "Who has not acted" as a count: in an anonymous session the facilitator's and the
//! projector's streams carry how many of everyone who joined have done the phase's
//! work, never who. One count for the room, which presence, "done" and moves do not
//! move (else it would tell who acted). Participants' streams carry none, and a named
//! session sends none (the facilitator works it out itself).

use crate::common;

use common::{Backend, Sse, TestApp};
use std::time::Duration;
use summit_shared::api::{paths, ScreenKey, SSE_COUNTS};
use summit_shared::{Command, Phase, RoomCounts, Settings};

fn anonymous() -> Settings {
    Settings {
        anonymous: true,
        ..Settings::default()
    }
}

/// The next `counts` message on `stream`.
async fn next_counts(stream: &mut Sse) -> RoomCounts {
    loop {
        let msg = stream
            .next_message(Duration::from_secs(5))
            .await
            .expect("a counts message in time");
        if msg.event != SSE_COUNTS {
            continue;
        }
        assert!(
            !msg.data.contains("participant") && !msg.data.contains("author"),
            "counts name nobody: {}",
            msg.data
        );
        return serde_json::from_str(&msg.data).expect("RoomCounts json");
    }
}

/// Reads `stream` until a `counts` message satisfies `wanted`.
async fn counts_until(stream: &mut Sse, wanted: impl Fn(&RoomCounts) -> bool) -> RoomCounts {
    loop {
        let counts = next_counts(stream).await;
        if wanted(&counts) {
            return counts;
        }
    }
}

async fn counted_live(backend: Backend) {
    let app = TestApp::start_on(backend).await;
    let created = app.create_session("Q4", anonymous()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let bob = app.join(&sid, "Bob", 1).await;
    let cy = app.join(&sid, "Cy", 2).await;
    let _ann_stream = app.stream(&sid, &ann.token, None).await;
    let mut bobs = app.stream(&sid, &bob.token, None).await;
    let mut console = app.stream(&sid, &fac, None).await;
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Problems,
        },
    )
    .await;
    counts_until(&mut console, |c| c.phase == Phase::Problems && c.acted == 0).await;

    let text = "Promos surprise support".to_owned();
    let submitted = app
        .command(&sid, &ann.token, Command::SubmitProblem { text })
        .await;
    assert_eq!(next_counts(&mut console).await.acted, 1);

    // Bob says he is done and moves department: named facts, which move no count.
    app.command(&sid, &bob.token, Command::SetDone { done: true })
        .await;
    app.command(
        &sid,
        &fac,
        Command::MoveParticipant {
            participant: ann.participant_id,
            department: summit_shared::DepartmentId(2),
        },
    )
    .await;
    let text = "Complaints never reach marketing".to_owned();
    app.command(&sid, &cy.token, Command::SubmitProblem { text })
        .await;
    assert_eq!(
        next_counts(&mut console).await.acted,
        2,
        "the count moved with a named fact"
    );

    // The projector is told too, from its first message.
    let key: ScreenKey = app.get_json(&paths::screen_key(&sid), Some(&fac)).await;
    let mut screen = app.stream(&sid, &key.key, None).await;
    assert_eq!(next_counts(&mut screen).await.acted, 2);

    // Bob's own stream carries the events and no counts.
    let last = submitted.events.last().map_or(0, |e| e.seq);
    let mut at = 0;
    while at < last {
        let msg = bobs
            .next_message(Duration::from_secs(5))
            .await
            .expect("Bob's stream goes on");
        assert_ne!(msg.event, SSE_COUNTS, "a participant is sent no counts");
        at = msg.id.and_then(|id| id.parse().ok()).unwrap_or(at);
    }
}

#[tokio::test]
async fn an_anonymous_room_is_counted_live_on_sqlite() {
    counted_live(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_anonymous_room_is_counted_live_on_postgres() {
    counted_live(Backend::Postgres).await;
}

#[tokio::test]
async fn a_named_session_sends_no_counts() {
    let app = TestApp::start().await;
    let created = app.create_session("Q4", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let mut console = app.stream(&sid, &fac, None).await;
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Problems,
        },
    )
    .await;
    let text = "Promos surprise support".to_owned();
    let last = app
        .command(&sid, &ann.token, Command::SubmitProblem { text })
        .await
        .events
        .last()
        .map_or(0, |e| e.seq);
    let mut at = 0;
    while at < last {
        let msg = console
            .next_message(Duration::from_secs(5))
            .await
            .expect("the console's stream goes on");
        assert_ne!(msg.event, SSE_COUNTS, "names are known: no counts");
        at = msg.id.and_then(|id| id.parse().ok()).unwrap_or(at);
    }
}
