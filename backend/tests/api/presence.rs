//! Presence and readiness over HTTP: a participant's live stream makes them online,
//! closing it makes them offline after the grace period (a quick reconnect goes
//! unnoticed); "I'm done" is said and taken back, and starts over at each phase;
//! only the server says who is online; the facilitator learns who voted, not for what.

use crate::common;

use common::{Backend, Sse, TestApp};
use std::time::Duration;
use summit_backend::Config;
use summit_shared::{Command, Event, IdeaId, ParticipantId, Phase, ProblemId, SessionId, Settings};

fn short_grace(config: &mut Config) {
    config.presence_grace = 0.5;
}

/// The next presence event on `stream`, skipping others.
async fn next_presence(stream: &mut Sse, wait: Duration) -> Option<(ParticipantId, bool)> {
    while let Some(e) = stream.next_event(wait).await {
        if let Event::PresenceChanged {
            participant,
            online,
        } = e.event
        {
            return Some((participant, online));
        }
    }
    None
}

async fn online_and_offline(backend: Backend) {
    let app = TestApp::start_configured(backend, short_grace).await;
    let created = app.create_session("Q4", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let mut console = app.stream(&sid, &fac, None).await;

    let ann_stream = app.stream(&sid, &ann.token, None).await;
    let seen = next_presence(&mut console, Duration::from_secs(5)).await;
    assert_eq!(seen, Some((ann.participant_id, true)));
    assert!(app
        .snapshot(&sid, &fac)
        .await
        .state
        .online
        .contains(&ann.participant_id));

    drop(ann_stream);
    let seen = next_presence(&mut console, Duration::from_secs(5)).await;
    assert_eq!(
        seen,
        Some((ann.participant_id, false)),
        "offline after the grace"
    );
    assert!(app.snapshot(&sid, &fac).await.state.online.is_empty());
}

#[tokio::test]
async fn a_stream_makes_a_participant_online_and_its_end_offline() {
    online_and_offline(Backend::Sqlite).await;
}

#[tokio::test]
async fn presence_on_postgres() {
    online_and_offline(Backend::Postgres).await;
}

#[tokio::test]
async fn a_reconnect_within_the_grace_goes_unnoticed() {
    let app = TestApp::start_configured(Backend::Sqlite, |c| c.presence_grace = 2.0).await;
    let created = app.create_session("Q4", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let mut console = app.stream(&sid, &fac, None).await;
    let first = app.stream(&sid, &ann.token, None).await;
    assert_eq!(
        next_presence(&mut console, Duration::from_secs(5)).await,
        Some((ann.participant_id, true))
    );
    drop(first);
    let _again = app.stream(&sid, &ann.token, None).await;
    assert_eq!(
        next_presence(&mut console, Duration::from_secs(4)).await,
        None,
        "no offline, no second online"
    );
    assert!(app
        .snapshot(&sid, &fac)
        .await
        .state
        .online
        .contains(&ann.participant_id));
}

#[tokio::test]
async fn after_a_restart_those_who_do_not_come_back_go_offline() {
    let mut app = TestApp::start_configured(Backend::Sqlite, short_grace).await;
    let created = app.create_session("Q4", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let mut console = app.stream(&sid, &fac, None).await;
    let ann_stream = app.stream(&sid, &ann.token, None).await;
    assert_eq!(
        next_presence(&mut console, Duration::from_secs(5)).await,
        Some((ann.participant_id, true))
    );
    // The server stops before the grace period ends: the log still says online.
    drop(console);
    drop(ann_stream);
    app.stop().await;
    app.restart().await;
    let snap = app.snapshot(&sid, &fac).await;
    assert!(snap.state.online.contains(&ann.participant_id));
    let mut console = app.stream(&sid, &fac, Some(&snap.seq.to_string())).await;
    assert_eq!(
        next_presence(&mut console, Duration::from_secs(5)).await,
        Some((ann.participant_id, false))
    );
}

#[tokio::test]
async fn nobody_says_who_is_online_over_http() {
    let app = TestApp::start().await;
    let created = app.create_session("Q4", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    for token in [&fac, &ann.token] {
        app.refused(
            &sid,
            token,
            Command::SetPresence {
                participant: ann.participant_id,
                online: true,
            },
            403,
            "server_only",
        )
        .await;
    }
}

async fn to_phase(app: &TestApp, sid: &SessionId, fac: &str, phase: Phase) {
    app.command(sid, fac, Command::SetPhase { phase }).await;
}

#[tokio::test]
async fn done_is_said_taken_back_and_starts_over_each_phase() {
    let app = TestApp::start().await;
    let created = app.create_session("Q4", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let done = |done| Command::SetDone { done };
    app.refused(&sid, &ann.token, done(true), 409, "wrong_phase")
        .await;
    to_phase(&app, &sid, &fac, Phase::Problems).await;
    let said = app.command(&sid, &ann.token, done(true)).await;
    assert!(matches!(
        said.events[0].event,
        Event::ReadinessChanged { done: true, .. }
    ));
    assert!(app
        .snapshot(&sid, &fac)
        .await
        .state
        .done
        .contains(&ann.participant_id));
    app.command(&sid, &ann.token, done(false)).await;
    assert!(app.snapshot(&sid, &fac).await.state.done.is_empty());
    app.command(&sid, &ann.token, done(true)).await;
    to_phase(&app, &sid, &fac, Phase::Pick).await;
    assert!(app.snapshot(&sid, &fac).await.state.done.is_empty());
    app.refused(&sid, &fac, done(true), 403, "participant_only")
        .await;
}

#[tokio::test]
async fn the_facilitator_learns_who_voted_but_not_for_what() {
    let app = TestApp::start().await;
    let created = app.create_session("Q4", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let bo = app.join(&sid, "Bo", 2).await;
    to_phase(&app, &sid, &fac, Phase::Problems).await;
    let text = "Briefs arrive late".to_owned();
    app.command(&sid, &ann.token, Command::SubmitProblem { text })
        .await;
    to_phase(&app, &sid, &fac, Phase::Pick).await;
    let problem = ProblemId(1);
    let pick = Command::ConfirmPick {
        problem,
        picked: true,
    };
    app.command(&sid, &fac, pick).await;
    to_phase(&app, &sid, &fac, Phase::Ideas).await;
    let text = "A shared calendar".to_owned();
    app.command(&sid, &bo.token, Command::SubmitIdea { problem, text })
        .await;
    to_phase(&app, &sid, &fac, Phase::Vote).await;
    let at = app.snapshot(&sid, &fac).await.seq;
    let mut console = app.stream(&sid, &fac, Some(&at.to_string())).await;
    let mut bos = app.stream(&sid, &bo.token, Some(&at.to_string())).await;
    let cast = app
        .command(&sid, &ann.token, Command::CastVote { idea: IdeaId(1) })
        .await;
    let wanted = |e: &Event| matches!(e, Event::HiddenVote { .. });
    let first = |events: Vec<summit_shared::SeqEvent>| {
        events.into_iter().map(|e| e.event).find(|e| wanted(e))
    };
    assert_eq!(
        first(console.until(cast.seq).await),
        Some(Event::HiddenVote {
            delta: 1,
            by: Some(ann.participant_id)
        })
    );
    assert_eq!(
        first(bos.until(cast.seq).await),
        Some(Event::HiddenVote { delta: 1, by: None })
    );
    let snap = app.snapshot(&sid, &fac).await;
    assert_eq!(snap.state.voters.get(&ann.participant_id), Some(&1));
    assert!(snap.state.votes.is_empty(), "still no one's dots");
    assert!(app.snapshot(&sid, &bo.token).await.state.voters.is_empty());
}
