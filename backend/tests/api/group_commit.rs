//! When a group commit fails, nothing it held is acknowledged, the sessions it
//! touched reload from the log, and the writer keeps working for the next batch.

use crate::common;

use common::TestApp;
use reqwest::StatusCode;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use summit_shared::{Command, Event, Phase, Settings};

#[tokio::test]
async fn a_failed_batch_is_refused_rolled_back_and_the_next_one_commits() {
    let app = TestApp::start().await;
    let created = app
        .create_session("Failing disk", Settings::default())
        .await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let problems = app
        .command(
            &sid,
            &fac,
            Command::SetPhase {
                phase: Phase::Problems,
            },
        )
        .await;

    // Another writer takes the next log position behind the server's back, so the
    // server's next batch hits the unique log position mid-transaction.
    let mut other = SqliteConnectOptions::new()
        .filename(app.db_path())
        .busy_timeout(std::time::Duration::from_secs(5))
        .connect()
        .await
        .expect("open the file");
    let foreign = serde_json::to_string(&Event::PhaseChanged { phase: Phase::Pick }).expect("json");
    sqlx::query(common::SQLITE_INSERT_EVENT)
        .bind(&sid.0)
        .bind(problems.seq as i64 + 1)
        .bind(foreign)
        .execute(&mut other)
        .await
        .expect("insert");
    other.close().await.expect("close");

    let (status, body) = app
        .command_raw(
            &sid,
            &fac,
            Command::SetPhase { phase: Phase::Pick },
            Some("k1"),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert_eq!(body["error"]["code"], "internal");
    let detail = body.to_string();
    assert!(!detail.contains("UNIQUE"), "no database details: {detail}");

    // The session reloads from the log, which now says Pick; the writer's
    // connection is not stuck in the failed transaction.
    let snapshot = app.snapshot(&sid, &fac).await;
    assert_eq!(snapshot.state.phase, Phase::Pick);
    assert_eq!(snapshot.seq, problems.seq + 1);
    let back = app
        .command(
            &sid,
            &fac,
            Command::SetPhase {
                phase: Phase::Problems,
            },
        )
        .await;
    assert_eq!(back.seq, problems.seq + 2);
    // The refused command's key was not kept: nothing was acknowledged under it.
    let (status, body) = app
        .command_raw(
            &sid,
            &fac,
            Command::SetPhase { phase: Phase::Pick },
            Some("k1"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["seq"], problems.seq + 3);
}
